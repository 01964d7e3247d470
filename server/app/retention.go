package app

import (
	"context"
	"errors"
	"time"

	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/sysmsg"
)

// Retention: how long the outbox keeps a message after its delivery was recorded, and how long the delivery log
// keeps a record after its last change. The outbox row is only the delivery's input; the log is what admins read
// (推送记录), so it lives longer. PB/CRM messageIds are remembered for sysmsg.Retention.
const (
	OutboxRetention   = 7 * 24 * time.Hour
	DeliveryRetention = 90 * 24 * time.Hour
	// pruneBatch bounds one DELETE, so retention never holds locks on many rows at once.
	pruneBatch = 1000
)

// Prune applies retention to the outbox and the delivery log of every tenant, in batches, until nothing is left
// past its time. Every relay runs it once an hour; running it on several replicas at once deletes nothing twice.
func (a *App) Prune(ctx context.Context) error {
	now := time.Now().UTC()
	return errors.Join(
		drain(ctx, func(ctx context.Context) (int64, error) {
			return a.Outbox.Prune(ctx, now.Add(-OutboxRetention), pruneBatch)
		}),
		drain(ctx, func(ctx context.Context) (int64, error) {
			return push.Prune(ctx, a.DB, now.Add(-DeliveryRetention), pruneBatch)
		}),
		drain(ctx, func(ctx context.Context) (int64, error) {
			return sysmsg.Prune(ctx, a.DB, now.Add(-sysmsg.Retention), pruneBatch)
		}),
	)
}

// drain calls prune until it deletes less than a batch.
func drain(ctx context.Context, prune func(context.Context) (int64, error)) error {
	for {
		n, err := prune(ctx)
		if err != nil || n < pruneBatch || ctx.Err() != nil {
			return err
		}
	}
}
