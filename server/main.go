// Command server runs Qiao: the GraphQL API, the H5 app, the WeChat OAuth callback and, unless WORKER=false, the
// queue worker. With no DATABASE_URL / REDIS_URL it runs on embedded stores with the WeChat simulator and a demo
// tenant, migrating at start.
//
// `server tenant create|list` (`qiao tenant …`) is the operator's: it creates a tenant with its first admin, or lists
// the tenants, against DATABASE_URL; `server partner create|key|list` registers partners and issues their API keys.
//
// `server migrate` (`qiao migrate` in the image) applies the migrations and exits. Against a real DATABASE_URL that
// is a deploy step of its own, run before the new release starts: the server does not migrate there unless
// MIGRATE=true, and refuses to start on a schema that is behind.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/migrations"
	"github.com/qiao-hq/qiao/server/app"
	"github.com/qiao-hq/qiao/server/config"
	"github.com/qiao-hq/qiao/server/demo"
	"gorm.io/gorm"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "qiao:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "migrate":
			return migrate(ctx, os.Getenv)
		case "tenant":
			return tenantCmd(ctx, os.Args[2:], os.Getenv, os.Stdout)
		case "partner":
			return partnerCmd(ctx, os.Args[2:], os.Getenv, os.Stdout)
		}
	}
	app.SetServerGC(os.Getenv)
	cfg, err := config.FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	log := app.NewLogger(cfg)
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.Demo {
		printDemo(cfg)
	}
	return a.Run(ctx, app.Parts{HTTP: true, Worker: cfg.Worker})
}

func printDemo(cfg config.Config) {
	fmt.Printf(`
  Qiao demo is running (embedded stores: %v)
    H5 app:            %s/h5/
    Admin portal:      %s/admin/
    GraphQL:           %s/graphql   (playground: %s/playground)
    WeChat simulator:  %s/_sim/inbox/%s/lisi   (the approver's phone)
                       %s/_sim/inbox/%s/zhangsan   (the sender's phone)
  Demo logins (tenant %q):
`, cfg.Embedded(), cfg.PublicURL, cfg.PublicURL, cfg.PublicURL, cfg.PublicURL, cfg.WeComOAuthBase, demo.CorpID, cfg.WeComOAuthBase, demo.CorpID, demo.TenantSlug)
	for _, p := range demo.Demo().People {
		fmt.Printf("    %-10s %-12s %s (%s)\n", p.Login, p.Password, p.Name, p.Role)
	}
	fmt.Println()
}

// migrate applies the migrations to the database of DATABASE_URL and says what it applied. It needs nothing else:
// no keys, no Redis. Without DATABASE_URL there is nothing to migrate (the embedded store migrates itself at
// every start), and it says so instead of migrating a throwaway store.
func migrate(ctx context.Context, getenv func(string) string) error {
	db, err := openURL(ctx, getenv, "the embedded store of `make run` migrates itself at start")
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	defer sqlDB.Close()
	applied, err := migrations.Apply(ctx, sqlDB, log)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Println("qiao migrate: the schema is up to date")
		return nil
	}
	fmt.Printf("qiao migrate: applied %s\n", strings.Join(applied, ", "))
	return nil
}

// openURL opens the database of DATABASE_URL for a command, or says why there is none to open (why: what the
// embedded store means for that command).
func openURL(ctx context.Context, getenv func(string) string, why string) (*gorm.DB, error) {
	url := strings.TrimSpace(getenv("DATABASE_URL"))
	if url == "" {
		return nil, fmt.Errorf("this command needs DATABASE_URL (mysql://user:pass@host:3306/db): %s", why)
	}
	dsn, err := database.ParseURL(url)
	if err != nil {
		return nil, err
	}
	return database.Open(ctx, dsn, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}
