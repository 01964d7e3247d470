package mp_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/mp"
)

func tokenKey(a mp.Account) string {
	sum := sha256.Sum256([]byte(a.Secret))
	return redisPrefix + "mp:token:" + a.AppID + ":" + hex.EncodeToString(sum[:])[:16]
}

func TestTokenCached(t *testing.T) {
	e := mustEnv(t, envOpts{})
	ctx := context.Background()
	for range 3 {
		e.mustSend(t, e.client)
	}
	if stable, send := e.calls(); stable != 1 || send != 3 {
		t.Fatalf("stable_token, template/send calls = %d, %d; want 1, 3", stable, send)
	}
	// A second process sharing Redis uses the cached token too.
	e.mustSend(t, e.newClient(t, time.Second))
	if stable, _ := e.calls(); stable != 1 {
		t.Errorf("second client fetched a token: stable_token calls = %d", stable)
	}
	if got := e.sim.CallCount("/mp/cgi-bin/token"); got != 0 {
		t.Errorf("the classic /cgi-bin/token was called %d times; the client uses stable_token only", got)
	}

	tok, err := e.client.AccessToken(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	key := tokenKey(acct)
	if got, err := e.rdb.Get(ctx, key).Result(); err != nil || !strings.HasSuffix(got, "|"+tok) {
		t.Errorf("redis %s = %q, %v; want the token", key, got, err)
	}
	if ttl := e.rdb.TTL(ctx, key).Val(); ttl > 7200*time.Second || ttl < 7190*time.Second {
		t.Errorf("token TTL = %v, want about 7200s", ttl)
	}
	for _, k := range e.rdb.Keys(ctx, "*").Val() {
		if strings.Contains(k, secret) {
			t.Errorf("key %s holds the raw secret", k)
		}
	}
}

func TestTokenErrors(t *testing.T) {
	tests := []struct {
		name string
		acct mp.Account
		code int
	}{
		{"ErrUnknownAppID", mp.Account{AppID: "wxnobody", Secret: secret}, mp.CodeInvalidAppID},
		{"ErrWrongSecret", mp.Account{AppID: appID, Secret: "wrong-" + secret}, mp.CodeInvalidSecret},
		{"ErrNoSecret", mp.Account{AppID: appID}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, envOpts{})
			_, err := e.client.SendTemplate(context.Background(), tt.acct, leave("o-alice"))
			if err == nil || mp.CodeOf(err) != tt.code {
				t.Fatalf("err = %v, want errcode %d", err, tt.code)
			}
			if stable, send := e.calls(); send != 0 || (tt.code == 0) != (stable == 0) {
				t.Errorf("stable_token, template/send calls = %d, %d", stable, send)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(e.logs.String(), secret) {
				t.Errorf("the secret leaked into the error or logs: %v\n%s", err, e.logs.String())
			}
		})
	}
}

// TestTokenRefreshAhead follows two token lifetimes on the simulator's
// clock with a 48 s token (Tencent's 5-minute rotation window scaled to 2
// s): the next token is fetched inside the window, once, while callers
// keep the current one, and before the current one expires.
func TestTokenRefreshAhead(t *testing.T) {
	e := mustEnv(t, envOpts{ttl: 48 * time.Second, shareClock: true})
	ctx := context.Background()
	clients := []*mp.Client{e.client, e.newClient(t, time.Second)}
	issued := e.clock.Now()
	prev, err := e.client.AccessToken(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	advanceTo := func(at time.Time) { e.clock.Advance(at.Sub(e.clock.Now())) }
	for lifetime := 1; lifetime <= 2; lifetime++ {
		// 2 s before expiry: inside WeChat's window, not yet the client's
		// refresh time; no fetch.
		advanceTo(issued.Add(46 * time.Second))
		if tok, _ := e.client.AccessToken(ctx, acct); tok != prev {
			t.Fatalf("lifetime %d: token changed before the client's refresh time", lifetime)
		}
		// 1.5 s before expiry: many callers in two processes; none waits
		// for the refresh, one of them starts it.
		advanceTo(issued.Add(46500 * time.Millisecond))
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Go(func() {
				if _, err := clients[i%2].AccessToken(ctx, acct); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		next := waitForNewToken(t, e.client, prev)
		if got := e.sim.CallCount("/mp/cgi-bin/stable_token"); got != lifetime+1 {
			t.Errorf("lifetime %d: stable_token calls = %d, want %d (one per lifetime)", lifetime, got, lifetime+1)
		}
		// The old token still works until its own expiry, so callers that
		// read it just before the refresh are not refused.
		if code := sendWith(t, e, prev); code != 0 {
			t.Errorf("lifetime %d: the previous token was refused before its expiry: errcode %d", lifetime, code)
		}
		advanceTo(issued.Add(48500 * time.Millisecond)) // the previous token is dead
		_, sendsBefore := e.calls()
		for _, c := range clients {
			e.mustSend(t, c)
		}
		if _, sends := e.calls(); sends != sendsBefore+2 {
			t.Errorf("lifetime %d: %d template/send calls for 2 sends; a token was refused and retried", lifetime, sends-sendsBefore)
		}
		issued, prev = issued.Add(46500*time.Millisecond), next
	}
}

// waitForNewToken polls until the background refresh stored a token other
// than prev.
func waitForNewToken(t *testing.T, c *mp.Client, prev string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		tok, err := c.AccessToken(context.Background(), acct)
		if err != nil {
			t.Fatal(err)
		}
		if tok != prev {
			return tok
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the token was not refreshed ahead of expiry")
	return ""
}

// sendWith posts a template message with tok directly, bypassing the
// client's cache, and returns WeChat's errcode.
func sendWith(t *testing.T, e *env, tok string) int {
	t.Helper()
	body := `{"touser":"o-bob","template_id":"` + tplLeave + `","data":{"thing1":{"value":"x"}}}`
	resp, err := e.srv.Client().Post(e.srv.URL+"/mp/cgi-bin/message/template/send?access_token="+tok, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		ErrCode int `json:"errcode"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.ErrCode
}

// TestTokenRefreshAheadRealTime runs one lifetime of a 12 s token on real
// clocks, Redis TTLs included: the token changes before it expires and
// stable_token is called once per lifetime while a caller sends without
// pause.
func TestTokenRefreshAheadRealTime(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 13 s")
	}
	const ttl = 12 * time.Second
	e := mustEnv(t, envOpts{ttl: ttl, realClock: true})
	ctx := context.Background()
	start := time.Now()
	first, err := e.client.AccessToken(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	var changedAt time.Duration
	sends := 0
	for time.Since(start) < ttl+time.Second {
		if _, err := e.client.SendTemplate(ctx, acct, leave("o-alice")); err != nil {
			t.Fatalf("send at %v: %v", time.Since(start), err)
		}
		sends++
		if tok, _ := e.client.AccessToken(ctx, acct); tok != first && changedAt == 0 {
			changedAt = time.Since(start)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if changedAt == 0 || changedAt >= ttl {
		t.Errorf("token changed at %v, want before the first expired (%v)", changedAt, ttl)
	}
	if stable, sent := e.calls(); stable != 2 || sent != sends {
		t.Errorf("stable_token, template/send calls = %d, %d; want 2, %d (no refused token)", stable, sent, sends)
	}
}

func TestTokenRefusedIsRefreshed(t *testing.T) {
	tests := []struct {
		name   string
		refuse func(t *testing.T, e *env)
	}{
		// Someone force-refreshed the token (another service sharing the
		// account): WeChat answers 40001 "not latest".
		{"ForceRefreshedElsewhere", func(t *testing.T, e *env) {
			other := mp.New(mp.Config{BaseURL: e.srv.URL + "/mp", HTTPClient: e.srv.Client(), Redis: e.rdb, KeyPrefix: "elsewhere:"})
			if _, err := other.ForceRefresh(context.Background(), acct); err != nil {
				t.Fatal(err)
			}
		}},
		// The simulator's clock passed the expiry the cache still trusts.
		{"ExpiredByClock", func(t *testing.T, e *env) { e.clock.Advance(7200 * time.Second) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, envOpts{})
			e.mustSend(t, e.client)
			before, _ := e.client.AccessToken(context.Background(), acct)
			tt.refuse(t, e)
			stableBefore, _ := e.calls()
			e.mustSend(t, e.client)
			if stable, send := e.calls(); stable != stableBefore+1 || send != 3 {
				t.Errorf("stable_token, template/send calls = +%d, %d; want +1, 3 (one refused, one retried)", stable-stableBefore, send)
			}
			after, _ := e.client.AccessToken(context.Background(), acct)
			if after == before {
				t.Error("cache still holds the refused token")
			}
			if n := len(e.sim.TemplateMessages(appID, "o-alice")); n != 2 {
				t.Errorf("alice got %d messages, want 2", n)
			}
			logs := e.logs.String()
			if !strings.Contains(logs, "refreshing and retrying once") {
				t.Errorf("refresh not logged:\n%s", logs)
			}
			for _, s := range []string{secret, before, after} {
				if strings.Contains(logs, s) {
					t.Errorf("logs contain a secret or token:\n%s", logs)
				}
			}
		})
	}
}

func TestTokenRetriedOnlyOnce(t *testing.T) {
	var sends atomic.Int32
	e := mustEnv(t, envOpts{wrap: func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/mp/cgi-bin/message/template/send" {
				h.ServeHTTP(w, r)
				return
			}
			sends.Add(1)
			fmt.Fprintf(w, `{"errcode":40001,"errmsg":"invalid credential %s rid: 1"}`, r.URL.Query().Get("access_token"))
		})
	}})
	_, err := e.client.SendTemplate(context.Background(), acct, leave("o-alice"))
	if mp.CodeOf(err) != mp.CodeInvalidCredential {
		t.Fatalf("err = %v, want errcode 40001", err)
	}
	if sends.Load() != 2 {
		t.Errorf("template/send calls = %d, want 2", sends.Load())
	}
	tok, _ := e.client.AccessToken(context.Background(), acct)
	if strings.Contains(err.Error(), tok) || !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("error leaks the token: %v", err)
	}
}

func TestForceRefresh(t *testing.T) {
	e := mustEnv(t, envOpts{shareClock: true})
	ctx := context.Background()
	old, err := e.client.AccessToken(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := e.client.ForceRefresh(ctx, acct)
	if err != nil || fresh == old {
		t.Fatalf("ForceRefresh = %v (same as before: %v)", err, fresh == old)
	}
	if cached, _ := e.client.AccessToken(ctx, acct); cached != fresh {
		t.Error("the cache does not hold the force-refreshed token")
	}
	if code := sendWith(t, e, old); code != mp.CodeInvalidCredential {
		t.Errorf("old token after ForceRefresh: errcode %d, want 40001", code)
	}
	// WeChat ignores a force refresh within 30 s and answers the current
	// token, which the client then keeps.
	e.clock.Advance(10 * time.Second)
	if again, err := e.client.ForceRefresh(ctx, acct); err != nil || again != fresh {
		t.Errorf("ForceRefresh within 30 s = %v, same token %v; want the current token", err, again == fresh)
	}
	// The 21st of a day is refused with 45009, a rate limit.
	for range 19 {
		e.clock.Advance(30 * time.Second)
		if _, err := e.client.ForceRefresh(ctx, acct); err != nil {
			t.Fatal(err)
		}
	}
	e.clock.Advance(30 * time.Second)
	_, err = e.client.ForceRefresh(ctx, acct)
	if mp.CodeOf(err) != mp.CodeRateLimited || !errors.Is(err, mp.ErrRateLimited) {
		t.Errorf("21st ForceRefresh: %v, want 45009", err)
	}
	e.mustSend(t, e.client)
}

func TestAccountRedaction(t *testing.T) {
	var logs strings.Builder
	slog.New(slog.NewTextHandler(&logs, nil)).Info("x", "account", acct)
	res := mp.OAuthResult{OpenID: "o-1", AccessToken: "web-token-do-not-leak", RefreshToken: "refresh-do-not-leak"}
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("x", "oauth", res)
	for _, s := range []string{
		fmt.Sprint(acct), fmt.Sprintf("%+v", acct), fmt.Sprintf("%#v", acct), fmt.Sprintf("%v", &acct),
		fmt.Sprint(res), fmt.Sprintf("%+v", res), fmt.Sprintf("%#v", res), logs.String(),
	} {
		if strings.Contains(s, secret) || strings.Contains(s, "do-not-leak") {
			t.Errorf("formatted value leaks a secret: %s", s)
		}
		if !strings.Contains(s, appID) && !strings.Contains(s, "o-1") {
			t.Errorf("formatted value lost the identity: %s", s)
		}
	}
}
