package oa

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/outbox"
)

// Limits on what one item may carry.
const (
	MaxTitleRunes  = 200
	MaxBodyRunes   = 20000
	MaxRecipients  = 1000
	MaxOpinionRune = 1000
)

// Directory is what the OA service needs to know about people: which of the given employees exist and are active
// in the tenant of ctx.
type Directory interface {
	ActiveEmployeeIDs(ctx context.Context, ids []uint64) (map[uint64]bool, error)
}

// Service implements the collaboration-item rules.
type Service struct {
	db  *gorm.DB
	dir Directory
	now func() time.Time
}

// NewService returns a Service. now defaults to time.Now.
func NewService(db *gorm.DB, dir Directory, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, dir: dir, now: now}
}

// Send creates an item from senderID to the recipients and queues a push to each of them, all in one transaction.
// Errors: invalid (empty or oversized title/body, no recipients, unknown or inactive recipient, sender among the
// recipients); nothing is written on error.
func (s *Service) Send(ctx context.Context, senderID uint64, in SendInput) (Item, error) {
	in, err := s.normalize(ctx, senderID, in)
	if err != nil {
		return Item{}, err
	}
	now := s.now().UTC()
	item := Item{SenderID: senderID, Title: in.Title, Body: in.Body, Status: StatusPending, CreatedAt: now, UpdatedAt: now}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&item).Error; err != nil {
			return fmt.Errorf("insert item: %w", err)
		}
		rs := make([]Recipient, len(in.RecipientIDs))
		for i, id := range in.RecipientIDs {
			rs[i] = Recipient{ItemID: item.ID, RecipientID: id, State: StatePending}
		}
		if err := tx.Create(&rs).Error; err != nil {
			return fmt.Errorf("insert recipients: %w", err)
		}
		for _, id := range in.RecipientIDs {
			p := outbox.CollabPayload{ItemID: item.ID, ToID: id, EventTime: now.Unix()}
			key := fmt.Sprintf("collab.sent:%d:%d", item.ID, id)
			if err := outbox.Add(ctx, tx, now, outbox.KindCollabSent, key, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Item{}, fmt.Errorf("oa: send: %w", err)
	}
	return item, nil
}

func (s *Service) normalize(ctx context.Context, senderID uint64, in SendInput) (SendInput, error) {
	in.Title = strings.TrimSpace(in.Title)
	in.Body = strings.TrimSpace(in.Body)
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		return in, apperr.InvalidField("title", "标题不能为空 (title is required)")
	case n > MaxTitleRunes:
		return in, apperr.InvalidField("title", "标题不能超过 %d 字 (title too long)", MaxTitleRunes)
	}
	if utf8.RuneCountInString(in.Body) > MaxBodyRunes {
		return in, apperr.InvalidField("body", "正文不能超过 %d 字 (body too long)", MaxBodyRunes)
	}
	ids := slices.Clone(in.RecipientIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	switch {
	case len(ids) == 0:
		return in, apperr.InvalidField("recipientIds", "请选择接收人 (at least one recipient)")
	case len(ids) > MaxRecipients:
		return in, apperr.InvalidField("recipientIds", "接收人不能超过 %d 个 (too many recipients)", MaxRecipients)
	case slices.Contains(ids, senderID):
		return in, apperr.InvalidField("recipientIds", "不能发给自己 (cannot send to yourself)")
	}
	active, err := s.dir.ActiveEmployeeIDs(ctx, ids)
	if err != nil {
		return in, fmt.Errorf("oa: check recipients: %w", err)
	}
	for _, id := range ids {
		if !active[id] {
			return in, apperr.InvalidField("recipientIds", "接收人 %d 不存在或已停用 (unknown recipient)", id)
		}
	}
	in.RecipientIDs = ids
	return in, nil
}

// Handle records viewerID's approval or rejection of item id and, when that decides the item, closes it and
// queues a push to the sender. Errors: not_found (no such item for this viewer), conflict (already handled, or
// the item has ended), invalid (unknown action, opinion too long). Concurrent calls by the same viewer record
// exactly one decision.
func (s *Service) Handle(ctx context.Context, viewerID, id uint64, action Action, opinion string) (Item, error) {
	opinion = strings.TrimSpace(opinion)
	var state State
	switch action {
	case ActionApprove:
		state = StateApproved
	case ActionReject:
		state = StateRejected
	default:
		return Item{}, apperr.InvalidField("action", "unknown action %q", action)
	}
	if utf8.RuneCountInString(opinion) > MaxOpinionRune {
		return Item{}, apperr.InvalidField("opinion", "意见不能超过 %d 字 (opinion too long)", MaxOpinionRune)
	}
	var item Item
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Lock the item so that two recipients deciding at once see each other's decision.
		var err error
		if item, err = findItem(tx.Clauses(clause.Locking{Strength: "UPDATE"}), id); err != nil {
			return err
		}
		now := s.now().UTC()
		var op *string
		if opinion != "" {
			op = &opinion
		}
		res := tx.Model(&Recipient{}).
			Where("item_id = ? AND recipient_id = ? AND state = ?", id, viewerID, StatePending).
			Updates(map[string]any{"state": state, "opinion": op, "handled_at": now})
		if res.Error != nil {
			return fmt.Errorf("record decision: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return s.whyNotPending(tx, item, viewerID)
		}
		if err := s.decide(ctx, tx, &item, now); err != nil {
			return err
		}
		p := outbox.CollabPayload{ItemID: id, ToID: item.SenderID, ActorID: viewerID, State: string(state), Opinion: opinion, EventTime: now.Unix()}
		key := fmt.Sprintf("collab.handled:%d:%d", id, viewerID)
		return outbox.Add(ctx, tx, now, outbox.KindCollabHandled, key, p)
	})
	if err != nil {
		return Item{}, fmt.Errorf("oa: handle: %w", err)
	}
	return item, nil
}

// whyNotPending turns "no pending row was updated" into the right error for the caller.
func (s *Service) whyNotPending(tx *gorm.DB, item Item, viewerID uint64) error {
	var r Recipient
	err := tx.Where("item_id = ? AND recipient_id = ?", item.ID, viewerID).First(&r).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound) && item.SenderID == viewerID:
		return apperr.E(apperr.Forbidden, "发起人不能处理自己的协同 (the sender cannot handle the item)")
	case errors.Is(err, gorm.ErrRecordNotFound):
		return apperr.E(apperr.NotFound, "协同不存在 (item %d not found)", item.ID)
	case err != nil:
		return fmt.Errorf("load recipient: %w", err)
	case r.State == StateClosed:
		return apperr.E(apperr.Conflict, "协同已结束 (the item has ended)")
	default:
		return apperr.E(apperr.Conflict, "您已处理过该协同 (already handled)")
	}
}

// decide applies the item's rule after one more decision: a rejection ends it, and it is approved once nobody is
// pending. Recipients still pending when it ends are closed so it leaves their todo list.
func (s *Service) decide(ctx context.Context, tx *gorm.DB, item *Item, now time.Time) error {
	var counts []struct {
		State State
		N     int
	}
	if err := tx.Model(&Recipient{}).Select("state, COUNT(*) AS n").
		Where("item_id = ?", item.ID).Group("state").Scan(&counts).Error; err != nil {
		return fmt.Errorf("count decisions: %w", err)
	}
	by := map[State]int{}
	for _, c := range counts {
		by[c.State] = c.N
	}
	next := StatusPending
	switch {
	case by[StateRejected] > 0:
		next = StatusRejected
	case by[StatePending] == 0:
		next = StatusApproved
	}
	if next == StatusPending {
		return nil
	}
	if err := tx.Model(&Recipient{}).Where("item_id = ? AND state = ?", item.ID, StatePending).
		Update("state", StateClosed).Error; err != nil {
		return fmt.Errorf("close pending recipients: %w", err)
	}
	if err := tx.Model(item).Updates(map[string]any{"status": next, "updated_at": now}).Error; err != nil {
		return fmt.Errorf("close item: %w", err)
	}
	item.Status, item.UpdatedAt = next, now
	return nil
}
