package embedded_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/migrations"
	"github.com/qiao-hq/qiao/testkit"
)

// mustSQL opens a database/sql handle on dsn, closed at cleanup.
func mustSQL(tb testing.TB, dsn string) *sql.DB {
	tb.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	db := sql.OpenDB(connector)
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// mustMigrated returns a gorm handle on a fresh embedded MySQL with every migration applied.
func mustMigrated(tb testing.TB) *gorm.DB {
	tb.Helper()
	m := mustMySQL(tb)
	if _, err := migrations.Apply(context.Background(), mustSQL(tb, m.DSN()), testLog()); err != nil {
		tb.Fatalf("Apply: %v", err)
	}
	return testkit.MustGorm(tb, m.DSN())
}

// mustGorm is testkit.MustGorm, kept under this name for engine_test.go.
var mustGorm = testkit.MustGorm

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	m := mustMySQL(t)
	db := mustSQL(t, m.DSN())

	t.Run("OK", func(t *testing.T) {
		applied, err := migrations.Apply(ctx, db, testLog())
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if diff := cmp.Diff(migrations.Versions(), applied); diff != "" {
			t.Errorf("applied (-want +got):\n%s", diff)
		}
	})

	t.Run("SecondApplyIsNoop", func(t *testing.T) {
		applied, err := migrations.Apply(ctx, db, testLog())
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if len(applied) != 0 {
			t.Errorf("applied %v, want nothing", applied)
		}
		var got []string
		rows, err := db.QueryContext(ctx, "SELECT version FROM schema_migrations ORDER BY version")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(migrations.Versions(), got); diff != "" {
			t.Errorf("schema_migrations (-want +got):\n%s", diff)
		}
	})
}

// TestMigrationsConcurrent runs Apply from several handles at once: the advisory lock must make exactly
// one of them apply each version.
func TestMigrationsConcurrent(t *testing.T) {
	ctx := context.Background()
	m := mustMySQL(t)

	const n = 4
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		applied []string
		errs    []error
	)
	for range n {
		db := mustSQL(t, m.DSN())
		wg.Go(func() {
			got, err := migrations.Apply(ctx, db, testLog())
			mu.Lock()
			defer mu.Unlock()
			applied = append(applied, got...)
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if diff := cmp.Diff(migrations.Versions(), applied); diff != "" {
		t.Errorf("applied across all callers (-want +got):\n%s", diff)
	}
}

func TestAdvisoryLock(t *testing.T) {
	ctx := context.Background()
	m := mustMySQL(t)
	c1, err := mustSQL(t, m.DSN()).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	// c2 has a pool of its own so that closing the pool closes its session.
	db2 := mustSQL(t, m.DSN())
	c2, err := db2.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}

	query := func(c *sql.Conn, q string, args ...any) sql.NullInt64 {
		t.Helper()
		var v sql.NullInt64
		if err := c.QueryRowContext(ctx, q, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	want := func(name string, got sql.NullInt64, want int64) {
		t.Helper()
		if !got.Valid || got.Int64 != want {
			t.Errorf("%s = %v, want %d", name, got, want)
		}
	}

	want("c1 GET_LOCK", query(c1, "SELECT GET_LOCK('t', 0)"), 1)
	want("c2 IS_FREE_LOCK", query(c2, "SELECT IS_FREE_LOCK('t')"), 0)

	start := time.Now()
	want("c2 GET_LOCK with 1s timeout", query(c2, "SELECT GET_LOCK(?, ?)", "t", 1), 0)
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Errorf("GET_LOCK gave up after %v, want about 1s", waited)
	}

	want("c2 RELEASE_LOCK of a lock it does not hold", query(c2, "SELECT RELEASE_LOCK('t')"), 0)
	want("c1 RELEASE_LOCK", query(c1, "SELECT RELEASE_LOCK('t')"), 1)
	want("c2 GET_LOCK after release", query(c2, "SELECT GET_LOCK('t', 0)"), 1)

	// A lock dies with its session, so a crashed migrator cannot block the next one forever.
	_ = c2.Close()
	if err := db2.Close(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if v := query(c1, "SELECT GET_LOCK('t', 0)"); v.Valid && v.Int64 == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("lock of a closed session was never released")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
