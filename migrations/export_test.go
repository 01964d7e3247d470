package migrations

import (
	"context"
	"database/sql"
	"io/fs"
	"log/slog"
)

// Split exposes split to the external tests.
var Split = split

// ApplyFS is Apply with the files taken from fsys, and no Go steps.
func ApplyFS(ctx context.Context, db *sql.DB, log *slog.Logger, fsys fs.FS) ([]string, error) {
	return apply(ctx, db, log, fsys, nil)
}

// Step is the signature of a Go step.
type Step = func(ctx context.Context, conn *sql.Conn, log *slog.Logger) error

// ApplyWithSteps is Apply with the files taken from fsys and the Go steps from steps.
func ApplyWithSteps(ctx context.Context, db *sql.DB, log *slog.Logger, fsys fs.FS, steps map[string]Step) (
	[]string, error) {
	s := make(map[string]step, len(steps))
	for v, f := range steps {
		s[v] = f
	}
	return apply(ctx, db, log, fsys, s)
}

// Files are the embedded migration files.
var Files fs.FS = files

// RecountBoxes is the backfill of 0005 on a connection of db, batch people at a time.
func RecountBoxes(ctx context.Context, db *sql.DB, batch int) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return recountBoxes(ctx, conn, slog.New(slog.DiscardHandler), batch)
}

// LoadVersions returns the versions load finds in fsys, and its error.
func LoadVersions(fsys fs.FS) ([]string, error) {
	ms, err := load(fsys)
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.version)
	}
	return out, err
}

// Lint loads fsys, gives the versions in withSteps a Go step that does nothing, and lints the result.
func Lint(fsys fs.FS, withSteps ...string) error {
	ms, err := load(fsys)
	if err != nil {
		return err
	}
	steps := make(map[string]step, len(withSteps))
	for _, v := range withSteps {
		steps[v] = func(context.Context, *sql.Conn, *slog.Logger) error { return nil }
	}
	if err := attachSteps(ms, steps); err != nil {
		return err
	}
	return lint(ms)
}

// LintEmbedded lints the embedded files with their Go steps.
func LintEmbedded() error {
	ms, err := load(files)
	if err != nil {
		return err
	}
	if err := attachSteps(ms, builtinSteps()); err != nil {
		return err
	}
	return lint(ms)
}

// BackfillOutboxDue runs the Go step of 0011 on a connection of db.
func BackfillOutboxDue(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return backfillOutboxDue(ctx, conn, slog.New(slog.DiscardHandler))
}
