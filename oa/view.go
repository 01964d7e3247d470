package oa

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenancy"
)

// access is how a viewer reaches an item.
type access int

const (
	accessNone      access = iota
	accessDirect           // the sender or a recipient
	accessByRelated        // a recipient or the sender of an item that refers to this one: the text only
)

// Get returns item id as viewerID sees it. The sender and the recipients see all of it. Someone who sees an item
// that refers to this one as related sees its text, recipients and comments (one step only: that is what the
// related list is for), but not its attachments or its own related items, and has no actions. Anyone else
// (another tenant included) gets not_found.
//
// Actions: approve, reject and comment while the item is pending for the viewer; withdraw for the sender while the
// item is pending and nobody has decided or commented; related when there are related items; attachments when
// there are attachments.
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
	acc := accessNone
	mine := State("")
	if v.Item.SenderID == viewerID {
		acc = accessDirect
	}
	for _, r := range v.Recipients {
		if r.RecipientID == viewerID {
			acc, mine = accessDirect, r.State
		}
	}
	if acc == accessNone {
		if acc, err = s.viaRelated(ctx, viewerID, id); err != nil {
			return View{}, err
		}
	}
	if acc == accessNone {
		return View{}, apperr.E(apperr.NotFound, "协同不存在")
	}
	if err := db.Where("item_id = ?", id).Order("id").Find(&v.Comments).Error; err != nil {
		return View{}, fmt.Errorf("oa: get comments: %w", err)
	}
	if acc == accessDirect {
		if err := db.Where("item_id = ?", id).Order("id").Find(&v.Attachments).Error; err != nil {
			return View{}, fmt.Errorf("oa: get attachments: %w", err)
		}
		if v.Related, err = s.relatedOf(ctx, id); err != nil {
			return View{}, err
		}
	}
	pending := v.Item.Status == StatusPending
	if pending && mine == StatePending {
		v.Actions = append(v.Actions, ActionApprove, ActionReject, ActionComment)
	}
	if mayWithdraw(v.Item, viewerID, len(v.Comments) > 0 || anyDecided(v.Recipients)) {
		v.Actions = append(v.Actions, ActionWithdraw)
	}
	if len(v.Related) > 0 {
		v.Actions = append(v.Actions, ActionRelated)
	}
	if len(v.Attachments) > 0 {
		v.Actions = append(v.Actions, ActionAttachments)
	}
	return v, nil
}

// mayWithdraw is the withdraw rule, for Get's action and Withdraw's check alike: viewerID may withdraw item when
// they sent it, it is still pending and nobody has handled it (handled: someone decided or commented). Each caller
// passes the facts it already holds, so neither reads more for it.
func mayWithdraw(item Item, viewerID uint64, handled bool) bool {
	return item.SenderID == viewerID && item.Status == StatusPending && !handled
}

// anyDecided reports whether any of rs is no longer pending.
func anyDecided(rs []Recipient) bool {
	for _, r := range rs {
		if r.State != StatePending {
			return true
		}
	}
	return false
}

// relatedOf returns the items item id refers to, newest first, as summaries (Body empty).
func (s *Service) relatedOf(ctx context.Context, id uint64) ([]Item, error) {
	db := s.db.WithContext(ctx)
	var ids []uint64
	if err := db.Model(&related{}).Where("item_id = ?", id).Order("related_id DESC").Pluck("related_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("oa: get related: %w", err)
	}
	items, err := s.itemsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].Body = ""
	}
	return items, nil
}

// access reports how viewerID reaches item.
func (s *Service) access(ctx context.Context, db *gorm.DB, viewerID uint64, item Item) (access, error) {
	if item.SenderID == viewerID {
		return accessDirect, nil
	}
	var n int64
	if err := db.Model(&Recipient{}).Where("item_id = ? AND recipient_id = ?", item.ID, viewerID).Count(&n).Error; err != nil {
		return accessNone, fmt.Errorf("oa: check recipient: %w", err)
	}
	if n > 0 {
		return accessDirect, nil
	}
	return s.viaRelated(ctx, viewerID, item.ID)
}

// viaRelated reports whether viewerID sends or receives an item that refers to item id. Raw SQL, so the tenant is
// named in it; ix_related_reverse finds the referring items, primary keys check them.
func (s *Service) viaRelated(ctx context.Context, viewerID, id uint64) (access, error) {
	tenant, err := tenancy.MustFrom(ctx)
	if err != nil {
		return accessNone, fmt.Errorf("oa: check related access: %w", err)
	}
	var hits []int
	err = s.db.WithContext(ctx).Raw(`SELECT 1 FROM collab_related r
WHERE r.tenant_id = ? AND r.related_id = ?
  AND (EXISTS (SELECT 1 FROM collab_items i WHERE i.tenant_id = r.tenant_id AND i.id = r.item_id AND i.sender_id = ?)
    OR EXISTS (SELECT 1 FROM collab_recipients c WHERE c.tenant_id = r.tenant_id AND c.item_id = r.item_id AND c.recipient_id = ?))
LIMIT 1`, tenant, id, viewerID, viewerID).Scan(&hits).Error
	if err != nil {
		return accessNone, fmt.Errorf("oa: check related access: %w", err)
	}
	if len(hits) > 0 {
		return accessByRelated, nil
	}
	return accessNone, nil
}
