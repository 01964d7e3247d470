// Package oa holds the OA domain: collaboration items (协同) sent by one employee to people and departments, whose
// recipients approve, reject or comment on them. The service enforces every rule, so the H5, the admin portal and
// partners all get the same behaviour; writes that must reach a phone add outbox messages in the same transaction.
package oa

import (
	"io"
	"time"
)

// Status is the state of a whole item.
type Status string

// Item statuses. An item is pending until its rule approves it, ends at the first rejection, and may be withdrawn
// by its sender while nobody has handled it.
const (
	StatusPending   Status = "pending"
	StatusApproved  Status = "approved"
	StatusRejected  Status = "rejected"
	StatusWithdrawn Status = "withdrawn"
)

// Rule says when an item is approved.
type Rule string

// The rules. Under both, one rejection rejects the item.
const (
	RuleAll Rule = "all" // every recipient must approve
	RuleAny Rule = "any" // the first approval approves the item and closes the other recipients' rows
)

// State is one recipient's state for an item.
type State string

// Recipient states. Closed means the item ended (rejected, approved under RuleAny, or withdrawn) before this
// recipient decided.
const (
	StatePending  State = "pending"
	StateApproved State = "approved"
	StateRejected State = "rejected"
	StateClosed   State = "closed"
)

// Action is something a viewer may do with an item; View.Actions lists the ones allowed now, so the H5 draws
// exactly those buttons (seed 000 §3.2.1.1).
type Action string

// Actions. Approve, reject and comment are a recipient's, while the item is pending for them; withdraw is the
// sender's while nobody has handled the item; related and attachments open those lists when there are some.
const (
	ActionApprove     Action = "approve"
	ActionReject      Action = "reject"
	ActionComment     Action = "comment"
	ActionWithdraw    Action = "withdraw"
	ActionRelated     Action = "related"
	ActionAttachments Action = "attachments"
)

// Box names one of an employee's three lists.
type Box string

// The lists: 待办 (pending for me), 已发 (sent by me), 已办 (decided by me, or ended before I decided).
const (
	BoxTodo Box = "todo"
	BoxSent Box = "sent"
	BoxDone Box = "done"
)

// Item is a collaboration item. Body is sanitised HTML (see NewBodyPolicy).
type Item struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	SenderID  uint64
	Title     string
	Body      string
	Rule      Rule
	Status    Status
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName implements gorm's tabler.
func (Item) TableName() string { return "collab_items" }

// Recipient is one recipient's row of an item: their one decision and its opinion.
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

// Comment is an opinion a recipient gave without deciding (意见). A recipient may comment more than once.
type Comment struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	ItemID    uint64
	AuthorID  uint64
	Body      string
	CreatedAt time.Time
}

// TableName implements gorm's tabler.
func (Comment) TableName() string { return "collab_comments" }

// Attachment is a file sent with an item. Its bytes are read with Service.OpenAttachment.
type Attachment struct {
	ID          uint64 `gorm:"primaryKey"`
	TenantID    uint64
	ItemID      uint64
	Name        string // as the sender named it, for display only: never a path
	ContentType string // detected from the content, never the client's claim
	Size        int64
	StorageKey  string `json:"-"`
	CreatedAt   time.Time
}

// TableName implements gorm's tabler.
func (Attachment) TableName() string { return "collab_attachments" }

// related is one row of collab_related: ItemID refers to RelatedID.
type related struct {
	TenantID  uint64 `gorm:"primaryKey"`
	ItemID    uint64 `gorm:"primaryKey"`
	RelatedID uint64 `gorm:"primaryKey"`
}

// TableName implements gorm's tabler.
func (related) TableName() string { return "collab_related" }

// View is an item as one viewer sees it: the item, its recipients, comments, attachments and related items, and
// what the viewer may do now. Related holds summaries (Body empty). Attachments and Related are filled only for the
// sender and the recipients, not for someone who sees the item only because an item of theirs refers to it.
type View struct {
	Item        Item
	Recipients  []Recipient
	Comments    []Comment
	Attachments []Attachment
	Related     []Item
	Actions     []Action
}

// Page is one page of a list.
type Page struct {
	Items      []Item
	EndCursor  string
	HasNext    bool
	TotalCount int
}

// Counts are the sizes of one person's three boxes.
type Counts struct {
	Todo, Sent, Done int
}

// Of returns the size of box b; 0 for a box that is not one of the three.
func (c Counts) Of(b Box) int {
	switch b {
	case BoxTodo:
		return c.Todo
	case BoxSent:
		return c.Sent
	case BoxDone:
		return c.Done
	}
	return 0
}

// ListQuery selects one page of a box. Keyword, when not empty, keeps the items whose title contains it (case
// insensitive); in todo and done it also matches the sender's name.
type ListQuery struct {
	Box     Box
	First   int
	After   string
	Keyword string
}

// SendInput is what a sender fills in. Recipients are RecipientIDs plus the active members of DepartmentIDs (and
// their sub-departments) at the time of sending, without the sender, de-duplicated. Rule "" means RuleAll.
type SendInput struct {
	Title         string
	Body          string // HTML; sanitised before it is stored
	Rule          Rule
	RecipientIDs  []uint64
	DepartmentIDs []uint64
	RelatedIDs    []uint64
	Attachments   []AttachmentInput
}

// AttachmentInput is one uploaded file. Size is the declared size: Body must yield exactly that many bytes.
// ContentType is the client's claim and is not trusted: the stored type is detected from the content.
type AttachmentInput struct {
	Name        string
	ContentType string
	Size        int64
	Body        io.Reader
}
