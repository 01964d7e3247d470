package wecom_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

func tokenKey(prefix string, a wecom.App) string {
	sum := sha256.Sum256([]byte(a.Secret))
	return prefix + "wecom:token:" + a.CorpID + ":" + hex.EncodeToString(sum[:])[:16]
}

func TestTokenCached(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	for range 3 {
		e.mustSend(t, e.client)
	}
	if get, send := e.calls(); get != 1 || send != 3 {
		t.Fatalf("gettoken, message/send calls = %d, %d; want 1, 3", get, send)
	}

	// A second process sharing Redis uses the cached token too.
	e.mustSend(t, e.newClient(t, time.Second))
	if get, _ := e.calls(); get != 1 {
		t.Errorf("second client fetched a token: gettoken calls = %d", get)
	}

	// Keyed by corp and a hash of the secret; cached for the token's whole
	// life, since WeCom hands back the same token until it expires.
	tok, err := e.client.AccessToken(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	key := tokenKey(e.prefix, app)
	if got, err := e.rdb.Get(ctx, key).Result(); err != nil || !strings.HasSuffix(got, "|"+tok) {
		t.Errorf("redis %s = %q, %v; want the token", key, got, err)
	}
	if ttl := e.rdb.TTL(ctx, key).Val(); ttl > 7200*time.Second || ttl < 7190*time.Second {
		t.Errorf("token TTL = %v, want about 7200s", ttl)
	}

	// Another app of the same corp gets its own entry.
	if _, err := e.client.AccessToken(ctx, otherApp); err != nil {
		t.Fatal(err)
	}
	keys := e.rdb.Keys(ctx, e.prefix+"*").Val()
	if diff := cmp.Diff([]string{key, tokenKey(e.prefix, otherApp)}, keys, cmpopts.SortSlices(strings.Compare)); diff != "" {
		t.Errorf("redis keys (-want +got):\n%s", diff)
	}
	for _, k := range keys {
		if strings.Contains(k, secret) || strings.Contains(k, otherSecret) {
			t.Errorf("key %s holds a raw secret", k)
		}
	}
	if get, _ := e.calls(); get != 2 {
		t.Errorf("gettoken calls = %d, want 2", get)
	}
}

func TestTokenSingleFlight(t *testing.T) {
	// A slow gettoken makes sure the callers overlap.
	e := mustEnv(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/cgi-bin/gettoken" {
				time.Sleep(100 * time.Millisecond)
			}
			h.ServeHTTP(w, r)
		})
	})
	const callers = 32
	toks := make([]string, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			tok, err := e.client.AccessToken(context.Background(), app)
			if err != nil {
				t.Error(err)
			}
			toks[i] = tok
		})
	}
	wg.Wait()
	if get, _ := e.calls(); get != 1 {
		t.Errorf("gettoken calls = %d, want 1", get)
	}
	for _, tok := range toks {
		if tok != toks[0] || tok == "" {
			t.Fatalf("callers got different tokens: %q", toks)
		}
	}
}

func TestTokenRefresh(t *testing.T) {
	tests := []struct {
		name   string
		refuse func(e *env)
	}{
		{"InvalidatedEarly", func(e *env) { e.sim.InvalidateTokens(corpID) }},    // 40014
		{"ExpiredByClock", func(e *env) { e.clock.Advance(7200 * time.Second) }}, // 42001
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, nil)
			e.mustSend(t, e.client)
			before, _ := e.client.AccessToken(context.Background(), app)
			tt.refuse(e)
			e.mustSend(t, e.client)
			if get, send := e.calls(); get != 2 || send != 3 {
				t.Errorf("gettoken, message/send calls = %d, %d; want 2, 3 (one refused, one retried)", get, send)
			}
			after, _ := e.client.AccessToken(context.Background(), app)
			if after == before {
				t.Error("cache still holds the refused token")
			}
			if n := len(e.sim.Messages(corpID, "alice")); n != 2 {
				t.Errorf("alice got %d messages, want 2", n)
			}
			logs := e.logs.String()
			if !strings.Contains(logs, "refreshing") {
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

// refusingSend answers every message/send with a token error whose errmsg
// echoes the token, counting the calls.
func refusingSend(code int, n *atomic.Int32) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/cgi-bin/message/send" {
				h.ServeHTTP(w, r)
				return
			}
			n.Add(1)
			fmt.Fprintf(w, `{"errcode":%d,"errmsg":"bad token %s"}`, code, r.URL.Query().Get("access_token"))
		})
	}
}

func TestTokenRetriedOnlyOnce(t *testing.T) {
	var sends atomic.Int32
	e := mustEnv(t, refusingSend(40014, &sends))
	_, err := e.client.SendMessage(context.Background(), app, card("alice"))
	if wecom.CodeOf(err) != 40014 {
		t.Fatalf("err = %v, want errcode 40014", err)
	}
	if get := e.sim.CallCount("/cgi-bin/gettoken"); get != 2 || sends.Load() != 2 {
		t.Errorf("gettoken, message/send calls = %d, %d; want 2, 2", get, sends.Load())
	}
	tok, _ := e.client.AccessToken(context.Background(), app)
	if strings.Contains(err.Error(), tok) || !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("error leaks the token: %v", err)
	}
}

func TestNoRetryAfterTimeout(t *testing.T) {
	var sends atomic.Int32
	e := mustEnv(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/cgi-bin/message/send" {
				sends.Add(1)
				// Reading the body lets the server notice the client hang up.
				body, _ := io.ReadAll(r.Body)
				r.Body = io.NopCloser(bytes.NewReader(body))
				select { // WeCom got it, and answers too late
				case <-r.Context().Done():
					return
				case <-time.After(5 * time.Second):
				}
			}
			h.ServeHTTP(w, r)
		})
	})
	c := e.newClient(t, 200*time.Millisecond)
	_, err := c.SendMessage(context.Background(), app, card("alice"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a deadline error", err)
	}
	if n := sends.Load(); n != 1 {
		t.Errorf("message/send attempts = %d, want 1", n)
	}
	tok, _ := c.AccessToken(context.Background(), app)
	if strings.Contains(err.Error(), tok) || !strings.Contains(err.Error(), "/cgi-bin/message/send") {
		t.Errorf("error should name the API without the token: %v", err)
	}
}

func TestGetTokenErrors(t *testing.T) {
	tests := []struct {
		name string
		app  wecom.App
		code int
		gets int
	}{
		{"ErrWrongSecret", wecom.App{CorpID: corpID, AgentID: agentID, Secret: "wrong-secret-xyz"}, 40001, 1},
		{"ErrUnknownCorp", wecom.App{CorpID: "wwnobody", AgentID: agentID, Secret: secret}, 40013, 1},
		{"ErrNoSecret", wecom.App{CorpID: corpID, AgentID: agentID}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, nil)
			_, err := e.client.SendMessage(context.Background(), tt.app, card("alice"))
			if err == nil || wecom.CodeOf(err) != tt.code {
				t.Fatalf("err = %v, want errcode %d", err, tt.code)
			}
			var we *wecom.Error
			if tt.code != 0 && (!errors.As(err, &we) || we.API != "gettoken") {
				t.Errorf("err = %#v, want a *wecom.Error from gettoken", err)
			}
			if tt.app.Secret != "" && strings.Contains(err.Error(), tt.app.Secret) {
				t.Errorf("error leaks the secret: %v", err)
			}
			if get, send := e.calls(); get != tt.gets || send != 0 {
				t.Errorf("gettoken, message/send calls = %d, %d; want %d, 0", get, send, tt.gets)
			}
		})
	}
}

func TestNetworkErrorHidesSecrets(t *testing.T) {
	e := mustEnv(t, nil)
	// An address nobody listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := wecom.New(wecom.Config{BaseURL: "http://" + addr, Redis: e.rdb, KeyPrefix: e.prefix})

	_, err = c.AccessToken(context.Background(), app)
	if err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "corpsecret") {
		t.Errorf("gettoken error = %v, want one without the secret", err)
	}
	const cached = "cached-token-do-not-leak"
	e.rdb.Set(context.Background(), tokenKey(e.prefix, app), fmt.Sprintf("%d|%s", time.Now().Add(time.Minute).UnixMilli(), cached), time.Minute)
	_, err = c.SendMessage(context.Background(), app, card("alice"))
	if err == nil || strings.Contains(err.Error(), cached) {
		t.Errorf("send error = %v, want one without the token", err)
	}
}

func TestAppHidesSecret(t *testing.T) {
	var logs testkit.LogBuffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("x", "app", app)
	for _, s := range []string{fmt.Sprint(app), fmt.Sprintf("%+v", app), fmt.Sprintf("%#v", app), logs.String()} {
		if strings.Contains(s, secret) || !strings.Contains(s, corpID) {
			t.Errorf("App printed as %q", s)
		}
	}
}

// The retry rules, per errcode WeCom answers message/send with: token errors
// are refreshed and retried once; -1 is retried with backoff only when the
// duplicate check makes a second copy harmless; rate limits come back with
// a wait and are not retried here.
func TestRetryRules(t *testing.T) {
	tests := []struct {
		name      string
		code      int
		count     int // answers with code before WeCom behaves
		dupCheck  bool
		wantSends int
		wantCode  int
	}{
		{"40001 refreshed and retried", 40001, 1, false, 2, 0},
		{"40014 refreshed and retried", 40014, 1, false, 2, 0},
		{"42001 refreshed and retried", 42001, 1, false, 2, 0},
		{"token error retried only once", 40014, 2, false, 2, 40014},
		{"-1 retried with the duplicate check", -1, 2, true, 3, 0},
		{"-1 gives up after 3 tries", -1, 5, true, 3, -1},
		{"-1 not retried without the duplicate check", -1, 1, false, 1, -1},
		{"45009 not retried", 45009, 1, true, 1, 45009},
		{"45033 not retried", 45033, 1, true, 1, 45033},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, nil)
			c := wecom.New(wecom.Config{BaseURL: e.srv.URL, Redis: e.rdb, KeyPrefix: e.prefix, BusyBackoff: time.Millisecond})
			if _, err := c.AccessToken(context.Background(), app); err != nil {
				t.Fatal(err)
			}
			if err := e.sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", ErrCode: tt.code, Count: tt.count}); err != nil {
				t.Fatal(err)
			}
			m := card("alice")
			m.EnableDuplicateCheck = tt.dupCheck
			_, err := c.SendMessage(context.Background(), app, m)
			if got := wecom.CodeOf(err); got != tt.wantCode {
				t.Errorf("errcode %d (%v), want %d", got, err, tt.wantCode)
			}
			if got := e.sim.CallCount("/cgi-bin/message/send"); got != tt.wantSends {
				t.Errorf("message/send calls = %d, want %d", got, tt.wantSends)
			}
			delivered := 0
			if tt.wantCode == 0 {
				delivered = 1
			}
			if got := len(e.sim.Messages(corpID, "alice")); got != delivered {
				t.Errorf("alice got %d messages, want %d", got, delivered)
			}
			if tt.code == 45009 || tt.code == 45033 {
				if !errors.Is(err, wecom.ErrRateLimited) {
					t.Errorf("errors.Is(%v, ErrRateLimited) = false", err)
				}
			}
		})
	}
}

// A message/send whose answer is lost after WeCom delivered it is not sent
// again: the caller gets the network error and decides (push records it
// failed and its retry relies on the duplicate check).
func TestLostAnswerNotResent(t *testing.T) {
	e := mustEnv(t, nil)
	if err := e.sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", DropAfter: true, Count: 1}); err != nil {
		t.Fatal(err)
	}
	m := card("alice")
	m.EnableDuplicateCheck = true
	if _, err := e.client.SendMessage(context.Background(), app, m); err == nil || wecom.CodeOf(err) != 0 {
		t.Fatalf("err = %v, want a network error", err)
	}
	if got := e.sim.CallCount("/cgi-bin/message/send"); got != 1 {
		t.Errorf("message/send calls = %d, want 1", got)
	}
	// The caller's own retry is swallowed by WeCom's duplicate check.
	if _, err := e.client.SendMessage(context.Background(), app, m); err != nil {
		t.Fatal(err)
	}
	var shown int
	for _, msg := range e.sim.Messages(corpID, "alice") {
		if !msg.Duplicate {
			shown++
		}
	}
	if shown != 1 {
		t.Errorf("alice's phone shows %d messages, want 1", shown)
	}
}
