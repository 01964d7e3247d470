package graph_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/graph"
	"github.com/qiao-hq/qiao/graph/generated"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenancy"
)

// crossTenantCase is one attempt by tenant B's admin to reach tenant A's data through one root field.
type crossTenantCase struct {
	query string
	vars  func(a apptest.Tenant, aItem uint64) map[string]any
	// codes are the acceptable error codes; empty means the call must succeed (on B's own data).
	codes []string
}

// crossTenantCases must name every root field of the schema: TestCrossTenant fails for a field without one, so a
// new query or mutation cannot skip this check.
var crossTenantCases = map[string]crossTenantCase{
	"me":         {query: `{ me { id login employee { id name } } }`},
	"colleagues": {query: `{ colleagues(first: 200) { id name } }`},
	"collabItems": {query: `{ t: collabItems(box: TODO) { totalCount edges { node { id title } } }
		s: collabItems(box: SENT) { totalCount edges { node { id title } } }
		d: collabItems(box: DONE) { totalCount edges { node { id title } } } }`},
	"collabItem": {
		query: `query($id: ID!) { collabItem(id: $id) { id title body } }`,
		vars:  func(_ apptest.Tenant, item uint64) map[string]any { return map[string]any{"id": apptest.ID(item)} },
		codes: []string{"not_found"},
	},
	"sendCollabItem": {
		query: `mutation($to: ID!) { sendCollabItem(input: {title: "x", body: "y", recipientIds: [$to]}) { id } }`,
		vars: func(a apptest.Tenant, _ uint64) map[string]any {
			return map[string]any{"to": apptest.ID(a.Approver.EmployeeID)}
		},
		codes: []string{"invalid"},
	},
	"handleCollabItem": {
		query: `mutation($id: ID!) { handleCollabItem(id: $id, action: APPROVE, opinion: "ok") { id status } }`,
		vars:  func(_ apptest.Tenant, item uint64) map[string]any { return map[string]any{"id": apptest.ID(item)} },
		codes: []string{"not_found"},
	},
	"collabCounts": {query: `{ collabCounts { todo sent done } }`},
	"withdrawCollabItem": {
		query: `mutation($id: ID!) { withdrawCollabItem(id: $id) { id status } }`,
		vars:  func(_ apptest.Tenant, item uint64) map[string]any { return map[string]any{"id": apptest.ID(item)} },
		codes: []string{"not_found"},
	},
	"tenantSettings": {query: `{ tenantSettings { lockoutThreshold passwordMinLength } }`},
	"updateTenantSettings": {
		query: `mutation { updateTenantSettings(input: {lockoutThreshold: 9, passwordMinLength: 12}) { lockoutThreshold } }`,
	},
	"login": {
		// B's admin credentials (a password only B's admin has) presented to tenant A.
		query: `mutation($t: String!) { login(tenant: $t, login: "admin", password: "Bravo-0nly!") { accessToken } }`,
		vars:  func(a apptest.Tenant, _ uint64) map[string]any { return map[string]any{"t": a.Slug} },
		codes: []string{"unauthenticated"},
	},
	"refreshSession": {
		// A refresh token shaped like tenant A's.
		query: `mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }`,
		vars: func(a apptest.Tenant, _ uint64) map[string]any {
			return map[string]any{"r": "rt_" + apptest.ID(a.ID) + "_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
		},
		codes: []string{"unauthenticated"},
	},
	"exchangeSsoTicket": {
		query: `mutation { exchangeSsoTicket(ticket: "not-a-ticket") { accessToken } }`,
		codes: []string{"unauthenticated"},
	},
	"changePassword": {
		query: `mutation { changePassword(oldPassword: "Bravo-0nly!", newPassword: "N3w-passw0rd") { accessToken } }`,
	},
}

// TestCrossTenant shows that a user of tenant B gets nothing of tenant A through any root field, and that none of
// B's calls changes A's data.
func TestCrossTenant(t *testing.T) {
	env := apptest.New(t, dsn)
	a, b := env.Tenant(t, "alpha"), env.Tenant(t, "bravo")
	// B's admin has the strongest role, so only tenancy can stop it; its password is one A's admin does not have.
	if _, err := env.Directory.ChangePassword(b.Ctx(), b.Admin.AccountID, apptest.Password, "Bravo-0nly!"); err != nil {
		t.Fatal(err)
	}
	b.Admin.Password = "Bravo-0nly!"
	item, err := env.OA.Send(a.Ctx(), a.Sender.EmployeeID, oa.SendInput{Title: "ALPHA-SECRET", Body: "ALPHA-BODY", RecipientIDs: []uint64{a.Approver.EmployeeID}})
	if err != nil {
		t.Fatal(err)
	}
	markers := []string{"ALPHA-SECRET", "ALPHA-BODY", a.Admin.Name, a.Sender.Name, a.Approver.Name}
	before := snapshot(t, env, a)

	fields := rootFields(t)
	for _, name := range fields {
		if _, ok := crossTenantCases[name]; !ok {
			t.Errorf("root field %q has no cross-tenant case: add one to crossTenantCases", name)
		}
	}
	for name := range crossTenantCases {
		if !slices.Contains(fields, name) {
			t.Errorf("case %q names no root field of the schema", name)
		}
	}
	for _, name := range fields {
		c, ok := crossTenantCases[name]
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			var vars map[string]any
			if c.vars != nil {
				vars = c.vars(a, item.ID)
			}
			res := env.GraphQL(t, env.Token(t, b, b.Admin), c.query, vars)
			if name == "changePassword" && len(res.Errors) == 0 {
				b.Admin.Password = "N3w-passw0rd"
			}
			raw := string(res.Data)
			for _, e := range res.Errors {
				raw += e.Message
			}
			for _, m := range markers {
				if strings.Contains(raw, m) {
					t.Errorf("response leaks tenant A's %q: %s", m, raw)
				}
			}
			switch {
			case len(c.codes) == 0 && len(res.Errors) > 0:
				t.Errorf("want success on B's own data, got %+v", res.Errors)
			case len(c.codes) > 0 && !slices.Contains(c.codes, res.Code()):
				t.Errorf("code = %q, want one of %v (errors %+v)", res.Code(), c.codes, res.Errors)
			}
		})
	}
	if after := snapshot(t, env, a); after != before {
		t.Errorf("tenant A changed:\nbefore %+v\nafter  %+v", before, after)
	}
	// A's people still sign in with their unchanged passwords.
	env.Token(t, a, a.Admin)
}

type tenantState struct {
	Status                  oa.Status
	Pending, Outbox, Items  int64
	LockoutThreshold, MinPw int
}

func snapshot(t *testing.T, env *apptest.Env, a apptest.Tenant) tenantState {
	t.Helper()
	ctx := a.Ctx()
	var s tenantState
	db := env.DB.WithContext(ctx)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Model(&oa.Item{}).Count(&s.Items).Error)
	must(db.Model(&oa.Recipient{}).Where("state = ?", oa.StatePending).Count(&s.Pending).Error)
	must(db.Model(&outbox.Message{}).Count(&s.Outbox).Error)
	var it oa.Item
	must(db.Order("id").First(&it).Error)
	s.Status = it.Status
	set, err := env.Tenants.Settings(ctx)
	must(err)
	s.LockoutThreshold, s.MinPw = set.LockoutThreshold, set.PasswordMinLength
	return s
}

// rootFields lists the schema's queries and mutations, introspection fields aside.
func rootFields(t *testing.T) []string {
	t.Helper()
	s := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}}).Schema()
	var out []string
	for _, typ := range []string{"Query", "Mutation"} {
		for _, f := range s.Types[typ].Fields {
			if !strings.HasPrefix(f.Name, "__") {
				out = append(out, f.Name)
			}
		}
	}
	if len(out) < 10 {
		t.Fatalf("suspiciously few root fields: %v", out)
	}
	return out
}

// TestNoTenantFailsClosed shows the mechanism under every resolver: a statement without a tenant is an error.
func TestNoTenantFailsClosed(t *testing.T) {
	env := apptest.New(t, dsn)
	a := env.Tenant(t, "solo")
	var n int64
	err := env.DB.WithContext(context.Background()).Model(&oa.Item{}).Count(&n).Error
	if err == nil || !strings.Contains(err.Error(), tenancy.ErrNoTenant.Error()) {
		t.Fatalf("count without tenant: err = %v, want ErrNoTenant", err)
	}
	if _, err := env.OA.List(context.Background(), a.Sender.EmployeeID, oa.BoxSent, 10, ""); err == nil {
		t.Fatal("List without tenant succeeded")
	}
}
