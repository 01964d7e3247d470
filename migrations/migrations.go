// Package migrations holds the versioned SQL schema of Qiao and applies it.
//
// Each file is named NNNN_name.up.sql; its version is the name without ".up.sql" (for example
// "0001_skeleton"). Files are applied in version order, each exactly once, and recorded in
// schema_migrations. The SQL must run on MariaDB 10.11, on MySQL 8 and on the embedded go-mysql-server, so
// keep to plain DDL.
//
// Files are split into statements at a ';' that ends a line; lines whose first non-blank characters are
// "--" are dropped. A ';' at the end of a line inside a string literal would therefore split it: don't.
//
// # Go steps
//
// A migration may have a step written in Go, for work that SQL cannot do online: filling a new table or
// column from existing rows, in batches. The step is a func(ctx, *sql.Conn, *slog.Logger) error listed under
// the file's version in builtinSteps (steps.go), usually written in a Go file named like the SQL file
// (0005_box_counts.go). Apply runs it after the file's SQL statements, on the connection that holds the lock,
// and records the version only when it succeeded; see step for what a step must guarantee.
//
// # Rules for new migrations
//
// Migrations run against a database in use: the servers of the release before keep reading and writing while
// Apply runs, and until they are replaced. Every file from 0005 on follows these rules, and TestOnline checks
// them (the files before 0005 predate them and stay as they were applied):
//
//   - A new table is CREATE TABLE IF NOT EXISTS, with its indexes declared inside it.
//   - An existing table changes only through ALTER TABLE, ending in ", ALGORITHM=INPLACE, LOCK=NONE" (indexes,
//     most column changes) or ", ALGORITHM=INSTANT" (a column added at the end, a new default; MySQL 8 refuses
//     any LOCK clause beside INSTANT). Both servers then refuse at once a change they could only make by
//     copying the table or blocking its writers, instead of doing it quietly; such a change needs another
//     plan (a new column filled by a Go step, say), never a weaker clause. go-mysql-server parses both
//     clauses and ignores them. Indexes are added and dropped inside the ALTER: no CREATE INDEX or DROP INDEX
//     statements.
//   - An index is redefined by one ALTER that drops it and adds it again under the same name. Dropping it in
//     one statement and adding it in another leaves the queries that use it without it in between, and a
//     failure between the two leaves a rerun failing on the DROP.
//   - A file must run again cleanly from its first statement after failing anywhere: Apply records a file
//     only once all of it succeeded, so the next Apply starts it over. One ALTER TABLE is atomic in InnoDB, but
//     MySQL 8 has no IF NOT EXISTS for ADD INDEX or ADD COLUMN, so an ALTER that succeeded cannot run twice.
//     Hence a file holds at most one ALTER TABLE, as its last statement, and a file with a Go step holds none
//     (the step runs after it). Give each ALTER its own file.
//   - No INSERT, UPDATE or DELETE in the SQL: one statement over a large table locks every row it reads for as
//     long as it runs. Data is changed by a Go step in bounded batches (a few hundred keys), each batch one
//     short statement or transaction that writes absolute values, so that a rerun after a partial run, or a
//     write by the new code in between, ends in the same state. backfillBoxCounts is the example.
//   - Nothing the release before reads may disappear or change meaning (drop or rename a column or table in a
//     later release, once no running code reads it), and a file whose data the release before does not
//     maintain says in its comment what becomes of that release's writes.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"regexp"
	"sort"
	"strings"
	"time"
)

//go:embed *.sql
var files embed.FS

// lockName is the advisory lock that serialises migrations across processes sharing one server.
const lockName = "qiao_migrate"

// lockWaitSeconds bounds how long Apply waits for another process that is migrating.
const lockWaitSeconds = 60

// fileName is what every migration file must look like; anything else ending in .up.sql is an error,
// so a typo cannot silently skip a migration.
var fileName = regexp.MustCompile(`^([0-9]{4})_[a-z0-9_]+\.up\.sql$`)

// migration is one parsed file, with its Go step if it has one.
type migration struct {
	version string
	file    string
	stmts   []string
	step    step
}

// Versions returns the versions of every embedded migration, in the order Apply applies them.
// A malformed file name is left out here and reported by Apply.
func Versions() []string {
	ms, _ := load(files)
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.version)
	}
	return out
}

// Apply brings the database behind db up to date: it takes the MySQL advisory lock "qiao_migrate" on one
// connection (waiting up to 60 s for another migrating process), creates schema_migrations if needed and
// applies, in version order, every embedded migration not yet recorded there. It returns the versions it
// applied, none when the schema was current. A migration with a Go step runs it after its SQL statements.
//
// DDL commits implicitly in MySQL, so a file is recorded only after all its statements and its step
// succeeded; a file that fails half way leaves its earlier statements applied. The next Apply runs it again
// from its first statement, which the files from 0005 on are written to survive (see the package doc); an
// earlier file that failed half way must be repaired by hand. Errors name the file and the 1-based statement
// number, or the step.
func Apply(ctx context.Context, db *sql.DB, log *slog.Logger) (applied []string, err error) {
	return apply(ctx, db, log, files, builtinSteps())
}

// apply is Apply with the migration files taken from fsys and the Go steps from steps.
func apply(ctx context.Context, db *sql.DB, log *slog.Logger, fsys fs.FS, steps map[string]step) (
	applied []string, err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ms, err := load(fsys)
	if err != nil {
		return nil, err
	}
	if err := attachSteps(ms, steps); err != nil {
		return nil, err
	}

	// GET_LOCK belongs to a session, so the lock, the DDL and RELEASE_LOCK all use this one connection.
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrations: connect: %w", err)
	}
	defer func() {
		if cerr := conn.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("migrations: close connection: %w", cerr)
		}
	}()

	if err := lock(ctx, conn); err != nil {
		return nil, err
	}
	defer func() {
		// Release even when ctx is already cancelled, otherwise the lock lives until the connection dies.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		var released sql.NullInt64
		if rerr := conn.QueryRowContext(rctx, "SELECT RELEASE_LOCK(?)", lockName).Scan(&released); rerr != nil {
			log.WarnContext(ctx, "migrations: release lock", "err", rerr)
			if err == nil {
				err = fmt.Errorf("migrations: release lock: %w", rerr)
			}
		}
	}()

	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
  version VARCHAR(64) NOT NULL,
  applied_at DATETIME(6) NOT NULL,
  PRIMARY KEY (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`); err != nil {
		return nil, fmt.Errorf("migrations: create schema_migrations: %w", err)
	}

	done, err := recorded(ctx, conn)
	if err != nil {
		return nil, err
	}

	for _, m := range ms {
		if done[m.version] {
			continue
		}
		start := time.Now()
		for i, stmt := range m.stmts {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return applied, fmt.Errorf("migrations: %s statement %d: %w", m.file, i+1, err)
			}
		}
		if m.step != nil {
			if err := m.step(ctx, conn, log); err != nil {
				return applied, fmt.Errorf("migrations: %s Go step: %w", m.file, err)
			}
		}
		if _, err := conn.ExecContext(ctx,
			"INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
			m.version, time.Now().UTC()); err != nil {
			return applied, fmt.Errorf("migrations: %s: record version: %w", m.file, err)
		}
		applied = append(applied, m.version)
		log.InfoContext(ctx, "migration applied", "version", m.version,
			"statements", len(m.stmts), "go_step", m.step != nil, "elapsed", time.Since(start))
	}
	return applied, nil
}

// lock takes the advisory lock on conn. GET_LOCK answers 1 (taken), 0 (timed out) or NULL (error).
func lock(ctx context.Context, conn *sql.Conn) error {
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, ?)", lockName, lockWaitSeconds).Scan(&got); err != nil {
		return fmt.Errorf("migrations: take lock %s: %w", lockName, err)
	}
	if !got.Valid || got.Int64 != 1 {
		return fmt.Errorf("migrations: lock %s not taken within %ds (another process is migrating?)",
			lockName, lockWaitSeconds)
	}
	return nil
}

// recorded returns the versions already in schema_migrations.
func recorded(ctx context.Context, conn *sql.Conn) (map[string]bool, error) {
	rows, err := conn.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("migrations: read schema_migrations: %w", err)
	}
	defer rows.Close()
	done := make(map[string]bool)
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("migrations: read schema_migrations: %w", err)
		}
		done[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("migrations: read schema_migrations: %w", err)
	}
	return done, nil
}

// load reads and splits every *.up.sql file of fsys, sorted by version. Two files with the same number
// are an error: they usually come from two branches merged without renumbering.
func load(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("migrations: list files: %w", err)
	}
	var (
		ms   []migration
		errs []error
		nums = make(map[string]string)
	)
	for _, name := range names {
		if !strings.HasSuffix(name, ".up.sql") {
			continue // down files and notes are not applied
		}
		match := fileName.FindStringSubmatch(name)
		if match == nil {
			errs = append(errs, fmt.Errorf("migrations: %s: name must look like 0001_some_name.up.sql", name))
			continue
		}
		if other, dup := nums[match[1]]; dup {
			errs = append(errs, fmt.Errorf("migrations: %s and %s share number %s", other, name, match[1]))
			continue
		}
		nums[match[1]] = name
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("migrations: read %s: %w", name, err))
			continue
		}
		ms = append(ms, migration{
			version: strings.TrimSuffix(name, ".up.sql"),
			file:    name,
			stmts:   split(string(body)),
		})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, errors.Join(errs...)
}

// split cuts a migration file into statements: a statement ends at a ';' that is the last non-blank
// character of a line, and lines starting with "--" are dropped. The returned statements carry no
// trailing ';'. Text after the last ';' is returned as a final statement.
func split(body string) []string {
	var (
		stmts []string
		cur   strings.Builder
	)
	flush := func() {
		s := strings.TrimSpace(cur.String())
		s = strings.TrimSpace(strings.TrimSuffix(s, ";"))
		if s != "" {
			stmts = append(stmts, s)
		}
		cur.Reset()
	}
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			flush()
		}
	}
	flush()
	return stmts
}
