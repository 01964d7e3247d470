package binding_test

import (
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenants"
)

// TestServiceAccountPreflight walks seed 004's checklist against the simulator's service account: each line fails
// with WeChat's errcode explained until the admin does the step, then passes.
func TestServiceAccountPreflight(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "mp")
	ctx := tn.Ctx()
	const appID, secret = "wx00000000000000aa", "0123456789abcdef0123456789abcdef"
	if _, err := env.Binding.ServiceAccountPreflight(ctx); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("preflight without a service account: %v, want not_found", err)
	}
	mustDo(t, env.Sim.CreateServiceAccount(appID, secret, "演示服务号"))
	v, err := env.Binding.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: sp(appID), Secret: sp("ffffffffffffffffffffffffffffffff")})
	if err != nil {
		t.Fatal(err)
	}
	if v.Domain == "" || v.Token == "" || v.Report != nil {
		t.Fatalf("view = %+v, want the domain, the keys and no report yet", v)
	}

	rep, err := env.Binding.ServiceAccountPreflight(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := check(t, rep, "mp:credentials"); c.OK || c.Errcode != 40125 || !strings.Contains(c.Advice, "重置 AppSecret") {
		t.Errorf("a wrong secret: %+v", c)
	}
	if rep.OK {
		t.Error("the report passed with a wrong secret")
	}

	if _, err := env.Binding.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{Secret: sp(secret)}); err != nil {
		t.Fatal(err)
	}
	rep, err = env.Binding.ServiceAccountPreflight(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct {
		key, message string
		ok           bool
	}{
		{"mp:credentials", "AppID 和 AppSecret 有效", true},
		{"mp:templates", "还没有添加任何消息模板", false},
		{"mp:menu", "还没有菜单", false},
		{"mp:domain", "MP_verify 文件尚未上传", false},
	} {
		if c := check(t, rep, want.key); c.OK != want.ok || !strings.Contains(c.Message, want.message) {
			t.Errorf("%s = %+v, want ok %v with %q", want.key, c, want.ok, want.message)
		}
	}

	// The admin adds a template and uploads the MP_verify file: those lines pass; the report is kept.
	mustDo(t, env.Sim.AddTemplate(appID, "tpl-approve", "审批提醒", []string{"thing1", "time2"}))
	mustDo(t, env.Tenants.SaveVerifyFile(ctx, "MP_verify_abc123.txt", "abc123", time.Now()))
	rep, err = env.Binding.ServiceAccountPreflight(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := check(t, rep, "mp:templates"); !c.OK || !strings.Contains(c.Message, "1 个模板") {
		t.Errorf("templates after adding one: %+v", c)
	}
	if c := check(t, rep, "mp:domain"); !c.OK {
		t.Errorf("domains after the MP_verify file: %+v", c)
	}
	v, err = env.Binding.ServiceAccount(ctx)
	if err != nil || v.Report == nil || len(v.Report.Checks) != 4 {
		t.Errorf("the kept report = %+v, %v", v.Report, err)
	}
}

// TestServiceAccountMenu: the generated menu is the OA app's groups, each entry opening its page through the
// account's OAuth; WeChat reads it back, and the checklist's menu line passes.
func TestServiceAccountMenu(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "mpmenu")
	ctx := tn.Ctx()
	const appID, secret = "wx00000000000000ee", "0123456789abcdef0123456789abcdef"
	mustDo(t, env.Sim.CreateServiceAccount(appID, secret, "演示服务号"))
	if _, err := env.Binding.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: sp(appID), Secret: sp(secret)}); err != nil {
		t.Fatal(err)
	}
	if m, err := env.Binding.MPMenu(ctx); err != nil || len(m.Buttons) != 0 {
		t.Fatalf("menu before generating = %+v, %v; want none", m, err)
	}
	m, err := env.Binding.GenerateMPMenu(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Buttons) != 3 || m.Buttons[0].Name != "协同" || len(m.Buttons[0].SubButtons) != 3 {
		t.Fatalf("menu = %+v", m)
	}
	if info := m.Buttons[1].SubButtons; len(info) != 5 || info[4].Name != "客户供应商消息" || !strings.Contains(info[4].URL, "%252Fmessages") {
		t.Errorf("the 信息 group = %+v, want the contacts' message list last", info)
	}
	todo := m.Buttons[0].SubButtons[0]
	if todo.Name != "待办" || !strings.Contains(todo.URL, "/connect/oauth2/authorize?appid="+appID) ||
		!strings.Contains(todo.URL, "%2Foauth%2Fmp%2Fcallback") {
		t.Errorf("待办 opens %q, want Qiao through the account's OAuth", todo.URL)
	}
	rep, err := env.Binding.ServiceAccountPreflight(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := check(t, rep, "mp:menu"); !c.OK {
		t.Errorf("the menu line after generating: %+v", c)
	}
}
