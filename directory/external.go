package directory

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/text"
)

// ContactType is where an external contact comes from, as WeCom's customer contact API numbers it.
type ContactType int

// The contact types.
const (
	ContactWeChat ContactType = 1 // a personal WeChat user
	ContactWeCom  ContactType = 2 // a member of another WeCom corp
)

// Gender is an external contact's gender as WeCom reports it.
type Gender int

// The genders.
const (
	GenderUnknown Gender = 0
	GenderMale    Gender = 1
	GenderFemale  Gender = 2
)

// ExternalContact is a customer or partner reached through WeCom customer contact (外部联系人, table
// external_contacts), keyed by WeCom's external_userid. Followers are the employees who added them; they are
// loaded by the store's reads and written by UpsertExternalContact.
type ExternalContact struct {
	TenantID       uint64 `gorm:"primaryKey;autoIncrement:false"`
	ExternalUserID string `gorm:"primaryKey;column:external_userid"`
	Name           string
	Type           ContactType
	CorpName       *string
	Position       *string
	Gender         Gender
	CreatedAt      time.Time
	UpdatedAt      time.Time

	Followers []ExternalFollower `gorm:"-"`
}

// TableName implements gorm's tabler.
func (ExternalContact) TableName() string { return "external_contacts" }

// ExternalFollower is an employee who added an external contact (table external_contact_follows): their remark for
// the contact, the state (渠道参数) of the "contact me" link it came through, and when.
type ExternalFollower struct {
	TenantID       uint64 `gorm:"primaryKey;autoIncrement:false" json:"-"`
	ExternalUserID string `gorm:"primaryKey;column:external_userid" json:"-"`
	EmployeeID     uint64 `gorm:"primaryKey;autoIncrement:false"`
	Remark         *string
	State          *string
	AddedAt        time.Time
}

// TableName implements gorm's tabler.
func (ExternalFollower) TableName() string { return "external_contact_follows" }

// normalize trims c and its followers and checks them, their texts under text.Line's rule; invalid naming the field.
func (c ExternalContact) normalize() (ExternalContact, error) {
	c.ExternalUserID = strings.TrimSpace(c.ExternalUserID)
	var err error
	if c.Name, err = text.Line("name", "名称", c.Name); err != nil {
		return c, err
	}
	c.CorpName = trimOptional(c.CorpName)
	c.Position = trimOptional(c.Position)
	if err := checkOptional("corpName", "企业名称", c.CorpName); err != nil {
		return c, err
	}
	if err := checkOptional("position", "职位", c.Position); err != nil {
		return c, err
	}
	tooLong := func(p *string, n int) bool { return p != nil && utf8.RuneCountInString(*p) > n }
	switch {
	case c.ExternalUserID == "" || len(c.ExternalUserID) > 64:
		return c, apperr.InvalidField("externalUserId", "外部联系人 ID 须为 1–64 个字符")
	case c.Name == "" || utf8.RuneCountInString(c.Name) > 128:
		return c, apperr.InvalidField("name", "名称须为 1–128 个字符")
	case c.Type != ContactWeChat && c.Type != ContactWeCom:
		return c, apperr.InvalidField("type", "未知的外部联系人类型 %d", c.Type)
	case tooLong(c.CorpName, 128):
		return c, apperr.InvalidField("corpName", "企业名称最多 128 个字符")
	case tooLong(c.Position, 128):
		return c, apperr.InvalidField("position", "职位最多 128 个字符")
	case c.Gender < GenderUnknown || c.Gender > GenderFemale:
		return c, apperr.InvalidField("gender", "未知的性别 %d", c.Gender)
	}
	seen := make(map[uint64]bool, len(c.Followers))
	fs := make([]ExternalFollower, 0, len(c.Followers))
	for _, f := range c.Followers {
		f.Remark, f.State = trimOptional(f.Remark), trimOptional(f.State)
		if err := checkOptional("followers", "备注", f.Remark); err != nil {
			return c, err
		}
		if err := checkOptional("followers", "渠道参数", f.State); err != nil {
			return c, err
		}
		switch {
		case f.EmployeeID == 0 || seen[f.EmployeeID]:
			return c, apperr.InvalidField("followers", "跟进人重复或为空")
		case tooLong(f.Remark, 128):
			return c, apperr.InvalidField("followers", "备注最多 128 个字符")
		case tooLong(f.State, 64):
			return c, apperr.InvalidField("followers", "渠道参数最多 64 个字符")
		}
		seen[f.EmployeeID] = true
		fs = append(fs, f)
	}
	c.Followers = fs
	return c, nil
}

// UpsertExternalContact writes an external contact as WeCom reports it: the row is inserted or updated by its
// external_userid, and its followers are replaced by c.Followers (the full list WeCom returns; employees no longer
// listed stop following). A follower's zero AddedAt means now. It is the write the contact sync (the directory
// sync issue) is to call; until that lands only tests call it, so production has no external contacts yet.
//
// It returns invalid naming the field (Field "followers" also for a follower who is not an employee of this
// tenant), internal when ctx has no tenant. The name, corp name, position, remarks and states are held to
// text.Line's rule like any text that reaches a phone: a WeChat nickname with a direction override or an invisible
// character is refused, not stored, and the sync is to report such a contact rather than stop at it.
func (s *Store) UpsertExternalContact(ctx context.Context, c ExternalContact) (ExternalContact, error) {
	if _, err := requireTenant(ctx, "upsert external contact"); err != nil {
		return ExternalContact{}, err
	}
	c, err := c.normalize()
	if err != nil {
		return ExternalContact{}, err
	}
	ids := make([]uint64, len(c.Followers))
	for i, f := range c.Followers {
		ids[i] = f.EmployeeID
	}
	known, err := s.EmployeesByIDs(ctx, ids)
	if err != nil {
		return ExternalContact{}, err
	}
	if len(known) != len(ids) {
		return ExternalContact{}, apperr.InvalidField("followers", "跟进人不是本企业员工")
	}
	now := s.now().UTC()
	c.TenantID, c.CreatedAt, c.UpdatedAt = 0, now, now
	for i := range c.Followers {
		c.Followers[i].TenantID, c.Followers[i].ExternalUserID = 0, c.ExternalUserID
		if c.Followers[i].AddedAt.IsZero() {
			c.Followers[i].AddedAt = now
		}
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := c
		row.Followers = nil
		err := tx.Clauses(clause.OnConflict{
			DoUpdates: clause.AssignmentColumns([]string{"name", "type", "corp_name", "position", "gender", "updated_at"}),
		}).Create(&row).Error
		if err != nil {
			return fmt.Errorf("upsert external contact: %w", err)
		}
		if err := tx.Where("external_userid = ?", c.ExternalUserID).Delete(&ExternalFollower{}).Error; err != nil {
			return fmt.Errorf("delete followers: %w", err)
		}
		if len(c.Followers) > 0 {
			if err := tx.Create(&c.Followers).Error; err != nil {
				return fmt.Errorf("insert followers: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return ExternalContact{}, apperr.OrInternal(err, "upsert external contact")
	}
	// Read back: an update keeps the original created_at.
	return s.ExternalContact(ctx, c.ExternalUserID)
}

// ExternalContact returns an external contact with its followers (by when they added it); not_found when there
// is none in this tenant.
func (s *Store) ExternalContact(ctx context.Context, externalUserID string) (ExternalContact, error) {
	if _, err := requireTenant(ctx, "load external contact"); err != nil {
		return ExternalContact{}, err
	}
	var c ExternalContact
	err := s.db.WithContext(ctx).Where("external_userid = ?", strings.TrimSpace(externalUserID)).Take(&c).Error
	if err != nil {
		return ExternalContact{}, database.NotFoundOr(err, "外部联系人不存在", "load external contact")
	}
	list := []ExternalContact{c}
	if err := s.loadFollowers(ctx, list); err != nil {
		return ExternalContact{}, err
	}
	return list[0], nil
}

// ExternalContactPage is one page of ListExternalContacts, ordered by name then external user ID.
type ExternalContactPage struct {
	Contacts   []ExternalContact
	TotalCount int
	HasNext    bool
	EndCursor  string
}

// ListExternalContacts returns a page of the tenant's external contacts with their followers, or of those
// followerEmployeeID follows when it is not nil ("my customers"). first is 1..MaxPageSize; after is the EndCursor
// of the previous page. It returns invalid with Field "first" or "after", internal when ctx has no tenant.
func (s *Store) ListExternalContacts(ctx context.Context, followerEmployeeID *uint64, first int, after string) (ExternalContactPage, error) {
	if _, err := requireTenant(ctx, "list external contacts"); err != nil {
		return ExternalContactPage{}, err
	}
	if first <= 0 || first > MaxPageSize {
		return ExternalContactPage{}, apperr.InvalidField("first", "每页 1–%d 条", MaxPageSize)
	}
	cur, err := decodeContactCursor(after)
	if err != nil {
		return ExternalContactPage{}, err
	}
	db := s.db.WithContext(ctx)
	filter := func(q *gorm.DB) *gorm.DB {
		if followerEmployeeID != nil {
			// A subquery built from db is scoped to ctx's tenant by the tenancy plugin, like the main table.
			q = q.Where("external_userid IN (?)", db.Model(&ExternalFollower{}).Select("external_userid").Where("employee_id = ?", *followerEmployeeID))
		}
		return q
	}
	var total int64
	if err := filter(db.Model(&ExternalContact{})).Count(&total).Error; err != nil {
		return ExternalContactPage{}, apperr.Wrap(err, apperr.Internal, "count external contacts")
	}
	q := filter(db.Model(&ExternalContact{}))
	if cur != nil {
		q = q.Where("(name > ? OR (name = ? AND external_userid > ?))", cur.Name, cur.Name, cur.ID)
	}
	list, more, err := database.FindPage[ExternalContact](q.Order("name").Order("external_userid"), first)
	if err != nil {
		return ExternalContactPage{}, apperr.Wrap(err, apperr.Internal, "list external contacts")
	}
	page := ExternalContactPage{TotalCount: int(total), HasNext: more}
	if n := len(list); n > 0 {
		page.EndCursor = encodeContactCursor(list[n-1].Name, list[n-1].ExternalUserID)
	}
	if err := s.loadFollowers(ctx, list); err != nil {
		return ExternalContactPage{}, err
	}
	page.Contacts = list
	return page, nil
}

// loadFollowers fills the Followers of list in one query.
func (s *Store) loadFollowers(ctx context.Context, list []ExternalContact) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = c.ExternalUserID
	}
	var fs []ExternalFollower
	err := s.db.WithContext(ctx).Where("external_userid IN ?", ids).Order("added_at").Order("employee_id").Find(&fs).Error
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "load followers")
	}
	by := make(map[string][]ExternalFollower, len(list))
	for _, f := range fs {
		by[f.ExternalUserID] = append(by[f.ExternalUserID], f)
	}
	for i := range list {
		list[i].Followers = by[list[i].ExternalUserID]
	}
	return nil
}

// contactCursor points just after the contact (Name, ID) in (name, external_userid) order.
type contactCursor struct {
	Name string `json:"n"`
	ID   string `json:"x"`
}

func encodeContactCursor(name, id string) string {
	return encodeJSONCursor(contactCursor{Name: name, ID: id})
}

func decodeContactCursor(c string) (*contactCursor, error) {
	if c == "" {
		return nil, nil
	}
	var cc contactCursor
	if err := decodeJSONCursor(c, &cc); err != nil || cc.ID == "" {
		return nil, badCursor(c, err)
	}
	return &cc, nil
}
