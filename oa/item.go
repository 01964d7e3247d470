// Package oa holds the OA domain: collaboration items (协同) sent by one employee to recipients who each approve or
// reject them. The service enforces every rule, so the H5, the admin portal and partners all get the same
// behaviour; writes that must reach a phone add outbox messages in the same transaction.
package oa

import "time"

// Status is the state of a whole item.
type Status string

// Item statuses. An item is pending until every recipient approved it, and ends at the first rejection.
const (
	StatusPending  Status = "pending"
	StatusApproved Status = "approved"
	StatusRejected Status = "rejected"
)

// State is one recipient's state for an item.
type State string

// Recipient states. Closed means the item ended (someone rejected it) before this recipient acted.
const (
	StatePending  State = "pending"
	StateApproved State = "approved"
	StateRejected State = "rejected"
	StateClosed   State = "closed"
)

// Action is what a recipient does to an item.
type Action string

// Actions a recipient may take while the item is pending for them.
const (
	ActionApprove Action = "approve"
	ActionReject  Action = "reject"
)

// Box names one of an employee's three lists.
type Box string

// The lists: 待办 (pending for me), 已发 (sent by me), 已办 (handled by me or ended).
const (
	BoxTodo Box = "todo"
	BoxSent Box = "sent"
	BoxDone Box = "done"
)

// Item is a collaboration item.
type Item struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	SenderID  uint64
	Title     string
	Body      string
	Status    Status
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName implements gorm's tabler.
func (Item) TableName() string { return "collab_items" }

// Recipient is one recipient's row of an item.
type Recipient struct {
	TenantID    uint64 `gorm:"primaryKey"`
	ItemID      uint64 `gorm:"primaryKey"`
	RecipientID uint64 `gorm:"primaryKey"`
	State       State
	Opinion     *string
	HandledAt   *time.Time
}

// TableName implements gorm's tabler.
func (Recipient) TableName() string { return "collab_recipients" }

// View is an item as one viewer sees it: the item, its recipients, and what the viewer may do now.
type View struct {
	Item       Item
	Recipients []Recipient
	Actions    []Action
}

// Page is one page of a list.
type Page struct {
	Items      []Item
	EndCursor  string
	HasNext    bool
	TotalCount int
}

// SendInput is what a sender fills in.
type SendInput struct {
	Title        string
	Body         string
	RecipientIDs []uint64
}
