package sim_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/sim"
)

var qrUserLink = regexp.MustCompile(`data-testid="sim-qr-user" href="([^"]+)">([^<]+)<`)

// qrLoginQuery is a sign-in request of the OA app to redirect.
func qrLoginQuery(redirect, state string) string {
	return "login_type=CorpApp&appid=" + corpID + "&agentid=1000002&redirect_uri=" + url.QueryEscape(redirect) +
		"&state=" + state
}

// scanLinks opens a sign-in page and returns its "scan as" links by name.
func (e *env) scanLinks(tb testing.TB, path string) map[string]string {
	tb.Helper()
	resp, body := e.do(tb, "GET", path, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="sim-qr-code"`) ||
		!strings.Contains(body, "企业微信") {
		tb.Fatalf("GET %s: HTTP %d: %s", path, resp.StatusCode, body)
	}
	links := map[string]string{}
	for _, m := range qrUserLink.FindAllStringSubmatch(body, -1) {
		links[html.UnescapeString(m[2])] = html.UnescapeString(m[1])
	}
	return links
}

// TestQRLogin: the sign-in page lists the members who may sign in;
// "scanning" as one sends the browser to redirect_uri with a code and the
// state, and the code is good once, for 5 minutes, through
// auth/getuserinfo.
func TestQRLogin(t *testing.T) {
	e := mustEnv(t)
	if err := e.sim.AddUser(corpID, "carol", "Carol"); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.UpdateUser(corpID, "carol", func(m *sim.Member) { m.Enable = new(0) }); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.CreateUser(corpID, sim.Member{UserID: "dave", Name: "Dave", Status: 4}); err != nil {
		t.Fatal(err)
	}
	const redirect = "https://qiao.example/login/wecom?next=%2Fh5"
	for _, path := range []string{
		"/wwlogin/sso/login?" + qrLoginQuery(redirect, "s1"),
		"/wwopen/sso/qrConnect?appid=" + corpID + "&agentid=1000002&redirect_uri=" + url.QueryEscape(redirect) + "&state=s1",
	} {
		t.Run(strings.Split(path, "?")[0], func(t *testing.T) {
			links := e.scanLinks(t, path)
			if len(links) != 2 || links["Alice（alice）"] == "" || links["Bob（Bob）"] == "" {
				t.Fatalf("scan-as links %v, want Alice and Bob (not the disabled Carol nor Dave, not activated)", links)
			}
			resp, body := e.do(t, "GET", links["Alice（alice）"], "")
			if resp.StatusCode != http.StatusFound {
				t.Fatalf("scan: HTTP %d: %s", resp.StatusCode, body)
			}
			loc, err := url.Parse(resp.Header.Get("Location"))
			if err != nil || loc.Host != "qiao.example" || loc.Path != "/login/wecom" ||
				loc.Query().Get("next") != "/h5" || loc.Query().Get("state") != "s1" || loc.Query().Get("code") == "" {
				t.Fatalf("redirected to %s", resp.Header.Get("Location"))
			}
			code := loc.Query().Get("code")
			tok := e.mustToken(t, secret)
			getUserInfo := "/cgi-bin/auth/getuserinfo?access_token=" + url.QueryEscape(tok) + "&code=" + url.QueryEscape(code)
			if out := e.api(t, "GET", getUserInfo, ""); out.ErrCode != 0 || out.UserID != "alice" {
				t.Errorf("getuserinfo: %+v", out)
			}
			if out := e.api(t, "GET", getUserInfo, ""); out.ErrCode != 40029 {
				t.Errorf("getuserinfo again: %+v, want 40029", out)
			}
		})
	}

	t.Run("ErrExpired", func(t *testing.T) {
		resp, _ := e.do(t, "GET", e.scanLinks(t, "/wwlogin/sso/login?"+qrLoginQuery(redirect, "s2"))["Bob（Bob）"], "")
		loc, _ := url.Parse(resp.Header.Get("Location"))
		e.clock.Advance(5*time.Minute + time.Second)
		tok := e.mustToken(t, secret)
		out := e.api(t, "GET", "/cgi-bin/auth/getuserinfo?access_token="+url.QueryEscape(tok)+"&code="+
			url.QueryEscape(loc.Query().Get("code")), "")
		if out.ErrCode != 40029 {
			t.Errorf("getuserinfo after 5 minutes: %+v, want 40029", out)
		}
	})
}

// TestQRLoginRefusals: WeCom's checks before and at the scan, each an
// error page in Chinese.
func TestQRLoginRefusals(t *testing.T) {
	e := mustEnv(t)
	if err := e.sim.AddUser(corpID, "carol", "Carol"); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.UpdateUser(corpID, "carol", func(m *sim.Member) { m.Enable = new(0) }); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.CreateUser(corpID, sim.Member{UserID: "dave", Name: "Dave", Status: 4}); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.SetVisibleScope(corpID, otherAgent, sim.Scope{Users: []string{"alice"}}); err != nil {
		t.Fatal(err)
	}
	tok := e.mustToken(t, secret)
	if out := e.api(t, "POST", "/cgi-bin/agent/set?access_token="+url.QueryEscape(tok),
		`{"agentid":1000002,"redirect_domain":"qiao.example"}`); out.ErrCode != 0 {
		t.Fatalf("agent/set: %+v", out)
	}
	good := "https://qiao.example/cb"
	login := "/wwlogin/sso/login?"
	scan := "/_sim/qrlogin/scan?"
	cases := []struct {
		name, path string
		status     int
		text       string
	}{
		{"TrustedDomain", login + qrLoginQuery(good, "s"), 200, "sim-qr-user"},
		{"ErrNoLoginType", login + "appid=" + corpID + "&agentid=1000002&redirect_uri=" + url.QueryEscape(good), 400, "login_type"},
		{"ErrServiceApp", login + strings.Replace(qrLoginQuery(good, "s"), "CorpApp", "ServiceApp", 1), 400, "login_type"},
		{"ErrCorp", login + strings.Replace(qrLoginQuery(good, "s"), corpID, "wwnone", 1), 400, "appid"},
		{"ErrAgent", login + strings.Replace(qrLoginQuery(good, "s"), "1000002", "42", 1), 400, "agentid"},
		{"ErrRedirect", login + qrLoginQuery("/relative", "s"), 400, "redirect_uri"},
		{"ErrOtherDomain", login + qrLoginQuery("https://evil.example/cb", "s"), 400, "可信域名"},
		{"ErrSubDomain", login + qrLoginQuery("https://a.qiao.example/cb", "s"), 400, "可信域名"},
		{"ErrScanOtherDomain", scan + qrLoginQuery("https://evil.example/cb", "s") + "&userid=alice", 400, "可信域名"},
		{"ErrScanDisabled", scan + qrLoginQuery(good, "s") + "&userid=carol", 403, "停用"},
		{"ErrScanPending", scan + qrLoginQuery(good, "s") + "&userid=dave", 403, "尚未激活"},
		{"ErrScanStranger", scan + qrLoginQuery(good, "s") + "&userid=nobody", 403, "不是企业成员"},
		{"ErrScanOutOfScope", scan + strings.Replace(qrLoginQuery("https://x.example/cb", "s"), "1000002", "1000003", 1) +
			"&userid=Bob", 403, "可见范围"},
		{"ScanInScope", scan + strings.Replace(qrLoginQuery("https://x.example/cb", "s"), "1000002", "1000003", 1) +
			"&userid=alice", 302, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := e.do(t, "GET", c.path, "")
			if resp.StatusCode != c.status || !strings.Contains(body, c.text) {
				t.Errorf("HTTP %d, want %d with %q: %s", resp.StatusCode, c.status, c.text, body)
			}
			if c.status >= 400 && !strings.Contains(body, `data-testid="sim-qr-error"`) {
				t.Errorf("no error page: %s", body)
			}
		})
	}
	// The OAuth page applies the same trusted domain.
	resp, _ := e.do(t, "GET", "/connect/oauth2/authorize?appid="+corpID+"&redirect_uri="+
		url.QueryEscape("https://evil.example/cb")+"&response_type=code&scope=snsapi_base&agentid=1000002", "")
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("authorize to another domain: HTTP %d, want 400", resp.StatusCode)
	}
}

// TestQRLoginImage: the sign-in page shows its code as a PNG.
func TestQRLoginImage(t *testing.T) {
	e := mustEnv(t)
	_, body := e.do(t, "GET", "/wwlogin/sso/login?"+qrLoginQuery("https://qiao.example/cb", "s"), "")
	if !strings.Contains(body, `src="data:image/png;base64,iVBORw0KGgo`) {
		t.Errorf("the page has no PNG data URL: %s", body)
	}
}
