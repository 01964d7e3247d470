package sim_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMenu(t *testing.T) {
	good := `{"button":[{"type":"click","name":"今日","key":"TODAY"},` +
		`{"name":"更多","sub_button":[{"type":"view","name":"搜索","url":"https://h5.example/s"},` +
		`{"type":"view_miniprogram","name":"小程序","appid":"wxapp","pagepath":"pages/i"},{"type":"scancode_push","name":"扫码","key":"SCAN"}]}]}`
	sub := func(b string) string { return `{"button":[{"name":"g","sub_button":[` + b + `]}]}` }
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name, body string
		code       int
	}{
		{"OK", good, 0},
		{"OKNameLimits", `{"button":[{"type":"click","name":"` + long(16) + `","key":"k"},{"name":"g","sub_button":[{"type":"click","name":"` + long(40) + `","key":"k"}]}]}`, 0},
		{"ErrNoButtons", `{"button":[]}`, 40016},
		{"ErrFourButtons", `{"button":[{"type":"click","name":"a","key":"k"},{"type":"click","name":"b","key":"k"},{"type":"click","name":"c","key":"k"},{"type":"click","name":"d","key":"k"}]}`, 40016},
		{"ErrType", `{"button":[{"type":"dance","name":"a","key":"k"}]}`, 40017},
		{"ErrName", `{"button":[{"type":"click","name":"` + long(17) + `","key":"k"}]}`, 40018},
		{"ErrNoName", `{"button":[{"type":"click","key":"k"}]}`, 41102},
		{"ErrKey", `{"button":[{"type":"click","name":"a","key":"` + long(129) + `"}]}`, 40019},
		{"ErrNoKey", `{"button":[{"type":"click","name":"a"}]}`, 40019},
		{"ErrURL", `{"button":[{"type":"view","name":"a","url":"https://h5.example/` + long(1024) + `"}]}`, 40020},
		{"ErrLevels", sub(`{"name":"deep","sub_button":[{"type":"click","name":"x","key":"k"}]}`), 40022},
		{"ErrSixSubs", sub(strings.Repeat(`{"type":"click","name":"a","key":"k"},`, 5) + `{"type":"click","name":"a","key":"k"}`), 40023},
		{"ErrSubType", sub(`{"type":"dance","name":"a","key":"k"}`), 40024},
		{"ErrSubName", sub(`{"type":"click","name":"` + long(41) + `","key":"k"}`), 40025},
		{"ErrSubKey", sub(`{"type":"click","name":"a"}`), 40026},
		{"ErrSubURL", sub(`{"type":"view","name":"a"}`), 40027},
		{"ErrMiniprogram", `{"button":[{"type":"view_miniprogram","name":"a","appid":"wx"}]}`, 40058},
		{"ErrJSON", `{"button":`, 47001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			tok := e.mustToken(t, secret)
			out, code := e.call(t, tok, "POST", "/cgi-bin/menu/create?agentid=1000002", tt.body)
			if code != tt.code {
				t.Fatalf("errcode = %d, want %d (%v)", code, tt.code, out["errmsg"])
			}
			got, code := e.call(t, tok, "GET", "/cgi-bin/menu/get?agentid=1000002", "")
			if tt.code != 0 {
				if code != 46003 {
					t.Errorf("a refused menu was stored: %v", got)
				}
				return
			}
			var want map[string]any
			mustUnmarshal(t, tt.body, &want)
			if diff := cmp.Diff(want["button"], got["button"]); diff != "" {
				t.Errorf("menu/get (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMenuAgentAndDelete(t *testing.T) {
	e := mustEnv(t)
	tok, other := e.mustToken(t, secret), e.mustToken(t, otherSecret)
	menu := `{"button":[{"type":"click","name":"a","key":"k"}]}`
	steps := []struct {
		name, tok, method, path, body string
		code                          int
	}{
		{"ErrNoAgent", tok, "POST", "/cgi-bin/menu/create", menu, 41011},
		{"ErrOtherAgent", other, "POST", "/cgi-bin/menu/create?agentid=1000002", menu, 301002},
		{"Create", tok, "POST", "/cgi-bin/menu/create?agentid=1000002", menu, 0},
		{"OtherAppHasNone", other, "GET", "/cgi-bin/menu/get?agentid=1000003", "", 46003},
		{"Get", tok, "GET", "/cgi-bin/menu/get?agentid=1000002", "", 0},
		{"ErrGetOther", other, "GET", "/cgi-bin/menu/get?agentid=1000002", "", 301002},
		{"Delete", tok, "GET", "/cgi-bin/menu/delete?agentid=1000002", "", 0},
		{"Gone", tok, "GET", "/cgi-bin/menu/get?agentid=1000002", "", 46003},
		{"DeleteAgain", tok, "GET", "/cgi-bin/menu/delete?agentid=1000002", "", 0},
	}
	for _, s := range steps {
		if out, code := e.call(t, s.tok, s.method, s.path, s.body); code != s.code {
			t.Errorf("%s: errcode %d, want %d (%v)", s.name, code, s.code, out["errmsg"])
		}
	}
}
