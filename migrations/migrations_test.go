package migrations_test

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/go-sql-driver/mysql"
	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/migrations"
	"github.com/qiao-hq/qiao/testkit"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"Empty", "", nil},
		{"CommentsOnly", "-- one\n  -- two\n", nil},
		{"One", "CREATE TABLE a (id INT);\n", []string{"CREATE TABLE a (id INT)"}},
		{"NoTrailingSemicolon", "SELECT 1", []string{"SELECT 1"}},
		{
			"CommentLinesInsideStatement",
			"CREATE TABLE a (\n  id INT,\n  -- why\n  PRIMARY KEY (id)\n);\n",
			[]string{"CREATE TABLE a (\n  id INT,\n  PRIMARY KEY (id)\n)"},
		},
		{
			"SemicolonMidLineDoesNotSplit",
			"INSERT INTO t VALUES ('a;b');\nSELECT 2;  \n",
			[]string{"INSERT INTO t VALUES ('a;b')", "SELECT 2"},
		},
		{"CRLF", "SELECT 1;\r\nSELECT 2;\r\n", []string{"SELECT 1", "SELECT 2"}},
		{"BlankStatementsDropped", ";\n\n;\nSELECT 1;\n", []string{"SELECT 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, migrations.Split(tt.body)); diff != "" {
				t.Errorf("Split (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVersions(t *testing.T) {
	got := migrations.Versions()
	if len(got) == 0 || got[0] != "0001_skeleton" {
		t.Fatalf("Versions() = %v, want it to start with 0001_skeleton", got)
	}
	if !slices.IsSorted(got) {
		t.Errorf("Versions() = %v, not sorted", got)
	}
}

func TestLoad(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	t.Run("SortedAndDownFilesIgnored", func(t *testing.T) {
		got, err := migrations.LoadVersions(fstest.MapFS{
			"0002_b.up.sql":   file("SELECT 2;"),
			"0001_a.up.sql":   file("SELECT 1;"),
			"0001_a.down.sql": file("SELECT 0;"),
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"0001_a", "0002_b"}, got); diff != "" {
			t.Errorf("versions (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrDuplicateNumber", func(t *testing.T) {
		_, err := migrations.LoadVersions(fstest.MapFS{
			"0002_from_alice.up.sql": file("SELECT 1;"),
			"0002_from_bob.up.sql":   file("SELECT 1;"),
		})
		if err == nil || !strings.Contains(err.Error(), "share number 0002") {
			t.Errorf("err = %v, want a shared-number error", err)
		}
	})
	t.Run("ErrBadName", func(t *testing.T) {
		_, err := migrations.LoadVersions(fstest.MapFS{"2_Oops.up.sql": file("SELECT 1;")})
		if err == nil || !strings.Contains(err.Error(), "2_Oops.up.sql") {
			t.Errorf("err = %v, want it to name the file", err)
		}
	})
}

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

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestApply(t *testing.T) {
	ctx := context.Background()
	db := mustSQL(t, testkit.NewEmptyDatabase(t))

	t.Run("OK", func(t *testing.T) {
		applied, err := migrations.Apply(ctx, db, quiet())
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if diff := cmp.Diff(migrations.Versions(), applied); diff != "" {
			t.Errorf("applied (-want +got):\n%s", diff)
		}
	})
	t.Run("SecondApplyIsNoop", func(t *testing.T) {
		applied, err := migrations.Apply(ctx, db, quiet())
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if len(applied) != 0 {
			t.Errorf("applied %v again", applied)
		}
	})
	t.Run("LockReleased", func(t *testing.T) {
		var free int
		if err := db.QueryRowContext(ctx, "SELECT IS_FREE_LOCK('qiao_migrate')").Scan(&free); err != nil {
			t.Fatal(err)
		}
		if free != 1 {
			t.Error("qiao_migrate is still locked after Apply returned")
		}
	})
}

func TestApplyConcurrent(t *testing.T) {
	ctx := context.Background()
	dsn := testkit.NewEmptyDatabase(t)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		applied []string
		errs    []error
	)
	for range 4 {
		db := mustSQL(t, dsn)
		wg.Go(func() {
			got, err := migrations.Apply(ctx, db, quiet())
			mu.Lock()
			defer mu.Unlock()
			applied = append(applied, got...)
			errs = append(errs, err)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(migrations.Versions(), applied); diff != "" {
		t.Errorf("applied across all callers (-want +got):\n%s", diff)
	}
}

func TestApplyError(t *testing.T) {
	ctx := context.Background()
	db := mustSQL(t, testkit.NewEmptyDatabase(t))
	fsys := fstest.MapFS{
		"0001_ok.up.sql":  {Data: []byte("CREATE TABLE a (id INT NOT NULL, PRIMARY KEY (id));\n")},
		"0002_bad.up.sql": {Data: []byte("CREATE TABLE b (id INT);\n-- the typo\nCREAT TABLE c (id INT);\n")},
	}
	applied, err := migrations.ApplyFS(ctx, db, quiet(), fsys)
	if err == nil {
		t.Fatal("Apply succeeded on a broken file")
	}
	if !strings.Contains(err.Error(), "0002_bad.up.sql statement 2") {
		t.Errorf("err = %v, want it to name 0002_bad.up.sql statement 2", err)
	}
	var myErr *mysql.MySQLError
	if !errors.As(err, &myErr) {
		t.Errorf("err = %v does not wrap the driver's error", err)
	}
	if diff := cmp.Diff([]string{"0001_ok"}, applied); diff != "" {
		t.Errorf("applied (-want +got):\n%s", diff)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = '0002_bad'").
		Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Error("a failed file was recorded as applied")
	}
}

func TestApplySteps(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"0001_a.up.sql": {Data: []byte("CREATE TABLE IF NOT EXISTS a (id INT NOT NULL, PRIMARY KEY (id));\n")},
		"0002_b.up.sql": {Data: []byte("CREATE TABLE IF NOT EXISTS b (id INT NOT NULL, PRIMARY KEY (id));\n")},
	}
	count := func(t *testing.T, db *sql.DB, q string) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	t.Run("AfterStatementsBeforeRecord", func(t *testing.T) {
		db := mustSQL(t, testkit.NewEmptyDatabase(t))
		applied, err := migrations.ApplyWithSteps(ctx, db, quiet(), fsys, map[string]migrations.Step{
			"0001_a": func(ctx context.Context, conn *sql.Conn, _ *slog.Logger) error {
				var recorded int
				if err := conn.QueryRowContext(ctx,
					"SELECT COUNT(*) FROM schema_migrations WHERE version = '0001_a'").Scan(&recorded); err != nil {
					return err
				}
				if recorded != 0 {
					return errors.New("0001_a was recorded before its step ran")
				}
				_, err := conn.ExecContext(ctx, "INSERT INTO a (id) VALUES (1), (2)")
				return err
			},
		})
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		if diff := cmp.Diff([]string{"0001_a", "0002_b"}, applied); diff != "" {
			t.Errorf("applied (-want +got):\n%s", diff)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM a"); n != 2 {
			t.Errorf("the step wrote %d rows, want 2", n)
		}
	})

	t.Run("ErrStepNotRecordedAndRerun", func(t *testing.T) {
		db := mustSQL(t, testkit.NewEmptyDatabase(t))
		failing := map[string]migrations.Step{
			"0001_a": func(context.Context, *sql.Conn, *slog.Logger) error { return errors.New("batch 3 failed") },
		}
		applied, err := migrations.ApplyWithSteps(ctx, db, quiet(), fsys, failing)
		if err == nil || !strings.Contains(err.Error(), "0001_a.up.sql Go step: batch 3 failed") {
			t.Fatalf("err = %v, want the step's error, naming the file", err)
		}
		if len(applied) != 0 {
			t.Errorf("applied %v after a failed step", applied)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM schema_migrations"); n != 0 {
			t.Errorf("%d versions recorded after a failed step, want none", n)
		}
		// The next Apply runs the file again from its first statement, then the step.
		ran := false
		applied, err = migrations.ApplyWithSteps(ctx, db, quiet(), fsys, map[string]migrations.Step{
			"0001_a": func(context.Context, *sql.Conn, *slog.Logger) error { ran = true; return nil },
		})
		if err != nil {
			t.Fatalf("Apply again: %v", err)
		}
		if diff := cmp.Diff([]string{"0001_a", "0002_b"}, applied); diff != "" || !ran {
			t.Errorf("rerun applied %v (-want +got):\n%s, step ran: %v", applied, diff, ran)
		}
	})

	t.Run("ErrStepWithoutFile", func(t *testing.T) {
		db := mustSQL(t, testkit.NewEmptyDatabase(t))
		_, err := migrations.ApplyWithSteps(ctx, db, quiet(), fsys, map[string]migrations.Step{
			"0003_renamed": func(context.Context, *sql.Conn, *slog.Logger) error { return nil },
		})
		if err == nil || !strings.Contains(err.Error(), "Go step 0003_renamed has no file") {
			t.Fatalf("err = %v, want a step without a file refused", err)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"); n != 0 {
			t.Errorf("%d tables created, want Apply to stop before migrating anything", n)
		}
	})
}
