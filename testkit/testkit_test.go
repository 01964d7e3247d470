package testkit_test

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"

	"github.com/qiao-hq/qiao/migrations"
	"github.com/qiao-hq/qiao/testkit"
)

// mainDSN is this package's database, made the way every package's TestMain makes its own.
var mainDSN string

func TestMain(m *testing.M) {
	dsn, drop := testkit.MainDatabase()
	mainDSN = dsn
	code := m.Run()
	drop()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			os.Stderr.WriteString("goleak: " + err.Error() + "\n")
			code = 1
		}
	}
	os.Exit(code)
}

// databaseExists asks the server whether database name exists.
func databaseExists(t *testing.T, name string) bool {
	t.Helper()
	dsn := os.Getenv("TEST_MYSQL_DSN")
	if dsn == "" {
		dsn = "root@tcp(127.0.0.1:3306)/"
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(context.Background(),
		"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func dbName(t *testing.T, dsn string) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.DBName
}

func TestMainDatabase(t *testing.T) {
	db := testkit.MustGorm(t, mainDSN)
	var got []string
	if err := db.Raw("SELECT version FROM schema_migrations ORDER BY version").Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(migrations.Versions(), got); diff != "" {
		t.Errorf("schema_migrations (-want +got):\n%s", diff)
	}
}

func TestNewDatabase(t *testing.T) {
	var name string
	t.Run("Created", func(t *testing.T) {
		dsn := testkit.NewDatabase(t)
		name = dbName(t, dsn)
		if !databaseExists(t, name) {
			t.Fatalf("database %s does not exist", name)
		}
		if name == dbName(t, mainDSN) {
			t.Fatalf("NewDatabase reused the package database %s", name)
		}
		db := testkit.MustGorm(t, dsn)
		var n int64
		if err := db.Table("tenants").Count(&n).Error; err != nil {
			t.Fatalf("tenants table: %v", err)
		}
		var mode string
		if err := db.Raw("SELECT @@time_zone").Scan(&mode).Error; err != nil {
			t.Fatal(err)
		}
		if mode != "+00:00" {
			t.Errorf("session time_zone %q, want +00:00", mode)
		}
	})
	t.Run("DroppedAtCleanup", func(t *testing.T) {
		if name == "" {
			t.Skip("Created failed")
		}
		if databaseExists(t, name) {
			t.Errorf("database %s still exists after its test ended", name)
		}
	})
}

func TestNewEmptyDatabase(t *testing.T) {
	dsn := testkit.NewEmptyDatabase(t)
	db := testkit.MustGorm(t, dsn)
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()").
		Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("empty database has %d tables", n)
	}
}

func TestMustRedis(t *testing.T) {
	ctx := context.Background()
	var first, second int
	t.Run("TwoLeasesDiffer", func(t *testing.T) {
		a := testkit.MustRedis(t)
		b := testkit.MustRedis(t)
		first, second = a.Options().DB, b.Options().DB
		if first == second {
			t.Fatalf("both leases got DB %d", first)
		}
		for _, db := range []int{first, second} {
			if db < 1 || db > 15 {
				t.Errorf("leased DB %d, want 1..15", db)
			}
		}
		if err := a.Set(ctx, "k", "a", 0).Err(); err != nil {
			t.Fatal(err)
		}
		if n, err := b.Exists(ctx, "k").Result(); err != nil || n != 0 {
			t.Errorf("key written on DB %d visible on DB %d: n=%d err=%v", first, second, n, err)
		}
		if n, err := a.DBSize(ctx).Result(); err != nil || n != 1 {
			t.Errorf("DB %d size %d (err %v), want 1: it did not start empty", first, n, err)
		}
	})
	t.Run("ReleasedAndFlushedAtCleanup", func(t *testing.T) {
		if first == 0 {
			t.Skip("TwoLeasesDiffer failed")
		}
		addr := os.Getenv("TEST_REDIS_ADDR")
		if addr == "" {
			addr = "127.0.0.1:6379"
		}
		for _, n := range []int{first, second} {
			c := redis.NewClient(&redis.Options{Addr: addr, DB: n})
			defer c.Close()
			if k, err := c.Exists(ctx, "k").Result(); err != nil || k != 0 {
				t.Errorf("DB %d not flushed at cleanup: exists=%d err=%v", n, k, err)
			}
		}
		lease := redis.NewClient(&redis.Options{Addr: addr, DB: 0})
		defer lease.Close()
		for _, n := range []int{first, second} {
			// Another package may have leased it since: only our own pid would be wrong.
			owner, err := lease.Get(ctx, "qiao:testlease:"+strconv.Itoa(n)).Result()
			if err == nil && owner == strconv.Itoa(os.Getpid()) {
				t.Errorf("lease of DB %d still held by this process", n)
			}
		}
	})

	t.Run("RedisAddrDB", func(t *testing.T) {
		addr, db := testkit.RedisAddrDB(t)
		c := redis.NewClient(&redis.Options{Addr: addr, DB: db})
		defer c.Close()
		if err := c.Ping(ctx).Err(); err != nil {
			t.Fatalf("ping %s db %d: %v", addr, db, err)
		}
		if db < 1 || db > 15 {
			t.Errorf("leased DB %d, want 1..15", db)
		}
	})
}

// TestLeasesParallel takes leases from parallel tests: no database may be handed out twice at once.
func TestLeasesParallel(t *testing.T) {
	var (
		mu   sync.Mutex
		held = map[int]bool{}
	)
	t.Run("Group", func(t *testing.T) {
		for i := range 8 {
			t.Run(strconv.Itoa(i), func(t *testing.T) {
				t.Parallel()
				_, db := testkit.RedisAddrDB(t)
				mu.Lock()
				if held[db] {
					t.Errorf("DB %d leased twice", db)
				}
				held[db] = true
				mu.Unlock()
				// Registered after the lease, so it runs before the lease is released.
				t.Cleanup(func() {
					mu.Lock()
					delete(held, db)
					mu.Unlock()
				})
				time.Sleep(50 * time.Millisecond)
			})
		}
	})
}
