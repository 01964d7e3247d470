package migrations_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/qiao-hq/qiao/migrations"
)

// TestOnline holds the embedded migrations to the rules for new migrations of the package doc: online DDL only,
// each file rerunnable from the top, data changed by Go steps in batches.
func TestOnline(t *testing.T) {
	if err := migrations.LintEmbedded(); err != nil {
		t.Errorf("the migrations break the rules of the package doc:\n%v", err)
	}
}

func TestLint(t *testing.T) {
	const newTable = "CREATE TABLE IF NOT EXISTS n (id INT NOT NULL, PRIMARY KEY (id));\n"
	// one is a single file numbered 0005, the first the rules apply to.
	one := func(body string) map[string]string { return map[string]string{"0005_a.up.sql": body} }
	tests := []struct {
		name  string
		files map[string]string
		steps []string
		want  []string // substrings of the error, none when the files pass
	}{
		{name: "OKNewTable", files: one(newTable)},
		{
			name: "OKInplace",
			files: one(newTable +
				"ALTER TABLE t\n  ADD INDEX ix_t_a (tenant_id, a),\n  ALGORITHM=INPLACE, LOCK=NONE;\n"),
		},
		{name: "OKInstant", files: one("ALTER TABLE `t` ADD COLUMN c INT NULL, ALGORITHM = INSTANT;")},
		{
			name:  "OKRedefinedInOneAlter",
			files: one("ALTER TABLE t DROP INDEX ix, ADD INDEX ix (a, b), ALGORITHM=INPLACE, LOCK=NONE;"),
		},
		{
			name: "OKAddedThenDroppedLater",
			files: map[string]string{
				"0005_a.up.sql": "ALTER TABLE t ADD INDEX ix (a), ALGORITHM=INPLACE, LOCK=NONE;",
				"0006_b.up.sql": "ALTER TABLE t DROP INDEX ix, ALGORITHM=INPLACE, LOCK=NONE;",
			},
		},
		{name: "OKStepWithNewTable", files: one(newTable), steps: []string{"0005_a"}},
		{
			name: "OKOlderFilesExempt",
			files: map[string]string{
				"0004_old.up.sql": "CREATE TABLE a (id INT);\nCREATE INDEX ix ON a (id);\nINSERT INTO a VALUES (1);\n",
			},
		},
		{
			name:  "ErrCreateTable",
			files: one("CREATE TABLE n (id INT);"),
			want:  []string{"0005_a.up.sql statement 1", "CREATE TABLE IF NOT EXISTS"},
		},
		{
			name:  "ErrCreateIndex",
			files: one("CREATE UNIQUE INDEX ix ON t (a);"),
			want:  []string{"statement 1", "inside ALTER TABLE"},
		},
		{
			name:  "ErrDropThenCreate",
			files: one("DROP INDEX ix ON t;\nCREATE INDEX ix ON t (a, b);\n"),
			want:  []string{"statement 1: add or drop an index", "statement 2: add or drop an index"},
		},
		{
			name: "ErrDropThenAddInLaterFile",
			files: map[string]string{
				"0005_a.up.sql": "ALTER TABLE t DROP INDEX ix, ALGORITHM=INPLACE, LOCK=NONE;",
				"0006_b.up.sql": "ALTER TABLE t ADD INDEX ix (a, b), ALGORITHM=INPLACE, LOCK=NONE;",
			},
			want: []string{"0006_b.up.sql statement 1: adds index t.ix, which 0005_a.up.sql statement 1 dropped"},
		},
		{
			name:  "ErrNoAlgorithm",
			files: one("ALTER TABLE t ADD INDEX ix (a);"),
			want:  []string{`ALTER TABLE t must end in ", ALGORITHM=INPLACE, LOCK=NONE"`},
		},
		{
			name:  "ErrInplaceWithoutLockNone",
			files: one("ALTER TABLE t ADD INDEX ix (a), ALGORITHM=INPLACE, LOCK=SHARED;"),
			want:  []string{"needs LOCK=NONE"},
		},
		{
			name:  "ErrInstantWithLock",
			files: one("ALTER TABLE t ADD COLUMN c INT, ALGORITHM=INSTANT, LOCK=NONE;"),
			want:  []string{"takes no LOCK clause"},
		},
		{
			name:  "ErrCopy",
			files: one("ALTER TABLE t MODIFY c BIGINT, ALGORITHM=COPY, LOCK=SHARED;"),
			want:  []string{"must end in"},
		},
		{
			name: "ErrTwoAlters",
			files: one("ALTER TABLE t ADD INDEX a (a), ALGORITHM=INPLACE, LOCK=NONE;\n" +
				"ALTER TABLE u ADD INDEX b (b), ALGORITHM=INPLACE, LOCK=NONE;\n"),
			want: []string{"statement 1: the ALTER TABLE must be the file's last", "statement 2: a second ALTER TABLE"},
		},
		{
			name:  "ErrAlterBeforeCreate",
			files: one("ALTER TABLE t ADD INDEX a (a), ALGORITHM=INPLACE, LOCK=NONE;\n" + newTable),
			want:  []string{"statement 1: the ALTER TABLE must be the file's last"},
		},
		{
			name:  "ErrAlterWithStep",
			files: one("ALTER TABLE t ADD INDEX a (a), ALGORITHM=INPLACE, LOCK=NONE;"),
			steps: []string{"0005_a"},
			want:  []string{"a file with a Go step holds no ALTER TABLE"},
		},
		{
			name:  "ErrBackfillInSQL",
			files: one(newTable + "INSERT INTO n (id) SELECT id FROM t;\n"),
			want:  []string{"statement 2: change data in a Go step", "not in one INSERT"},
		},
		{
			name:  "ErrUpdate",
			files: one("UPDATE t SET a = 1;"),
			want:  []string{"not in one UPDATE"},
		},
		{
			name:  "ErrOtherStatement",
			files: one("RENAME TABLE t TO u;"),
			want:  []string{`"RENAME TABLE T TO U" is none of the forms`},
		},
		{
			name:  "ErrStepWithoutFile",
			files: one(newTable),
			steps: []string{"0005_b"},
			want:  []string{"Go step 0005_b has no file 0005_b.up.sql"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, body := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(body)}
			}
			err := migrations.Lint(fsys, tt.steps...)
			if len(tt.want) == 0 {
				if err != nil {
					t.Errorf("Lint: %v, want no error", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Lint passed, want an error with %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Lint: %v\nwant it to contain %q", err, w)
				}
			}
		})
	}
}
