package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
)

// TestTenantCommand: the operator creates a tenant with its first admin from the command line, who can sign in
// once with the printed password and must then choose their own; the creation is in the tenant's audit log, the
// password is not; a refusal names its flag and writes nothing; list shows the tenants, as text or JSON.
func TestTenantCommand(t *testing.T) {
	ctx := context.Background()
	dsn := testkit.NewDatabase(t)
	run := command(ctx, tenantCmd, dsn)
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil {
		t.Fatal(err)
	}
	ts, dir := tenants.NewStore(db, nil), directory.NewStore(db, nil)
	count := func(table string) (n int64) {
		if err := db.WithContext(tenancy.System(ctx)).Table(table).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}

	out, err := run("create", "--slug", "acme", "--name", "艾克米科技", "--admin", "boss", "--admin-name", "王总")
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	password := ""
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "one-time password:"); ok {
			password = strings.TrimSpace(v)
		}
	}
	if len(password) != 16 {
		t.Fatalf("no one-time password in:\n%s", out)
	}
	acme, err := ts.BySlug(ctx, "acme")
	if err != nil || acme.Name != "艾克米科技" {
		t.Fatalf("tenant acme: %+v, %v", acme, err)
	}
	tctx := tenancy.WithTenant(ctx, acme.ID)
	acct, err := dir.Authenticate(tctx, "boss", password)
	if err != nil {
		t.Fatalf("the first admin cannot sign in with the printed password: %v", err)
	}
	if acct.Role != directory.RoleAdmin || !acct.MustChangePassword {
		t.Errorf("first admin: role %s, must change password %v; want admin, true", acct.Role, acct.MustChangePassword)
	}
	if emp, err := dir.Employee(tctx, acct.EmployeeID); err != nil || emp.Name != "王总" {
		t.Errorf("first admin's employee: %+v, %v", emp, err)
	}
	log, err := audit.List(tctx, db, 10, 0)
	if err != nil || len(log) != 1 {
		t.Fatalf("audit log: %+v, %v; want the creation", log, err)
	}
	if e := log[0]; e.Action != "tenant.create" || e.ActorKind != audit.Operator || e.Source != "cli" || e.Actor == "" ||
		!strings.Contains(string(e.Changes), `"adminLogin":"boss"`) || strings.Contains(string(e.Changes), password) {
		t.Errorf("audit entry %+v (changes %s)", e, e.Changes)
	}

	t.Run("JSON", func(t *testing.T) {
		out, err := run("create", "--slug", "beta", "--name", "Beta", "--admin", "root", "--json")
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Slug, AdminLogin, OneTimePassword string
			MustChangePassword                bool
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil || got.Slug != "beta" || got.AdminLogin != "root" ||
			len(got.OneTimePassword) != 16 || !got.MustChangePassword {
			t.Errorf("create --json: %s (%v)", out, err)
		}
	})
	t.Run("Refusals", func(t *testing.T) {
		tenantsBefore, accountsBefore, auditBefore := count("tenants"), count("accounts"), count("audit_log")
		for _, c := range []struct {
			name string
			args []string
			want string
		}{
			{"SlugTaken", []string{"create", "--slug", "acme", "--name", "X", "--admin", "a1"}, "--slug"},
			{"BadSlug", []string{"create", "--slug", "Acme Co", "--name", "X", "--admin", "a1"}, "--slug"},
			{"BadLogin", []string{"create", "--slug", "gamma", "--name", "X", "--admin", "no spaces"}, "--admin"},
			{"BadName", []string{"create", "--slug", "gamma", "--name", "a\u202eb", "--admin", "a1"}, "--name"},
			{"LongAdminName", []string{"create", "--slug", "gamma", "--name", "X", "--admin", "a1", "--admin-name", strings.Repeat("名", 65)}, "--admin-name"},
			{"BidiAdminName", []string{"create", "--slug", "gamma", "--name", "X", "--admin", "a1", "--admin-name", "a\u202eb"}, "--admin-name"},
			{"Missing", []string{"create", "--slug", "gamma"}, "required"},
			{"Unknown", []string{"remove"}, "unknown command"},
		} {
			if _, err := run(c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v, want an error naming %q", c.name, err, c.want)
			}
		}
		if count("tenants") != tenantsBefore || count("accounts") != accountsBefore || count("audit_log") != auditBefore {
			t.Error("a refused create wrote something")
		}
	})
	t.Run("List", func(t *testing.T) {
		out, err := run("list")
		if err != nil || !strings.Contains(out, "acme") || !strings.Contains(out, "艾克米科技") || !strings.Contains(out, "beta") {
			t.Errorf("list: %v\n%s", err, out)
		}
		out, err = run("list", "--json")
		var rows []struct{ Slug, Name string }
		if err != nil || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 2 || rows[0].Slug != "acme" {
			t.Errorf("list --json: %v\n%s", err, out)
		}
	})
	t.Run("NeedsAMigratedDatabase", func(t *testing.T) {
		if err := tenantCmd(ctx, []string{"list"}, func(string) string { return "" }, &bytes.Buffer{}); err == nil ||
			!strings.Contains(err.Error(), "DATABASE_URL") {
			t.Errorf("without DATABASE_URL: %v", err)
		}
		empty := testkit.NewEmptyDatabase(t)
		err := tenantCmd(ctx, []string{"list"}, func(k string) string {
			if k == "DATABASE_URL" {
				return empty
			}
			return ""
		}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "qiao migrate") {
			t.Errorf("on an unmigrated database: %v", err)
		}
	})
}

// command runs cmd (tenantCmd, partnerCmd) against dsn as DATABASE_URL, the only variable it reads, and returns
// what it printed.
func command(ctx context.Context, cmd func(context.Context, []string, func(string) string, io.Writer) error, dsn string) func(...string) (string, error) {
	env := func(k string) string {
		if k == "DATABASE_URL" {
			return dsn
		}
		return ""
	}
	return func(args ...string) (string, error) {
		var out bytes.Buffer
		err := cmd(ctx, args, env, &out)
		return out.String(), err
	}
}
