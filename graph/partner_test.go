package graph_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/graph"
	"github.com/qiao-hq/qiao/graph/generated"
	"github.com/qiao-hq/qiao/partners"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenancy"
)

// partnerKey creates a partner and returns one of its keys.
func partnerKey(t *testing.T, env *apptest.Env, slug string) string {
	t.Helper()
	ps := partners.NewStore(env.DB, nil)
	sys := tenancy.System(context.Background())
	if _, err := ps.Create(sys, slug, "伙伴 "+slug); err != nil {
		t.Fatal(err)
	}
	key, _, err := ps.IssueKey(sys, slug, 0)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// TestPartnerOnboardsACustomer: a partner creates a customer, binds it to the simulator's corp, runs preflight and
// reads its state; everything it changed is in the customer's audit log under its key.
func TestPartnerOnboardsACustomer(t *testing.T) {
	env := apptest.New(t, dsn)
	key := partnerKey(t, env, "reseller-one")

	var created struct {
		CreateTenant struct{ Slug, AdminLogin, OneTimePassword string }
	}
	env.PartnerGraphQL(t, key, "", `mutation { createTenant(input: {slug: "acme-p", name: "阿克米", adminLogin: "boss"}) {
		slug adminLogin oneTimePassword } }`, nil).MustData(t, &created)
	if created.CreateTenant.Slug != "acme-p" || len(created.CreateTenant.OneTimePassword) < 12 {
		t.Fatalf("createTenant = %+v", created)
	}
	// The one-time password signs the admin in (and asks for a new one).
	login := env.GraphQL(t, "", `mutation($p: String!) { login(tenant: "acme-p", login: "boss", password: $p) { mustChangePassword } }`,
		map[string]any{"p": created.CreateTenant.OneTimePassword})
	if len(login.Errors) > 0 || !strings.Contains(string(login.Data), `"mustChangePassword":true`) {
		t.Fatalf("first admin's sign-in: %s %+v", login.Data, login.Errors)
	}

	// Bind the customer to a corp of the simulator and check it.
	env.Sim.CreateCorp("wwacmep")
	if err := env.Sim.AddApp("wwacmep", 1000002, "acme-oa-secret", "OA"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`mutation { saveWeComCorp(input: {corpId: "wwacmep"}) { corpId } }`,
		`mutation { saveWeComApp(input: {system: OA, agentId: 1000002, secret: "acme-oa-secret"}) { apps { system secret } } }`,
	} {
		if res := env.PartnerGraphQL(t, key, "acme-p", q, nil); len(res.Errors) > 0 {
			t.Fatalf("%s: %+v", q, res.Errors)
		}
	}
	var b struct {
		WecomBinding struct {
			CorpID    string
			Apps      []struct{ System, Secret string }
			Receivers []struct{ Kind, URL, Token string }
		}
	}
	env.PartnerGraphQL(t, key, "acme-p", `{ wecomBinding { corpId apps { system secret } receivers { kind url token } } }`, nil).MustData(t, &b)
	if b.WecomBinding.CorpID != "wwacmep" || len(b.WecomBinding.Apps) != 1 || b.WecomBinding.Apps[0].Secret != "••••cret" {
		t.Errorf("binding = %+v", b.WecomBinding)
	}
	if len(b.WecomBinding.Receivers) != 3 || !strings.Contains(b.WecomBinding.Receivers[0].URL, "/callback/wecom/acme-p/oa") {
		t.Errorf("receivers = %+v", b.WecomBinding.Receivers)
	}
	var pf struct {
		RunPreflight struct {
			Ok     bool
			Checks []struct {
				Key string
				Ok  bool
			}
		}
	}
	env.PartnerGraphQL(t, key, "acme-p", `mutation { runPreflight { ok checks { key ok } } }`, nil).MustData(t, &pf)
	okByKey := map[string]bool{}
	for _, c := range pf.RunPreflight.Checks {
		okByKey[c.Key] = c.Ok
	}
	if !okByKey["app:OA"] || okByKey["contacts"] || okByKey["receiver:oa"] {
		t.Errorf("preflight checks = %+v", pf.RunPreflight.Checks)
	}

	var cs struct {
		PartnerCustomers []struct {
			Slug, Binding string
			StaffCount    int
		}
	}
	env.PartnerGraphQL(t, key, "", `{ partnerCustomers { slug binding staffCount } }`, nil).MustData(t, &cs)
	if len(cs.PartnerCustomers) != 1 || cs.PartnerCustomers[0].Slug != "acme-p" || cs.PartnerCustomers[0].Binding != "FAILING" ||
		cs.PartnerCustomers[0].StaffCount != 1 {
		t.Errorf("partnerCustomers = %+v", cs.PartnerCustomers)
	}

	tn, err := env.Tenants.BySlug(context.Background(), "acme-p")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := audit.List(tenancy.WithTenant(context.Background(), tn.ID), env.DB, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.ActorKind != audit.Partner || !strings.HasPrefix(e.Actor, "reseller-one qp_") {
			t.Errorf("entry %s by %s %q", e.Action, e.ActorKind, e.Actor)
		}
		if strings.Contains(string(e.Changes), "acme-oa-secret") {
			t.Errorf("entry %s holds the secret: %s", e.Action, e.Changes)
		}
	}
	if got := strings.Join(actions, ","); got != "wecom.preflight,wecom.app,wecom.corp,tenant.create" {
		t.Errorf("audit actions = %s", got)
	}
	var changes struct{ Input struct{ Secret string } }
	if err := json.Unmarshal(entries[1].Changes, &changes); err != nil || changes.Input.Secret != "••••cret" {
		t.Errorf("wecom.app changes = %s (%v)", entries[1].Changes, err)
	}
}

// TestPartnerSeesOnlyItsCustomers: with its key, a partner reaches its own customer; every other tenant, an
// unknown one, and its customer through another partner's key are not_found alike, on every field a partner may
// call; fields it may not call are forbidden, and a partner field without a tenant named asks for one.
func TestPartnerSeesOnlyItsCustomers(t *testing.T) {
	env := apptest.New(t, dsn)
	other := env.Tenant(t, "stranger")
	mine, rival := partnerKey(t, env, "reseller-mine"), partnerKey(t, env, "reseller-rival")
	env.PartnerGraphQL(t, mine, "", `mutation { createTenant(input: {slug: "mine-co", name: "我的客户", adminLogin: "boss"}) { slug } }`, nil).
		MustData(t, &struct{}{})
	fx := seedAlpha(t, env, other)
	fx.B = other

	var partnerFields []string
	for name, c := range crossTenantCases {
		if strings.Contains(c.query, "partnerCustomers") || strings.Contains(c.query, "createTenant") {
			continue
		}
		partnerFields = append(partnerFields, name)
	}
	for _, name := range partnerFields {
		c := crossTenantCases[name]
		allowed, guarded := partnerMarked(t, name)
		if !guarded {
			continue // public (login, refreshSession): no key is needed
		}
		var vars map[string]any
		if c.vars != nil {
			vars = c.vars(fx)
		}
		t.Run(name, func(t *testing.T) {
			for _, tc := range []struct {
				what, key, tenant string
			}{
				{"another tenant", mine, other.Slug},
				{"an unknown tenant", mine, "no-such-co"},
				{"its customer through another partner", rival, "mine-co"},
			} {
				res := env.PartnerGraphQL(t, tc.key, tc.tenant, c.query, vars, c.files...)
				if res.Code() != "not_found" {
					t.Errorf("%s: code %q, want not_found (%+v)", tc.what, res.Code(), res.Errors)
				}
				if strings.Contains(string(res.Data), "ALPHA") || strings.Contains(string(res.Data), "stranger") {
					t.Errorf("%s: data leaks %s", tc.what, res.Data)
				}
			}
			res := env.PartnerGraphQL(t, mine, "mine-co", c.query, vars)
			if !allowed && res.Code() != "forbidden" {
				t.Errorf("own customer, a field partners may not call: code %q, want forbidden", res.Code())
			}
			if allowed && res.Code() == "forbidden" {
				t.Errorf("own customer, a @partner field: forbidden %+v", res.Errors)
			}
			if allowed {
				if res := env.PartnerGraphQL(t, mine, "", c.query, vars); res.Code() != "invalid" {
					t.Errorf("no tenant named: code %q, want invalid", res.Code())
				}
			}
		})
	}
}

// partnerMarked reports whether the root field name carries @partner, and whether it carries @hasRole at all.
func partnerMarked(t *testing.T, name string) (partner, guarded bool) {
	t.Helper()
	s := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}}).Schema()
	for _, typ := range []string{"Query", "Mutation"} {
		if f := s.Types[typ].Fields.ForName(name); f != nil {
			return f.Directives.ForName("partner") != nil, f.Directives.ForName("hasRole") != nil
		}
	}
	t.Fatalf("no root field %s", name)
	return false, false
}
