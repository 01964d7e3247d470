package oa

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
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
//
// The H5 home page runs it on every visit, so its SQL is written here and its rows scanned by hand
// (database.EachRow): gorm's statement building and reflection cost more than the queries (issue 10 §6).
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
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return Page{}, fmt.Errorf("oa: list: %w", err)
	}
	// states are the recipient states of the box, each read as one ordered range of ix_recipients_box; the sent
	// box has none.
	var states []State
	switch q.Box {
	case BoxSent:
	case BoxTodo:
		states = []State{StatePending}
	case BoxDone:
		states = doneStates
	default:
		return Page{}, apperr.InvalidField("box", "未知的列表 %q", q.Box)
	}
	db := s.db.WithContext(ctx)
	var page Page
	if kw == "" {
		c, err := s.boxCounts(ctx, viewerID)
		if err != nil {
			return Page{}, fmt.Errorf("oa: count %s: %w", q.Box, err)
		}
		page.TotalCount = c.Of(q.Box)
	} else {
		from, args := boxRows(tid, viewerID, states, kw)
		err := database.EachRow(db, func(r *sql.Rows) error { return r.Scan(&page.TotalCount) }, "SELECT COUNT(*) "+from, args...)
		if err != nil {
			return Page{}, fmt.Errorf("oa: count %s: %w", q.Box, err)
		}
	}
	// read appends the newest q.First+1 items of states (one more tells whether there is a next page) below the
	// cursor, in the order of the index the rows are walked in.
	read := func(states []State) error {
		from, args := boxRows(tid, viewerID, states, kw)
		key := "r.item_id"
		if states == nil {
			key = "i.id"
		}
		if before > 0 {
			from += " AND " + key + " < ?"
			args = append(args, before)
		}
		args = append(args, q.First+1)
		return database.EachRow(db, func(r *sql.Rows) error {
			var it Item
			if err := r.Scan(&it.ID, &it.TenantID, &it.SenderID, &it.Title, &it.Body, &it.Rule, &it.Status,
				&it.CreatedAt, &it.UpdatedAt); err != nil {
				return err
			}
			page.Items = append(page.Items, it)
			return nil
		}, "SELECT i.id, i.tenant_id, i.sender_id, i.title, i.body, i.rule, i.status, i.created_at, i.updated_at "+
			from+" ORDER BY "+key+" DESC LIMIT ?", args...)
	}
	if states == nil {
		err = read(nil)
	} else {
		// A page of several states is read one state at a time and merged: with state IN (...) the server would
		// sort all of the person's rows (or, measured on MariaDB 10.11, walk the tenant's primary key) to find the
		// newest few.
		for _, st := range states {
			if err = read([]State{st}); err != nil {
				break
			}
		}
	}
	if err != nil {
		return Page{}, fmt.Errorf("oa: list %s: %w", q.Box, err)
	}
	if len(states) > 1 {
		slices.SortFunc(page.Items, func(a, b Item) int { return cmp.Compare(b.ID, a.ID) })
	}
	if len(page.Items) > q.First {
		page.Items, page.HasNext = page.Items[:q.First], true
	}
	if n := len(page.Items); n > 0 {
		page.EndCursor = Cursor(page.Items[n-1].ID)
	}
	return page, nil
}

// boxRows is the FROM and WHERE, with their arguments, of the rows of viewerID's box in tenant tid: the items
// viewerID sent when states is nil, otherwise viewerID's recipient rows in states with their items joined (as i).
// With a keyword only the items whose title, or for received items whose sender's name, contains it are kept.
// The SQL names the tenant of every table it reads, because the tenancy plugin does not rewrite raw SQL.
func boxRows(tid, viewerID uint64, states []State, kw string) (string, []any) {
	var from string
	args := []any{tid, viewerID}
	if states == nil {
		// ix_items_sender (tenant_id, sender_id, id)
		from = "FROM collab_items i WHERE i.tenant_id = ? AND i.sender_id = ?"
	} else {
		// ix_recipients_box (tenant_id, recipient_id, state, item_id): one state is one ordered range of it, read
		// newest first with each row's item joined by primary key (EXPLAIN in migrations/EXPLAIN.md).
		from = `FROM collab_recipients r JOIN collab_items i ON i.tenant_id = r.tenant_id AND i.id = r.item_id
			WHERE r.tenant_id = ? AND r.recipient_id = ? AND r.state IN ?`
		args = append(args, states)
	}
	if kw == "" {
		return from, args
	}
	pat := database.ContainsPattern(kw)
	if states == nil {
		return from + " AND LOWER(i.title) LIKE ? ESCAPE '!'", append(args, pat)
	}
	return from + ` AND (LOWER(i.title) LIKE ? ESCAPE '!'
			OR i.sender_id IN (SELECT e.id FROM employees e WHERE e.tenant_id = ? AND LOWER(e.name) LIKE ? ESCAPE '!'))`,
		append(args, pat, tid, pat)
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
