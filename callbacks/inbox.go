// Package callbacks is WeCom's events coming in: the intake that checks and opens what WeCom posts to a tenant's
// receivers (an app's callback, the contact-change and the customer-contact event servers), the durable inbox it
// writes them to, and their processing from the queue.
//
// An event is acknowledged once it is in the inbox (table wecom_inbox) together with the outbox row that has it
// processed, in one transaction: a Redis that loses everything delays processing and loses nothing. The inbox is
// keyed by a hash of the decrypted event, so WeCom's retries and a replayed request find the row already there and
// are acknowledged without being processed twice. Processing records its outcome on the row (processed, ignored or
// kept with a reason, failed with the error) and an admin may replay a row (Service.Replay).
//
// The rules live here; server/web only reads the request and maps the refusals (Err*) to HTTP statuses.
package callbacks

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
)

// Status is where an inbox row is in its processing.
type Status string

// The statuses of an inbox row.
const (
	// StatusReceived: in the inbox, waiting for its processing (or a replay's).
	StatusReceived Status = "received"
	// StatusProcessed: acted on.
	StatusProcessed Status = "processed"
	// StatusIgnored: an event Qiao does not act on; kept, with the reason.
	StatusIgnored Status = "ignored"
	// StatusKept: stored for a later consumer (change_contact, for the directory sync), with the reason.
	StatusKept Status = "kept"
	// StatusFailed: processing failed (Error says why); it is retried while its task lives, and may be replayed.
	StatusFailed Status = "failed"
)

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusReceived, StatusProcessed, StatusIgnored, StatusKept, StatusFailed:
		return true
	}
	return false
}

// done reports whether processing has nothing more to do for a row in s (a task that runs again skips it).
func (s Status) done() bool {
	return s == StatusProcessed || s == StatusIgnored || s == StatusKept
}

// Event is one row of the inbox: an event as WeCom posted it to a receiver, decrypted (Body is its XML), and what
// became of it.
type Event struct {
	ID          uint64 `gorm:"primaryKey"`
	TenantID    uint64
	Receiver    string
	ContentHash []byte
	AgentID     int64
	MsgType     string
	Event       string
	ChangeType  string
	Body        string
	Status      Status
	Reason      *string
	Error       *string
	Attempts    int
	Replays     int
	ReceivedAt  time.Time
	ProcessedAt *time.Time
	UpdatedAt   time.Time
}

// TableName implements gorm's tabler.
func (Event) TableName() string { return "wecom_inbox" }

// Filter narrows List; empty fields do not filter.
type Filter struct {
	Receiver string // "oa", "contacts", "customers", …
	Event    string // change_external_contact, enter_agent, …
	Status   Status
}

// Page is one page of List, newest first.
type Page struct {
	Events    []Event
	HasNext   bool
	EndCursor string
}

// MaxPageSize bounds List's first.
const MaxPageSize = 100

// List returns a page of the inbox of the tenant in ctx, newest first, narrowed by f; first is 1..MaxPageSize and
// after the EndCursor of the previous page ("" for the first). It returns invalid with Field "first", "after" or
// "status", internal when ctx has no tenant.
func (s *Service) List(ctx context.Context, f Filter, first int, after string) (Page, error) {
	if err := requireTenant(ctx, "list callback events"); err != nil {
		return Page{}, err
	}
	if first <= 0 || first > MaxPageSize {
		return Page{}, apperr.InvalidField("first", "每页 1–%d 条", MaxPageSize)
	}
	if f.Status != "" && !f.Status.Valid() {
		return Page{}, apperr.InvalidField("status", "未知的处理状态 %q", f.Status)
	}
	q := s.db.WithContext(ctx).Model(&Event{})
	if after != "" {
		before, err := decodeCursor(after)
		if err != nil {
			return Page{}, err
		}
		q = q.Where("id < ?", before)
	}
	if f.Receiver != "" {
		q = q.Where("receiver = ?", f.Receiver)
	}
	if f.Event != "" {
		q = q.Where("event = ?", f.Event)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	var p Page
	list, more, err := database.FindPage[Event](q.Order("id DESC"), first)
	if err != nil {
		return Page{}, apperr.Wrap(err, apperr.Internal, "list callback events")
	}
	p.HasNext = more
	if n := len(list); n > 0 {
		p.EndCursor = encodeCursor(list[n-1].ID)
	}
	p.Events = list
	return p, nil
}

// Get returns inbox row id of the tenant in ctx; not_found when there is none.
func (s *Service) Get(ctx context.Context, id uint64) (Event, error) {
	if err := requireTenant(ctx, "load callback event"); err != nil {
		return Event{}, err
	}
	var e Event
	if err := s.db.WithContext(ctx).Take(&e, id).Error; err != nil {
		return Event{}, database.NotFoundOr(err, "回调事件不存在", "load callback event")
	}
	return e, nil
}

type cursor struct {
	ID uint64 `json:"id"`
}

func encodeCursor(id uint64) string {
	b, _ := json.Marshal(cursor{ID: id})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(c string) (uint64, error) {
	var v cursor
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		err = json.Unmarshal(b, &v)
	}
	if err == nil && v.ID == 0 {
		err = fmt.Errorf("no id")
	}
	if err != nil {
		return 0, &apperr.Error{Code: apperr.Invalid, Field: "after", Msg: "分页游标无效", Err: fmt.Errorf("cursor %q: %w", c, err)}
	}
	return v.ID, nil
}
