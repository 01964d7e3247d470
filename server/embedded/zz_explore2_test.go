package embedded_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/migrations"
)

func TestExplore2(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN()
	if dsn == "" {
		dsn = mustMySQL(t).DSN()
	}
	sdb := mustSQL(t, dsn)
	if _, err := migrations.Apply(ctx, sdb, testLog()); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	start := time.Now()
	for i := range 2000 {
		if i%500 == 499 {
			t.Logf("%d autocommit inserts: %v", i+1, time.Since(start))
		}
		if _, err := sdb.ExecContext(ctx, "INSERT INTO employees (tenant_id,name,wecom_userid,created_at,updated_at) VALUES (?,?,?,?,?)", 1+i%3, "n", fmt.Sprint("u", i), now, now); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				_, err := sdb.ExecContext(ctx, "INSERT INTO tenants (slug,name,created_at,updated_at) VALUES (?,?,?,?)", fmt.Sprintf("g%d-%d", g, i), "x", now, now)
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	var n int
	_ = sdb.QueryRowContext(ctx, "SELECT COUNT(*) FROM tenants").Scan(&n)
	t.Logf("concurrent autocommit inserts: %d rows of 200, errs=%d %v", n, len(errs), errs)
	var maxID int
	_ = sdb.QueryRowContext(ctx, "SELECT MAX(id) FROM tenants").Scan(&maxID)
	t.Logf("max id %d", maxID)
	// concurrent increments
	_, _ = sdb.ExecContext(ctx, "UPDATE tenants SET lockout_threshold=0")
	for range 4 {
		wg.Go(func() {
			for range 50 {
				_, _ = sdb.ExecContext(ctx, "UPDATE tenants SET lockout_threshold=lockout_threshold+1 WHERE slug='g0-0'")
			}
		})
	}
	wg.Wait()
	_ = sdb.QueryRowContext(ctx, "SELECT lockout_threshold FROM tenants WHERE slug='g0-0'").Scan(&n)
	t.Logf("concurrent autocommit increments: %d of 200", n)
}
