// Command worker runs Qiao's queue worker and outbox relay without the HTTP server, for deployments that scale
// the two apart. It reads the same settings as the server; DATABASE_URL and REDIS_URL must point at the shared
// stores (embedded ones would be private to this process).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/qiao-hq/qiao/server/app"
	"github.com/qiao-hq/qiao/server/config"
)

func main() {
	cfg, err := config.FromEnv(os.Getenv)
	if err == nil && cfg.Embedded() {
		err = fmt.Errorf("the standalone worker needs DATABASE_URL and REDIS_URL")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "qiao worker:", err)
		os.Exit(1)
	}
	cfg.Migrate = false
	log := app.NewLogger(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, "qiao worker:", err)
		os.Exit(1)
	}
	defer a.Close()
	if err := a.Run(ctx, app.Parts{Worker: true}); err != nil {
		fmt.Fprintln(os.Stderr, "qiao worker:", err)
		os.Exit(1)
	}
}
