package embedded_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/tenancy"
)

// TestOutboxLifeCycle: the statements of the outbox's life cycle run on the embedded engine as on MariaDB: the
// relay's claim (FOR UPDATE SKIP LOCKED, then the lease), the order check, marking done, and retention's
// DELETE … ORDER BY … LIMIT on the outbox and the delivery log.
func TestOutboxLifeCycle(t *testing.T) {
	db := mustMigrated(t)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatal(err)
	}
	ctx := tenancy.WithTenant(context.Background(), 1)
	now := time.Now().UTC().Truncate(time.Millisecond)
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i := range uint64(3) {
			p := outbox.CollabPayload{ItemID: 7, ToID: 9, CommentID: i}
			if err := outbox.Add(ctx, tx, now, outbox.KindCollabCommented, outbox.CollabKey(outbox.KindCollabCommented, 7, i), p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	store := outbox.NewStore(db)
	ms, err := store.Claim(context.Background(), now, time.Minute, 10)
	if err != nil || len(ms) != 3 {
		t.Fatalf("Claim = %d messages, %v; want 3", len(ms), err)
	}
	if again, err := store.Claim(context.Background(), now, time.Minute, 10); err != nil || len(again) != 0 {
		t.Fatalf("Claim under lease = %d, %v; want none", len(again), err)
	}
	if err := store.Release(context.Background(), []uint64{ms[2].ID}, now); err != nil {
		t.Fatalf("Release: %v", err)
	}
	if again, err := store.Claim(context.Background(), now, time.Minute, 10); err != nil || len(again) != 1 || again[0].Handovers != 1 {
		t.Fatalf("Claim after Release = %+v, %v; want the released message, handed over once", again, err)
	}
	if _, blocked, err := store.Earlier(ctx, ms[1]); err != nil || !blocked {
		t.Errorf("Earlier(second) = %v, %v; want blocked by the first", blocked, err)
	}
	if err := outbox.MarkDone(ctx, db, ms[0].ID, now.Add(-8*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, blocked, err := store.Earlier(ctx, ms[1]); err != nil || blocked {
		t.Errorf("Earlier(second) after the first is done = %v, %v; want free", blocked, err)
	}
	if n, err := store.Prune(context.Background(), now.Add(-7*24*time.Hour), 10); err != nil || n != 1 {
		t.Errorf("Prune = %d, %v; want the one done a week ago", n, err)
	}
	d := push.Delivery{TenantID: 1, DedupKey: "k", OutboxID: ms[1].ID, Channel: push.ChannelWeCom, Status: push.StatusSent,
		CreatedAt: now.Add(-100 * 24 * time.Hour), UpdatedAt: now.Add(-100 * 24 * time.Hour)}
	if err := db.WithContext(ctx).Create(&d).Error; err != nil {
		t.Fatal(err)
	}
	if n, err := push.Prune(context.Background(), db, now.Add(-90*24*time.Hour), 10); err != nil || n != 1 {
		t.Errorf("push.Prune = %d, %v; want the one record of 100 days ago", n, err)
	}
}
