// Package push puts outbox messages on phones: it renders each message kind into a WeCom card, sends it, and
// keeps one delivery row per message so that a message handled twice (a redelivered task, a duplicated relay
// run) reaches the phone once, and an admin can see what reached whom.
package push

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
)

// Delivery statuses.
const (
	StatusSending       = "sending"       // claimed by a worker; a stale claim may be taken over
	StatusSent          = "sent"          // WeChat accepted it
	StatusSkipped       = "skipped"       // nothing to send (no WeCom account, tenant not bound)
	StatusFailed        = "failed"        // a temporary failure; the task is retried
	StatusUndeliverable = "undeliverable" // WeChat refused the recipient; retrying cannot help
)

// ChannelWeCom is the only channel so far; the service account joins it later.
const ChannelWeCom = "wecom"

// Delivery is the record of one outbox message's way to one phone.
type Delivery struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	DedupKey  string
	OutboxID  uint64
	Channel   string
	Recipient string
	Status    string
	MsgID     *string
	Error     *string
	Attempts  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName implements gorm's tabler.
func (Delivery) TableName() string { return "push_deliveries" }

// claimTTL is how long a "sending" claim protects a delivery from other workers; longer than any WeCom call.
const claimTTL = 2 * time.Minute

var errBusy = errors.New("delivery claimed by another worker")

// claim makes this worker the one sending the message with dedupKey. It returns done=true when the message
// needs no work (already sent, skipped or undeliverable), and errBusy while another worker holds a fresh claim.
func claim(ctx context.Context, db *gorm.DB, now time.Time, d Delivery) (Delivery, bool, error) {
	d.Status, d.Attempts, d.CreatedAt, d.UpdatedAt = StatusSending, 1, now, now
	// A plain INSERT, not an upsert: the unique key's error is the one signal every MySQL flavour reports alike
	// (affected-row counts of ON DUPLICATE KEY differ between servers and client flags).
	err := db.WithContext(ctx).Create(&d).Error
	if err == nil {
		return d, false, nil
	}
	if !database.IsDuplicate(err) {
		return d, false, fmt.Errorf("claim delivery: %w", err)
	}
	var cur Delivery
	if err := db.WithContext(ctx).Where("dedup_key = ?", d.DedupKey).First(&cur).Error; err != nil {
		return d, false, fmt.Errorf("load delivery: %w", err)
	}
	switch cur.Status {
	case StatusSent, StatusSkipped, StatusUndeliverable:
		return cur, true, nil
	}
	// Take over a failed delivery or a claim whose worker died; the conditional update lets exactly one win.
	res := db.WithContext(ctx).Model(&Delivery{}).
		Where("id = ? AND (status = ? OR (status = ? AND updated_at < ?))", cur.ID, StatusFailed, StatusSending, now.Add(-claimTTL)).
		Updates(map[string]any{"status": StatusSending, "attempts": gorm.Expr("attempts + 1"), "updated_at": now})
	if res.Error != nil {
		return cur, false, fmt.Errorf("reclaim delivery: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return cur, false, apperr.Wrap(errBusy, apperr.Conflict, "delivery %s in progress", d.DedupKey)
	}
	return cur, false, nil
}

// finish records the outcome of a claimed delivery.
func finish(ctx context.Context, db *gorm.DB, now time.Time, id uint64, status, msgID, errText string) error {
	upd := map[string]any{"status": status, "updated_at": now, "error": nullable(errText)}
	if msgID != "" {
		upd["msg_id"] = msgID
	}
	if err := db.WithContext(ctx).Model(&Delivery{}).Where("id = ?", id).Updates(upd).Error; err != nil {
		return fmt.Errorf("record delivery %d: %w", id, err)
	}
	return nil
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	if len(s) > 500 {
		s = s[:500]
	}
	return &s
}
