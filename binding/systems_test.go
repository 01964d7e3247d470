package binding_test

import (
	"errors"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// TestSystemApps: an app is bound only to a system the tenant has; a system of its own gets a receiver and a
// preflight line like OA's, and removing the system unbinds its app; a built-in system is refused and keeps its.
func TestSystemApps(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "ownapps")
	ctx := tn.Ctx()
	const agent = 1000050

	err := env.Binding.SaveApp(ctx, "ERP", agent, sp("erp-secret"))
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.Invalid || e.Field != "system" {
		t.Fatalf("app for a system the tenant lacks: %v, want invalid on system", err)
	}
	mustDo(t, env.Sim.AddApp(tn.CorpID, agent, "erp-secret", "ERP"))
	if _, err := env.Directory.AddSystem(ctx, "ERP", "企业资源计划"); err != nil {
		t.Fatal(err)
	}
	mustDo(t, env.Binding.SaveApp(ctx, "erp", agent, sp("erp-secret")))
	v, err := env.Binding.View(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var systems, receivers []string
	for _, a := range v.Apps {
		systems = append(systems, a.System)
	}
	for _, r := range v.Receivers {
		receivers = append(receivers, r.Name+" "+r.URL)
	}
	if len(systems) != 2 || systems[0] != "OA" || systems[1] != "ERP" {
		t.Errorf("apps = %v, want OA then ERP", systems)
	}
	wantURL := "erp http://qiao.test/callback/wecom/" + tn.Slug + "/erp"
	found := false
	for _, r := range receivers {
		found = found || r == wantURL
	}
	if !found {
		t.Errorf("receivers = %v, want %q among them", receivers, wantURL)
	}
	rep, err := env.Binding.Preflight(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := check(t, rep, "app:ERP"); !c.OK {
		t.Errorf("ERP's app check = %+v", c)
	}

	if err := env.Binding.RemoveSystem(ctx, "OA"); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("removing OA: %v, want invalid", err)
	}
	mustDo(t, env.Binding.RemoveSystem(ctx, "ERP"))
	b, err := env.Tenants.Binding(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Apps) != 1 || b.Apps[0].System != "OA" {
		t.Errorf("apps after removing ERP = %+v, want OA's alone", b.Apps)
	}
	for _, r := range b.Receivers {
		if r.Name == "erp" {
			t.Errorf("ERP's receiver left behind")
		}
	}
	if _, err := env.Directory.System(ctx, "ERP"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("ERP after removal: %v, want not_found", err)
	}
}
