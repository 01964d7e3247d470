package app

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/tenancy"
)

// Retention: how long the outbox keeps a message after its delivery was recorded, and how long the delivery log
// keeps a record after its last change. The outbox row is only the delivery's input; the log is what admins read
// (推送记录), so it lives longer. PB/CRM messageIds are remembered for sysmsg.Retention, WeCom's events in the
// callback inbox for callbacks.Retention.
const (
	OutboxRetention   = 7 * 24 * time.Hour
	DeliveryRetention = 90 * 24 * time.Hour
	// pruneBatch bounds one DELETE, so retention never holds locks on many rows at once.
	pruneBatch = 1000
)

// Prune applies retention to the outbox, the delivery log, the PB/CRM messageIds and the callback inbox of every
// tenant, in batches, until nothing is left past its time. Every relay calls it once an hour; a MySQL named lock
// lets one at a time do the work, and the others return at once.
func (a *App) Prune(ctx context.Context) error {
	now := time.Now().UTC()
	ctx = tenancy.System(ctx)
	// GET_LOCK belongs to a connection: take it, prune and release it on that one.
	return a.DB.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		// Named locks are the server's, not the database's: the name carries the database, so two deployments on
		// one server do not keep each other from pruning.
		var dbName string
		if err := conn.Raw("SELECT DATABASE()").Scan(&dbName).Error; err != nil {
			return fmt.Errorf("retention: database name: %w", err)
		}
		lock := dbName + ":" + pruneLock
		var got sql.NullInt64
		if err := conn.Raw("SELECT GET_LOCK(?, 0)", lock).Scan(&got).Error; err != nil {
			return fmt.Errorf("retention: take lock: %w", err)
		}
		if !got.Valid || got.Int64 != 1 {
			return nil // another relay is pruning
		}
		defer func() {
			var released sql.NullInt64
			err := conn.WithContext(context.WithoutCancel(ctx)).Raw("SELECT RELEASE_LOCK(?)", lock).Scan(&released).Error
			if err != nil || !released.Valid || released.Int64 != 1 {
				// A lock not released would stay with the pooled connection and stop every later pass: close it.
				if c, ok := conn.Statement.ConnPool.(*sql.Conn); ok {
					_ = c.Raw(func(any) error { return driver.ErrBadConn })
				}
			}
		}()
		return errors.Join(
			drain(ctx, func(ctx context.Context) (int64, error) {
				return a.Outbox.Prune(ctx, now.Add(-OutboxRetention), pruneBatch)
			}),
			drain(ctx, func(ctx context.Context) (int64, error) {
				return push.Prune(ctx, a.DB, now.Add(-DeliveryRetention), pruneBatch)
			}),
			drain(ctx, func(ctx context.Context) (int64, error) {
				// A card is kept as long as its delivery's record, so that a tap on an old card finds it.
				return push.PruneCards(ctx, a.DB, now, now.Add(-DeliveryRetention), pruneBatch)
			}),
			drain(ctx, func(ctx context.Context) (int64, error) {
				return sysmsg.Prune(ctx, a.DB, now.Add(-sysmsg.Retention), pruneBatch)
			}),
			drain(ctx, func(ctx context.Context) (int64, error) {
				return a.Callbacks.Prune(ctx, now.Add(-callbacks.Retention), pruneBatch)
			}),
		)
	})
}

// pruneLock is the MySQL named lock of retention.
const pruneLock = "qiao_retention"

// drain calls prune until it deletes less than a batch.
func drain(ctx context.Context, prune func(context.Context) (int64, error)) error {
	for {
		n, err := prune(ctx)
		if err != nil || n < pruneBatch || ctx.Err() != nil {
			return err
		}
	}
}
