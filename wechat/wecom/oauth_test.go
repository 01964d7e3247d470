package wecom_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/wecom"
)

func TestOAuth(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	phone := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	t.Cleanup(phone.CloseIdleConnections)
	get := func(u string) *http.Response {
		t.Helper()
		resp, err := phone.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}

	// Alice opens her inbox, which puts the phone in her hand, then taps a
	// card whose URL is the authorize link.
	get(e.srv.URL + "/_sim/inbox/wwcorp/alice")
	resp := get(wecom.OAuthURL(e.srv.URL, corpID, agentID, "https://qiao.example/auth/cb?tenant=t1", "s1"))
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: HTTP %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if loc.Host != "qiao.example" || loc.Query().Get("state") != "s1" || loc.Query().Get("tenant") != "t1" {
		t.Errorf("redirected to %s", loc)
	}
	code := loc.Query().Get("code")

	info, err := e.client.GetUserInfo(ctx, app, code)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wecom.UserInfo{UserID: "alice"}, info); diff != "" {
		t.Errorf("user info (-want +got):\n%s", diff)
	}
	// Back button: the same code again.
	if _, err := e.client.GetUserInfo(ctx, app, code); wecom.CodeOf(err) != wecom.CodeInvalidCode {
		t.Errorf("reused code: err = %v, want errcode 40029", err)
	}
	if _, err := e.client.GetUserInfo(ctx, app, ""); err == nil || wecom.CodeOf(err) != 0 {
		t.Errorf("empty code: err = %v, want a local error", err)
	}
}

// TestDecodesLegacyUserID checks the client reads the "UserId" spelling
// alone, as older WeCom answers have it.
func TestDecodesLegacyUserID(t *testing.T) {
	e := mustEnv(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/cgi-bin/auth/getuserinfo" {
				_ = json.NewEncoder(w).Encode(map[string]any{"errcode": 0, "errmsg": "ok", "UserId": "Bob"})
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	info, err := e.client.GetUserInfo(context.Background(), app, "c")
	if err != nil || info.UserID != "Bob" {
		t.Errorf("GetUserInfo = %+v, %v; want Bob", info, err)
	}
}

func TestOAuthURL(t *testing.T) {
	tests := []struct {
		name, base, corp, redirect, state string
		agent                             int64
		want                              string
	}{
		{"DefaultBase", "", "ww1234", "https://qiao.example/auth/cb?t=1&x=a b", "abc", 1000002,
			"https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1234&redirect_uri=https%3A%2F%2Fqiao.example%2Fauth%2Fcb%3Ft%3D1%26x%3Da+b&response_type=code&scope=snsapi_base&state=abc&agentid=1000002#wechat_redirect"},
		{"SimulatorBase", "http://127.0.0.1:9090/", "wwsim", "http://localhost:8080/cb", "S9", 7,
			"http://127.0.0.1:9090/connect/oauth2/authorize?appid=wwsim&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcb&response_type=code&scope=snsapi_base&state=S9&agentid=7#wechat_redirect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, wecom.OAuthURL(tt.base, tt.corp, tt.agent, tt.redirect, tt.state)); diff != "" {
				t.Errorf("OAuthURL (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCodeOf(t *testing.T) {
	wrapped := &wecom.Error{API: "message/send", Code: 81013, Msg: "all invalid"}
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"Nil", nil, 0},
		{"Plain", context.Canceled, 0},
		{"Direct", wrapped, 81013},
		{"Wrapped", fmt.Errorf("outer: %w", wrapped), 81013},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wecom.CodeOf(tt.err); got != tt.want {
				t.Errorf("CodeOf = %d, want %d", got, tt.want)
			}
		})
	}
	if got := wrapped.Error(); !strings.Contains(got, "message/send") || !strings.Contains(got, "81013") {
		t.Errorf("Error() = %q", got)
	}
}
