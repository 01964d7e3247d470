package wecom_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/wecom"
)

func TestMenu(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	if _, err := e.client.GetMenu(ctx, app); wecom.CodeOf(err) != wecom.CodeNoMenu {
		t.Fatalf("GetMenu without a menu: %v, want errcode 46003", err)
	}
	menu := wecom.Menu{Buttons: []wecom.MenuButton{
		{Type: wecom.ButtonView, Name: "审批", URL: "https://qiao.example/h5/"},
		{Name: "更多", SubButtons: []wecom.MenuButton{
			{Type: wecom.ButtonClick, Name: "今日待办", Key: "TODO"},
			{Type: wecom.ButtonScanPush, Name: "扫码", Key: "SCAN"},
			{Type: wecom.ButtonViewMiniprogram, Name: "小程序", AppID: "wxapp", PagePath: "pages/i"},
		}},
	}}
	if err := e.client.CreateMenu(ctx, app, menu); err != nil {
		t.Fatal(err)
	}
	got, err := e.client.GetMenu(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(menu, got); diff != "" {
		t.Errorf("menu (-want +got):\n%s", diff)
	}
	// Menus are per app.
	if _, err := e.client.GetMenu(ctx, otherApp); wecom.CodeOf(err) != wecom.CodeNoMenu {
		t.Errorf("other app's menu: %v", err)
	}
	if err := e.client.DeleteMenu(ctx, app); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.GetMenu(ctx, app); wecom.CodeOf(err) != wecom.CodeNoMenu {
		t.Errorf("after delete: %v, want errcode 46003", err)
	}
	// The app's token with another agentid is refused by WeCom.
	wrong := app
	wrong.AgentID = otherApp.AgentID
	if err := e.client.DeleteMenu(ctx, wrong); wecom.CodeOf(err) != 301002 {
		t.Errorf("other agentid: %v, want errcode 301002", err)
	}
}

func TestMenuInvalidLocally(t *testing.T) {
	click := func(name string) wecom.MenuButton {
		return wecom.MenuButton{Type: wecom.ButtonClick, Name: name, Key: "k"}
	}
	tests := []struct {
		name string
		menu wecom.Menu
	}{
		{"NoButtons", wecom.Menu{}},
		{"FourButtons", wecom.Menu{Buttons: []wecom.MenuButton{click("a"), click("b"), click("c"), click("d")}}},
		{"LongName", wecom.Menu{Buttons: []wecom.MenuButton{click(strings.Repeat("x", 17))}}},
		{"UnknownType", wecom.Menu{Buttons: []wecom.MenuButton{{Type: "dance", Name: "a"}}}},
		{"ClickNoKey", wecom.Menu{Buttons: []wecom.MenuButton{{Type: wecom.ButtonClick, Name: "a"}}}},
		{"ViewNoURL", wecom.Menu{Buttons: []wecom.MenuButton{{Type: wecom.ButtonView, Name: "a"}}}},
		{"MiniprogramNoPage", wecom.Menu{Buttons: []wecom.MenuButton{{Type: wecom.ButtonViewMiniprogram, Name: "a", AppID: "wx"}}}},
		{"SixSubs", wecom.Menu{Buttons: []wecom.MenuButton{{Name: "g", SubButtons: []wecom.MenuButton{
			click("1"), click("2"), click("3"), click("4"), click("5"), click("6")}}}}},
		{"SubNameTooLong", wecom.Menu{Buttons: []wecom.MenuButton{{Name: "g", SubButtons: []wecom.MenuButton{click(strings.Repeat("x", 41))}}}}},
		{"ThreeLevels", wecom.Menu{Buttons: []wecom.MenuButton{{Name: "g", SubButtons: []wecom.MenuButton{
			{Name: "h", SubButtons: []wecom.MenuButton{click("x")}}}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, nil)
			if err := e.client.CreateMenu(context.Background(), app, tt.menu); err == nil || wecom.CodeOf(err) != 0 {
				t.Fatalf("err = %v, want a local error", err)
			}
			if n := e.sim.CallCount("/cgi-bin/menu/create"); n != 0 {
				t.Errorf("made %d requests", n)
			}
		})
	}
	// A 40-byte sub-button name is within the limit.
	e := mustEnv(t, nil)
	ok := wecom.Menu{Buttons: []wecom.MenuButton{{Name: "g", SubButtons: []wecom.MenuButton{click(strings.Repeat("x", 40))}}}}
	if err := e.client.CreateMenu(context.Background(), app, ok); err != nil {
		t.Errorf("40-byte sub-button name: %v", err)
	}
}
