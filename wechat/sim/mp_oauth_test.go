package sim_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/sim"
)

func mpAuthorizePath(appID, scope, redirect string) string {
	return "/mp/connect/oauth2/authorize?appid=" + appID + "&redirect_uri=" + url.QueryEscape(redirect) +
		"&response_type=code&scope=" + scope + "&state=s1#wechat_redirect"
}

// mpSignIn walks the OAuth step as the follower would: authorize, pick the
// follower on the chooser (when no cookie), and returns the code the
// redirect carried.
func (e *env) mpSignIn(tb testing.TB, appID, openID, scope string) string {
	tb.Helper()
	start := mpAuthorizePath(appID, scope, "https://h5.example/cb?from=menu")
	resp, body := e.do(tb, "GET", start, "")
	if resp.StatusCode == http.StatusOK {
		link := regexp.MustCompile(`href="(/_sim/mp/phone/` + regexp.QuoteMeta(appID) + `/` + regexp.QuoteMeta(openID) + `\?next=[^"]+)"`).FindStringSubmatch(body)
		if link == nil {
			tb.Fatalf("chooser has no link for %s: %s", openID, body)
		}
		resp, _ = e.do(tb, "GET", strings.ReplaceAll(link[1], "&amp;", "&"), "")
		if resp.StatusCode != http.StatusFound {
			tb.Fatalf("phone link: HTTP %d", resp.StatusCode)
		}
		next := resp.Header.Get("Location")
		if !strings.HasPrefix(next, "/mp/connect/oauth2/authorize?") {
			tb.Fatalf("phone link continues to %q, want the authorize request", next)
		}
		resp, body = e.do(tb, "GET", next, "")
	}
	if resp.StatusCode != http.StatusFound {
		tb.Fatalf("authorize: HTTP %d: %s", resp.StatusCode, body)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Host != "h5.example" || loc.Path != "/cb" {
		tb.Fatalf("redirected to %q", resp.Header.Get("Location"))
	}
	q := loc.Query()
	if q.Get("from") != "menu" || q.Get("state") != "s1" || q.Get("code") == "" {
		tb.Fatalf("redirect query = %v", q)
	}
	return q.Get("code")
}

func (e *env) mpRedeem(tb testing.TB, appID, secret, code string) mpAnswer {
	tb.Helper()
	q := url.Values{"appid": {appID}, "secret": {secret}, "code": {code}, "grant_type": {"authorization_code"}}
	return e.mp(tb, "GET", "/sns/oauth2/access_token?"+q.Encode(), "")
}

func TestMPOAuthFlow(t *testing.T) {
	e := mustMPEnv(t, 0)
	code := e.mpSignIn(t, mpApp, "o-bob", "snsapi_base")
	out := e.mpRedeem(t, mpApp, mpSecret, code)
	if out.ErrCode != 0 || out.OpenID != "o-bob" || out.Scope != "snsapi_base" || out.AccessToken == "" || out.ExpiresIn != 7200 {
		t.Fatalf("redeem = %+v", out.raw)
	}
	if _, ok := out.raw["refresh_token"]; !ok {
		t.Error("answer lacks refresh_token")
	}
	if _, ok := out.raw["errcode"]; ok {
		t.Error("success carries errcode; WeChat answers the bare fields")
	}
	if again := e.mpRedeem(t, mpApp, mpSecret, code); again.ErrCode != 40163 {
		t.Errorf("second redeem: errcode %d, want 40163", again.ErrCode)
	}

	// The cookie now says who holds the phone: no chooser the second time.
	code2 := e.mpSignIn(t, mpApp, "o-bob", "snsapi_base")
	if code2 == code {
		t.Error("codes are reused")
	}
}

func TestMPOAuthCodeRules(t *testing.T) {
	tests := []struct {
		name           string
		appID, secret  string
		code           func(e *env, code string) string
		wait           time.Duration
		wantErr        int
		grant, wantOID string
	}{
		{"OK", mpApp, mpSecret, nil, 0, 0, "", "o-alice"},
		{"ErrExpired", mpApp, mpSecret, nil, 5 * time.Minute, 40029, "", ""},
		{"JustInTime", mpApp, mpSecret, nil, 5*time.Minute - time.Second, 0, "", "o-alice"},
		{"ErrUnknown", mpApp, mpSecret, func(*env, string) string { return "forged" }, 0, 40029, "", ""},
		{"ErrOtherAccount", mpOther, mpOtherSec, nil, 0, 40029, "", ""},
		{"ErrWrongSecret", mpApp, mpOtherSec, nil, 0, 40125, "", ""},
		{"ErrUnknownAppID", "wxnobody", mpSecret, nil, 0, 40013, "", ""},
		{"ErrGrantType", mpApp, mpSecret, nil, 0, 40002, "client_credential", ""},
		{"ErrNoCode", mpApp, mpSecret, func(*env, string) string { return "" }, 0, 41008, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustMPEnv(t, 0)
			code := e.mpSignIn(t, mpApp, "o-alice", "snsapi_base")
			if tt.code != nil {
				code = tt.code(e, code)
			}
			e.clock.Advance(tt.wait)
			grant := "authorization_code"
			if tt.grant != "" {
				grant = tt.grant
			}
			q := url.Values{"appid": {tt.appID}, "secret": {tt.secret}, "code": {code}, "grant_type": {grant}}
			out := e.mp(t, "GET", "/sns/oauth2/access_token?"+q.Encode(), "")
			if out.ErrCode != tt.wantErr || out.OpenID != tt.wantOID {
				t.Errorf("errcode %d, openid %q; want %d, %q (%s)", out.ErrCode, out.OpenID, tt.wantErr, tt.wantOID, out.ErrMsg)
			}
		})
	}
}

func TestMPOAuthUnionID(t *testing.T) {
	e := mustMPEnv(t, 0)
	if err := e.sim.SetUnionID(mpApp, "o-alice", "u-alice"); err != nil {
		t.Fatal(err)
	}
	base := e.mpRedeem(t, mpApp, mpSecret, e.mpSignIn(t, mpApp, "o-alice", "snsapi_base"))
	if base.UnionID != "" {
		t.Errorf("snsapi_base returned unionid %q; WeChat returns it for snsapi_userinfo only", base.UnionID)
	}
	info := e.mpRedeem(t, mpApp, mpSecret, e.mpSignIn(t, mpApp, "o-alice", "snsapi_userinfo"))
	if info.UnionID != "u-alice" || info.Scope != "snsapi_userinfo" {
		t.Errorf("snsapi_userinfo: unionid %q, scope %q", info.UnionID, info.Scope)
	}
}

func TestMPOAuthPages(t *testing.T) {
	tests := []struct {
		name, path string
		status     int
		contains   string
	}{
		{"Chooser", mpAuthorizePath(mpApp, "snsapi_base", "https://h5.example/cb"), 200, "/_sim/mp/phone/" + mpApp + "/o-alice?next="},
		{"ErrUnknownAppID", mpAuthorizePath("wxnobody", "snsapi_base", "https://h5.example/cb"), 400, "10016"},
		{"ErrScope", mpAuthorizePath(mpApp, "snsapi_privateinfo", "https://h5.example/cb"), 400, "10005"},
		{"ErrRedirect", mpAuthorizePath(mpApp, "snsapi_base", "/relative"), 400, "10003"},
		{"ErrResponseType", strings.Replace(mpAuthorizePath(mpApp, "snsapi_base", "https://h5.example/cb"), "response_type=code", "response_type=token", 1), 400, "10004"},
		{"PhoneUnknownFollower", "/_sim/mp/phone/" + mpApp + "/o-nobody", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustMPEnv(t, 0)
			resp, body := e.do(t, "GET", tt.path, "")
			if resp.StatusCode != tt.status || !strings.Contains(body, tt.contains) {
				t.Errorf("HTTP %d, want %d containing %q:\n%s", resp.StatusCode, tt.status, tt.contains, body)
			}
		})
	}
}

func TestMPPhoneRedirect(t *testing.T) {
	tests := []struct{ next, want string }{
		{"", "/_sim/mp/" + mpApp + "/followers/o-alice/messages"},
		{"/mp/connect/oauth2/authorize?x=1", "/mp/connect/oauth2/authorize?x=1"},
		{"https://evil.example/", "/_sim/mp/" + mpApp + "/followers/o-alice/messages"},
		{"//evil.example/", "/_sim/mp/" + mpApp + "/followers/o-alice/messages"},
	}
	for _, tt := range tests {
		e := mustMPEnv(t, 0)
		resp, _ := e.do(t, "GET", "/_sim/mp/phone/"+mpApp+"/o-alice?next="+url.QueryEscape(tt.next), "")
		if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || got != tt.want {
			t.Errorf("next=%q: HTTP %d to %q, want 302 to %q", tt.next, resp.StatusCode, got, tt.want)
		}
		var ck *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == sim.MPPhoneCookie {
				ck = c
			}
		}
		if ck == nil || ck.Value != mpApp+"/o-alice" {
			t.Errorf("next=%q: cookie %v", tt.next, ck)
		}
	}
}
