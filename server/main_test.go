package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/migrations"
	"github.com/qiao-hq/qiao/testkit"
)

// TestMigrate: `qiao migrate` needs only DATABASE_URL (no keys, no Redis), applies what is pending and says so, and
// without DATABASE_URL refuses with the reason instead of migrating a throwaway embedded store.
func TestMigrate(t *testing.T) {
	ctx := context.Background()
	if err := migrate(ctx, func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("without DATABASE_URL: %v, want a refusal naming it", err)
	}
	dsn := testkit.NewEmptyDatabase(t)
	env := func(k string) string {
		if k == "DATABASE_URL" {
			return dsn
		}
		return "" // no JWT_SECRET, LINK_SECRET, SECRET_KEY, REDIS_URL
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 2 {
		if err := migrate(ctx, env); err != nil {
			t.Fatalf("migrate, run %d: %v", i+1, err)
		}
		if pending, err := migrations.Pending(ctx, db); err != nil || len(pending) != 0 {
			t.Errorf("after run %d: pending %v (%v)", i+1, pending, err)
		}
	}
}
