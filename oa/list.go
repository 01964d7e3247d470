package oa

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
)

// MaxPageSize caps first on every list.
const MaxPageSize = 100

// List returns one page of viewerID's box, newest first. after is the EndCursor of the previous page.
// Errors: invalid (unknown box, malformed cursor, first out of range).
func (s *Service) List(ctx context.Context, viewerID uint64, box Box, first int, after string) (Page, error) {
	if first <= 0 || first > MaxPageSize {
		return Page{}, apperr.InvalidField("first", "first must be between 1 and %d", MaxPageSize)
	}
	before, err := decodeCursor(after)
	if err != nil {
		return Page{}, err
	}
	db := s.db.WithContext(ctx)
	var page Page
	switch box {
	case BoxSent:
		q := func() *gorm.DB { return db.Model(&Item{}).Where("sender_id = ?", viewerID) }
		var total int64
		if err := q().Count(&total).Error; err != nil {
			return Page{}, fmt.Errorf("oa: count sent: %w", err)
		}
		var items []Item
		qq := q()
		if before > 0 {
			qq = qq.Where("id < ?", before)
		}
		if err := qq.Order("id DESC").Limit(first + 1).Find(&items).Error; err != nil {
			return Page{}, fmt.Errorf("oa: list sent: %w", err)
		}
		page.TotalCount, page.Items = int(total), items
	case BoxTodo, BoxDone:
		q := func() *gorm.DB {
			q := db.Model(&Recipient{}).Where("recipient_id = ?", viewerID)
			if box == BoxTodo {
				return q.Where("state = ?", StatePending)
			}
			return q.Where("state IN ?", []State{StateApproved, StateRejected, StateClosed})
		}
		var total int64
		if err := q().Count(&total).Error; err != nil {
			return Page{}, fmt.Errorf("oa: count %s: %w", box, err)
		}
		var ids []uint64
		qq := q()
		if before > 0 {
			qq = qq.Where("item_id < ?", before)
		}
		if err := qq.Order("item_id DESC").Limit(first+1).Pluck("item_id", &ids).Error; err != nil {
			return Page{}, fmt.Errorf("oa: list %s: %w", box, err)
		}
		items, err := s.itemsByID(ctx, ids)
		if err != nil {
			return Page{}, err
		}
		page.TotalCount, page.Items = int(total), items
	default:
		return Page{}, apperr.InvalidField("box", "unknown box %q", box)
	}
	if len(page.Items) > first {
		page.Items, page.HasNext = page.Items[:first], true
	}
	if n := len(page.Items); n > 0 {
		page.EndCursor = Cursor(page.Items[n-1].ID)
	}
	return page, nil
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

// Get returns item id as viewerID sees it. Only the sender and the recipients can see an item; anyone else
// (another tenant included) gets not_found.
func (s *Service) Get(ctx context.Context, viewerID, id uint64) (View, error) {
	db := s.db.WithContext(ctx)
	var v View
	var err error
	if v.Item, err = findItem(db, id); err != nil {
		return View{}, err
	}
	if err := db.Where("item_id = ?", id).Order("recipient_id").Find(&v.Recipients).Error; err != nil {
		return View{}, fmt.Errorf("oa: get recipients: %w", err)
	}
	visible := v.Item.SenderID == viewerID
	for _, r := range v.Recipients {
		if r.RecipientID != viewerID {
			continue
		}
		visible = true
		if r.State == StatePending && v.Item.Status == StatusPending {
			v.Actions = []Action{ActionApprove, ActionReject}
		}
	}
	if !visible {
		return View{}, apperr.E(apperr.NotFound, "协同不存在 (item %d not found)", id)
	}
	return v, nil
}

// Cursor is the list cursor pointing just after item id.
func Cursor(id uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatUint(id, 10)))
}

func decodeCursor(c string) (uint64, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		if id, perr := strconv.ParseUint(string(b), 10, 64); perr == nil && id > 0 {
			return id, nil
		}
	}
	return 0, apperr.InvalidField("after", "malformed cursor")
}

// Lookup returns item id of the tenant in ctx without a viewer check, for system work such as rendering a push.
// Errors: not_found.
func (s *Service) Lookup(ctx context.Context, id uint64) (Item, error) {
	return findItem(s.db.WithContext(ctx), id)
}

// findItem loads item id through db (a transaction or a context-scoped handle). Errors: not_found.
func findItem(db *gorm.DB, id uint64) (Item, error) {
	var it Item
	if err := db.First(&it, id).Error; err != nil {
		return it, database.NotFoundOr(err, fmt.Sprintf("协同不存在 (item %d not found)", id), "oa: load item")
	}
	return it, nil
}
