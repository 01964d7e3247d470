package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
)

// A step is the part of a migration written in Go: work that one SQL statement cannot do online, chiefly a
// backfill of existing rows in bounded batches. Apply runs it after the SQL statements of the file with the same
// version and records the version only when it returns nil.
//
// conn is the connection that holds the migration lock, in autocommit mode; a batch that needs a transaction
// opens a short one on it (conn.BeginTx) and commits it before the next. log is for progress on long steps.
//
// A step must be idempotent: if it fails or the process dies inside it, the next Apply runs the file's
// statements and then the step again from the start, over whatever the first run left. Write absolute values
// (INSERT … ON DUPLICATE KEY UPDATE col = the recomputed value), never increments.
type step func(ctx context.Context, conn *sql.Conn, log *slog.Logger) error

// builtinSteps returns the Go step of every embedded migration that has one, by version. A new step gets its
// line here, beside its file; Apply refuses a version that names no file, so a renamed file cannot silently
// lose its step.
func builtinSteps() map[string]step {
	return map[string]step{
		"0005_box_counts":          backfillBoxCounts,
		"0011_outbox_due":          backfillOutboxDue,
		"0013_delivery_first_sent": backfillDeliveryFirstSent,
		"0018_wecom_binding":       copyWeComBindings,
	}
}

// attachSteps gives each migration of ms its step from steps. A step whose version is not among ms is an error.
func attachSteps(ms []migration, steps map[string]step) error {
	byVersion := make(map[string]*migration, len(ms))
	for i := range ms {
		byVersion[ms[i].version] = &ms[i]
	}
	var errs []error
	for _, version := range slices.Sorted(maps.Keys(steps)) {
		m, ok := byVersion[version]
		if !ok {
			errs = append(errs, fmt.Errorf("migrations: Go step %s has no file %s.up.sql", version, version))
			continue
		}
		m.step = steps[version]
	}
	return errors.Join(errs...)
}
