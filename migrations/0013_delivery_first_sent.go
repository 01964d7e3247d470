package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"
)

// deliveryFirstSentBatch is how many push_deliveries rows one batch of backfillDeliveryFirstSent looks at.
const deliveryFirstSentBatch = 1000

// backfillDeliveryFirstSent is the Go step of 0013_delivery_first_sent: every delivery still open (sending or
// failed) without a first_sent_at gets its created_at there. The release before did not record whether a send was
// made, so an open delivery is taken to have been sent: a resend more than 4 hours after it is refused rather than
// risk a second card. It walks the table by id, a batch at a time, and touches only rows still without the value,
// so it is idempotent.
func backfillDeliveryFirstSent(ctx context.Context, conn *sql.Conn, log *slog.Logger) error {
	start := time.Now()
	rows, err := walkByID(ctx, conn, log, "push_deliveries", deliveryFirstSentBatch, func(r idRange) (int64, error) {
		cond, args := r.where()
		return execCount(ctx, conn, "UPDATE push_deliveries SET first_sent_at = created_at WHERE "+cond+
			" AND first_sent_at IS NULL AND status IN ('sending', 'failed')", args...)
	})
	if err != nil {
		return fmt.Errorf("backfill push_deliveries first_sent_at: %w", err)
	}
	log.InfoContext(ctx, "push_deliveries first_sent_at backfilled", "rows", rows, "elapsed", time.Since(start))
	return nil
}
