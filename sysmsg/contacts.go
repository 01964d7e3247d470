package sysmsg

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
)

// A system may address a customer's or supplier's contact person (directory.Contact) by their login, as it does an
// employee. A contact has no WeCom card to keep the message, and reads it in the H5's message list; so the message
// is kept whole, one ContactMessage per contact told, which is also the record that they were told (a retry tells
// only the others, as system_message_recipients does for employees). Its push goes to the service account only.

// ContactMessage is a system message kept for a contact (table contact_messages).
type ContactMessage struct {
	ID           uint64 `gorm:"primaryKey"`
	TenantID     uint64
	MessageRowID uint64
	AccountID    uint64
	SystemCode   string
	Title        string
	Content      string
	URL          *string
	CreatedAt    time.Time
	ReadAt       *time.Time
}

// TableName implements gorm's tabler.
func (ContactMessage) TableName() string { return "contact_messages" }

// contactsOf returns the active contacts among logins (those no employee has), keyed by login; a frozen one is
// left out, as a frozen employee is, and is unknown to the caller.
func (s *Service) contactsOf(ctx context.Context, logins []string) (map[string]uint64, error) {
	if len(logins) == 0 {
		return map[string]uint64{}, nil
	}
	cs, err := s.dir.ContactsByLogin(ctx, logins)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "look up contacts")
	}
	out := make(map[string]uint64, len(cs))
	for l, c := range cs {
		if c.Status == directory.StatusActive {
			out[l] = c.AccountID
		}
	}
	return out, nil
}

// tellContacts keeps msg for each of accountIDs that record rowID has not told yet and writes their outbox rows,
// inside tx.
func tellContacts(ctx context.Context, tx *gorm.DB, now time.Time, rowID uint64, system string, msg Message, accountIDs []uint64) error {
	if len(accountIDs) == 0 {
		return nil
	}
	tx = tx.WithContext(ctx)
	var told []uint64
	if err := tx.Model(&ContactMessage{}).Where("message_row_id = ? AND account_id IN ?", rowID, accountIDs).
		Pluck("account_id", &told).Error; err != nil {
		return fmt.Errorf("find contacts told of message %d: %w", rowID, err)
	}
	// accountIDs are distinct: resolve names each login once, and a login is one account.
	var rows []ContactMessage
	for _, id := range accountIDs {
		if slices.Contains(told, id) {
			continue
		}
		r := ContactMessage{MessageRowID: rowID, AccountID: id, SystemCode: system, Title: msg.Title,
			Content: msg.Content, CreatedAt: now}
		if msg.URL != "" {
			r.URL = &msg.URL
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.CreateInBatches(&rows, insertBatch).Error; err != nil {
		return fmt.Errorf("keep message %d for %d contacts: %w", rowID, len(rows), err)
	}
	entries := make([]outbox.Entry, len(rows))
	for i, r := range rows {
		entries[i] = outbox.Entry{
			DedupKey: outbox.SystemContactKey(system, msg.ID, r.AccountID),
			Payload: outbox.SystemPayload{System: system, MessageID: msg.ID, Title: msg.Title, Content: msg.Content,
				URL: msg.URL, ToAccount: r.AccountID, Kept: r.ID, EventTime: now.Unix()},
		}
	}
	return outbox.AddAll(ctx, tx, now, outbox.KindSystemMessage, entries)
}

// MaxInboxPage bounds a page of Inbox.
const MaxInboxPage = 100

// Inbox returns the messages kept for account accountID, newest first, first of them before id after (0: from the
// newest), whether more follow, and how many are unread.
func (s *Service) Inbox(ctx context.Context, accountID uint64, first int, after uint64) ([]ContactMessage, bool, int64, error) {
	if first < 1 || first > MaxInboxPage {
		return nil, false, 0, apperr.InvalidField("first", "每页 1–%d 条", MaxInboxPage)
	}
	db := s.db.WithContext(ctx)
	q := db.Where("account_id = ?", accountID).Order("id DESC")
	if after != 0 {
		q = q.Where("id < ?", after)
	}
	rows, more, err := database.FindPage[ContactMessage](q, first)
	if err != nil {
		return nil, false, 0, apperr.Wrap(err, apperr.Internal, "list messages")
	}
	var unread int64
	if err := db.Model(&ContactMessage{}).Where("account_id = ? AND read_at IS NULL", accountID).Count(&unread).Error; err != nil {
		return nil, false, 0, apperr.Wrap(err, apperr.Internal, "count unread messages")
	}
	return rows, more, unread, nil
}

// Read returns message id kept for account accountID and marks it read; not_found for any other, alike.
func (s *Service) Read(ctx context.Context, accountID, id uint64) (ContactMessage, error) {
	db := s.db.WithContext(ctx)
	var m ContactMessage
	if err := db.Where("id = ? AND account_id = ?", id, accountID).Take(&m).Error; err != nil {
		return ContactMessage{}, database.NotFoundOr(err, "消息不存在", "load message")
	}
	if m.ReadAt == nil {
		now := s.now().UTC()
		if err := db.Model(&ContactMessage{}).Where("id = ? AND read_at IS NULL", id).Update("read_at", now).Error; err != nil {
			return ContactMessage{}, apperr.Wrap(err, apperr.Internal, "mark message read")
		}
		m.ReadAt = &now
	}
	return m, nil
}
