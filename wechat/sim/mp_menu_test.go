package sim_test

import (
	"encoding/json"
	"strings"
	"testing"
)

const mpValidMenu = `{"button":[
 {"type":"click","name":"今日","key":"V1001_TODAY"},
 {"name":"菜单","sub_button":[
  {"type":"view","name":"搜索","url":"https://www.example.com/"},
  {"type":"miniprogram","name":"小程序","url":"https://www.example.com/","appid":"wxmini","pagepath":"pages/lunar/index"},
  {"type":"scancode_push","name":"扫码","key":"rselfmenu_0_1"}]},
 {"type":"article_id","name":"文章","article_id":"ARTICLE_ID1"}]}`

func TestMPMenu(t *testing.T) {
	e := mustMPEnv(t, 0)
	tok := e.mpMustStable(t, false)
	if out := e.mp(t, "GET", "/cgi-bin/menu/get?access_token="+tok, ""); out.ErrCode != 46003 {
		t.Errorf("menu/get before create: errcode %d, want 46003", out.ErrCode)
	}
	if out := e.mp(t, "POST", "/cgi-bin/menu/create?access_token="+tok, mpValidMenu); out.ErrCode != 0 || out.ErrMsg != "ok" {
		t.Fatalf("menu/create: %+v", out)
	}
	got := e.mp(t, "GET", "/cgi-bin/menu/get?access_token="+tok, "")
	var menu struct {
		Button []struct {
			Type      string            `json:"type"`
			Name      string            `json:"name"`
			SubButton []json.RawMessage `json:"sub_button"`
		} `json:"button"`
		MenuID int64 `json:"menuid"`
	}
	if err := json.Unmarshal(got.raw["menu"], &menu); err != nil {
		t.Fatalf("menu/get: %v in %s", err, got.raw["menu"])
	}
	if len(menu.Button) != 3 || menu.Button[1].Name != "菜单" || len(menu.Button[1].SubButton) != 3 ||
		menu.Button[0].SubButton == nil || menu.MenuID == 0 {
		t.Errorf("menu/get = %s", got.raw["menu"])
	}
	if !strings.Contains(string(got.raw["menu"]), `"key":"V1001_TODAY"`) {
		t.Errorf("menu/get lost a key: %s", got.raw["menu"])
	}
	if out := e.mp(t, "GET", "/cgi-bin/menu/delete?access_token="+tok, ""); out.ErrCode != 0 {
		t.Errorf("menu/delete: %+v", out)
	}
	if out := e.mp(t, "GET", "/cgi-bin/menu/get?access_token="+tok, ""); out.ErrCode != 46003 {
		t.Errorf("menu/get after delete: errcode %d, want 46003", out.ErrCode)
	}
}

func TestMPMenuRules(t *testing.T) {
	click := func(name, key string) string {
		return `{"type":"click","name":"` + name + `","key":"` + key + `"}`
	}
	parent := func(subs ...string) string {
		return `{"name":"P","sub_button":[` + strings.Join(subs, ",") + `]}`
	}
	menu := func(bs ...string) string { return `{"button":[` + strings.Join(bs, ",") + `]}` }
	c := click("a", "k")
	tests := []struct {
		name, body string
		code       int
	}{
		{"OKLimits", menu(click(strings.Repeat("a", 16), strings.Repeat("k", 128)), parent(c, c, c, c, click(strings.Repeat("b", 60), "k")), c), 0},
		{"ErrNotJSON", `{"button":`, 47001},
		{"ErrNoButtons", `{"button":[]}`, 40016},
		{"ErrFourButtons", menu(c, c, c, c), 40016},
		{"ErrSixSubButtons", menu(parent(c, c, c, c, c, c)), 40023},
		{"ErrTopNameBytes", menu(click("一二三四五六", "k")), 40018}, // 18 bytes
		{"ErrTopNameEmpty", menu(click("", "k")), 40018},
		{"ErrSubNameBytes", menu(parent(click(strings.Repeat("b", 61), "k"))), 40025},
		{"ErrKeyBytes", menu(click("a", strings.Repeat("k", 129))), 40019},
		{"ErrSubKeyMissing", menu(parent(click("a", ""))), 40026},
		{"ErrType", menu(`{"type":"dance","name":"a"}`), 40017},
		{"ErrNoTypeNoSubs", menu(`{"name":"a"}`), 40017},
		{"ErrSubType", menu(parent(`{"type":"dance","name":"a"}`)), 40024},
		{"ErrViewURLMissing", menu(`{"type":"view","name":"a"}`), 40020},
		{"ErrViewURLScheme", menu(`{"type":"view","name":"a","url":"ftp://x.example/"}`), 40055},
		{"ErrSubViewURLScheme", menu(parent(`{"type":"view","name":"a","url":"javascript:alert(1)"}`)), 40054},
		{"ErrMiniProgramAppID", menu(`{"type":"miniprogram","name":"a","url":"https://x.example/","pagepath":"p"}`), 40013},
		{"ErrMediaID", menu(`{"type":"media_id","name":"a"}`), 40007},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustMPEnv(t, 0)
			tok := e.mpMustStable(t, false)
			out := e.mp(t, "POST", "/cgi-bin/menu/create?access_token="+tok, tt.body)
			if out.ErrCode != tt.code {
				t.Fatalf("errcode = %d, want %d (%s)", out.ErrCode, tt.code, out.ErrMsg)
			}
			wantGet := 46003
			if tt.code == 0 {
				wantGet = 0
			}
			if got := e.mp(t, "GET", "/cgi-bin/menu/get?access_token="+tok, "").ErrCode; got != wantGet {
				t.Errorf("menu/get after the create: errcode %d, want %d", got, wantGet)
			}
		})
	}
}
