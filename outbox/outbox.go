// Package outbox is the transactional outbox: domain writes that must reach a phone add a Message in the same
// transaction as the domain rows, and the worker's relay hands committed messages to the queue. A crash or a Redis
// outage therefore delays a push but never loses it, and the stable DedupKey means writing the same event twice
// stores it once.
package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/tenancy"
)

// Kinds of messages. The push handler renders each kind into a card.
const (
	KindCollabSent    = "collab.sent"    // a collaboration item reached a recipient
	KindCollabHandled = "collab.handled" // a recipient approved or rejected; tell the sender
	// KindCollabCommented: a recipient commented without deciding; tell the sender.
	KindCollabCommented = "collab.commented"
	// KindCollabWithdrawn: the sender withdrew an item; tell each recipient.
	KindCollabWithdrawn = "collab.withdrawn"
	// KindCollabClosed: a decision ended an item (a rejection, or the approval that sufficed); tell each recipient
	// whose pending row it closed. ActorID is the decider and Status the item's final status.
	KindCollabClosed = "collab.closed"
	// KindCollabDecided: a recipient approved or rejected (on the page or in the card); their own card of the item
	// shows it. ToID and ActorID are the decider, State their decision.
	KindCollabDecided = "collab.decided"
)

// Message is one row of the outbox. Payload is the kind's payload as JSON; every kind's payload names its recipient
// employee "to_id": the push handler addresses the message by it, and the kind's renderer decodes the rest into its
// own struct.
//
// A message is done when its delivery is recorded (DoneAt), not when the relay handed it to the queue: until then
// DueAt says when the relay may hand it over again, so a queue that lost its tasks delays a push but never drops it.
type Message struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	Kind      string
	DedupKey  string
	Payload   string
	CreatedAt time.Time
	DueAt     *time.Time // when the relay may hand it over (again); nil once done
	Handovers int        // how often the relay handed it over
	DoneAt    *time.Time
	// OrderKey groups the messages whose cards must reach one phone in the order the events happened (the cards of
	// one item for one person); nil when order does not matter.
	OrderKey *string
}

// TableName implements gorm's tabler.
func (Message) TableName() string { return "outbox" }

// CollabPayload is the payload of the collab.* kinds: which item, who is told, and (for handled, commented and
// withdrawn) who acted; Opinion is the decision's opinion or the comment's text. For handled, State is the actor's
// own decision and Status the item's status right after it (pending while others must still approve); Status is
// empty in messages written before it existed.
type CollabPayload struct {
	ItemID    uint64 `json:"item_id"`
	ToID      uint64 `json:"to_id"`
	ActorID   uint64 `json:"actor_id,omitempty"`
	State     string `json:"state,omitempty"`
	Status    string `json:"status,omitempty"`
	Opinion   string `json:"opinion,omitempty"`
	CommentID uint64 `json:"comment_id,omitempty"`
	EventTime int64  `json:"event_time"`
}

// CollabKey is the dedup key of a collab.* message, "<kind>:<item>:<id>". id is what makes the event one of a
// kind on the item: the recipient for sent, closed and withdrawn, the decider for handled (one decision each),
// the comment for commented.
func CollabKey(kind string, itemID, id uint64) string {
	return fmt.Sprintf("%s:%d:%d", kind, itemID, id)
}

// Add writes a message inside tx (the caller's transaction). A message with the same dedup key already in the
// outbox makes this a no-op, so retried domain writes do not push twice.
func Add(ctx context.Context, tx *gorm.DB, now time.Time, kind, dedupKey string, payload any) error {
	m, err := newMessage(now, kind, dedupKey, payload)
	if err != nil {
		return err
	}
	err = tx.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&m).Error
	if err != nil {
		return fmt.Errorf("outbox: add %s: %w", dedupKey, err)
	}
	return nil
}

// NewMessage is one message for Insert.
type NewMessage struct {
	Kind, DedupKey string
	Payload        any
}

// Insert is Add for messages whose dedup keys cannot be in the outbox yet (each names a row inserted in the same
// transaction), in one multi-row INSERT without the conflict clause, which in InnoDB takes next-key locks on the
// unique key and so makes concurrent writers of ascending keys wait for each other. A duplicate key is an error.
func Insert(ctx context.Context, tx *gorm.DB, now time.Time, entries ...NewMessage) error {
	if len(entries) == 0 {
		return nil
	}
	ms := make([]Message, len(entries))
	for i, e := range entries {
		m, err := newMessage(now, e.Kind, e.DedupKey, e.Payload)
		if err != nil {
			return err
		}
		ms[i] = m
	}
	if err := tx.WithContext(ctx).Create(&ms).Error; err != nil {
		return fmt.Errorf("outbox: insert %s…: %w", entries[0].DedupKey, err)
	}
	return nil
}

// newMessage builds the outbox row of one message, its payload encoded as JSON.
func newMessage(now time.Time, kind, dedupKey string, payload any) (Message, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return Message{}, fmt.Errorf("outbox: encode %s payload: %w", kind, err)
	}
	m := Message{Kind: kind, DedupKey: dedupKey, Payload: string(b), CreatedAt: now, DueAt: &now}
	if k := orderKey(kind, payload); k != "" {
		m.OrderKey = &k
	}
	return m, nil
}

// orderKey is the order key of a message of kind with payload: the cards of one collaboration item, or of one
// discussion, for one person form a sequence. Other kinds (a notice, a survey, a system message) are one card each.
func orderKey(kind string, payload any) string {
	switch p := payload.(type) {
	case CollabPayload:
		return fmt.Sprintf("collab:%d:to:%d", p.ItemID, p.ToID)
	case *CollabPayload:
		return orderKey(kind, *p)
	case PublishedPayload:
		if kind == KindDiscussionPublished || kind == KindDiscussionReplied {
			return fmt.Sprintf("discussion:%d:to:%d", p.ItemID, p.ToID)
		}
	case *PublishedPayload:
		return orderKey(kind, *p)
	}
	return ""
}

// Store reads and marks outbox messages for the relay and the push handler.
type Store struct {
	db *gorm.DB
}

// NewStore returns a Store on db (which has the tenancy plugin registered).
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// Get returns the message id of the tenant in ctx; not_found when absent or another tenant's.
func (s *Store) Get(ctx context.Context, id uint64) (Message, error) {
	var m Message
	if err := s.db.WithContext(ctx).First(&m, id).Error; err != nil {
		return m, database.NotFoundOr(err, fmt.Sprintf("outbox message %d not found", id), "outbox: get")
	}
	return m, nil
}

// Open returns the messages among ids of the tenant in ctx that are of kind ("" for any) and not done, by ID; the
// others (done, gone, another kind or tenant) are left out. Errors are the database's (internal).
func (s *Store) Open(ctx context.Context, kind string, ids []uint64) ([]Message, error) {
	var ms []Message
	if len(ids) == 0 {
		return ms, nil
	}
	q := s.db.WithContext(ctx).Where("id IN ? AND done_at IS NULL", ids)
	if kind != "" {
		q = q.Where("kind = ?", kind)
	}
	err := q.Order("id").Find(&ms).Error
	if err != nil {
		return nil, fmt.Errorf("outbox: open %s messages: %w", kind, err)
	}
	return ms, nil
}

// Lease is how long a handover protects a message from being handed over again: the first handover waits
// FirstLease, each later one twice as long as the one before, up to MaxLease. A message whose task is alive (queued,
// waiting for a retry) is handed over again in vain (the queue refuses the same task ID), so the lease only bounds
// how late a message is noticed after the queue lost it.
const (
	FirstLease = time.Minute
	MaxLease   = 15 * time.Minute
)

// leaseFor is the lease of a message handed over for the n-th time (n ≥ 1), with first the first lease.
func leaseFor(n int, first time.Duration) time.Duration {
	d := first
	for i := 1; i < n && d < MaxLease; i++ {
		d *= 2
	}
	return min(d, MaxLease)
}

// readCommitted is the isolation of the relay's writes across tenants: a locking read then locks the rows it
// returns and no gaps, so it never holds up the domain transactions inserting new messages.
var readCommitted = &sql.TxOptions{Isolation: sql.LevelReadCommitted}

// Claim takes up to limit messages that are due at now, across all tenants (the relay serves every tenant, so this
// is one of the few deliberate System reads), and leases them: they are not due again before the lease ends
// (first, doubling with every handover). Rows another relay is claiming at the same moment are skipped, not
// waited for, so N relays hand every message over once.
func (s *Store) Claim(ctx context.Context, now time.Time, first time.Duration, limit int) ([]Message, error) {
	if first <= 0 {
		first = FirstLease
	}
	var ms []Message
	err := s.db.WithContext(tenancy.System(ctx)).Transaction(func(tx *gorm.DB) error {
		err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked}).
			Where("due_at <= ?", now).Order("due_at, id").Limit(limit).Find(&ms).Error
		if err != nil || len(ms) == 0 {
			return err
		}
		// One UPDATE per lease length: the handover counts of one batch are mostly equal.
		byLease := map[time.Duration][]uint64{}
		for i := range ms {
			ms[i].Handovers++
			d := leaseFor(ms[i].Handovers, first)
			due := now.Add(d)
			ms[i].DueAt = &due
			byLease[d] = append(byLease[d], ms[i].ID)
		}
		for d, ids := range byLease {
			err := tx.Model(&Message{}).Where("id IN ?", ids).
				Updates(map[string]any{"due_at": now.Add(d), "handovers": gorm.Expr("handovers + 1")}).Error
			if err != nil {
				return err
			}
		}
		return nil
	}, readCommitted)
	if err != nil {
		return nil, fmt.Errorf("outbox: claim: %w", err)
	}
	return ms, nil
}

// Release makes claimed messages due again at now: the relay could not hand them over (the queue was away), so
// they should not wait out their lease, nor count the failed handover towards a longer one. Errors are the
// database's (internal).
func (s *Store) Release(ctx context.Context, ids []uint64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.db.WithContext(tenancy.System(ctx)).Model(&Message{}).Where("id IN ? AND due_at IS NOT NULL", ids).
		Updates(map[string]any{"due_at": now, "handovers": gorm.Expr("GREATEST(handovers - 1, 0)")}).Error
	if err != nil {
		return fmt.Errorf("outbox: release: %w", err)
	}
	return nil
}

// Adopt makes due at now up to limit messages that are neither due nor done, across all tenants, and returns how
// many it found: rows a server of the release before 0010 wrote during an upgrade, which knew no due_at. They would
// otherwise never be handed over.
//
// It runs under READ COMMITTED, so it locks only the rows it changes: under REPEATABLE READ its scan of the open
// rows would lock them and the gap new messages are inserted into. Errors are the database's (internal).
func (s *Store) Adopt(ctx context.Context, now time.Time, limit int) (int64, error) {
	var n int64
	err := s.db.WithContext(tenancy.System(ctx)).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Message{}).Where("done_at IS NULL AND due_at IS NULL").Limit(limit).Update("due_at", now)
		n = res.RowsAffected
		return res.Error
	}, readCommitted)
	if err != nil {
		return 0, fmt.Errorf("outbox: adopt: %w", err)
	}
	return n, nil
}

// MarkDone records inside tx (the transaction that records the delivery) that message id of the tenant in ctx
// needs no more handovers. Marking twice keeps the first time.
func MarkDone(ctx context.Context, tx *gorm.DB, id uint64, now time.Time) error {
	return MarkAllDone(ctx, tx, []uint64{id}, now)
}

// MarkAllDone is MarkDone for many messages of the tenant in ctx, in one statement.
func MarkAllDone(ctx context.Context, tx *gorm.DB, ids []uint64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	err := tx.WithContext(ctx).Model(&Message{}).Where("id IN ? AND done_at IS NULL", ids).
		Updates(map[string]any{"due_at": nil, "done_at": now}).Error
	if err != nil {
		return fmt.Errorf("outbox: mark %d done (%d in all): %w", ids[0], len(ids), err)
	}
	return nil
}

// Reopen makes message id of the tenant in ctx due at now again, inside tx, after its delivery had ended (an
// admin's retry): it is handed over afresh, its lease starting from the first. It reports whether the message
// exists; retention may have deleted it.
func Reopen(ctx context.Context, tx *gorm.DB, id uint64, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Model(&Message{}).Where("id = ?", id).
		Updates(map[string]any{"due_at": now, "done_at": nil, "handovers": 0})
	if res.Error != nil {
		return false, fmt.Errorf("outbox: reopen %d: %w", id, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// Earlier returns the oldest message before m in m's order sequence that is not done yet, and false when there is
// none (or m has no order key): m's card must wait for it, or the phone would show the events out of order.
func (s *Store) Earlier(ctx context.Context, m Message) (Message, bool, error) {
	if m.OrderKey == nil {
		return Message{}, false, nil
	}
	var ms []Message
	err := s.db.WithContext(ctx).Where("order_key = ? AND id < ? AND done_at IS NULL", *m.OrderKey, m.ID).
		Order("id").Limit(1).Find(&ms).Error
	if err != nil {
		return Message{}, false, fmt.Errorf("outbox: earlier than %d: %w", m.ID, err)
	}
	if len(ms) == 0 {
		return Message{}, false, nil
	}
	return ms[0], true, nil
}

// Prune deletes up to limit messages of every tenant that were done before cutoff and returns how many it
// deleted. Messages not done are never pruned. Callers loop while it returns limit.
func (s *Store) Prune(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	res := s.db.WithContext(tenancy.System(ctx)).Where("done_at < ?", cutoff).Order("done_at").Limit(limit).
		Delete(&Message{})
	if res.Error != nil {
		return 0, fmt.Errorf("outbox: prune: %w", res.Error)
	}
	return res.RowsAffected, nil
}
