package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"
)

// outboxDueBatch is how many outbox rows one batch of backfillOutboxDue looks at: three short UPDATEs over a
// primary-key range of this size.
const outboxDueBatch = 1000

// outboxRecent is how far back an old row handed to Redis is handed over again: the release before 0010 lost the
// tasks a Redis restart took with it, so the rows of the last day that may have been lost go out again. A row
// already delivered is recognised by its delivery record and not sent twice; an older row is taken as done, as
// the old release took it.
const outboxRecent = 24 * time.Hour

// backfillOutboxDue is the Go step of 0011_outbox_due. It gives every row written before 0010 (due_at and done_at
// both NULL) its place in the new life cycle:
//   - not handed over yet (enqueued_at NULL): due at its creation, so the relay hands it over;
//   - handed over within outboxRecent: due now, so it is handed over again (its delivery record decides whether
//     anything is sent);
//   - handed over earlier: done when it was handed over.
//
// Rows the new release wrote have due_at or done_at and are left alone, so the step is idempotent. Rows a server of
// the old release writes after the step, while the new release rolls out, have neither: the new relays adopt them
// (outbox.Store.Adopt).
func backfillOutboxDue(ctx context.Context, conn *sql.Conn, log *slog.Logger) error {
	now := time.Now().UTC()
	recent := now.Add(-outboxRecent)
	updates := []struct {
		set, cond         string
		setArgs, condArgs []any
	}{
		{"due_at = created_at", "enqueued_at IS NULL", nil, nil},
		{"due_at = ?", "enqueued_at >= ?", []any{now}, []any{recent}},
		{"done_at = enqueued_at", "enqueued_at < ?", nil, []any{recent}},
	}
	start := time.Now()
	rows, err := walkByID(ctx, conn, log, "outbox", outboxDueBatch, func(r idRange) (int64, error) {
		cond, args := r.where()
		var n int64
		for _, u := range updates {
			q := "UPDATE outbox SET " + u.set + " WHERE " + cond + " AND due_at IS NULL AND done_at IS NULL AND " + u.cond
			c, err := execCount(ctx, conn, q, append(append(append([]any{}, u.setArgs...), args...), u.condArgs...)...)
			if err != nil {
				return n, err
			}
			n += c
		}
		return n, nil
	})
	if err != nil {
		return fmt.Errorf("backfill outbox due_at: %w", err)
	}
	log.InfoContext(ctx, "outbox due_at backfilled", "rows", rows, "elapsed", time.Since(start))
	return nil
}
