// Package migrations holds the versioned SQL schema of Qiao and applies it.
//
// Each file is named NNNN_name.up.sql; its version is the name without ".up.sql" (for example
// "0001_skeleton"). Files are applied in version order, each exactly once, and recorded in
// schema_migrations. The SQL must run on MariaDB/MySQL and on the embedded go-mysql-server, so keep to
// plain DDL and DML.
//
// Files are split into statements at a ';' that ends a line; lines whose first non-blank characters are
// "--" are dropped. A ';' at the end of a line inside a string literal would therefore split it: don't.
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

// migration is one parsed file.
type migration struct {
	version string
	file    string
	stmts   []string
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
// applied, none when the schema was current.
//
// DDL commits implicitly in MySQL, so a file is recorded only after all its statements succeeded; a file
// that fails half way leaves its earlier statements applied and must be repaired by hand. Errors name the
// file and the 1-based statement number.
func Apply(ctx context.Context, db *sql.DB, log *slog.Logger) (applied []string, err error) {
	return apply(ctx, db, log, files)
}

// apply is Apply with the migration files taken from fsys.
func apply(ctx context.Context, db *sql.DB, log *slog.Logger, fsys fs.FS) (applied []string, err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ms, err := load(fsys)
	if err != nil {
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
		if _, err := conn.ExecContext(ctx,
			"INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
			m.version, time.Now().UTC()); err != nil {
			return applied, fmt.Errorf("migrations: %s: record version: %w", m.file, err)
		}
		applied = append(applied, m.version)
		log.InfoContext(ctx, "migration applied", "version", m.version,
			"statements", len(m.stmts), "elapsed", time.Since(start))
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
