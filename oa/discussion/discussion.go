// Package discussion holds discussions (讨论): a topic started by an employee for an audience (all staff or
// departments), and flat replies, each of which may quote an earlier reply of the same topic. The participants —
// the author and everyone who replied — are told of each new reply by a push queued in the reply's transaction.
package discussion

import (
	"time"

	"github.com/qiao-hq/qiao/oa/notice"
)

// Discussion is a topic (table discussions).
type Discussion struct {
	ID       uint64 `gorm:"primaryKey"`
	TenantID uint64
	AuthorID uint64
	Title    string
	// Body is sanitised HTML; list entries leave it empty.
	Body                string
	AudienceAll         bool
	AudienceDepartments []uint64 `gorm:"serializer:json"`
	// MemberCount is how many people may read and reply: the audience at start, plus the author.
	MemberCount int
	ReplyCount  int
	LastReplyAt *time.Time
	CreatedAt   time.Time
	// Unread is whether the viewer has not read it since it started, or since a reply of someone else's: set by
	// the Store's methods that read it for a viewer (List, Started, Get, MarkReadUpTo), false elsewhere.
	Unread bool `gorm:"-"`
}

// TableName implements gorm's tabler.
func (Discussion) TableName() string { return "discussions" }

// Audience returns the audience as chosen at start.
func (d Discussion) Audience() notice.Audience {
	return notice.Audience{All: d.AudienceAll, DepartmentIDs: d.AudienceDepartments}
}

// Member is one person who may read and reply (table discussion_members). ReadAt is when they last read it
// (opened it, or replied); nil while they have not. Rows from before unread counts read as read far in the future
// (the column's default, migration 0015) until the member opens the discussion.
type Member struct {
	TenantID     uint64 `gorm:"primaryKey"`
	DiscussionID uint64 `gorm:"primaryKey"`
	EmployeeID   uint64 `gorm:"primaryKey"`
	ReadAt       *time.Time
}

// unread is whether a member who read d at readAt (nil: never) has something new in it: the discussion itself, or
// a reply after readAt. A member's own reply sets readAt to its time, so it never counts.
func unread(d Discussion, readAt *time.Time) bool {
	return readAt == nil || (d.LastReplyAt != nil && d.LastReplyAt.After(*readAt))
}

// TableName implements gorm's tabler.
func (Member) TableName() string { return "discussion_members" }

// Participant is one person told of new replies: the author, and each member once they reply (table
// discussion_participants).
type Participant struct {
	TenantID     uint64 `gorm:"primaryKey"`
	DiscussionID uint64 `gorm:"primaryKey"`
	EmployeeID   uint64 `gorm:"primaryKey"`
	JoinedAt     time.Time
}

// TableName implements gorm's tabler.
func (Participant) TableName() string { return "discussion_participants" }

// Reply is one reply (table discussion_replies). QuoteID is the earlier reply it quotes, if any; Quote is that
// reply, filled in by Replies (without its own quote).
type Reply struct {
	ID           uint64 `gorm:"primaryKey"`
	TenantID     uint64
	DiscussionID uint64
	AuthorID     uint64
	Body         string
	QuoteID      *uint64
	CreatedAt    time.Time
	Quote        *Reply `gorm:"-"`
}

// TableName implements gorm's tabler.
func (Reply) TableName() string { return "discussion_replies" }

// StartInput is what the author fills in. Body is rich text (HTML) and is sanitised.
type StartInput struct {
	Title    string
	Body     string
	Audience notice.Audience
}

// ReplyInput is a reply as written: a rich-text body (sanitised) and optionally the id of an earlier reply of the
// same discussion to quote (0 for none).
type ReplyInput struct {
	Body    string
	QuoteID uint64
}

// Page is one page of a person's discussions, newest first.
type Page struct {
	Discussions []Discussion
	EndCursor   string
	HasNext     bool
	TotalCount  int
}

// ReplyPage is one page of a discussion's replies, oldest first.
type ReplyPage struct {
	Replies    []Reply
	EndCursor  string
	HasNext    bool
	TotalCount int
}
