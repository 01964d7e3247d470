package oa

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
)

// Bounds on list queries.
const (
	MaxPageSize     = 100
	MaxKeywordRunes = 50
)

// doneStates are the recipient states of the done box.
var doneStates = []State{StateApproved, StateRejected, StateClosed}

// Search returns one page of viewerID's box, newest first, keeping only the items that match q.Keyword when it is
// set. Every query walks an index of the viewer's box (ix_items_sender, ix_recipients_box); the keyword filters the
// rows that walk reaches, since a substring cannot use an index. TotalCount is the box's size from the person's
// box counts (one primary-key read) without a keyword, and the number of matches, counted, with one. Errors:
// invalid (unknown box, malformed cursor, first out of range, keyword too long).
func (s *Service) Search(ctx context.Context, viewerID uint64, q ListQuery) (Page, error) {
	if err := CheckFirst(q.First); err != nil {
		return Page{}, err
	}
	before, err := ParseCursor(q.After)
	if err != nil {
		return Page{}, err
	}
	kw, err := Keyword(q.Keyword)
	if err != nil {
		return Page{}, err
	}
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return Page{}, fmt.Errorf("oa: list: %w", err)
	}
	db := s.db.WithContext(ctx)
	var page Page
	var total int64
	// count reads the size of the box or of the keyword's matches into total: the counter row without a keyword,
	// otherwise COUNT(*) over matches.
	count := func(matches *gorm.DB) error {
		if kw != "" {
			return matches.Count(&total).Error
		}
		c, err := s.boxCounts(ctx, viewerID)
		total = int64(c.Of(q.Box))
		return err
	}
	switch q.Box {
	case BoxSent:
		// ix_items_sender (tenant_id, sender_id, id)
		base := func() *gorm.DB {
			b := db.Model(&Item{}).Where("sender_id = ?", viewerID)
			if kw != "" {
				b = b.Where("LOWER(title) LIKE ? ESCAPE '!'", database.ContainsPattern(kw))
			}
			return b
		}
		if err := count(base()); err != nil {
			return Page{}, fmt.Errorf("oa: count sent: %w", err)
		}
		qq := base()
		if before > 0 {
			qq = qq.Where("id < ?", before)
		}
		if err := qq.Order("id DESC").Limit(q.First + 1).Find(&page.Items).Error; err != nil {
			return Page{}, fmt.Errorf("oa: list sent: %w", err)
		}
	case BoxTodo, BoxDone:
		states := []State{StatePending}
		if q.Box == BoxDone {
			states = doneStates
		}
		// ix_recipients_box (tenant_id, recipient_id, state, item_id): one state is one ordered range of it, read
		// newest first with each row's item joined by primary key (EXPLAIN in migrations/EXPLAIN.md). The join
		// names the tenant itself: the plugin scopes only the model's table (and the senders' subquery, a model
		// query of its own).
		base := func(states ...State) *gorm.DB {
			b := db.Model(&Recipient{}).
				Joins("JOIN collab_items i ON i.tenant_id = collab_recipients.tenant_id AND i.id = collab_recipients.item_id").
				Where("collab_recipients.recipient_id = ? AND collab_recipients.state IN ?", viewerID, states)
			if kw != "" {
				pat := database.ContainsPattern(kw)
				senders := db.Model(&directory.Employee{}).Select("id").Where("LOWER(name) LIKE ? ESCAPE '!'", pat)
				b = b.Where("(LOWER(i.title) LIKE ? ESCAPE '!' OR i.sender_id IN (?))", pat, senders)
			}
			return b
		}
		if err := count(base(states...)); err != nil {
			return Page{}, fmt.Errorf("oa: count %s: %w", q.Box, err)
		}
		// A page of several states is read one state at a time and merged: with state IN (...) the server would
		// sort all of the person's rows (or, measured on MariaDB 10.11, walk the tenant's primary key) to find the
		// newest few.
		for _, st := range states {
			qq := base(st)
			if before > 0 {
				qq = qq.Where("collab_recipients.item_id < ?", before)
			}
			var part []Item
			if err := qq.Select("i.*").Order("collab_recipients.item_id DESC").Limit(q.First + 1).
				Scan(&part).Error; err != nil {
				return Page{}, fmt.Errorf("oa: list %s: %w", q.Box, err)
			}
			page.Items = append(page.Items, part...)
		}
		if len(states) > 1 {
			slices.SortFunc(page.Items, func(a, b Item) int { return cmp.Compare(b.ID, a.ID) })
		}
	default:
		return Page{}, apperr.InvalidField("box", "未知的列表 %q", q.Box)
	}
	page.TotalCount = int(total)
	if len(page.Items) > q.First {
		page.Items, page.HasNext = page.Items[:q.First], true
	}
	if n := len(page.Items); n > 0 {
		page.EndCursor = Cursor(page.Items[n-1].ID)
	}
	return page, nil
}

// Counts returns the sizes of viewerID's three boxes, read from their box counts (one primary-key read of
// collab_box_counts, which every change to the boxes keeps in step in its own transaction).
func (s *Service) Counts(ctx context.Context, viewerID uint64) (Counts, error) {
	c, err := s.boxCounts(ctx, viewerID)
	if err != nil {
		return Counts{}, fmt.Errorf("oa: counts: %w", err)
	}
	return c, nil
}

// itemsByID loads items keeping the order of ids.
func (s *Service) itemsByID(ctx context.Context, ids []uint64) ([]Item, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var found []Item
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&found).Error; err != nil {
		return nil, fmt.Errorf("oa: load items: %w", err)
	}
	byID := make(map[uint64]Item, len(found))
	for _, it := range found {
		byID[it.ID] = it
	}
	out := make([]Item, 0, len(ids))
	for _, id := range ids {
		if it, ok := byID[id]; ok {
			out = append(out, it)
		}
	}
	return out, nil
}

// Cursor is the list cursor pointing just after item id.
func Cursor(id uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatUint(id, 10)))
}

// CheckFirst checks a page size is between 1 and MaxPageSize. Errors: invalid (field "first").
func CheckFirst(first int) error {
	if first <= 0 || first > MaxPageSize {
		return apperr.InvalidField("first", "每页 1–%d 条", MaxPageSize)
	}
	return nil
}

// ParseCursor reads a Cursor; "" is the start of the list and gives 0. Errors: invalid (field "after").
func ParseCursor(c string) (uint64, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		if id, perr := strconv.ParseUint(string(b), 10, 64); perr == nil && id > 0 {
			return id, nil
		}
	}
	return 0, apperr.InvalidField("after", "分页游标无效")
}

// Lookup returns item id of the tenant in ctx without a viewer check, for system work such as rendering a push.
// Errors: not_found.
func (s *Service) Lookup(ctx context.Context, id uint64) (Item, error) {
	return findItem(s.db.WithContext(ctx), id)
}

// RecipientState returns employeeID's state on item id of the tenant in ctx: the push worker asks it before a
// "请处理" card goes out. Errors: not_found when employeeID is not a recipient of the item.
func (s *Service) RecipientState(ctx context.Context, id, employeeID uint64) (State, error) {
	var r Recipient
	err := s.db.WithContext(ctx).Where("item_id = ? AND recipient_id = ?", id, employeeID).First(&r).Error
	if err != nil {
		return "", database.NotFoundOr(err, "协同不存在", "oa: recipient state")
	}
	return r.State, nil
}

// findItem loads item id through db (a transaction or a context-scoped handle). Errors: not_found.
func findItem(db *gorm.DB, id uint64) (Item, error) {
	var it Item
	if err := db.First(&it, id).Error; err != nil {
		return it, database.NotFoundOr(err, "协同不存在", "oa: load item")
	}
	return it, nil
}
