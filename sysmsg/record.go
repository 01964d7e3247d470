package sysmsg

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
)

// Retention is how long a messageId is remembered: Prune forgets its record this long after the first post. Within
// it, a retry is idempotent and a reuse for another message is refused; after it, the messageId is new again (a
// post tells everyone named, and may carry another message). 400 days is far beyond any retry a system makes (its
// own queue holds a failed call for hours or days) and covers a messageId derived from a yearly event; the record
// is small (one row per message and one per employee told), but PB and CRM post one message per business event,
// so keeping them forever would grow without bound, which is what issue 9 removes.
const Retention = 400 * 24 * time.Hour

// record is a row of system_messages: a messageId a system posted, and the digest of the message it names.
type record struct {
	ID         uint64 `gorm:"primaryKey"`
	TenantID   uint64
	SystemCode string
	MessageID  string
	Digest     []byte
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// TableName implements gorm's tabler.
func (record) TableName() string { return "system_messages" }

// recipient is a row of system_message_recipients: an employee the message of record MessageRowID was written to
// the outbox for.
type recipient struct {
	TenantID     uint64 `gorm:"primaryKey"`
	MessageRowID uint64 `gorm:"primaryKey"`
	EmployeeID   uint64 `gorm:"primaryKey"`
}

// TableName implements gorm's tabler.
func (recipient) TableName() string { return "system_message_recipients" }

// insertBatch bounds the rows of one INSERT into system_message_recipients (a call names up to MaxAccounts).
const insertBatch = 500

// digestOf is the SHA-256 of what makes msg one message: its title, content and url, each prefixed by its length so
// that no two different triples hash the same text.
func digestOf(msg Message) []byte {
	h := sha256.New()
	for _, f := range []string{msg.Title, msg.Content, msg.URL} {
		fmt.Fprintf(h, "%d:%s,", len(f), f)
	}
	return h.Sum(nil)
}

// claim returns the record of system's msg.ID, creating it at now, and holds its row lock for the rest of tx, so
// posts of one messageId take turns: the second sees what the first wrote. It must be the first statement of tx:
// a plain read made before it would fix the transaction's snapshot before the lock was held. It returns
// ErrMessageIDReused when the record names another message.
//
// The lock comes from INSERT … ON DUPLICATE KEY UPDATE, which locks the existing row exclusively, or waits for
// the transaction that is inserting it; a plain INSERT would take a shared lock and two posts upgrading it would
// deadlock.
func claim(ctx context.Context, tx *gorm.DB, now time.Time, system string, msg Message) (record, error) {
	tx = tx.WithContext(ctx)
	digest := digestOf(msg)
	rec := record{SystemCode: system, MessageID: msg.ID, Digest: digest, CreatedAt: now, UpdatedAt: now}
	err := tx.Clauses(clause.OnConflict{DoUpdates: clause.AssignmentColumns([]string{"updated_at"})}).Create(&rec).Error
	if err != nil {
		return rec, fmt.Errorf("claim message %s: %w", msg.ID, err)
	}
	// Read back: the row may be another post's, and what the upsert reports about it differs between servers.
	var cur record
	err = tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
		Where("system_code = ? AND message_id = ?", system, msg.ID).Take(&cur).Error
	if err != nil {
		return cur, fmt.Errorf("load message %s: %w", msg.ID, err)
	}
	if !bytes.Equal(cur.Digest, digest) {
		return cur, ErrMessageIDReused
	}
	// Created by this post (or, harmlessly, by another one in the same microsecond): take over what the outbox
	// knows of the messageId from before its record existed.
	if cur.CreatedAt.Equal(now) {
		if err := adoptLegacy(ctx, tx, cur.ID, system, msg); err != nil {
			return cur, err
		}
	}
	return cur, nil
}

// adoptLegacy checks a new record of system's msg.ID against the outbox rows of the messageId that a release
// before migration 0009 wrote (before 0009 ran, or beside the new release while it rolled out), which knew a
// messageId only by its outbox rows: ErrMessageIDReused when they hold another message, and otherwise it records
// their employees as told. Rows the new release wrote hold the record's own message and employees, so finding
// them is harmless. It reads the outbox once per messageId, at its first post, and finds nothing once the outbox's
// retention has deleted every row written before 0009; it can go then, as long as the outbox keeps rows for less
// than Retention (a record then outlives the rows of its message).
func adoptLegacy(ctx context.Context, tx *gorm.DB, rowID uint64, system string, msg Message) error {
	tx = tx.WithContext(ctx)
	// Every key of the message is the prefix then the employee's id, digits only; a tail with a colon belongs to
	// a longer messageId that starts alike ("order-9:to:5"). The prefix comes from SystemMessageKey itself, so the
	// two cannot drift apart.
	prefix := strings.TrimSuffix(outbox.SystemMessageKey(system, msg.ID, 0), "0")
	pattern := database.EscapeLike(prefix)
	var rows []outbox.Message
	err := tx.Select("dedup_key").
		Where("kind = ? AND dedup_key LIKE ? ESCAPE '!' AND dedup_key NOT LIKE ? ESCAPE '!'",
			outbox.KindSystemMessage, pattern+"%", pattern+"%:%").
		Find(&rows).Error
	if err != nil {
		return fmt.Errorf("find outbox rows of message %s: %w", msg.ID, err)
	}
	if len(rows) == 0 {
		return nil
	}
	// Any row will do: since 409 exists, all rows of a messageId hold one message.
	var first outbox.Message
	if err := tx.Select("payload").Where("dedup_key = ?", rows[0].DedupKey).Take(&first).Error; err != nil {
		return fmt.Errorf("load outbox row of message %s: %w", msg.ID, err)
	}
	var p outbox.SystemPayload
	if err := json.Unmarshal([]byte(first.Payload), &p); err != nil {
		return fmt.Errorf("decode message %s: %w", msg.ID, err)
	}
	if p.Title != msg.Title || p.Content != msg.Content || p.URL != msg.URL {
		return ErrMessageIDReused
	}
	ids := make([]uint64, 0, len(rows))
	for _, r := range rows {
		id, err := strconv.ParseUint(strings.TrimPrefix(r.DedupKey, prefix), 10, 64)
		if err != nil {
			return fmt.Errorf("outbox row %s of message %s: %w", r.DedupKey, msg.ID, err)
		}
		ids = append(ids, id)
	}
	told, err := untold(ctx, tx, rowID, ids)
	if err != nil {
		return err
	}
	return addRecipients(ctx, tx, rowID, told)
}

// untold returns the ids of employeeIDs that record rowID has not told yet, in their order. Its plain read sees
// the latest commits because claim, which waited for any other post of the messageId, came first in the
// transaction; a locking read would lock the gap after the message's rows, which a post of the next message
// inserts into, and two such posts would deadlock.
func untold(ctx context.Context, tx *gorm.DB, rowID uint64, employeeIDs []uint64) ([]uint64, error) {
	if len(employeeIDs) == 0 {
		return nil, nil
	}
	var told []uint64
	err := tx.WithContext(ctx).Model(&recipient{}).Where("message_row_id = ? AND employee_id IN ?", rowID, employeeIDs).
		Pluck("employee_id", &told).Error
	if err != nil {
		return nil, fmt.Errorf("find recipients of message %d: %w", rowID, err)
	}
	out := make([]uint64, 0, len(employeeIDs))
	for _, id := range employeeIDs {
		if !slices.Contains(told, id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// addRecipients records that record rowID told employeeIDs.
func addRecipients(ctx context.Context, tx *gorm.DB, rowID uint64, employeeIDs []uint64) error {
	if len(employeeIDs) == 0 {
		return nil
	}
	rs := make([]recipient, len(employeeIDs))
	for i, id := range employeeIDs {
		rs[i] = recipient{MessageRowID: rowID, EmployeeID: id}
	}
	if err := tx.WithContext(ctx).CreateInBatches(&rs, insertBatch).Error; err != nil {
		return fmt.Errorf("add %d recipients of message %d: %w", len(rs), rowID, err)
	}
	return nil
}

// Prune forgets the oldest messageIds of every tenant first posted before before (now minus Retention), with the
// employees they told, and returns how many it forgot: at most limit, and each statement deletes at most limit
// rows. Callers loop while it returns limit. A messageId forgotten is new to the next post of it.
//
// It reads the limit oldest records by id, across tenants (a deliberate System read: retention serves everyone),
// and forgets the ones before the first that is not expired: ids grow with created_at, so that is every expired
// one but a few a skewed clock put behind a younger one, which a later run takes. Each tenant's share goes in one
// transaction, so a post of one of those messageIds either finds its record whole or finds none.
func Prune(ctx context.Context, db *gorm.DB, before time.Time, limit int) (int64, error) {
	if limit <= 0 {
		return 0, fmt.Errorf("sysmsg: prune: limit %d is not positive", limit)
	}
	var oldest []record
	err := db.WithContext(tenancy.System(ctx)).Select("id", "tenant_id", "created_at").Order("id").Limit(limit).
		Find(&oldest).Error
	if err != nil {
		return 0, fmt.Errorf("sysmsg: prune: find expired: %w", err)
	}
	var tenants []uint64
	byTenant := map[uint64][]uint64{}
	for _, r := range oldest {
		if !r.CreatedAt.Before(before) {
			break
		}
		if _, ok := byTenant[r.TenantID]; !ok {
			tenants = append(tenants, r.TenantID)
		}
		byTenant[r.TenantID] = append(byTenant[r.TenantID], r.ID)
	}
	var n int64
	for _, t := range tenants {
		forgot, err := forget(tenancy.WithTenant(ctx, t), db, byTenant[t], limit)
		n += forgot
		if err != nil {
			return n, fmt.Errorf("sysmsg: prune tenant %d: %w", t, err)
		}
	}
	return n, nil
}

// forget deletes records ids of the context's tenant and their recipients, in statements of at most limit rows,
// and returns how many records it deleted. A record another pruner deleted meanwhile is not counted, and one a post
// made again since has another id.
func forget(ctx context.Context, db *gorm.DB, ids []uint64, limit int) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("id IN ?", ids).Delete(&record{})
		if res.Error != nil {
			return fmt.Errorf("delete messages: %w", res.Error)
		}
		n = res.RowsAffected
		// The employees told, and the contacts' kept messages: a contact's message list keeps a message as long as
		// its system's record.
		for _, model := range []any{&recipient{}, &ContactMessage{}} {
			for {
				res := tx.Where("message_row_id IN ?", ids).Limit(limit).Delete(model)
				if res.Error != nil {
					return fmt.Errorf("delete recipients: %w", res.Error)
				}
				if res.RowsAffected < int64(limit) {
					break
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
