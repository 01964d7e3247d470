package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// TestPrune: retention deletes outbox messages done longer ago than OutboxRetention and delivery records older than
// DeliveryRetention, and keeps everything younger and every message not yet delivered, however old.
func TestPrune(t *testing.T) {
	env := apptest.New(t, "")
	tn := env.Tenant(t, "prune")
	ctx := tn.Ctx()
	for range 3 {
		if _, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: "保留", Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}}); err != nil {
			t.Fatal(err)
		}
	}
	var ms []outbox.Message
	if err := env.DB.WithContext(ctx).Order("id").Find(&ms).Error; err != nil || len(ms) != 3 {
		t.Fatalf("outbox: %d, %v", len(ms), err)
	}
	for _, m := range ms[:2] {
		if err := env.Push.Deliver(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UTC()
	// The first: delivered long ago, past both retentions. The second: delivered yesterday. The third: never
	// delivered, written long ago.
	old := now.Add(-app.DeliveryRetention - time.Hour)
	set := func(model any, id uint64, col string, at time.Time) {
		t.Helper()
		if err := env.DB.WithContext(ctx).Model(model).Where("id = ?", id).Update(col, at).Error; err != nil {
			t.Fatal(err)
		}
	}
	set(&outbox.Message{}, ms[0].ID, "done_at", old)
	set(&outbox.Message{}, ms[1].ID, "done_at", now.Add(-24*time.Hour))
	set(&outbox.Message{}, ms[2].ID, "created_at", old)
	var first push.Delivery
	if err := env.DB.WithContext(ctx).Where("outbox_id = ?", ms[0].ID).Take(&first).Error; err != nil {
		t.Fatal(err)
	}
	set(&push.Delivery{}, first.ID, "updated_at", old)

	if err := env.Prune(context.Background()); err != nil {
		t.Fatal(err)
	}
	var kept []uint64
	if err := env.DB.WithContext(ctx).Model(&outbox.Message{}).Order("id").Pluck("id", &kept).Error; err != nil {
		t.Fatal(err)
	}
	if len(kept) != 2 || kept[0] != ms[1].ID || kept[1] != ms[2].ID {
		t.Errorf("outbox kept %v, want %v and %v", kept, ms[1].ID, ms[2].ID)
	}
	var records []uint64
	if err := env.DB.WithContext(ctx).Model(&push.Delivery{}).Order("outbox_id").Pluck("outbox_id", &records).Error; err != nil {
		t.Fatal(err)
	}
	if len(records) != 1 || records[0] != ms[1].ID {
		t.Errorf("delivery records kept for %v, want only %v", records, ms[1].ID)
	}
}
