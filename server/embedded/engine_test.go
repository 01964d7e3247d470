package embedded_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/migrations"
)

// These tests pin down how the embedded engine behaves where it could differ from InnoDB, so code that
// relies on one of these behaviours finds out here first.

// mustMigratedSQL returns the DSN and a database/sql handle of a fresh, migrated embedded MySQL.
func mustMigratedSQL(t *testing.T) (string, *sql.DB) {
	t.Helper()
	m := mustMySQL(t)
	db := mustSQL(t, m.DSN())
	if _, err := migrations.Apply(context.Background(), db, testLog()); err != nil {
		t.Fatal(err)
	}
	return m.DSN(), db
}

func mustConn(t *testing.T, db *sql.DB) *sql.Conn {
	t.Helper()
	c, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func mustExec(t *testing.T, c interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, q string, args ...any) sql.Result {
	t.Helper()
	res, err := c.ExecContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res
}

func count(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

const insertTenant = "INSERT INTO tenants (slug, name, created_at, updated_at) VALUES (?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))"

func TestConcurrentWritesAreKept(t *testing.T) {
	ctx := context.Background()
	_, db := mustMigratedSQL(t)
	mustExec(t, db, insertTenant, "counter", "c")

	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for g := range 4 {
		wg.Go(func() {
			for i := range 25 {
				if _, err := db.ExecContext(ctx, insertTenant, fmt.Sprintf("g%d-%d", g, i), "x"); err != nil {
					errs <- err
				}
				if _, err := db.ExecContext(ctx,
					"UPDATE tenants SET lockout_threshold = lockout_threshold + 1 WHERE slug = 'counter'"); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM tenants WHERE slug <> 'counter'"); n != 100 {
		t.Errorf("%d rows after 100 concurrent inserts", n)
	}
	if n := count(t, db, "SELECT lockout_threshold FROM tenants WHERE slug = 'counter'"); n != 5+100 {
		t.Errorf("counter = %d after 100 concurrent increments from 5, want 105", n)
	}
}

func TestTransactionsRunOneAtATime(t *testing.T) {
	ctx := context.Background()
	_, db := mustMigratedSQL(t)
	c1, c2 := mustConn(t, db), mustConn(t, db)

	mustExec(t, c1, "START TRANSACTION")
	mustExec(t, c1, insertTenant, "t1", "T1")

	done := make(chan error, 1)
	go func() {
		_, err := c2.ExecContext(ctx, insertTenant, "t2", "T2")
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("c2 wrote while c1's transaction was open (err %v)", err)
	case <-time.After(300 * time.Millisecond):
	}

	t.Run("GetLockDoesNotWait", func(t *testing.T) {
		c3 := mustConn(t, db)
		var got int
		if err := c3.QueryRowContext(ctx, "SELECT GET_LOCK('other', 0)").Scan(&got); err != nil || got != 1 {
			t.Errorf("GET_LOCK during another transaction = %d, %v", got, err)
		}
		mustExec(t, c3, "SELECT RELEASE_LOCK('other')")
	})

	mustExec(t, c1, "COMMIT")
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("c2 insert: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("c2 still waiting after c1 committed")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM tenants WHERE slug IN ('t1', 't2')"); n != 2 {
		t.Errorf("%d of t1, t2 kept", n)
	}
}

func TestClosedConnectionEndsItsTransaction(t *testing.T) {
	ctx := context.Background()
	dsn, db := mustMigratedSQL(t)
	other := mustSQL(t, dsn)
	c := mustConn(t, other)
	mustExec(t, c, "START TRANSACTION")
	mustExec(t, c, insertTenant, "orphan", "O")
	_ = c.Close()
	if err := other.Close(); err != nil { // closes the session mid-transaction
		t.Fatal(err)
	}

	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := db.ExecContext(wctx, insertTenant, "next", "N"); err != nil {
		t.Fatalf("write after the other session died: %v", err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM tenants WHERE slug = 'orphan'"); n != 0 {
		t.Error("the dead session's uncommitted insert is visible")
	}
}

func TestUpserts(t *testing.T) {
	dsn, db := mustMigratedSQL(t)
	mustExec(t, db, insertTenant, "a", "A")

	affected := func(res sql.Result) int64 {
		n, err := res.RowsAffected()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// MySQL's counts: 1 inserted, 2 updated, 0 unchanged or ignored.
	t.Run("OnDuplicateKeyUpdateValues", func(t *testing.T) {
		res := mustExec(t, db, insertTenant+" ON DUPLICATE KEY UPDATE name = VALUES(name)", "a", "A2")
		if n := affected(res); n != 2 {
			t.Errorf("rows affected %d, want 2", n)
		}
		res = mustExec(t, db, insertTenant+" ON DUPLICATE KEY UPDATE name = VALUES(name)", "a", "A2")
		if n := affected(res); n != 0 {
			t.Errorf("unchanged row: rows affected %d, want 0", n)
		}
	})
	t.Run("InsertIgnore", func(t *testing.T) {
		res := mustExec(t, db, "INSERT IGNORE INTO tenants (slug, name, created_at, updated_at) VALUES ('a', 'A3', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))")
		if n := affected(res); n != 0 {
			t.Errorf("rows affected %d, want 0", n)
		}
	})
	t.Run("GormOnConflictDoNothing", func(t *testing.T) {
		gdb := mustGorm(t, dsn)
		res := gdb.Clauses(clause.OnConflict{DoNothing: true}).Create(&tenant{Slug: "a", Name: "dup"})
		if res.Error != nil || res.RowsAffected != 0 {
			t.Errorf("err %v, rows %d; want nil, 0", res.Error, res.RowsAffected)
		}
		batch := []tenant{{Slug: "b1", Name: "b"}, {Slug: "b2", Name: "b"}, {Slug: "b3", Name: "b"}}
		if err := gdb.Create(&batch).Error; err != nil {
			t.Fatal(err)
		}
		for i, tn := range batch {
			var slug string
			if err := gdb.Table("tenants").Select("slug").Where("id = ?", tn.ID).Scan(&slug).Error; err != nil || slug != tn.Slug {
				t.Errorf("batch[%d] got id %d, which holds %q (err %v)", i, tn.ID, slug, err)
			}
		}
	})
	if n := count(t, db, "SELECT COUNT(*) FROM tenants WHERE name = 'A2'"); n != 1 {
		t.Errorf("%d rows named A2", n)
	}
}

func TestLockingReadsParse(t *testing.T) {
	_, db := mustMigratedSQL(t)
	mustExec(t, db, insertTenant, "a", "A")
	for _, q := range []string{
		"SELECT id FROM tenants WHERE slug = 'a' FOR UPDATE",
		"SELECT id FROM outbox WHERE enqueued_at IS NULL ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED",
		"SELECT id FROM tenants WHERE slug = 'a' LOCK IN SHARE MODE",
	} {
		rows, err := db.QueryContext(context.Background(), q)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		_ = rows.Close()
	}
}
