package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
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
	CardKey   string
	TaskID    string
	MsgID     *string
	// Shows is what the card shows instead of its choices since it was changed; nil while they stand.
	Shows     *string
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
	// CardRetention is how long a card is kept: past its codes and its recall, nothing can change it.
	CardRetention = 4 * 24 * time.Hour
)

// maxOutcome is the length, in characters, of the text a changed card's button shows.
const maxOutcome = 40

// taskID names delivery d's card to WeCom: unique per app, and the same for every try of the delivery, so that a
// resend under the duplicate check repeats the card exactly. An admin's retry starts the delivery anew (CreatedAt)
// and so makes a new card.
func taskID(d Delivery) string {
	return fmt.Sprintf("qiao_%d_%d", d.ID, d.CreatedAt.Unix())
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
	outcomeText := clipRunes(d.Outcome, maxOutcome)
	if len(cards) == 0 {
		if d.OutcomeOnly {
			return true, a.skip(ctx, "no card to change", "no interactive card of this item on the reader's phone to change")
		}
		return false, nil
	}
	c := cards[0]
	if c.Shows != nil && *c.Shows == outcomeText {
		return true, a.end(ctx, outcome{status: StatusSent, msgID: deref(c.MsgID), answer: changedAnswer(c, outcomeText, "already")})
	}
	for {
		code, ok, err := s.takeCode(ctx, c.ID)
		if err != nil {
			return false, err
		}
		if !ok {
			break
		}
		_, err = s.d.Sender.UpdateTemplateCard(ctx, app, wecom.TemplateCardUpdate{ResponseCode: code,
			UserIDs: []string{c.Recipient}, ReplaceName: outcomeText})
		if err == nil {
			a.log.Info("push card changed", "task", c.TaskID, "shows", outcomeText)
			if err := s.cardShows(ctx, c.ID, outcomeText); err != nil {
				return false, err
			}
			return true, a.end(ctx, outcome{status: StatusSent, msgID: deref(c.MsgID), answer: changedAnswer(c, outcomeText, "")})
		}
		if !refused(err) {
			// The code may have been spent by a change whose answer was lost: the next try takes another.
			return false, fmt.Errorf("push: change card %s: %w", c.TaskID, err)
		}
		// Refused: the code was spent or has expired (60140), or the card is gone; the next code, or a recall.
		a.log.Warn("push card code refused", "task", c.TaskID, "code", wecom.CodeOf(err))
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

// takeCode removes and returns the freshest unexpired code of card id, if any. Taking it before the call means a
// code is never used twice; a call that fails after all leaves the card to the next code or a recall.
func (s *Service) takeCode(ctx context.Context, cardID uint64) (string, bool, error) {
	var code string
	err := s.d.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var cs []cardCode
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("card_id = ? AND expires_at > ?", cardID, s.d.Now().UTC()).
			Order("expires_at DESC").Limit(1).Find(&cs).Error; err != nil {
			return err
		}
		if len(cs) == 0 {
			return nil
		}
		code = cs[0].Code
		return tx.Where("card_id = ? AND code = ?", cardID, code).Delete(&cardCode{}).Error
	})
	if err != nil {
		return "", false, fmt.Errorf("push: take a code of card %d: %w", cardID, err)
	}
	return code, code != "", nil
}

// cardShows records what card id shows now.
func (s *Service) cardShows(ctx context.Context, id uint64, shows string) error {
	err := s.d.DB.WithContext(ctx).Model(&Card{}).Where("id = ?", id).
		Updates(map[string]any{"shows": shows, "updated_at": s.d.Now().UTC()}).Error
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
// tapped button key of the card named task, and WeCom gave code for changing that card. The reader's answer goes
// to the kind's Chooser, under the rules of the page and the WeChat gate; the code is kept for changing the card. It
// returns what became of the tap, in the admin's words. A refusal is an apperr error whose message says why (the
// item decided meanwhile, the gate, not_found for a card Qiao does not know); any other error may be retried.
func (s *Service) CardTapped(ctx context.Context, userID, task, key, code string) (string, error) {
	c := struct{ UserID, TaskID, Key, Code string }{userID, task, key, code}
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "card tap")
	}
	var cards []Card
	if err := s.d.DB.WithContext(ctx).Where("task_id = ?", c.TaskID).Limit(1).Find(&cards).Error; err != nil {
		return "", fmt.Errorf("push: card %s: %w", c.TaskID, err)
	}
	if len(cards) == 0 {
		return "", apperr.E(apperr.NotFound, "没有任务 %s 的卡片（不是本应用发出的，或已超过保留期限）", c.TaskID)
	}
	card := cards[0]
	if !strings.EqualFold(card.Recipient, c.UserID) {
		return "", apperr.E(apperr.Forbidden, "点击者 %s 不是卡片的接收人", c.UserID)
	}
	if c.Code != "" {
		err := s.d.DB.WithContext(ctx).Create(&cardCode{CardID: card.ID, Code: c.Code,
			ExpiresAt: s.d.Now().UTC().Add(codeTTL)}).Error
		if err != nil && !database.IsDuplicate(err) { // a repeated event brings its code again
			return "", fmt.Errorf("push: keep the code of card %s: %w", c.TaskID, err)
		}
	}
	var d Delivery
	if err := s.d.DB.WithContext(ctx).Where("id = ?", card.DeliveryID).Take(&d).Error; err != nil {
		return "", fmt.Errorf("push: delivery of card %s: %w", c.TaskID, err)
	}
	m, err := s.d.Outbox.Get(ctx, d.OutboxID)
	if err != nil {
		return "", fmt.Errorf("push: message of card %s: %w", c.TaskID, err)
	}
	var h recipientHeader
	if err := json.Unmarshal([]byte(m.Payload), &h); err != nil {
		return "", fmt.Errorf("push: decode %s: %w", m.DedupKey, err)
	}
	if err := s.d.Directory.WeChatAccess(ctx, card.EmployeeID, h.system()); err != nil {
		return "", err
	}
	chooser, ok := s.describers[m.Kind].(message.Chooser)
	if !ok {
		return "", apperr.E(apperr.Invalid, "该消息没有可选的操作")
	}
	if err := chooser.Choose(ctx, m, card.EmployeeID, c.Key); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s 在卡片中选择了「%s」（%s）", c.UserID, c.Key, m.DedupKey), nil
}

// PruneCards deletes up to limit cards of every tenant sent before cutoff, with their codes, and returns how many
// cards it deleted; callers loop while it returns limit. A card that old can no longer be changed or recalled.
func PruneCards(ctx context.Context, db *gorm.DB, cutoff time.Time, limit int) (int64, error) {
	ctx = tenancy.System(ctx)
	var n int64
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ids []uint64
		if err := tx.Model(&Card{}).Where("sent_at < ?", cutoff).Order("sent_at").Limit(limit).Pluck("id", &ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		if err := tx.Where("card_id IN ?", ids).Delete(&cardCode{}).Error; err != nil {
			return err
		}
		res := tx.Where("id IN ?", ids).Delete(&Card{})
		n = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("push: prune cards: %w", err)
	}
	return n, nil
}

// clipRunes cuts s to at most n characters.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
