package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/user"
	"text/tabwriter"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/onboarding"
	"github.com/qiao-hq/qiao/tenants"
)

const tenantUsage = `usage:
  qiao tenant create --slug SLUG --name NAME --admin LOGIN [--admin-name NAME] [--json]
  qiao tenant list [--json]

Against the database of DATABASE_URL, migrated (qiao migrate). create makes the tenant, its systems and its first
admin, and prints the admin's one-time password, to be changed at the first sign-in. --json prints one JSON object
(create) or array (list) for scripts.`

// tenantCmd runs `qiao tenant …` with args after "tenant", writing to out.
func tenantCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(tenantUsage)
	}
	db, closeDB, err := openMigrated(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeDB()
	ts := tenants.NewStore(db, nil) // creating and listing tenants opens no sealed secret
	switch args[0] {
	case "create":
		return tenantCreate(ctx, db, ts, args[1:], out)
	case "list":
		return tenantList(ctx, ts, args[1:], out)
	default:
		return fmt.Errorf("unknown command tenant %s\n%s", args[0], tenantUsage)
	}
}

func tenantCreate(ctx context.Context, db *gorm.DB, ts *tenants.Store, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("tenant create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	slug := fs.String("slug", "", "the tenant's identifier, typed at sign-in (a–z, 0–9, -)")
	name := fs.String("name", "", "the company's name")
	admin := fs.String("admin", "", "the first admin's login")
	adminName := fs.String("admin-name", "", "the first admin's name (管理员)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w\n%s", err, tenantUsage)
	}
	if *slug == "" || *name == "" || *admin == "" {
		return fmt.Errorf("--slug, --name and --admin are required\n%s", tenantUsage)
	}
	svc := onboarding.NewService(db, ts, directory.NewStore(db, nil), nil)
	res, err := svc.CreateTenant(audit.WithActor(ctx, operator()), onboarding.Input{
		Slug: *slug, Name: *name, AdminLogin: *admin, AdminName: *adminName})
	if err != nil {
		return describe(err)
	}
	if *asJSON {
		return json.NewEncoder(out).Encode(map[string]any{
			"slug": res.Tenant.Slug, "name": res.Tenant.Name, "adminLogin": res.Admin.Login,
			"oneTimePassword": res.Password, "mustChangePassword": true,
		})
	}
	_, err = fmt.Fprintf(out, "created tenant %s (%s)\n  first admin:        %s\n  one-time password:  %s\n"+
		"  The admin signs in with it (tenant %s) and must choose a new password at once.\n",
		res.Tenant.Slug, res.Tenant.Name, res.Admin.Login, res.Password, res.Tenant.Slug)
	return err
}

func tenantList(ctx context.Context, ts *tenants.Store, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("tenant list", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print one JSON array")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w\n%s", err, tenantUsage)
	}
	all, err := ts.List(ctx)
	if err != nil {
		return describe(err)
	}
	if *asJSON {
		rows := make([]map[string]any, len(all))
		for i, t := range all {
			rows[i] = map[string]any{"slug": t.Slug, "name": t.Name, "createdAt": t.CreatedAt.UTC()}
		}
		return json.NewEncoder(out).Encode(rows)
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "SLUG\tNAME\tCREATED")
	for _, t := range all {
		fmt.Fprintf(w, "%s\t%s\t%s\n", t.Slug, t.Name, t.CreatedAt.In(oa.ChinaTime).Format("2006-01-02 15:04"))
	}
	return w.Flush()
}

// operator names the person at the command line for the audit log: the OS user, from the command line.
func operator() audit.Actor {
	name := "operator"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	return audit.Actor{Kind: audit.Operator, ID: name, Source: "cli"}
}
