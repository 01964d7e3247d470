package mp_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/mp"
)

func validMenu() mp.Menu {
	return mp.Menu{Buttons: []mp.Button{
		{Type: mp.ButtonView, Name: "待办", URL: "https://qiao.example/h5/todo"},
		{Name: "更多", SubButtons: []mp.Button{
			{Type: mp.ButtonClick, Name: "绑定账号", Key: "BIND"},
			{Type: mp.ButtonMiniProgram, Name: "小程序", URL: "https://qiao.example/", AppID: "wxmini", PagePath: "pages/index"},
			{Type: mp.ButtonScanCodePush, Name: "扫码", Key: "SCAN"},
		}},
		{Type: mp.ButtonArticleID, Name: "帮助", ArticleID: "ART1"},
	}}
}

func TestMenu(t *testing.T) {
	e := mustEnv(t, envOpts{})
	ctx := context.Background()
	if _, err := e.client.GetMenu(ctx, acct); mp.CodeOf(err) != mp.CodeMenuNotExist {
		t.Errorf("GetMenu before create: %v, want 46003", err)
	}
	if err := e.client.CreateMenu(ctx, acct, validMenu()); err != nil {
		t.Fatal(err)
	}
	got, err := e.client.GetMenu(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(validMenu(), got); diff != "" {
		t.Errorf("GetMenu (-created +got):\n%s", diff)
	}
	if err := e.client.DeleteMenu(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.GetMenu(ctx, acct); mp.CodeOf(err) != mp.CodeMenuNotExist {
		t.Errorf("GetMenu after delete: %v, want 46003", err)
	}
}

func TestMenuValidation(t *testing.T) {
	click := mp.Button{Type: mp.ButtonClick, Name: "a", Key: "k"}
	tests := []struct {
		name  string
		edit  func(m *mp.Menu)
		field string
	}{
		{"OKLimits", func(m *mp.Menu) {
			m.Buttons[0] = mp.Button{Type: mp.ButtonClick, Name: "一二三四五", Key: strings.Repeat("k", 128)} // 15 bytes
			m.Buttons[1].SubButtons = []mp.Button{click, click, click, click, {Type: mp.ButtonClick, Name: strings.Repeat("b", 60), Key: "k"}}
		}, ""},
		{"ErrNoButtons", func(m *mp.Menu) { m.Buttons = nil }, "button"},
		{"ErrFourButtons", func(m *mp.Menu) { m.Buttons = append(m.Buttons, click) }, "button"},
		{"ErrSixSubButtons", func(m *mp.Menu) {
			m.Buttons[1].SubButtons = []mp.Button{click, click, click, click, click, click}
		}, "button[1].sub_button"},
		{"ErrTopName17Bytes", func(m *mp.Menu) { m.Buttons[0].Name = "一二三四五a!" }, "button[0].name"},
		{"ErrSubName61Bytes", func(m *mp.Menu) { m.Buttons[1].SubButtons[0].Name = strings.Repeat("b", 61) }, "button[1].sub_button[0].name"},
		{"ErrKey129Bytes", func(m *mp.Menu) { m.Buttons[1].SubButtons[0].Key = strings.Repeat("k", 129) }, "button[1].sub_button[0].key"},
		{"ErrKeyMissing", func(m *mp.Menu) { m.Buttons[1].SubButtons[2].Key = "" }, "button[1].sub_button[2].key"},
		{"ErrNoType", func(m *mp.Menu) { m.Buttons[0].Type = "" }, "button[0].type"},
		{"ErrUnknownType", func(m *mp.Menu) { m.Buttons[0].Type = "dance" }, "button[0].type"},
		{"ErrParentWithType", func(m *mp.Menu) { m.Buttons[1].Type = mp.ButtonClick }, "button[1].type"},
		{"ErrThirdLevel", func(m *mp.Menu) { m.Buttons[1].SubButtons[0].SubButtons = []mp.Button{click} }, "button[1].sub_button[0].sub_button"},
		{"ErrViewURL", func(m *mp.Menu) { m.Buttons[0].URL = "javascript:alert(1)" }, "button[0].url"},
		{"ErrMiniProgramPage", func(m *mp.Menu) { m.Buttons[1].SubButtons[1].PagePath = "" }, "button[1].sub_button[1].appid"},
		{"ErrArticleID", func(m *mp.Menu) { m.Buttons[2].ArticleID = "" }, "button[2].article_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, envOpts{})
			m := validMenu()
			tt.edit(&m)
			err := e.client.CreateMenu(context.Background(), acct, m)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("CreateMenu at the limits: %v", err)
				}
				return
			}
			var ve *mp.ValidationError
			if !errors.Is(err, mp.ErrInvalid) || !errors.As(err, &ve) || ve.Field != tt.field {
				t.Fatalf("err = %v, want a ValidationError on %s", err, tt.field)
			}
			if n := e.sim.CallCount("/mp/cgi-bin/menu/create"); n != 0 {
				t.Errorf("a refused menu made %d menu/create calls", n)
			}
		})
	}
}
