package graph_test

import (
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/graph"
	"github.com/qiao-hq/qiao/graph/generated"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// notConfiguration are the admin mutations that publish content rather than change the tenant's configuration: the
// content itself is their record.
var notConfiguration = map[string]bool{"publishNotice": true, "publishSurvey": true}

// TestAuditCoversConfiguration: every mutation only an admin (or a partner) may call changes the tenant's
// configuration and carries @audit, so a new one cannot skip the log.
func TestAuditCoversConfiguration(t *testing.T) {
	s := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}}).Schema()
	n := 0
	for _, f := range s.Mutation.Fields {
		role := f.Directives.ForName("hasRole")
		if role == nil || notConfiguration[f.Name] {
			continue
		}
		if v := role.Arguments.ForName("role"); v == nil || v.Value.Raw != "ADMIN" {
			continue
		}
		n++
		if f.Directives.ForName("audit") == nil {
			t.Errorf("admin mutation %s has no @audit", f.Name)
		}
	}
	if n < 15 {
		t.Errorf("only %d admin mutations found", n)
	}
}

// TestAuditRecordsAdminChanges: an admin's change is logged with their login, the client's address, the
// arguments with secrets masked; a refused change is not logged.
func TestAuditRecordsAdminChanges(t *testing.T) {
	env := apptest.New(t, dsn)
	a := env.Tenant(t, "audited")
	token := env.Token(t, a, a.Admin)
	for _, q := range []string{
		`mutation { updateTenantSettings(input: {lockoutThreshold: 7}) { lockoutThreshold } }`,
		`mutation { saveWeComCorp(input: {contactSecret: "contact-0123456789"}) { contactSecret } }`,
		`mutation { updateTenantSettings(input: {lockoutThreshold: 0}) { lockoutThreshold } }`, // refused
	} {
		env.GraphQL(t, token, q, nil)
	}
	entries, err := audit.List(a.Ctx(), env.DB, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Action+" "+string(e.ActorKind)+" "+e.Actor+" "+string(e.Changes))
		if e.Source == "" {
			t.Errorf("%s has no source", e.Action)
		}
	}
	want := []string{
		`wecom.corp admin ` + a.Admin.Login + ` {"input":{"contactSecret":"••••6789"}}`,
		`tenant.settings admin ` + a.Admin.Login + ` {"input":{"lockoutThreshold":7}}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
