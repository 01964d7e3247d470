package binding_test

import (
	"context"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/binding"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/sim"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

func sp(s string) *string { return &s }

// check finds a preflight line by key.
func check(t *testing.T, rep binding.Report, key string) binding.Check {
	t.Helper()
	for _, c := range rep.Checks {
		if c.Key == key {
			return c
		}
	}
	t.Fatalf("no check %q in %+v", key, rep.Checks)
	return binding.Check{}
}

// TestPreflight breaks one thing at a time in the simulator (as an admin's mistake or WeCom's console would) and
// checks that preflight names it with WeCom's errcode, what it means and what to do; each case starts from a
// binding that passes the app check.
func TestPreflight(t *testing.T) {
	env := apptest.New(t, dsn)
	for _, tc := range []struct {
		name    string
		hosted  bool
		breakIt func(t *testing.T, tn apptest.Tenant, ctx context.Context)
		key     string
		errcode int
		message string // a part of the message
		advice  string // a part of the advice
	}{
		{name: "WrongCorpID", key: "app:OA", errcode: 40013, message: "企业 ID", advice: "我的企业",
			breakIt: func(t *testing.T, tn apptest.Tenant, ctx context.Context) {
				mustDo(t, env.Tenants.SaveCorp(ctx, tenants.CorpPatch{CorpID: sp("wwnosuchcorp")}))
			}},
		{name: "WrongSecret", key: "app:OA", errcode: 40001, message: "Secret 不正确", advice: "复制后重新填写",
			breakIt: func(t *testing.T, tn apptest.Tenant, ctx context.Context) {
				mustDo(t, env.Tenants.SaveApp(ctx, "OA", tn.AgentID, sp("not-the-secret")))
			}},
		{name: "UntrustedIP", key: "app:OA", errcode: 60020, message: "可信 IP", advice: "企业可信IP",
			breakIt: func(t *testing.T, tn apptest.Tenant, ctx context.Context) {
				mustDo(t, env.Sim.SetTrustedIPs(tn.CorpID, tn.AgentID, []string{"10.20.30.40"}))
			}},
		{name: "UntrustedIPHosted", hosted: true, key: "app:OA", errcode: 60020, message: "可信 IP", advice: "代开发",
			breakIt: func(t *testing.T, tn apptest.Tenant, ctx context.Context) {
				mustDo(t, env.Sim.SetTrustedIPs(tn.CorpID, tn.AgentID, []string{"10.20.30.40"}))
			}},
		{name: "NarrowVisibleRange", key: "app:OA", message: "可见范围不是全公司", advice: "根部门",
			breakIt: func(t *testing.T, tn apptest.Tenant, ctx context.Context) {
				mustDo(t, env.Sim.SetVisibleScope(tn.CorpID, tn.AgentID, sim.Scope{Users: []string{tn.Admin.WeComUserID}}))
			}},
		{name: "NoContactSecret", key: "contacts", message: "尚未填写通讯录 Secret", advice: "通讯录同步"},
		{name: "WrongContactSecret", key: "contacts", errcode: 40001, message: "Secret 不正确",
			breakIt: func(t *testing.T, tn apptest.Tenant, ctx context.Context) {
				mustDo(t, env.Tenants.SaveCorp(ctx, tenants.CorpPatch{ContactSecret: sp("not-the-contact-secret")}))
			}},
		{name: "DomainNotOurs", key: "domain", message: "不一致", advice: "端口",
			breakIt: func(t *testing.T, tn apptest.Tenant, ctx context.Context) {
				mustDo(t, env.Tenants.SaveCorp(ctx, tenants.CorpPatch{TrustedDomain: sp("oa.example.com")}))
			}},
		{name: "ReceiverNotVerified", key: "receiver:oa", message: "尚未通过", advice: "接收消息"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tn := env.Tenant(t, strings.ToLower(tc.name[:min(len(tc.name), 10)]))
			ctx := tn.Ctx()
			if tc.breakIt != nil {
				tc.breakIt(t, tn, ctx)
			}
			svc := env.Binding
			if tc.hosted {
				svc = binding.New(binding.Deps{Tenants: env.Tenants, WeCom: env.WeCom, PublicURL: "http://qiao.test", Hosted: true})
			}
			rep, err := svc.Preflight(ctx)
			if err != nil {
				t.Fatal(err)
			}
			c := check(t, rep, tc.key)
			if rep.OK || c.OK || c.Errcode != tc.errcode || !strings.Contains(c.Message, tc.message) || !strings.Contains(c.Advice, tc.advice) {
				t.Errorf("check %s = %+v (report ok %v), want errcode %d, message ~%q, advice ~%q", tc.key, c, rep.OK, tc.errcode, tc.message, tc.advice)
			}
			// The report is kept for the overview.
			v, err := env.Binding.View(ctx)
			if err != nil || v.Report == nil || !v.Report.CheckedAt.Equal(rep.CheckedAt) {
				t.Errorf("kept report = %+v, %v", v.Report, err)
			}
		})
	}
}

// TestPreflightPasses: a binding with every credential right passes every app, contact and customer check.
func TestPreflightPasses(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "allgood")
	ctx := tn.Ctx()
	mustDo(t, env.Sim.SetContactSecret(tn.CorpID, "allgood-contact-secret"))
	mustDo(t, env.Tenants.SaveCorp(ctx, tenants.CorpPatch{ContactSecret: sp("allgood-contact-secret"), TrustedDomain: sp("qiao.test")}))
	rep, err := env.Binding.Preflight(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Checks {
		if !c.OK && !strings.HasPrefix(c.Key, "receiver:") {
			t.Errorf("check %s failed: %+v", c.Key, c)
		}
	}
}

// TestGenerateMenu: the OA app's menu is set in WeCom with every page the seed lists, each entry opening its H5
// page through WeCom's OAuth, and read back from WeCom.
func TestGenerateMenu(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "menu")
	m, err := env.Binding.GenerateMenu(tn.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range m.Buttons {
		for _, b := range g.SubButtons {
			names = append(names, b.Name)
			if !strings.Contains(b.URL, "/connect/oauth2/authorize") || !strings.Contains(b.URL, "appid="+tn.CorpID) {
				t.Errorf("%s opens %s, not through WeCom OAuth", b.Name, b.URL)
			}
		}
	}
	if got := strings.Join(names, " "); got != "待办 已发 已办 公告 新闻 调查 讨论 员工通讯录 外部联系人" {
		t.Errorf("menu entries = %s", got)
	}
	back, err := env.Binding.Menu(tn.Ctx())
	if err != nil || len(back.Buttons) != 3 {
		t.Errorf("menu read back = %+v, %v", back, err)
	}
	if _, err := env.Binding.Menu(env.Tenant(t, "nomenu").Ctx()); err != nil {
		t.Errorf("an app without a menu: %v, want an empty menu", err)
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
