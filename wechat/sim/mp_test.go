package sim_test

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/testkit"

	"github.com/qiao-hq/qiao/wechat/sim"
)

const (
	mpApp      = "wx0000000000000001"
	mpSecret   = "mp-secret"
	mpOther    = "wx0000000000000002"
	mpOtherSec = "other-mp-secret"
	mpTplLeave = "tpl-leave"
)

// mustMPEnv starts a simulator with service account wx…01 (followers
// o-alice and o-bob, template tpl-leave with keys thing1, time2) and an
// empty second account wx…02, on a settable clock.
func mustMPEnv(tb testing.TB, ttl time.Duration) *env {
	tb.Helper()
	clk := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	s := sim.New(sim.Options{Now: clk.Now, TokenTTL: ttl})
	for _, err := range []error{
		s.CreateServiceAccount(mpApp, mpSecret, "Qiao"),
		s.CreateServiceAccount(mpOther, mpOtherSec, "Other"),
		s.AddFollower(mpApp, "o-alice", "Alice"),
		s.AddFollower(mpApp, "o-bob", "Bob"),
		s.AddTemplate(mpApp, mpTplLeave, "请假审批提醒", []string{"thing1", "time2"}),
	} {
		if err != nil {
			tb.Fatal(err)
		}
	}
	srv := httptest.NewServer(s)
	jar, err := cookiejar.New(nil)
	if err != nil {
		tb.Fatal(err)
	}
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	tb.Cleanup(func() {
		browser.CloseIdleConnections()
		srv.Close()
	})
	return &env{sim: s, srv: srv, clock: clk, browser: browser}
}

// mpAnswer is the union of the service-account answer fields the tests
// read; raw keeps the whole body for fields that must be absent.
type mpAnswer struct {
	ErrCode     int    `json:"errcode"`
	ErrMsg      string `json:"errmsg"`
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
	MsgID       int64  `json:"msgid"`
	Ticket      string `json:"ticket"`
	OpenID      string `json:"openid"`
	UnionID     string `json:"unionid"`
	Scope       string `json:"scope"`
	raw         map[string]json.RawMessage
}

// mp calls a service-account path under /mp and decodes the answer, which
// must be HTTP 200.
func (e *env) mp(tb testing.TB, method, path, body string) mpAnswer {
	tb.Helper()
	resp, b := e.do(tb, method, "/mp"+path, body)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, b)
	}
	var out mpAnswer
	if err := json.Unmarshal([]byte(b), &out); err != nil {
		tb.Fatalf("%s %s: %v in %s", method, path, err, b)
	}
	_ = json.Unmarshal([]byte(b), &out.raw)
	return out
}

func (e *env) mpClassicToken(tb testing.TB, appID, secret string) mpAnswer {
	tb.Helper()
	return e.mp(tb, "GET", "/cgi-bin/token?grant_type=client_credential&appid="+appID+"&secret="+url.QueryEscape(secret), "")
}

func (e *env) mpStableToken(tb testing.TB, appID, secret string, force bool) mpAnswer {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"grant_type": "client_credential", "appid": appID, "secret": secret, "force_refresh": force})
	return e.mp(tb, "POST", "/cgi-bin/stable_token", string(body))
}

func (e *env) mpMustStable(tb testing.TB, force bool) string {
	tb.Helper()
	out := e.mpStableToken(tb, mpApp, mpSecret, force)
	if out.ErrCode != 0 || out.AccessToken == "" {
		tb.Fatalf("stable_token: %+v", out)
	}
	return out.AccessToken
}

// useToken calls an API with tok and returns its errcode.
func (e *env) mpUseToken(tb testing.TB, tok string) int {
	tb.Helper()
	return e.mp(tb, "GET", "/cgi-bin/ticket/getticket?type=jsapi&access_token="+url.QueryEscape(tok), "").ErrCode
}

func TestMPTokenCredentials(t *testing.T) {
	tests := []struct {
		name                       string
		grant, appID, secret, body string
		code                       int
	}{
		{"OK", "client_credential", mpApp, mpSecret, "", 0},
		{"ErrGrantType", "password", mpApp, mpSecret, "", 40002},
		{"ErrAppIDMissing", "client_credential", "", mpSecret, "", 41002},
		{"ErrSecretMissing", "client_credential", mpApp, "", "", 41004},
		{"ErrUnknownAppID", "client_credential", "wxnobody", mpSecret, "", 40013},
		{"ErrWrongSecret", "client_credential", mpApp, mpOtherSec, "", 40125},
		{"ErrNotJSON", "", "", "", "grant_type=client_credential", 47001},
	}
	for _, tt := range tests {
		for _, api := range []string{"token", "stable_token"} {
			if tt.body != "" && api == "token" {
				continue
			}
			t.Run(api+"/"+tt.name, func(t *testing.T) {
				e := mustMPEnv(t, 0)
				var out mpAnswer
				switch {
				case tt.body != "":
					out = e.mp(t, "POST", "/cgi-bin/stable_token", tt.body)
				case api == "token":
					q := url.Values{"grant_type": {tt.grant}, "appid": {tt.appID}, "secret": {tt.secret}}
					out = e.mp(t, "GET", "/cgi-bin/token?"+q.Encode(), "")
				default:
					b, _ := json.Marshal(map[string]string{"grant_type": tt.grant, "appid": tt.appID, "secret": tt.secret})
					out = e.mp(t, "POST", "/cgi-bin/stable_token", string(b))
				}
				if out.ErrCode != tt.code {
					t.Fatalf("errcode = %d, want %d (%s)", out.ErrCode, tt.code, out.ErrMsg)
				}
				if tt.code == 0 {
					// Success is the bare token, without errcode/errmsg.
					_, hasCode := out.raw["errcode"]
					if out.AccessToken == "" || out.ExpiresIn != 7200 || hasCode {
						t.Errorf("answer = %+v", out.raw)
					}
				} else if !strings.Contains(out.ErrMsg, " rid: ") {
					t.Errorf("errmsg %q lacks WeChat's rid suffix", out.ErrMsg)
				}
			})
		}
	}
}

func TestMPHostRouting(t *testing.T) {
	e := mustMPEnv(t, 0)
	// A client that resolves api.weixin.qq.com to the simulator sends its
	// real paths without the /mp prefix.
	req, err := http.NewRequest("GET", e.srv.URL+"/cgi-bin/token?grant_type=client_credential&appid="+mpApp+"&secret="+mpSecret, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "api.weixin.qq.com"
	resp, err := e.browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out mpAnswer
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.AccessToken == "" {
		t.Fatalf("token by Host: %+v, %v", out, err)
	}
	if got := e.sim.CallCount("/mp/cgi-bin/token"); got != 1 {
		t.Errorf("CallCount(/mp/cgi-bin/token) = %d, want 1", got)
	}
}

func TestMPClassicTokenOverlap(t *testing.T) {
	tests := []struct {
		name    string
		ttl     time.Duration
		overlap time.Duration
	}{
		{"Default", 0, 5 * time.Minute},
		{"ShortTTL", 48 * time.Second, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustMPEnv(t, tt.ttl)
			first := e.mpClassicToken(t, mpApp, mpSecret).AccessToken
			second := e.mpClassicToken(t, mpApp, mpSecret).AccessToken
			if first == second || second == "" {
				t.Fatal("a second /cgi-bin/token call did not issue a new token")
			}
			if code := e.mpUseToken(t, first); code != 0 {
				t.Errorf("replaced token inside the overlap: errcode %d, want 0", code)
			}
			e.clock.Advance(tt.overlap)
			if code := e.mpUseToken(t, first); code != 40001 {
				t.Errorf("replaced token after the overlap: errcode %d, want 40001", code)
			}
			if code := e.mpUseToken(t, second); code != 0 {
				t.Errorf("current token: errcode %d, want 0", code)
			}
		})
	}
}

func TestMPClassicTokenDailyQuota(t *testing.T) {
	e := mustMPEnv(t, 0)
	// 09:00 UTC is 17:00 in Beijing, where the day's quota resets.
	for i := range 2000 {
		if out := e.mpClassicToken(t, mpApp, mpSecret); out.ErrCode != 0 {
			t.Fatalf("call %d: errcode %d", i+1, out.ErrCode)
		}
	}
	if out := e.mpClassicToken(t, mpApp, mpSecret); out.ErrCode != 45009 {
		t.Fatalf("call 2001: errcode %d, want 45009", out.ErrCode)
	}
	if out := e.mpStableToken(t, mpApp, mpSecret, false); out.ErrCode != 0 {
		t.Errorf("stable_token is counted apart, got errcode %d", out.ErrCode)
	}
	e.clock.Advance(7 * time.Hour) // 00:00 in Beijing
	if out := e.mpClassicToken(t, mpApp, mpSecret); out.ErrCode != 0 {
		t.Errorf("next day: errcode %d, want 0", out.ErrCode)
	}
}

func TestMPStableTokenNormalMode(t *testing.T) {
	e := mustMPEnv(t, 48*time.Second) // rotation window 2 s
	first := e.mpStableToken(t, mpApp, mpSecret, false)

	e.clock.Advance(30 * time.Second)
	again := e.mpStableToken(t, mpApp, mpSecret, false)
	if again.AccessToken != first.AccessToken || again.ExpiresIn != 18 {
		t.Errorf("inside validity: same token %v, expires_in %d; want same, 18", again.AccessToken == first.AccessToken, again.ExpiresIn)
	}
	// A classic token does not touch the stable one.
	if classic := e.mpClassicToken(t, mpApp, mpSecret).AccessToken; classic == first.AccessToken {
		t.Error("classic and stable tokens are not isolated")
	}
	if code := e.mpUseToken(t, first.AccessToken); code != 0 {
		t.Errorf("stable token after a classic fetch: errcode %d", code)
	}

	e.clock.Advance(16500 * time.Millisecond) // 1.5 s left: inside the window
	next := e.mpStableToken(t, mpApp, mpSecret, false)
	if next.AccessToken == first.AccessToken || next.ExpiresIn != 48 {
		t.Fatalf("inside the rotation window: new token %v, expires_in %d; want new, 48", next.AccessToken != first.AccessToken, next.ExpiresIn)
	}
	if repeat := e.mpStableToken(t, mpApp, mpSecret, false); repeat.AccessToken != next.AccessToken {
		t.Error("after rotation another call rotated again")
	}
	if code := e.mpUseToken(t, first.AccessToken); code != 0 {
		t.Errorf("old token before its own expiry: errcode %d, want 0", code)
	}
	e.clock.Advance(1500 * time.Millisecond)
	if code := e.mpUseToken(t, first.AccessToken); code != 42001 {
		t.Errorf("old token after its expiry: errcode %d, want 42001", code)
	}
	if code := e.mpUseToken(t, next.AccessToken); code != 0 {
		t.Errorf("new token: errcode %d, want 0", code)
	}
}

func TestMPStableTokenForceRefresh(t *testing.T) {
	e := mustMPEnv(t, 0)
	old := e.mpMustStable(t, false)
	forced := e.mpMustStable(t, true)
	if forced == old {
		t.Fatal("force_refresh returned the current token")
	}
	if code := e.mpUseToken(t, old); code != 40001 {
		t.Errorf("token replaced by force_refresh: errcode %d, want 40001", code)
	}
	if normal := e.mpMustStable(t, false); normal != forced {
		t.Error("normal mode after a force refresh does not return the new token")
	}

	// Within 30 s of the last force refresh WeChat does not refresh.
	e.clock.Advance(29 * time.Second)
	if again := e.mpMustStable(t, true); again != forced {
		t.Error("a force refresh 29 s after the last one refreshed")
	}
	e.clock.Advance(time.Second)
	if again := e.mpMustStable(t, true); again == forced {
		t.Error("a force refresh 30 s after the last one did not refresh")
	}

	// 20 a day: two are spent, 18 more succeed, the 21st is refused.
	for i := 3; i <= 20; i++ {
		e.clock.Advance(30 * time.Second)
		e.mpMustStable(t, true)
	}
	e.clock.Advance(30 * time.Second)
	if out := e.mpStableToken(t, mpApp, mpSecret, true); out.ErrCode != 45009 {
		t.Fatalf("21st force refresh of the day: errcode %d, want 45009", out.ErrCode)
	}
	if out := e.mpStableToken(t, mpApp, mpSecret, false); out.ErrCode != 0 {
		t.Errorf("normal mode after the force quota: errcode %d", out.ErrCode)
	}
	e.clock.Advance(7 * time.Hour)
	if out := e.mpStableToken(t, mpApp, mpSecret, true); out.ErrCode != 0 {
		t.Errorf("force refresh the next Beijing day: errcode %d", out.ErrCode)
	}
}

func TestMPTokenChecks(t *testing.T) {
	tests := []struct {
		name  string
		token func(t *testing.T, e *env) string
		code  int
	}{
		{"OK", func(t *testing.T, e *env) string { return e.mpMustStable(t, false) }, 0},
		{"ErrMissing", func(t *testing.T, e *env) string { return "" }, 41001},
		{"ErrUnknown", func(t *testing.T, e *env) string { return "forged" }, 40014},
		{"ErrExpired", func(t *testing.T, e *env) string {
			tok := e.mpMustStable(t, false)
			e.clock.Advance(7200 * time.Second)
			return tok
		}, 42001},
		{"ErrNotLatest", func(t *testing.T, e *env) string {
			tok := e.mpMustStable(t, false)
			e.mpMustStable(t, true)
			return tok
		}, 40001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustMPEnv(t, 0)
			if code := e.mpUseToken(t, tt.token(t, e)); code != tt.code {
				t.Errorf("errcode = %d, want %d", code, tt.code)
			}
		})
	}
}

func TestMPTicket(t *testing.T) {
	e := mustMPEnv(t, 0)
	tok := e.mpMustStable(t, false)
	get := func(typ string) mpAnswer {
		return e.mp(t, "GET", "/cgi-bin/ticket/getticket?type="+typ+"&access_token="+tok, "")
	}
	first := get("jsapi")
	if first.ErrCode != 0 || first.ErrMsg != "ok" || first.Ticket == "" || first.ExpiresIn != 7200 {
		t.Fatalf("getticket = %+v", first)
	}
	e.clock.Advance(100 * time.Second)
	if again := get("jsapi"); again.Ticket != first.Ticket || again.ExpiresIn != 7100 {
		t.Errorf("inside validity: same ticket %v, expires_in %d", again.Ticket == first.Ticket, again.ExpiresIn)
	}
	if card := get("wx_card"); card.ErrCode != 0 || card.Ticket == first.Ticket {
		t.Errorf("wx_card ticket = %+v, want a separate ticket", card)
	}
	if bad := get("nope"); bad.ErrCode != 40097 {
		t.Errorf("unknown type: errcode %d, want 40097", bad.ErrCode)
	}
	e.clock.Advance(7100 * time.Second)
	tok = e.mpMustStable(t, false)
	if fresh := get("jsapi"); fresh.Ticket == first.Ticket {
		t.Error("expired ticket handed out again")
	}
}

func TestMPReset(t *testing.T) {
	e := mustMPEnv(t, 0)
	tok := e.mpMustStable(t, false)
	e.sim.Reset()
	if out := e.mpStableToken(t, mpApp, mpSecret, false); out.ErrCode != 40013 {
		t.Errorf("account after Reset: errcode %d, want 40013", out.ErrCode)
	}
	if code := e.mpUseToken(t, tok); code != 40014 {
		t.Errorf("token after Reset: errcode %d, want 40014", code)
	}
	if err := e.sim.CreateServiceAccount(mpApp, mpSecret, "again"); err != nil {
		t.Errorf("re-create after Reset: %v", err)
	}
}
