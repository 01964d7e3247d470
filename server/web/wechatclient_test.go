package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/server/web"
)

func TestIsWeChatUserAgent(t *testing.T) {
	for _, c := range []struct {
		ua   string
		want bool
	}{
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN wxwork/4.1.20", true},
		{"Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1", true},
		{"Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile Safari/537.36 MicroMessenger/8.0.44.2502(0x28002C37)", true},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) wxwork/4.1.20 Chrome/112.0", true},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1", false},
		{"", false},
	} {
		if got := web.IsWeChatUserAgent(c.ua); got != c.want {
			t.Errorf("IsWeChatUserAgent(%q) = %v, want %v", c.ua, got, c.want)
		}
	}
}

// TestPasswordInsideWeChat: a password typed in WeCom's browser is held to the WeChat gate, so the gate's refusal
// cannot be walked around through the sign-in form; the same password in a phone's own browser still works.
func TestPasswordInsideWeChat(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "pwwechat")
	ctx := tn.Ctx()
	roles, err := env.Directory.SystemRolesOf(ctx, tn.Approver.AccountID)
	if err != nil || len(roles) != 1 {
		t.Fatalf("roles %v, %v", roles, err)
	}
	off := false
	if _, err := env.Directory.UpdateSystemRole(ctx, roles[0].ID, directory.SystemRolePatch{AllowWeChat: &off}); err != nil {
		t.Fatal(err)
	}
	login := func(ua string) (code string) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{
			"query":     `mutation($t: String!, $l: String!, $p: String!) { login(tenant: $t, login: $l, password: $p) { accessToken } }`,
			"variables": map[string]any{"t": tn.Slug, "l": tn.Approver.Login, "p": tn.Approver.Password},
		})
		req, _ := http.NewRequest(http.MethodPost, env.HTTP.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", ua)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out apptest.Response
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out.Code()
	}
	if code := login("Mozilla/5.0 (iPhone) Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI wxwork/4.1.20"); code != "forbidden" {
		t.Errorf("inside WeCom: error code %q, want forbidden", code)
	}
	if code := login("Mozilla/5.0 (iPhone) Version/17.0 Mobile/15E148 Safari/604.1"); code != "" {
		t.Errorf("in the phone's browser: error code %q, want none", code)
	}
}
