// Package push puts outbox messages on phones: it renders each message kind into a WeCom card, sends it, and
// keeps one delivery row per message so that a message handled twice (a redelivered task, a duplicated relay
// run) reaches the phone once, and an admin can see what reached whom.
package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// Delivery statuses.
const (
	StatusSending       = "sending"       // claimed by a worker; a stale claim may be taken over
	StatusSent          = "sent"          // WeChat accepted it
	StatusSkipped       = "skipped"       // nothing to send (no WeCom account, tenant not bound, no longer true)
	StatusFailed        = "failed"        // a temporary failure; the task is retried
	StatusUndeliverable = "undeliverable" // WeChat refused it, or it could not be sent in time; an admin may retry
)

// final reports whether status ends a delivery: its outbox message is done.
func final(status string) bool {
	return status == StatusSent || status == StatusSkipped || status == StatusUndeliverable
}

// ChannelWeCom is WeCom's app messages; ChannelMP (mp.go) the service account's template messages.
const ChannelWeCom = "wecom"

// Delivery is the record of one outbox message's way to one phone.
type Delivery struct {
	ID       uint64 `gorm:"primaryKey"`
	TenantID uint64
	DedupKey string
	OutboxID uint64
	Kind     string
	Channel  string
	// Recipient is whom the channel addresses: the WeCom userid, or the openid under the service account.
	Recipient string
	// Route says why the message took its channel ("企业微信优先：未加入企业微信，改用服务号"), or why none could
	// carry it.
	Route *string
	// EmployeeID is whom the message was for; AccountID instead, for a customer's or supplier's contact.
	EmployeeID *uint64
	AccountID  *uint64
	Status     string
	MsgID      *string
	Error      *string
	// Answer is what WeCom answered the last send (errcode, msgid, invaliduser) as compact JSON.
	Answer   *string
	Attempts int
	// FirstSentAt is when a request first went to WeCom for this delivery: WeCom's duplicate check counts from
	// there. Nil while no send was attempted (the binding, the gate or the rendering failed first).
	FirstSentAt *time.Time
	// Card is the message as first sent (JSON), set with FirstSentAt: a resend repeats it byte for byte.
	Card      *string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName implements gorm's tabler.
func (Delivery) TableName() string { return "push_deliveries" }

// AttemptTimeout bounds one delivery attempt from its claim to WeCom's answer: the token, the send and its -1
// retries (wxapi tries 3 times, 10 s each at most) fit in it.
const AttemptTimeout = 45 * time.Second

// recordTimeout bounds the write of an outcome. It runs on a context of its own, so an attempt that ran out of time
// or a worker shutting down still records what WeCom answered.
const recordTimeout = 10 * time.Second

// ClaimTTL is how long a "sending" claim protects a delivery from other workers: longer than an attempt and the
// write of its outcome, so a live worker never loses its claim; a claim older than this belonged to a worker that
// died, and the next try takes it over.
const ClaimTTL = AttemptTimeout + recordTimeout + 5*time.Second

// GiveUpAfter is how long a message that never reached WeCom is retried (the binding could not be read, WeCom was
// down, the secret was wrong) before it is recorded undeliverable: long enough for a weekend outage to be fixed,
// and an admin can still retry it by hand.
const GiveUpAfter = 72 * time.Hour

// errBusy is the cause of a Wait while another worker holds a delivery's claim.
var errBusy = errors.New("delivery claimed by another worker")

// Wait is an error saying the delivery is not failing but must be tried again later: another worker holds it, an
// earlier card of the same item must reach the phone first, or WeCom asked us to slow down. The queue retries it
// after After without counting it as a failure.
type Wait struct {
	Reason string
	After  time.Duration
	Err    error
}

// Error says what the delivery waits for, and how long.
func (w *Wait) Error() string {
	if w.Err != nil {
		return fmt.Sprintf("push: wait %s: %s: %v", w.After, w.Reason, w.Err)
	}
	return fmt.Sprintf("push: wait %s: %s", w.After, w.Reason)
}

// Unwrap returns the error behind the wait (WeCom's rate limit), if any.
func (w *Wait) Unwrap() error { return w.Err }

// WaitOf returns the Wait in err's chain.
func WaitOf(err error) (*Wait, bool) {
	var w *Wait
	ok := errors.As(err, &w)
	return w, ok
}

// claim makes this worker the one sending the message with dedupKey. It returns done=true when the message
// needs no work (already sent, skipped or undeliverable), and a Wait while another worker holds a fresh claim.
func claim(ctx context.Context, db *gorm.DB, now time.Time, ttl time.Duration, d Delivery) (Delivery, bool, error) {
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
	cur, found, err := deliveryByKey(ctx, db, d.DedupKey)
	if err != nil || !found {
		return d, false, fmt.Errorf("load delivery %s (found %v): %w", d.DedupKey, found, err)
	}
	if final(cur.Status) {
		return cur, true, nil
	}
	// Take over a failed delivery or a claim whose worker died; the conditional update lets exactly one win.
	res := db.WithContext(ctx).Model(&Delivery{}).
		Where("id = ? AND (status = ? OR (status = ? AND updated_at < ?))", cur.ID, StatusFailed, StatusSending, now.Add(-ttl)).
		Updates(map[string]any{"status": StatusSending, "attempts": gorm.Expr("attempts + 1"), "updated_at": now})
	if res.Error != nil {
		return cur, false, fmt.Errorf("reclaim delivery: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		left := max(cur.UpdatedAt.Add(ttl).Sub(now), time.Second)
		return cur, false, &Wait{Reason: "another worker holds delivery " + d.DedupKey, After: left, Err: errBusy}
	}
	// Read it again: between the first read and the takeover another worker may have recorded a send.
	var mine Delivery
	if err := db.WithContext(ctx).Where("id = ?", cur.ID).Take(&mine).Error; err != nil {
		return cur, false, fmt.Errorf("reload delivery: %w", err)
	}
	return mine, false, nil
}

// deliveryByKey returns the delivery of the outbox message with dedupKey in the tenant of ctx, and whether there is
// one.
func deliveryByKey(ctx context.Context, db *gorm.DB, dedupKey string) (Delivery, bool, error) {
	var d Delivery
	if err := db.WithContext(ctx).Where("dedup_key = ?", dedupKey).Limit(1).Find(&d).Error; err != nil {
		return d, false, err
	}
	return d, d.ID != 0, nil
}

// markAttempted records, before the request goes out, that WeCom is about to be asked, and the card it is asked to
// send: once it is set, WeCom's duplicate window is what stands between a retry and a second card, and a retry
// sends that same card. replacing is the first send of a card d no longer repeats (sent to another account), nil
// when d had none. It reports whether this call set the first send. When another worker recorded a send since the
// claim read d, it returns a Wait: the next try reads that send and its card.
func markAttempted(ctx context.Context, db *gorm.DB, now time.Time, d *Delivery, msg any, replacing *time.Time) (bool, error) {
	if d.FirstSentAt != nil {
		return false, nil
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return false, fmt.Errorf("encode the card of delivery %d: %w", d.ID, err)
	}
	card := string(b)
	// The row is updated only if its first send is still the one this attempt read.
	q := db.WithContext(ctx).Model(&Delivery{}).Where("id = ?", d.ID)
	if replacing != nil {
		q = q.Where("first_sent_at = ?", *replacing)
	} else {
		q = q.Where("first_sent_at IS NULL")
	}
	res := q.Updates(map[string]any{"first_sent_at": now, "card": card})
	if res.Error != nil {
		return false, fmt.Errorf("record send attempt of delivery %d: %w", d.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return false, &Wait{Reason: fmt.Sprintf("another worker sent delivery %d meanwhile", d.ID), After: time.Second}
	}
	d.FirstSentAt, d.Card = &now, &card
	return true, nil
}

// card is the message first sent for d, or the zero Message when none was.
func (d Delivery) card() (wecom.Message, error) {
	var m wecom.Message
	if d.Card == nil {
		return m, nil
	}
	if err := json.Unmarshal([]byte(*d.Card), &m); err != nil {
		return m, fmt.Errorf("decode the card of delivery %d: %w", d.ID, err)
	}
	return m, nil
}

// outcome is what an attempt ends with.
type outcome struct {
	status string
	msgID  string
	answer string
	err    string
	// notSent clears the delivery's first send: WeCom answered that it did not send the card (an errcode, or the
	// connection was refused), so no copy exists that a resend could double.
	notSent bool
	// keep is the interactive card the send put on the phone, recorded with the outcome.
	keep *keptCard
}

// record writes the outcome of a claimed delivery and, when it is final, marks its outbox message done in the same
// transaction. It runs on a context detached from ctx's cancellation, with a deadline of its own: an answer WeCom
// gave must be recorded even when the attempt's time ran out or the worker is shutting down.
func record(ctx context.Context, db *gorm.DB, now time.Time, d Delivery, o outcome) error {
	return recordRows(ctx, db, now, []uint64{d.ID}, []uint64{d.OutboxID}, o)
}

// recordRows is record for the deliveries ids (of outbox messages outboxIDs), which end alike, in one transaction.
func recordRows(ctx context.Context, db *gorm.DB, now time.Time, ids, outboxIDs []uint64, o outcome) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	upd := map[string]any{"status": o.status, "updated_at": now, "error": clipped(o.err)}
	if o.msgID != "" {
		upd["msg_id"] = o.msgID
	}
	if o.answer != "" {
		upd["answer"] = clipped(o.answer)
	}
	if o.notSent {
		upd["first_sent_at"], upd["card"] = nil, nil
	}
	if final(o.status) {
		upd["card"] = nil // its words (an opinion, a comment) need not outlive the delivery
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&Delivery{}).Where("id IN ?", ids).Updates(upd).Error; err != nil {
			return err
		}
		if o.keep != nil {
			if err := keepCard(tx, now, *o.keep); err != nil {
				return err
			}
		}
		if final(o.status) {
			return outbox.MarkAllDone(ctx, tx, outboxIDs, now)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record delivery %d (%d in all): %w", ids[0], len(ids), err)
	}
	return nil
}

// maxText is the size of push_deliveries' error and answer columns.
const maxText = 500

// clipped is s cut to maxText bytes between characters (a cut inside one is refused by strict MySQL), or nil when
// s is empty.
func clipped(s string) *string {
	if s == "" {
		return nil
	}
	if !utf8.ValidString(s) {
		s = string([]rune(s)) // replaces invalid bytes, which the utf8mb4 column would refuse
	}
	if len(s) > maxText {
		n := maxText
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return &s
}

// Prune deletes up to limit finished delivery records of every tenant last changed before cutoff and returns how
// many it deleted; callers loop while it returns limit. A delivery still being tried keeps its record (and with it
// the time of its first send). It is a deliberate cross-tenant write: retention serves everyone.
func Prune(ctx context.Context, db *gorm.DB, cutoff time.Time, limit int) (int64, error) {
	res := db.WithContext(tenancy.System(ctx)).
		Where("updated_at < ? AND status IN ?", cutoff, []string{StatusSent, StatusSkipped, StatusUndeliverable}).
		Order("updated_at").Limit(limit).Delete(&Delivery{})
	if res.Error != nil {
		return 0, fmt.Errorf("push: prune deliveries: %w", res.Error)
	}
	return res.RowsAffected, nil
}
