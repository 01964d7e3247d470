package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/text"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// Card is an interactive card on a reader's phone (push_cards): a todo card whose choices (同意, 驳回) are answered
// inside WeCom. A tap's template_card_event names it by TaskID; a later message of the same CardKey changes it.
type Card struct {
	ID         uint64 `gorm:"primaryKey"`
	TenantID   uint64
	DeliveryID uint64
	EmployeeID uint64
	// Recipient is the WeCom userid the card went to: the one a tap must come from, and the one an update names.
	Recipient string
	// Kind is the outbox kind whose message put the card there (its describer takes the taps); SystemCode the
	// system whose app sent it and whose WeChat gate a tap passes.
	Kind       string
	SystemCode string
	CardKey    string
	TaskID     string
	MsgID      *string
	// Shows is what the card shows instead of its choices since it was changed; nil while they stand. Changing is
	// what a change whose answer is not known yet was asked to show.
	Shows     *string
	Changing  *string
	SentAt    time.Time
	UpdatedAt time.Time
}

// TableName implements gorm's tabler.
func (Card) TableName() string { return "push_cards" }

// cardCode is a response_code a card may still be changed with: the send's, or a tap's.
type cardCode struct {
	TenantID  uint64 `gorm:"primaryKey;autoIncrement:false"`
	CardID    uint64 `gorm:"primaryKey;autoIncrement:false"`
	Code      string `gorm:"primaryKey"`
	ExpiresAt time.Time
}

// TableName implements gorm's tabler.
func (cardCode) TableName() string { return "push_card_codes" }

// WeCom keeps a response_code for 72 hours and recalls messages of the last 24; both are taken a little short, so
// that a clock a few minutes apart from WeCom's never spends a call on a code or a message already gone.
const (
	codeTTL      = 72*time.Hour - 10*time.Minute
	recallWithin = 24*time.Hour - 10*time.Minute
)

// maxOutcome is the length, in characters, of the text a changed card's button shows.
const maxOutcome = 40

// taskID names delivery d's card to WeCom: unique per app, and the same for every try of the delivery, so that a
// resend under the duplicate check repeats the card exactly. An admin's retry starts the delivery anew (CreatedAt),
// and a card re-addressed to the person's new WeCom account replaces the first send (replacing): each makes a new
// card, under a task_id of its own.
func taskID(d Delivery, replacing *time.Time) string {
	id := fmt.Sprintf("qiao_%d_%d", d.ID, d.CreatedAt.Unix())
	if replacing != nil {
		id += fmt.Sprintf("_%d", replacing.UnixNano())
	}
	return id
}

// deliveryOfTask is the delivery a task_id names, when it is one of taskID's.
func deliveryOfTask(task string) (uint64, bool) {
	rest, ok := strings.CutPrefix(task, "qiao_")
	if !ok {
		return 0, false
	}
	id, _, _ := strings.Cut(rest, "_")
	n, err := strconv.ParseUint(id, 10, 64)
	return n, err == nil
}

// keptCard is the card a send put on a phone, recorded with the send's outcome.
type keptCard struct {
	card Card
	code string
}

// interactive returns the task of msg when it is a card with buttons, "" otherwise.
func interactive(msg wecom.Message) string {
	if c, ok := msg.TemplateCard.(*wecom.ButtonInteractionCard); ok {
		return c.TaskID
	}
	return ""
}

// choicesAnswered reports whether the tenant's app for system hears its cards' taps: WeCom posts them to the app's
// callback, which it uses only once it verified it. Without it a card with buttons would take taps nobody hears.
func (s *Service) choicesAnswered(ctx context.Context, system string) (bool, error) {
	ok, err := s.d.Tenants.ReceiverVerified(ctx, tenants.ReceiverForSystem(system))
	if err != nil {
		return false, fmt.Errorf("push: app's callback: %w", err)
	}
	return ok, nil
}

// changeCard carries out a message whose description changes a card already on the reader's phone (d.Outcome).
// The card shows the outcome in place of its choices, through update_template_card with a code WeCom gave for it;
// with none left, a card young enough is recalled and the message goes out as a new card. It reports whether the
// attempt is over (recorded): changed, or nothing to change for a message that only changes.
func (a *attempt) changeCard(ctx context.Context, app wecom.App, d message.Description) (bool, error) {
	s := a.s
	var cards []Card
	if a.d.EmployeeID != nil {
		if err := s.d.DB.WithContext(ctx).Where("card_key = ? AND employee_id = ?", d.Card, *a.d.EmployeeID).
			Order("id DESC").Limit(1).Find(&cards).Error; err != nil {
			return false, fmt.Errorf("push: the reader's card %s: %w", d.Card, err)
		}
	}
	outcomeText := text.Clip(d.Outcome, maxOutcome)
	if len(cards) == 0 {
		if d.OutcomeOnly {
			return true, a.skip(ctx, "no card to change", "no interactive card of this item on the reader's phone to change")
		}
		return false, nil
	}
	c := cards[0]
	if c.Shows != nil && *c.Shows == outcomeText {
		return true, a.changed(ctx, c, outcomeText, "already")
	}
	// A change of an earlier try whose answer was lost may have been made: with no code left it is taken as made,
	// rather than recalling a card that may show it.
	asked := c.Changing != nil && *c.Changing == outcomeText
	for {
		step, _, err := s.changeOnce(ctx, app, c, outcomeText)
		switch step {
		case stepNoCode:
			return a.cannotChange(ctx, app, c, d, asked)
		case stepChanged:
			a.log.Info("push card changed", "task", c.TaskID, "shows", outcomeText)
			return true, a.changed(ctx, c, outcomeText, "")
		case stepMemberGone:
			// WeCom cannot reach the member's card any more (they left, or their userid changed): no code will.
			a.log.Warn("push card member invalid", "task", c.TaskID)
			return a.cannotChange(ctx, app, c, d, false)
		case stepCodeSpent:
			// This code is spent or has expired: the next one.
			a.log.Warn("push card code refused", "task", c.TaskID)
		case stepUnanswered:
			// No answer: the change may have been made. The next try takes another code, or takes it as made.
			return false, fmt.Errorf("push: change card %s: %w", c.TaskID, err)
		case stepRefused:
			// WeCom will not make this change (a permission gone, the message unknown): the card stays as it is,
			// and the news goes out anew where it can.
			a.log.Warn("push card change refused", "task", c.TaskID, "code", wecom.CodeOf(err))
			if err := s.clearChanging(ctx, c.ID, outcomeText); err != nil {
				return false, err
			}
			return a.cannotChange(ctx, app, c, d, false)
		case stepRetry:
			// WeCom did not act (a rate limit, system busy): the code was given back, and the change waits. What
			// an earlier try asked stays on the card.
			if !asked {
				if err := s.clearChanging(ctx, c.ID, outcomeText); err != nil {
					return false, err
				}
			}
			if wait, ok := wxapi.RetryAfterOf(err); ok {
				// Waiting is not failing: recorded, and the change goes out once WeCom lets us.
				if rerr := a.end(ctx, outcome{status: StatusFailed, err: err.Error()}); rerr != nil {
					return false, rerr
				}
				return false, &Wait{Reason: "WeCom rate limit", After: wait, Err: err}
			}
			return false, fmt.Errorf("push: change card %s: %w", c.TaskID, err)
		default: // stepFailed: our own database
			return false, err
		}
	}
}

// changeStep is what one try at changing a card came to.
type changeStep int

const (
	stepFailed     changeStep = iota // the database failed (the error says how); nothing was asked of WeCom
	stepNoCode                       // the card has no unexpired code left
	stepChanged                      // WeCom changed the card
	stepMemberGone                   // WeCom cannot reach the member's card (invaliduser names them)
	stepCodeSpent                    // the code taken was spent or has expired (60140)
	stepUnanswered                   // no answer: the change may have been made
	stepRefused                      // WeCom will not make the change
	stepRetry                        // WeCom did not act, for now (rate limit, busy): the code was given back
)

// changeOnce takes card c's freshest code, spending it, and asks WeCom to show shows in place of its buttons. It
// returns the code it took; the error is WeCom's for the refusals and the unanswered call, the database's for
// stepFailed.
func (s *Service) changeOnce(ctx context.Context, app wecom.App, c Card, shows string) (changeStep, cardCode, error) {
	code, ok, err := s.takeCode(ctx, c.ID, shows)
	switch {
	case err != nil:
		return stepFailed, code, err
	case !ok:
		return stepNoCode, code, nil
	}
	invalid, err := s.d.Sender.UpdateTemplateCard(ctx, app, wecom.TemplateCardUpdate{ResponseCode: code.Code,
		UserIDs: []string{c.Recipient}, ReplaceName: shows})
	switch {
	case err == nil && !slices.ContainsFunc(invalid, func(u string) bool { return strings.EqualFold(u, c.Recipient) }):
		return stepChanged, code, nil
	case err == nil:
		return stepMemberGone, code, nil
	case wecom.CodeOf(err) == 60140:
		return stepCodeSpent, code, err
	case !refused(err):
		return stepUnanswered, code, err
	case !transient(err):
		return stepRefused, code, err
	default:
		s.giveCode(ctx, code)
		return stepRetry, code, err
	}
}

// transient reports whether WeCom's refusal err may pass: a rate limit, system busy (-1), an access token refused
// (which the client renews).
func transient(err error) bool {
	if _, ok := wxapi.RetryAfterOf(err); ok {
		return true
	}
	switch wecom.CodeOf(err) {
	case -1, 40014, 42001, 41001:
		return true
	}
	return false
}

// cannotChange ends a change for which card c has no code left: a change asked before with no answer is taken as
// made; otherwise a card young enough is recalled, and the message goes out as a new card unless it only changes.
func (a *attempt) cannotChange(ctx context.Context, app wecom.App, c Card, d message.Description, asked bool) (bool, error) {
	s := a.s
	outcomeText := text.Clip(d.Outcome, maxOutcome)
	if asked {
		return true, a.changed(ctx, c, outcomeText, "an earlier change's answer was lost; taken as made")
	}
	// The card will not show it: a later try must not take it as made.
	if err := s.clearChanging(ctx, c.ID, outcomeText); err != nil {
		return false, err
	}
	if c.MsgID != nil && s.d.Now().Sub(c.SentAt) < recallWithin && (c.Shows == nil || *c.Shows != recalledText) {
		err := s.d.Sender.RecallMessage(ctx, app, *c.MsgID)
		switch {
		case err == nil:
			a.log.Info("push card recalled", "task", c.TaskID)
			if err := s.cardShows(ctx, c.ID, recalledText); err != nil {
				return false, err
			}
		case !refused(err):
			return false, fmt.Errorf("push: recall card %s: %w", c.TaskID, err)
		default:
			a.log.Warn("push card recall refused", "task", c.TaskID, "code", wecom.CodeOf(err))
		}
	}
	if d.OutcomeOnly {
		return true, a.skip(ctx, "card unchangeable", "the reader's card could not be changed (no response code left)")
	}
	return false, nil
}

// changed records that card c shows shows: the card is on the person's WeCom, so the delivery is recorded as
// WeCom's, to the card's recipient, whichever channel the message would have taken.
func (a *attempt) changed(ctx context.Context, c Card, shows, note string) error {
	if err := a.reroute(ctx, route{channel: ChannelWeCom, recipient: c.Recipient, why: "更改已发出的企业微信卡片"}); err != nil {
		return err
	}
	if err := a.s.cardShows(ctx, c.ID, shows); err != nil {
		return err
	}
	return a.end(ctx, outcome{status: StatusSent, msgID: deref(c.MsgID), answer: changedAnswer(c, shows, note)})
}

// recalledText is what a recalled card's record shows.
const recalledText = "（已撤回原卡片）"

// changedAnswer is the delivery log's answer for a card changed in place.
func changedAnswer(c Card, shows, note string) string {
	ans := map[string]any{"errcode": 0, "update_template_card": c.TaskID, "replace_name": shows}
	if note != "" {
		ans["note"] = note
	}
	b, _ := json.Marshal(ans)
	return string(b)
}

// takeCode removes and returns the freshest unexpired code of card id, if any, and records on the card what the
// change is asked to show. Taking it before the call means a code is never used twice.
func (s *Service) takeCode(ctx context.Context, cardID uint64, shows string) (cardCode, bool, error) {
	var code cardCode
	err := s.d.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var cs []cardCode
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("card_id = ? AND expires_at > ?", cardID, s.d.Now().UTC()).
			Order("expires_at DESC").Limit(1).Find(&cs).Error; err != nil {
			return err
		}
		if len(cs) == 0 {
			return nil
		}
		code = cs[0]
		if err := tx.Where("card_id = ? AND code = ?", cardID, code.Code).Delete(&cardCode{}).Error; err != nil {
			return err
		}
		return tx.Model(&Card{}).Where("id = ?", cardID).Update("changing", shows).Error
	})
	if err != nil {
		return cardCode{}, false, fmt.Errorf("push: take a code of card %d: %w", cardID, err)
	}
	return code, code.Code != "", nil
}

// clearChanging forgets that card id was asked to show shows, once WeCom's answer said it does not.
func (s *Service) clearChanging(ctx context.Context, id uint64, shows string) error {
	err := s.d.DB.WithContext(ctx).Model(&Card{}).Where("id = ? AND changing = ?", id, shows).Update("changing", nil).Error
	if err != nil {
		return fmt.Errorf("push: record card %d: %w", id, err)
	}
	return nil
}

// giveCode puts back a code a refused call did not spend.
func (s *Service) giveCode(ctx context.Context, c cardCode) {
	err := s.d.DB.WithContext(context.WithoutCancel(ctx)).Clauses(clause.OnConflict{DoNothing: true}).Create(&c).Error
	if err != nil {
		s.d.Log.Warn("push card code not given back", "card", c.CardID, "err", err)
	}
}

// cardShows records what card id shows now.
func (s *Service) cardShows(ctx context.Context, id uint64, shows string) error {
	err := s.d.DB.WithContext(ctx).Model(&Card{}).Where("id = ?", id).
		Updates(map[string]any{"shows": shows, "changing": nil, "updated_at": s.d.Now().UTC()}).Error
	if err != nil {
		return fmt.Errorf("push: record card %d: %w", id, err)
	}
	return nil
}

// keepCard records, in tx, the interactive card a send put on a phone and the code WeCom answered with.
func keepCard(tx *gorm.DB, now time.Time, k keptCard) error {
	c := k.card
	c.SentAt, c.UpdatedAt = now, now
	if err := tx.Create(&c).Error; err != nil {
		return fmt.Errorf("record card %s: %w", c.TaskID, err)
	}
	if k.code == "" {
		return nil
	}
	return tx.Create(&cardCode{CardID: c.ID, Code: k.code, ExpiresAt: now.Add(codeTTL)}).Error
}

// errUnchangeable: the message only changes a card, and its channel cannot change one already sent.
var errUnchangeable = errors.New("push: a sent message of this channel cannot be changed")

// CardTapped takes a tap on a card's button in the tenant of ctx, as WeCom's template_card_event reports it: userID
// tapped button key of the card named task at time at, and WeCom gave code for changing that card. The reader's
// answer goes to the kind's Chooser, under the rules of the page and the WeChat gate; the code is kept for changing
// the card. It returns what became of the tap, in the admin's words. A refusal is an apperr error whose message says
// why (the item decided meanwhile, the gate, not_found for a card Qiao does not know), and the tapper's card then
// says so; any other error may be retried (a card whose send is still being recorded).
func (s *Service) CardTapped(ctx context.Context, userID, task, key, code string, at time.Time) (string, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "card tap")
	}
	var cards []Card
	if err := s.d.DB.WithContext(ctx).Where("task_id = ?", task).Limit(1).Find(&cards).Error; err != nil {
		return "", fmt.Errorf("push: card %s: %w", task, err)
	}
	if len(cards) == 0 {
		// A card is recorded with its send's answer: one whose answer is awaited, or was lost and is being resent,
		// is on the phone already. Its tap waits for the record.
		if id, ok := deliveryOfTask(task); ok {
			var ds []Delivery
			if err := s.d.DB.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&ds).Error; err != nil {
				return "", fmt.Errorf("push: delivery of card %s: %w", task, err)
			}
			if len(ds) == 1 && !final(ds[0].Status) {
				return "", fmt.Errorf("push: card %s: its send is not recorded yet", task)
			}
		}
		return "", apperr.E(apperr.NotFound, "没有任务 %s 的卡片（不是本应用发出的，或已超过保留期限）", task)
	}
	card := cards[0]
	if !strings.EqualFold(card.Recipient, userID) {
		return "", apperr.E(apperr.Forbidden, "点击者 %s 不是卡片的接收人", userID)
	}
	if at.IsZero() {
		at = s.d.Now()
	}
	if code != "" {
		err := s.d.DB.WithContext(ctx).Create(&cardCode{CardID: card.ID, Code: code, ExpiresAt: at.UTC().Add(codeTTL)}).Error
		if err != nil && !database.IsDuplicate(err) { // a repeated event brings its code again
			return "", fmt.Errorf("push: keep the code of card %s: %w", task, err)
		}
	}
	chooser, ok := s.describers[card.Kind].(message.Chooser)
	if !ok {
		return "", apperr.E(apperr.Invalid, "该消息没有可选的操作")
	}
	err := s.d.Directory.WeChatAccess(ctx, card.EmployeeID, card.SystemCode)
	if err == nil {
		err = chooser.Choose(ctx, card.CardKey, card.EmployeeID, key)
	}
	switch apperr.CodeOf(err) {
	case "":
		return fmt.Sprintf("%s 在卡片 %s 中选择了「%s」", userID, card.CardKey, key), nil
	case apperr.Conflict, apperr.Forbidden:
		// The tapper sees why on the card itself, with the code the tap brought.
		s.showRefusal(ctx, card, apperr.MessageOf(err))
	}
	return "", err
}

// showRefusal changes card to say why its tap was refused, with the freshest code (the tap's). It is best effort:
// the event's record says why anyway, and a later change of the card tries again with the codes left.
func (s *Service) showRefusal(ctx context.Context, card Card, why string) {
	app, err := s.d.Tenants.SenderApp(ctx, card.SystemCode)
	if err != nil {
		s.d.Log.Warn("push card refusal not shown", "task", card.TaskID, "err", err)
		return
	}
	shows := text.Clip(why, maxOutcome)
	switch step, code, _ := s.changeOnce(ctx, app, card, shows); step {
	case stepChanged:
		if err := s.cardShows(ctx, card.ID, shows); err != nil {
			s.d.Log.Warn("push card refusal not recorded", "task", card.TaskID, "err", err)
		}
	case stepRefused:
		// WeCom did not act: the code is still good for a later change (a refusal for now gave it back already).
		s.giveCode(ctx, code)
	}
}

// PruneCards deletes, for every tenant, up to limit codes expired before now and up to limit cards sent before
// cutoff, and returns how many rows it deleted; callers loop while it returns limit or more.
func PruneCards(ctx context.Context, db *gorm.DB, now, cutoff time.Time, limit int) (int64, error) {
	ctx = tenancy.System(ctx)
	codes := db.WithContext(ctx).Where("expires_at < ?", now).Order("expires_at").Limit(limit).Delete(&cardCode{})
	if codes.Error != nil {
		return 0, fmt.Errorf("push: prune card codes: %w", codes.Error)
	}
	cards := db.WithContext(ctx).Where("sent_at < ?", cutoff).Order("sent_at").Limit(limit).Delete(&Card{})
	if cards.Error != nil {
		return 0, fmt.Errorf("push: prune cards: %w", cards.Error)
	}
	return max(codes.RowsAffected, cards.RowsAffected), nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
