// Package testkit gives every test package its own real stores: a fresh MariaDB database with the migrations
// applied, and a Redis logical database leased exclusively (go test runs packages in parallel).
package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/migrations"
)

// Environment variables that point the tests at other servers.
const (
	EnvMySQL = "TEST_MYSQL_DSN"  // default root@tcp(127.0.0.1:3306)/
	EnvRedis = "TEST_REDIS_ADDR" // default 127.0.0.1:6379
)

func serverDSN() string {
	if v := os.Getenv(EnvMySQL); v != "" {
		return v
	}
	return "root@tcp(127.0.0.1:3306)/"
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// MainDatabase creates a fresh database with the migrations applied, for a package's TestMain; drop removes it.
// It exits the process when MariaDB is unreachable, since no test of the package could run.
func MainDatabase() (dsn string, drop func()) {
	dsn, drop, err := newDatabase(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "testkit:", err)
		os.Exit(2)
	}
	return dsn, drop
}

// NewDatabase is MainDatabase for one test: the database is dropped when the test ends.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	dsn, drop, err := newDatabase(context.Background())
	if err != nil {
		tb.Fatalf("testkit: %v", err)
	}
	tb.Cleanup(drop)
	return dsn
}

func newDatabase(ctx context.Context) (string, func(), error) {
	server := serverDSN()
	name := "qiao_t_" + randomHex(6)
	if err := database.EnsureDatabase(ctx, server, name); err != nil {
		return "", nil, err
	}
	drop := func() { _ = database.DropDatabase(context.Background(), server, name) }
	cfg, err := mysql.ParseDSN(server)
	if err != nil {
		drop()
		return "", nil, fmt.Errorf("parse %s: %w", EnvMySQL, err)
	}
	cfg.DBName = name
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	dsn := cfg.FormatDSN()
	db, err := database.Open(ctx, dsn, quiet())
	if err != nil {
		drop()
		return "", nil, err
	}
	defer func() {
		if s, err := db.DB(); err == nil {
			_ = s.Close()
		}
	}()
	s, err := db.DB()
	if err == nil {
		_, err = migrations.Apply(ctx, s, quiet())
	}
	if err != nil {
		drop()
		return "", nil, fmt.Errorf("migrate %s: %w", name, err)
	}
	return dsn, drop, nil
}

// MustGorm opens dsn with the production settings; the connection closes when the test ends. The tenancy plugin
// is not registered: callers that build services do it (server/app does).
func MustGorm(tb testing.TB, dsn string) *gorm.DB {
	tb.Helper()
	db, err := database.Open(context.Background(), dsn, quiet())
	if err != nil {
		tb.Fatalf("testkit: open %v", err)
	}
	tb.Cleanup(func() {
		if s, err := db.DB(); err == nil {
			_ = s.Close()
		}
	})
	return db
}

// RedisAddrDB leases a Redis logical database (1–15) for the test, flushed before and after use.
func RedisAddrDB(tb testing.TB) (addr string, db int) {
	tb.Helper()
	addr = os.Getenv(EnvRedis)
	if addr == "" {
		addr = "127.0.0.1:6379"
	}
	ctx := context.Background()
	ctl := redis.NewClient(&redis.Options{Addr: addr})
	owner := strconv.Itoa(os.Getpid()) + ":" + randomHex(4)
	deadline := time.Now().Add(60 * time.Second)
	for db == 0 {
		for n := 1; n <= 15; n++ {
			ok, err := ctl.SetNX(ctx, fmt.Sprintf("qiao:testlease:%d", n), owner, 15*time.Minute).Result()
			if err != nil {
				_ = ctl.Close()
				tb.Fatalf("testkit: redis at %s: %v", addr, err)
			}
			if ok {
				db = n
				break
			}
		}
		if db == 0 {
			if time.Now().After(deadline) {
				_ = ctl.Close()
				tb.Fatal("testkit: no free Redis database in 60s")
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	flush := func() {
		c := redis.NewClient(&redis.Options{Addr: addr, DB: db})
		_ = c.FlushDB(ctx).Err()
		_ = c.Close()
	}
	flush()
	tb.Cleanup(func() {
		flush()
		key := fmt.Sprintf("qiao:testlease:%d", db)
		if v, _ := ctl.Get(ctx, key).Result(); v == owner {
			ctl.Del(ctx, key)
		}
		_ = ctl.Close()
	})
	return addr, db
}

// MustRedis returns a client on a leased Redis database.
func MustRedis(tb testing.TB) *redis.Client {
	tb.Helper()
	addr, db := RedisAddrDB(tb)
	c := redis.NewClient(&redis.Options{Addr: addr, DB: db})
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
