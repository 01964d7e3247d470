// Package notice holds notices (公告) and news (新闻): rich-text items a tenant admin publishes to all staff or to
// departments, with a read receipt per person and unread counts. The audience is expanded to one receipt per
// person when the item is published, and a push to each of them is queued in the same transaction.
//
// The package also holds what every published item shares (Audience, Directory, Title, Body, cursors); the
// survey and discussion packages use them, so the three kinds behave alike.
package notice

import "time"

// Kind tells notices from news; they share one table and differ only in the list they appear in.
type Kind string

// The kinds.
const (
	KindNotice Kind = "notice" // 公告
	KindNews   Kind = "news"   // 新闻
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == KindNotice || k == KindNews }

// Notice is a published notice or news item (table notices).
type Notice struct {
	ID          uint64 `gorm:"primaryKey"`
	TenantID    uint64
	Kind        Kind
	PublisherID uint64
	Title       string
	// Body is sanitised HTML. List entries leave it empty: lists show titles.
	Body        string
	AudienceAll bool
	// AudienceDepartments are the departments chosen, as chosen; empty when AudienceAll.
	AudienceDepartments []uint64 `gorm:"serializer:json"`
	// RecipientCount is how many people the audience expanded to at publish time.
	RecipientCount int
	PublishedAt    time.Time
}

// TableName implements gorm's tabler.
func (Notice) TableName() string { return "notices" }

// Audience returns the audience as published.
func (n Notice) Audience() Audience {
	return Audience{All: n.AudienceAll, DepartmentIDs: n.AudienceDepartments}
}

// Receipt is one audience member's row of a notice (table notice_receipts); ReadAt is nil until they read it.
type Receipt struct {
	TenantID   uint64 `gorm:"primaryKey"`
	NoticeID   uint64 `gorm:"primaryKey"`
	EmployeeID uint64 `gorm:"primaryKey"`
	Kind       Kind
	ReadAt     *time.Time
}

// TableName implements gorm's tabler.
func (Receipt) TableName() string { return "notice_receipts" }

// Entry is a notice as one person sees it: the notice and when they read it (nil: unread, or not in the audience
// when the viewer is the publisher).
type Entry struct {
	Notice Notice
	ReadAt *time.Time
}

// Page is one page of a person's list, newest first.
type Page struct {
	Entries    []Entry
	EndCursor  string
	HasNext    bool
	TotalCount int
}

// Stats are the read counts of one notice, for its publisher.
type Stats struct {
	NoticeID   uint64
	Recipients int
	Read       int
	Unread     int
}

// PublishInput is what a publisher fills in. Body is rich text (HTML) and is sanitised.
type PublishInput struct {
	Kind     Kind
	Title    string
	Body     string
	Audience Audience
}
