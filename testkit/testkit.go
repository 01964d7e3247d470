// Package testkit gives every package's tests a private MariaDB database and a private Redis database.
//
// The servers come from the environment: TEST_MYSQL_DSN (a go-sql-driver DSN of the server, default
// "root@tcp(127.0.0.1:3306)/") and TEST_REDIS_ADDR (default "127.0.0.1:6379"). Go runs the test binaries
// of different packages in parallel, so nothing here is shared between them: each gets its own database
// qiao_t_<random> and its own leased Redis logical database.
package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/migrations"
)

// setupTimeout bounds creating, migrating and dropping a test database.
const setupTimeout = 2 * time.Minute

// mysqlServerDSN returns the DSN of the test MySQL server, without a database.
func mysqlServerDSN() string {
	if dsn := os.Getenv("TEST_MYSQL_DSN"); dsn != "" {
		return dsn
	}
	return "root@tcp(127.0.0.1:3306)/"
}

// MainDatabase creates a fresh database qiao_t_<random> on the test server, applies every migration and
// returns its DSN (parseTime=true, loc=UTC) and a function that drops it. It is for TestMain, which has
// no testing.TB: it panics when the server cannot be reached, as there is nothing to test without it. Main wraps
// it for the usual TestMain: func TestMain(m *testing.M) { testkit.Main(m, &dsn) }.
func MainDatabase() (dsn string, drop func()) {
	dsn, drop, err := newDatabase(true)
	if err != nil {
		panic("testkit: " + err.Error())
	}
	return dsn, drop
}

// NewDatabase is MainDatabase for one test: the database is dropped at tb's cleanup. Prefer one database
// per package (MainDatabase in TestMain): creating and migrating one takes a noticeable fraction of a
// second.
func NewDatabase(tb testing.TB) (dsn string) {
	tb.Helper()
	dsn, drop, err := newDatabase(true)
	if err != nil {
		tb.Fatalf("testkit: %v", err)
	}
	tb.Cleanup(drop)
	return dsn
}

// NewEmptyDatabase is NewDatabase without the migrations, for tests of the migrations themselves.
func NewEmptyDatabase(tb testing.TB) (dsn string) {
	tb.Helper()
	dsn, drop, err := newDatabase(false)
	if err != nil {
		tb.Fatalf("testkit: %v", err)
	}
	tb.Cleanup(drop)
	return dsn
}

// MustGorm opens dsn with database.Open (so with the production settings) and closes it at tb's cleanup.
// SQL warnings and errors are logged to the test's output.
func MustGorm(tb testing.TB, dsn string) *gorm.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	log := slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := database.Open(ctx, dsn, log)
	if err != nil {
		tb.Fatalf("testkit: %v", err)
	}
	tb.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			_ = sqlDB.Close()
		}
	})
	return db
}

// newDatabase creates (and, if migrate, migrates) a database and returns its DSN and dropper.
func newDatabase(withMigrations bool) (dsn string, drop func(), err error) {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()

	server := mysqlServerDSN()
	cfg, err := mysql.ParseDSN(server)
	if err != nil {
		return "", nil, fmt.Errorf("TEST_MYSQL_DSN: %w", err)
	}
	name := "qiao_t_" + randomHex(6)
	if err := database.EnsureDatabase(ctx, server, name); err != nil {
		return "", nil, fmt.Errorf("create test database (is MariaDB running at %s?): %w", cfg.Addr, err)
	}
	drop = func() {
		ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
		defer cancel()
		if err := database.DropDatabase(ctx, server, name); err != nil {
			// The database is only garbage now; say so rather than fail a test that passed.
			fmt.Fprintf(os.Stderr, "testkit: drop %s: %v\n", name, err)
		}
	}

	cfg.DBName = name
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	dsn = cfg.FormatDSN()

	if withMigrations {
		if err := migrate(ctx, cfg); err != nil {
			drop()
			return "", nil, fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return dsn, drop, nil
}

// migrate applies every migration to the database cfg names.
func migrate(ctx context.Context, cfg *mysql.Config) error {
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	_, err = migrations.Apply(ctx, db, slog.New(slog.DiscardHandler))
	return err
}

// randomHex returns 2n random hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
