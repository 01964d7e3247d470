package database_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

func TestParseURL(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // "" means an error is expected
	}{
		{"URL", "mysql://app:s3cret@db.internal:3307/qiao?tls=skip-verify",
			"app:s3cret@tcp(db.internal:3307)/qiao?tls=skip-verify"},
		{"URLDefaultPort", "mysql://app@db/qiao", "app@tcp(db:3306)/qiao"},
		{"URLEscapedPassword", "mysql://app:p%40ss%2Fw%3Ard@127.0.0.1/qiao", "app:p@ss/w:rd@tcp(127.0.0.1:3306)/qiao"},
		{"URLIPv6", "mysql://root@[::1]:3306/qiao", "root@tcp([::1]:3306)/qiao"},
		{"URLNoDatabase", "mysql://root@localhost", "root@tcp(localhost:3306)/"},
		{"DSN", "root@tcp(127.0.0.1:3306)/qiao?parseTime=true", "root@tcp(127.0.0.1:3306)/qiao?parseTime=true"},
		{"DSNPasswordWithSlash", "u:a/b@tcp(h:1)/d", "u:a/b@tcp(h:1)/d"},
		{"ErrScheme", "postgres://u@h/db", ""},
		{"ErrNoHost", "mysql:///qiao", ""},
		{"ErrBadOption", "mysql://u@h/db?parseTime=maybe", ""},
		{"ErrNestedPath", "mysql://u@h/db/x", ""},
		{"ErrDSN", "not a dsn", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := database.ParseURL(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("ParseURL(%q) = %q, want an error", tt.in, got)
				}
				if strings.Contains(err.Error(), "s3cret") {
					t.Errorf("error leaks the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// recorder is a slog handler that keeps records for inspection.
type recorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec.Clone())
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

// text renders every record at level or above as one string.
func (r *recorder) text(level slog.Level) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b bytes.Buffer
	h := slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})
	for _, rec := range r.records {
		if rec.Level >= level {
			_ = h.Handle(context.Background(), rec)
		}
	}
	return b.String()
}

func mustOpen(t *testing.T, log *slog.Logger) *gorm.DB {
	t.Helper()
	db, err := database.Open(context.Background(), dsn, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s, err := db.DB(); err == nil {
			_ = s.Close()
		}
	})
	return db
}

func TestOpen(t *testing.T) {
	db := mustOpen(t, slog.New(slog.DiscardHandler))

	t.Run("SessionSettings", func(t *testing.T) {
		var got struct {
			Charset  string
			TimeZone string
		}
		if err := db.Raw("SELECT @@character_set_connection AS charset, @@time_zone AS time_zone").
			Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got.Charset != "utf8mb4" || got.TimeZone != "+00:00" {
			t.Errorf("session = %+v, want utf8mb4 and +00:00", got)
		}
	})
	t.Run("ParseTimeUTC", func(t *testing.T) {
		var at time.Time
		if err := db.Raw("SELECT CAST('2025-01-02 03:04:05.678901' AS DATETIME(6))").Scan(&at).Error; err != nil {
			t.Fatal(err)
		}
		want := time.Date(2025, 1, 2, 3, 4, 5, 678901000, time.UTC)
		if !at.Equal(want) || at.Location() != time.UTC {
			t.Errorf("got %v, want %v", at, want)
		}
	})
	t.Run("ErrMultiStatements", func(t *testing.T) {
		if err := db.Exec("SELECT 1; SELECT 2").Error; err == nil {
			t.Error("two statements in one Exec ran")
		}
	})
	t.Run("MultiStatementsForcedOff", func(t *testing.T) {
		cfg, _ := mysql.ParseDSN(dsn)
		cfg.MultiStatements = true
		db2, err := database.Open(context.Background(), cfg.FormatDSN(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { s, _ := db2.DB(); _ = s.Close() }()
		if err := db2.Exec("SELECT 1; SELECT 2").Error; err == nil {
			t.Error("multiStatements=true in the DSN was honoured")
		}
	})
	t.Run("ErrUnreachable", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := database.Open(ctx, "root@tcp(127.0.0.1:1)/x", nil); err == nil {
			t.Error("Open succeeded against a closed port")
		}
	})
	t.Run("NestedTransactionJoinsOuter", func(t *testing.T) {
		errBoom := errors.New("boom")
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("INSERT INTO tenants (slug, name, created_at, updated_at) VALUES ('nest', 'n', NOW(6), NOW(6))").Error; err != nil {
				return err
			}
			return tx.Transaction(func(inner *gorm.DB) error { return errBoom })
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("Transaction = %v, want errBoom", err)
		}
		var n int64
		if err := db.Table("tenants").Where("slug = ?", "nest").Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Error("outer insert survived the inner error")
		}
	})
}

func TestLogger(t *testing.T) {
	rec := &recorder{}
	db := mustOpen(t, slog.New(rec))
	const secret = "hunter2-very-secret"

	var n int64
	if err := db.Table("tenants").Where("name = ?", secret).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	_ = db.Exec("SELECT * FROM no_such_table WHERE x = ?", secret).Error
	if err := db.Exec("SELECT SLEEP(0.25)").Error; err != nil {
		t.Fatal(err)
	}

	all := rec.text(slog.LevelDebug)
	if strings.Contains(all, secret) {
		t.Errorf("an argument value reached the log:\n%s", all)
	}
	if !strings.Contains(all, "name = ?") {
		t.Errorf("the statement itself was not logged at debug:\n%s", all)
	}
	if errs := rec.text(slog.LevelError); !strings.Contains(errs, "no_such_table") {
		t.Errorf("the failed statement was not logged at error:\n%s", errs)
	}
	warns := rec.text(slog.LevelWarn)
	if !strings.Contains(warns, "SLEEP") || !strings.Contains(warns, "sql slow") {
		t.Errorf("the slow statement was not logged at warn:\n%s", warns)
	}
	if strings.Contains(rec.text(slog.LevelInfo), "name = ?") {
		t.Error("a fast, successful statement was logged above debug")
	}
}

func TestEnsureDatabase(t *testing.T) {
	ctx := context.Background()
	server := os.Getenv("TEST_MYSQL_DSN")
	if server == "" {
		server = "root@tcp(127.0.0.1:3306)/"
	}
	name := "qiao_t_ensure_" + strconv.Itoa(os.Getpid())
	t.Cleanup(func() { _ = database.DropDatabase(ctx, server, name) })

	for i := range 2 { // the second call finds it and succeeds
		if err := database.EnsureDatabase(ctx, server, name); err != nil {
			t.Fatalf("EnsureDatabase #%d: %v", i+1, err)
		}
	}
	cfg, _ := mysql.ParseDSN(server)
	cfg.DBName = name
	db, err := database.Open(ctx, cfg.FormatDSN(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s, _ := db.DB(); _ = s.Close() }()
	var got struct{ Charset, Collation string }
	if err := db.Raw("SELECT @@character_set_database AS charset, @@collation_database AS collation").
		Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(struct{ Charset, Collation string }{"utf8mb4", "utf8mb4_bin"}, got); diff != "" {
		t.Errorf("database defaults (-want +got):\n%s", diff)
	}

	for _, bad := range []string{"", "a-b", "x`; DROP DATABASE mysql; --", strings.Repeat("a", 65)} {
		if err := database.EnsureDatabase(ctx, server, bad); err == nil {
			t.Errorf("EnsureDatabase(%q) succeeded", bad)
		}
	}
}
