package oa

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/text"
)

// Handle records what viewerID does with item id, with an opinion text:
//   - approve or reject: the recipient's one decision; when it decides the item under its rule (a rejection ends
//     it; RuleAll needs every approval, RuleAny the first), the item closes and the others' pending rows are
//     closed. The sender is told (outbox collab.handled), and so is each recipient whose pending row the
//     decision closed (outbox collab.closed); the decider's own card shows the decision (outbox collab.decided).
//   - comment: adds a Comment (the opinion, required) without changing anyone's state; allowed, as often as
//     wanted, while the item is pending for the viewer, except that the same text as the viewer's latest comment
//     is refused within RepeatCommentWindow of it. The sender is told (outbox collab.commented).
//
// The item row is locked for the whole transaction, so concurrent calls by the same viewer record exactly one
// decision or one copy of a comment, and a comment and a withdrawal cannot both succeed. Errors: not_found (no
// such item for this viewer), forbidden (the sender handling their own item), conflict (already decided, the item
// has ended, or a repeated comment), invalid (unknown action, an opinion too long or breaking text.Block's rule,
// an empty comment). Nothing is written on error.
func (s *Service) Handle(ctx context.Context, viewerID, id uint64, action Action, opinion string) (Item, error) {
	opinion, err := text.Block("opinion", "意见", opinion)
	if err != nil {
		return Item{}, err
	}
	var state State
	switch action {
	case ActionApprove:
		state = StateApproved
	case ActionReject:
		state = StateRejected
	case ActionComment:
		if opinion == "" {
			return Item{}, apperr.InvalidField("opinion", "请填写意见")
		}
	default:
		return Item{}, apperr.InvalidField("action", "未知的操作 %q", action)
	}
	if utf8.RuneCountInString(opinion) > MaxOpinionRune {
		return Item{}, apperr.InvalidField("opinion", "意见不能超过 %d 字", MaxOpinionRune)
	}
	var item Item
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Lock the item so that recipients deciding at once, and a withdrawal, see each other's writes.
		var err error
		if item, err = findItem(tx.Clauses(clause.Locking{Strength: "UPDATE"}), id); err != nil {
			return err
		}
		now := s.now().UTC()
		if action == ActionComment {
			return s.comment(ctx, tx, item, viewerID, opinion, now)
		}
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
		closed, err := s.decide(tx, &item, now)
		if err != nil {
			return err
		}
		// Status lets the sender's card tell one approval of several from the item's outcome.
		p := outbox.CollabPayload{ItemID: id, ToID: item.SenderID, ActorID: viewerID, State: string(state),
			Status: string(item.Status), Opinion: opinion, EventTime: now.Unix()}
		key := outbox.CollabKey(outbox.KindCollabHandled, id, viewerID)
		if err := outbox.Add(ctx, tx, now, outbox.KindCollabHandled, key, p); err != nil {
			return err
		}
		// The decider's own card still offers 同意 and 驳回 (a decision made on the page, or a tap whose card WeCom
		// has not changed yet): it shows the decision instead.
		mine := outbox.CollabPayload{ItemID: id, ToID: viewerID, ActorID: viewerID, State: string(state),
			Status: string(item.Status), EventTime: now.Unix()}
		if err := outbox.Add(ctx, tx, now, outbox.KindCollabDecided, outbox.CollabKey(outbox.KindCollabDecided, id, viewerID), mine); err != nil {
			return err
		}
		// The closed recipients were sent a "去处理" card that now opens an item with nothing left to do.
		told := make([]outbox.Entry, len(closed))
		for i, to := range closed {
			p := outbox.CollabPayload{ItemID: id, ToID: to, ActorID: viewerID, Status: string(item.Status), EventTime: now.Unix()}
			told[i] = outbox.Entry{DedupKey: outbox.CollabKey(outbox.KindCollabClosed, id, to), Payload: p}
		}
		if err := outbox.AddAll(ctx, tx, now, outbox.KindCollabClosed, told); err != nil {
			return err
		}
		boxes := boxDeltas{}
		boxes.decided(viewerID)
		boxes.decided(closed...)
		return boxes.apply(tx)
	})
	if err != nil {
		return Item{}, fmt.Errorf("oa: handle: %w", err)
	}
	return item, nil
}

// RepeatCommentWindow is how long after a comment the same person's identical comment on the same item is taken
// for a double submission (a double tap, a retried request) and refused.
const RepeatCommentWindow = time.Minute

// comment adds viewerID's comment to the locked item, if it is pending for them and is not a repeat of their
// latest comment, and tells the sender.
func (s *Service) comment(ctx context.Context, tx *gorm.DB, item Item, viewerID uint64, text string, now time.Time) error {
	var r Recipient
	if err := tx.Where("item_id = ? AND recipient_id = ?", item.ID, viewerID).Limit(1).Find(&r).Error; err != nil {
		return fmt.Errorf("load recipient: %w", err)
	}
	if r.ItemID == 0 || r.State != StatePending || item.Status != StatusPending {
		return s.whyNotPending(tx, item, viewerID)
	}
	// The caller's item lock makes a concurrent identical call wait until this one commits. That lock is the
	// transaction's first statement and a locking read, so the snapshot of the plain reads here is taken after it
	// and sees that call's comment. A locking read of the comments would take gap locks on ix_comments_item, and
	// comments on neighbouring items then deadlock.
	var last Comment
	if err := tx.Where("item_id = ? AND author_id = ?", item.ID, viewerID).
		Order("id DESC").Limit(1).Find(&last).Error; err != nil {
		return fmt.Errorf("load last comment: %w", err)
	}
	if last.ID != 0 && last.Body == text && now.Sub(last.CreatedAt) < RepeatCommentWindow {
		return apperr.E(apperr.Conflict, "请勿重复提交相同的意见")
	}
	c := Comment{ItemID: item.ID, AuthorID: viewerID, Body: text, CreatedAt: now}
	if err := tx.Create(&c).Error; err != nil {
		return fmt.Errorf("insert comment: %w", err)
	}
	p := outbox.CollabPayload{ItemID: item.ID, ToID: item.SenderID, ActorID: viewerID, Opinion: text, CommentID: c.ID, EventTime: now.Unix()}
	key := outbox.CollabKey(outbox.KindCollabCommented, item.ID, c.ID)
	return outbox.Add(ctx, tx, now, outbox.KindCollabCommented, key, p)
}

// whyNotPending turns "the item is not pending for this viewer" into the right error for the caller.
func (s *Service) whyNotPending(tx *gorm.DB, item Item, viewerID uint64) error {
	var r Recipient
	err := tx.Where("item_id = ? AND recipient_id = ?", item.ID, viewerID).First(&r).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound) && item.SenderID == viewerID:
		return apperr.E(apperr.Forbidden, "发起人不能处理自己的协同")
	case errors.Is(err, gorm.ErrRecordNotFound):
		return apperr.E(apperr.NotFound, "协同不存在")
	case err != nil:
		return fmt.Errorf("load recipient: %w", err)
	case item.Status == StatusWithdrawn:
		return apperr.E(apperr.Conflict, "协同已撤回")
	case r.State == StateClosed || item.Status != StatusPending:
		return apperr.E(apperr.Conflict, "协同已结束")
	default:
		return apperr.E(apperr.Conflict, "您已处理过该协同")
	}
}

// decide applies the item's rule after one more decision: a rejection ends it; under RuleAny one approval approves
// it; under RuleAll it is approved once nobody is pending. Recipients still pending when it ends are closed, so it
// leaves their todo list; decide returns them, for the caller to move in the box counts.
func (s *Service) decide(tx *gorm.DB, item *Item, now time.Time) (closed []uint64, err error) {
	var counts []struct {
		State State
		N     int
	}
	if err := tx.Model(&Recipient{}).Select("state, COUNT(*) AS n").
		Where("item_id = ?", item.ID).Group("state").Scan(&counts).Error; err != nil {
		return nil, fmt.Errorf("count decisions: %w", err)
	}
	by := map[State]int{}
	for _, c := range counts {
		by[c.State] = c.N
	}
	next := StatusPending
	switch {
	case by[StateRejected] > 0:
		next = StatusRejected
	case item.Rule == RuleAny && by[StateApproved] > 0:
		next = StatusApproved
	case by[StatePending] == 0:
		next = StatusApproved
	}
	if next == StatusPending {
		return nil, nil
	}
	return s.close(tx, item, next, now)
}

// close ends the locked item with status, closes the rows still pending and returns their recipients. Every
// change to the item's recipient rows happens under the item's lock, so the rows read here are the rows the
// update closes; the check on the count keeps the box counts from drifting silently if that ever stops being so.
func (s *Service) close(tx *gorm.DB, item *Item, status Status, now time.Time) ([]uint64, error) {
	var pending []uint64
	if err := tx.Model(&Recipient{}).Clauses(clause.Locking{Strength: "UPDATE"}).
		Where("item_id = ? AND state = ?", item.ID, StatePending).Order("recipient_id").
		Pluck("recipient_id", &pending).Error; err != nil {
		return nil, fmt.Errorf("load pending recipients: %w", err)
	}
	if len(pending) > 0 {
		res := tx.Model(&Recipient{}).Where("item_id = ? AND state = ?", item.ID, StatePending).Update("state", StateClosed)
		if res.Error != nil {
			return nil, fmt.Errorf("close pending recipients: %w", res.Error)
		}
		if res.RowsAffected != int64(len(pending)) {
			return nil, fmt.Errorf("close pending recipients: closed %d rows, read %d", res.RowsAffected, len(pending))
		}
	}
	if err := tx.Model(item).Updates(map[string]any{"status": status, "updated_at": now}).Error; err != nil {
		return nil, fmt.Errorf("close item: %w", err)
	}
	item.Status, item.UpdatedAt = status, now
	return pending, nil
}

// Withdraw lets the sender take back item id while nobody has handled it (no decision and no comment): the item
// becomes withdrawn, every recipient's row is closed (moving the item from their todo box to their done box), and
// each recipient is told (outbox collab.withdrawn).
// Errors: not_found (no such item for this viewer), forbidden (a recipient, not the sender), conflict (the item
// has ended, or someone has already handled it). Nothing is written on error.
func (s *Service) Withdraw(ctx context.Context, viewerID, id uint64) (Item, error) {
	var item Item
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if item, err = findItem(tx.Clauses(clause.Locking{Strength: "UPDATE"}), id); err != nil {
			return err
		}
		if item.SenderID != viewerID {
			var n int64
			if err := tx.Model(&Recipient{}).Where("item_id = ? AND recipient_id = ?", id, viewerID).Count(&n).Error; err != nil {
				return fmt.Errorf("load recipient: %w", err)
			}
			if n > 0 {
				return apperr.E(apperr.Forbidden, "只有发起人可以撤回协同")
			}
			return apperr.E(apperr.NotFound, "协同不存在")
		}
		if item.Status != StatusPending {
			return apperr.E(apperr.Conflict, "协同已结束，不能撤回")
		}
		handled, err := s.handled(tx, id)
		if err != nil {
			return err
		}
		// The checks above gave their own errors; what the rule still refuses is an item someone has handled.
		if !mayWithdraw(item, viewerID, handled) {
			return apperr.E(apperr.Conflict, "已有人处理，不能撤回")
		}
		// Nobody has decided, so every recipient is pending: the rows closed are all of them, in recipient order.
		now := s.now().UTC()
		ids, err := s.close(tx, &item, StatusWithdrawn, now)
		if err != nil {
			return err
		}
		told := make([]outbox.Entry, len(ids))
		for i, to := range ids {
			p := outbox.CollabPayload{ItemID: id, ToID: to, ActorID: viewerID, EventTime: now.Unix()}
			told[i] = outbox.Entry{DedupKey: outbox.CollabKey(outbox.KindCollabWithdrawn, id, to), Payload: p}
		}
		if err := outbox.AddAll(ctx, tx, now, outbox.KindCollabWithdrawn, told); err != nil {
			return err
		}
		boxes := boxDeltas{}
		boxes.decided(ids...)
		return boxes.apply(tx)
	})
	if err != nil {
		return Item{}, fmt.Errorf("oa: withdraw: %w", err)
	}
	return item, nil
}

// handled reports whether anyone has decided on or commented on item id.
func (s *Service) handled(db *gorm.DB, id uint64) (bool, error) {
	var decided, commented []uint64
	if err := db.Model(&Recipient{}).Where("item_id = ? AND state <> ?", id, StatePending).Limit(1).
		Pluck("recipient_id", &decided).Error; err != nil {
		return false, fmt.Errorf("check decisions: %w", err)
	}
	if err := db.Model(&Comment{}).Where("item_id = ?", id).Limit(1).Pluck("id", &commented).Error; err != nil {
		return false, fmt.Errorf("check comments: %w", err)
	}
	return len(decided) > 0 || len(commented) > 0, nil
}
