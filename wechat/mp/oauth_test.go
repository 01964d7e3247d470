package mp_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/mp"
)

func TestAuthorizeURL(t *testing.T) {
	tests := []struct {
		name, base, want string
	}{
		{"Default", "", "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx1&redirect_uri=https%3A%2F%2Fqiao.example%2Fcb%3Fa%3D1%26b%3D2&response_type=code&scope=snsapi_base&state=s+1#wechat_redirect"},
		{"Simulator", "http://127.0.0.1:9090/mp/", "http://127.0.0.1:9090/mp/connect/oauth2/authorize?appid=wx1&redirect_uri=https%3A%2F%2Fqiao.example%2Fcb%3Fa%3D1%26b%3D2&response_type=code&scope=snsapi_base&state=s+1#wechat_redirect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mp.AuthorizeURL(tt.base, "wx1", "https://qiao.example/cb?a=1&b=2", mp.ScopeBase, "s 1"); got != tt.want {
				t.Errorf("AuthorizeURL =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// signIn opens the authorize link in a browser that keeps cookies, picks
// openID on the simulator's chooser, and returns the code WeChat's
// redirect carried to redirectURI.
func signIn(t *testing.T, e *env, scope, openID string) string {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	browser := &http.Client{Jar: jar, Transport: e.srv.Client().Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(u string) (*http.Response, string) {
		resp, err := browser.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, page := get(mp.AuthorizeURL(e.srv.URL+"/mp", appID, "https://qiao.example/h5/cb", scope, "st8"))
	link := regexp.MustCompile(`href="([^"]*/` + openID + `\?next=[^"]*)"`).FindStringSubmatch(page)
	if resp.StatusCode != http.StatusOK || link == nil {
		t.Fatalf("chooser: HTTP %d without a link for %s:\n%s", resp.StatusCode, openID, page)
	}
	resp, _ = get(e.srv.URL + html.UnescapeString(link[1]))
	resp, _ = get(e.srv.URL + resp.Header.Get("Location"))
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || loc.Host != "qiao.example" || loc.Query().Get("state") != "st8" {
		t.Fatalf("authorize: HTTP %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query().Get("code")
}

func TestExchangeCode(t *testing.T) {
	e := mustEnv(t, envOpts{})
	ctx := context.Background()
	if err := e.sim.SetUnionID(appID, "o-bob", "u-bob"); err != nil {
		t.Fatal(err)
	}
	code := signIn(t, e, mp.ScopeUserInfo, "o-bob")
	res, err := e.client.ExchangeCode(ctx, acct, code)
	if err != nil {
		t.Fatal(err)
	}
	if res.OpenID != "o-bob" || res.UnionID != "u-bob" || res.Scope != mp.ScopeUserInfo ||
		res.AccessToken == "" || res.RefreshToken == "" || res.ExpiresIn != 7200*time.Second || res.SnapshotUser {
		t.Errorf("ExchangeCode = %#v (%s, %v)", res, res.AccessToken, res.ExpiresIn)
	}

	// A replayed code (Back button, double load) is rejected.
	_, err = e.client.ExchangeCode(ctx, acct, code)
	if mp.CodeOf(err) != mp.CodeCodeUsed || !mp.IsCodeRejected(err) {
		t.Errorf("replayed code: %v, want 40163", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), code) {
		t.Errorf("error leaks the secret or the code: %v", err)
	}
}

func TestExchangeCodeRejected(t *testing.T) {
	tests := []struct {
		name string
		code func(t *testing.T, e *env) string
		want int
	}{
		{"ErrExpired", func(t *testing.T, e *env) string {
			c := signIn(t, e, mp.ScopeBase, "o-alice")
			e.clock.Advance(5 * time.Minute)
			return c
		}, mp.CodeInvalidCode},
		{"ErrUnknown", func(*testing.T, *env) string { return "forged" }, mp.CodeInvalidCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, envOpts{})
			_, err := e.client.ExchangeCode(context.Background(), acct, tt.code(t, e))
			if mp.CodeOf(err) != tt.want || !mp.IsCodeRejected(err) {
				t.Errorf("err = %v, want errcode %d", err, tt.want)
			}
		})
	}
	t.Run("ErrWrongSecret", func(t *testing.T) {
		e := mustEnv(t, envOpts{})
		code := signIn(t, e, mp.ScopeBase, "o-alice")
		_, err := e.client.ExchangeCode(context.Background(), mp.Account{AppID: appID, Secret: "nope"}, code)
		if mp.CodeOf(err) != mp.CodeInvalidSecret || mp.IsCodeRejected(err) {
			t.Errorf("err = %v, want 40125", err)
		}
		// The code survives a refused attempt.
		if res, err := e.client.ExchangeCode(context.Background(), acct, code); err != nil || res.OpenID != "o-alice" {
			t.Errorf("after a wrong secret: %v, %v", res, err)
		}
	})
	t.Run("ErrEmptyCode", func(t *testing.T) {
		e := mustEnv(t, envOpts{})
		if _, err := e.client.ExchangeCode(context.Background(), acct, ""); err == nil || e.sim.CallCount("/mp/sns/oauth2/access_token") != 0 {
			t.Errorf("empty code: %v", err)
		}
	})
}
