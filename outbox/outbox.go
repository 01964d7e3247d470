// Package outbox is the transactional outbox: domain writes that must reach a phone add a Message in the same
// transaction as the domain rows, and the worker's relay hands committed messages to the queue. A crash or a Redis
// outage therefore delays a push but never loses it, and the stable DedupKey means writing the same event twice
// stores it once.
package outbox

import (
	"context"
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
)

// Message is one row of the outbox. Payload is the kind's payload as JSON; every kind's payload names its recipient
// employee "to_id": the push handler addresses the message by it, and the kind's renderer decodes the rest into its
// own struct.
type Message struct {
	ID         uint64 `gorm:"primaryKey"`
	TenantID   uint64
	Kind       string
	DedupKey   string
	Payload    string
	CreatedAt  time.Time
	EnqueuedAt *time.Time
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

// newMessage builds the outbox row of one message, its payload encoded as JSON.
func newMessage(now time.Time, kind, dedupKey string, payload any) (Message, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return Message{}, fmt.Errorf("outbox: encode %s payload: %w", kind, err)
	}
	return Message{Kind: kind, DedupKey: dedupKey, Payload: string(b), CreatedAt: now}, nil
}

// Store reads and marks outbox messages for the relay and the push handler.
type Store struct {
	db *gorm.DB
}

// NewStore returns a Store on db (which has the tenancy plugin registered).
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// Pending returns up to limit messages not yet handed to the queue, oldest first, across all tenants: the relay
// serves every tenant, so this is one of the few deliberate System reads.
func (s *Store) Pending(ctx context.Context, limit int) ([]Message, error) {
	var ms []Message
	err := s.db.WithContext(tenancy.System(ctx)).
		Where("enqueued_at IS NULL").Order("id").Limit(limit).Find(&ms).Error
	if err != nil {
		return nil, fmt.Errorf("outbox: pending: %w", err)
	}
	return ms, nil
}

// MarkEnqueued records that the queue has the messages. Marking twice is harmless.
func (s *Store) MarkEnqueued(ctx context.Context, ids []uint64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.db.WithContext(tenancy.System(ctx)).Model(&Message{}).
		Where("id IN ?", ids).Update("enqueued_at", at).Error
	if err != nil {
		return fmt.Errorf("outbox: mark enqueued: %w", err)
	}
	return nil
}

// Get returns the message id of the tenant in ctx; not_found when absent or another tenant's.
func (s *Store) Get(ctx context.Context, id uint64) (Message, error) {
	var m Message
	if err := s.db.WithContext(ctx).First(&m, id).Error; err != nil {
		return m, database.NotFoundOr(err, fmt.Sprintf("outbox message %d not found", id), "outbox: get")
	}
	return m, nil
}
