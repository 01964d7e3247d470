package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/mptemplates"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/survey"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// Sender is the part of the WeCom client that push uses.
type Sender interface {
	// AccessToken is asked before a send is recorded as attempted: a token that cannot be had means no send.
	AccessToken(ctx context.Context, app wecom.App) (string, error)
	SendMessage(ctx context.Context, app wecom.App, m wecom.Message) (wecom.SendResult, error)
	// UpdateTemplateCard and RecallMessage change a card already on a phone.
	UpdateTemplateCard(ctx context.Context, app wecom.App, u wecom.TemplateCardUpdate) ([]string, error)
	RecallMessage(ctx context.Context, app wecom.App, msgID string) error
}

// Deps are the services a push needs to render and address a card.
type Deps struct {
	DB        *gorm.DB
	Outbox    *outbox.Store
	Tenants   *tenants.Store
	Directory *directory.Store
	OA        *oa.Service
	Links     *deeplink.Builder
	Sender    Sender
	// MP sends the service account's template messages, under the kinds' mappings in Templates; nil sends none.
	MP        MPSender
	Templates *mptemplates.Store
	// Notices, Surveys and Discussions read the published items a card shows; nil means a read-only store on DB.
	Notices     *notice.Store
	Surveys     *survey.Store
	Discussions *discussion.Store
	Now         func() time.Time
	Log         *slog.Logger
	// Limiter shares WeCom's limits among every worker and server (budget.go) under Budget; nil counts nothing.
	Limiter Limiter
	Budget  Budget
	// ClaimTTL is how long a worker's claim on a delivery lasts before another may take it over; 0 means ClaimTTL.
	// Tests shorten it to show a killed worker's delivery taken over without waiting a minute.
	ClaimTTL time.Duration
}

// Service delivers outbox messages.
type Service struct {
	d Deps
	// describers say what each kind of message tells its reader, by outbox kind.
	describers map[string]message.Describer
}

// NewService returns a Service.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.ClaimTTL == 0 {
		d.ClaimTTL = ClaimTTL
	}
	if d.Notices == nil {
		d.Notices = notice.NewStore(d.DB, nil, d.Now)
	}
	if d.Surveys == nil {
		d.Surveys = survey.NewStore(d.DB, nil, d.Now)
	}
	if d.Discussions == nil {
		d.Discussions = discussion.NewStore(d.DB, nil, d.Now)
	}
	s := &Service{d: d, describers: map[string]message.Describer{}}
	for _, desc := range s.Describers() {
		for _, k := range desc.Kinds() {
			s.describers[k.Kind] = desc
		}
	}
	return s
}

// Kinds are the kinds of message Qiao pushes, each with its name, in the order an admin reads them.
func (s *Service) Kinds() []message.Kind {
	var out []message.Kind
	for _, d := range s.Describers() {
		out = append(out, d.Kinds()...)
	}
	return out
}

// Example is a made-up message of kind as its describer says it, for previews; false for a kind Qiao does not push.
func (s *Service) Example(ctx context.Context, kind string) (message.Description, bool) {
	d, ok := s.describers[kind]
	if !ok {
		return message.Description{}, false
	}
	return d.Example(ctx, kind), true
}

// Describers are the describers of every kind of message Qiao pushes, in the order an admin reads them.
func (s *Service) Describers() []message.Describer {
	ds := []message.Describer{s.d.Notices.Messages(), s.d.Surveys.Messages(), s.d.Discussions.Messages(), sysmsg.Messages()}
	if s.d.OA != nil {
		ds = append([]message.Describer{s.d.OA.Messages()}, ds...)
	}
	return ds
}

// Deliver sends outbox message id of the tenant in ctx. It is idempotent: a message already delivered is not sent
// again. It returns nil when nothing more can be done (sent, skipped, undeliverable: each recorded with its
// reason), a *Wait when the message must simply be tried later (another worker holds it, an earlier card of the
// same item is not delivered yet, WeCom asked to slow down), and any other error when a retry may help.
func (s *Service) Deliver(ctx context.Context, id uint64) error {
	m, err := s.d.Outbox.Get(ctx, id)
	if err != nil {
		return err
	}
	if m.DoneAt != nil {
		return nil
	}
	// Cards of one item reach one person in the order the events happened: "已撤回" never before "请处理".
	if prev, ok, err := s.d.Outbox.Earlier(ctx, m); err != nil {
		return err
	} else if ok {
		// Poll gently while the earlier card waits a long time (WeCom down, a rate limit).
		wait := min(max(2*time.Second, s.d.Now().Sub(prev.CreatedAt)/10), time.Minute)
		return &Wait{Reason: fmt.Sprintf("outbox %d waits for the earlier card %d of the same item", m.ID, prev.ID), After: wait}
	}
	// Only the recipient is read here; the kind's renderer decodes the whole payload into its own struct, so no
	// kind loses fields another kind's struct lacks.
	var h recipientHeader
	if err := json.Unmarshal([]byte(m.Payload), &h); err != nil {
		// No retry can mend a payload: record why it will not go out.
		return s.GiveUp(ctx, m.ID, fmt.Errorf("push: decode %s: %w", m.DedupKey, err))
	}
	if h.ToAccount != 0 {
		return s.deliverToContact(ctx, m, h.ToAccount)
	}
	to, err := s.d.Directory.Employee(ctx, h.ToID)
	if err != nil {
		return fmt.Errorf("push: recipient of %s: %w", m.DedupKey, err)
	}
	actx, cancel := context.WithTimeout(ctx, AttemptTimeout)
	defer cancel()
	r, err := s.routeOf(actx, to)
	if err != nil {
		return err
	}
	a := attempt{s: s, m: m, log: s.d.Log.With("tenant", m.TenantID, "outbox", m.ID, "kind", m.Kind, "to", to.ID)}
	d, done, err := claim(actx, s.d.DB, s.d.Now().UTC(), s.d.ClaimTTL,
		Delivery{DedupKey: m.DedupKey, OutboxID: m.ID, Kind: m.Kind, Channel: r.channel, Recipient: r.recipient, Route: routeText(r.why), EmployeeID: &to.ID})
	if done {
		// Delivered before, by a worker that died before it could mark the message done.
		return outbox.MarkDone(ctx, s.d.DB, m.ID, s.d.Now().UTC())
	}
	if err != nil {
		return err
	}
	a.d = d
	if to.Status != directory.StatusActive {
		return a.skip(ctx, "recipient not active", "recipient is "+string(to.Status))
	}
	// A delivery sent once keeps its channel and recipient whatever the route is now: it may be on the phone, and
	// is resent as it was, within its channel's duplicate window. One with no channel may still change a card the
	// person has on WeCom (below).
	noChannel := r.channel == "" && a.d.FirstSentAt == nil
	if !noChannel {
		if err := a.reroute(actx, r); err != nil {
			return a.fail(ctx, err)
		}
	}
	if reason, err := s.stale(actx, m); err != nil {
		return a.fail(ctx, err)
	} else if reason != "" {
		return a.skip(ctx, "no longer true", "not sent: "+reason)
	}
	// A card the WeChat gate would refuse to open is not sent: since the event was written, the person's roles
	// or the system may have changed, or (published items) the audience was never gated.
	if err := s.d.Directory.WeChatAccessOfActive(actx, to.ID, h.system()); apperr.Is(err, apperr.Forbidden) {
		return a.skip(ctx, "WeChat gate", "the WeChat gate refuses the recipient: "+apperr.MessageOf(err))
	} else if err != nil {
		return a.fail(ctx, fmt.Errorf("push: wechat gate: %w", err))
	}
	// A message that changes a card changes it first: the card is on the person's WeCom, whatever the channel is now.
	var desc *message.Description
	if a.d.FirstSentAt == nil {
		d, err := s.describe(actx, m)
		if err != nil {
			if noChannel {
				return a.skip(ctx, "no channel", r.why)
			}
			return a.fail(ctx, err)
		}
		desc = &d
		if done, err := s.changeFirst(actx, &a, h.system(), d); err != nil {
			return a.fail(ctx, err)
		} else if done {
			return nil
		}
	}
	if noChannel {
		return a.skip(ctx, "no channel", r.why)
	}
	if a.d.Channel == ChannelMP {
		return s.sendMP(actx, &a)
	}
	// A card already sent keeps its channel; on WeCom it goes to the person's account as it is now (resend).
	userID := r.recipient
	if r.channel != ChannelWeCom || a.d.FirstSentAt != nil && r.recipient == "" {
		userID = a.d.Recipient
	}
	app, err := s.d.Tenants.SenderApp(actx, h.system())
	if apperr.Is(err, apperr.NotFound) {
		return a.skip(ctx, "tenant has no WeCom binding", "tenant has no WeCom binding")
	}
	if err != nil {
		return a.fail(ctx, fmt.Errorf("push: wecom app: %w", err))
	}
	// Our delivery row guards against our own repeats; WeCom's duplicate check guards the window where a send
	// succeeded but its answer was lost (a timeout) or we crashed before recording it. Its longest window is
	// asked for, and a delivery whose first send is older than that, by the time this send may arrive, is not sent
	// again: WeCom would no longer recognise a second copy. A delivery that never reached WeCom is not bound by this.
	now := s.d.Now().UTC()
	if a.d.FirstSentAt != nil && now.Add(resendMargin).Sub(*a.d.FirstSentAt) >= duplicateWindow {
		a.log.Warn("push not resent", "reason", "older than WeCom's duplicate check window", "first_send", *a.d.FirstSentAt)
		return a.end(ctx, outcome{status: StatusUndeliverable, err: fmt.Sprintf(
			"not resent: first sent at %s, and a resend could arrive after WeCom's %g-hour duplicate check no longer "+
				"prevents a second copy", a.d.FirstSentAt.Format(time.RFC3339), duplicateWindow.Hours())})
	}
	msg, replacing, err := a.resend(userID)
	if err != nil {
		return a.fail(ctx, err)
	}
	if a.d.FirstSentAt != nil && a.d.Card == nil {
		// Sent by the release before 0012, which kept no card: a card rendered now would differ from the one that
		// may be on the phone, and WeCom would show both. An admin may retry it.
		return a.end(ctx, outcome{status: StatusUndeliverable,
			err: "not resent: tried by an older release, whose card cannot be repeated; retry by hand to send it anew"})
	}
	if a.d.Card == nil {
		if desc == nil {
			d, err := s.describe(actx, m)
			if err != nil {
				return a.fail(ctx, err)
			}
			desc = &d
		}
		d := *desc
		task := ""
		if len(d.Choices) > 0 {
			if ok, err := s.choicesAnswered(actx, h.system()); err != nil {
				return a.fail(ctx, err)
			} else if ok {
				task = taskID(a.d, replacing)
			}
		}
		if msg, err = s.renderAs(actx, m, d, app, task); err != nil {
			return a.fail(ctx, err)
		}
		msg.ToUser = []string{userID}
		msg.EnableDuplicateCheck, msg.DuplicateCheckInterval = true, int(duplicateWindow/time.Second)
		a.cardKey = d.Card
	} else if interactive(msg) != "" {
		// A resend of an interactive card records the card it puts on the phone under its item's key.
		d, err := s.describe(actx, m)
		if err != nil {
			return a.fail(ctx, err)
		}
		a.cardKey = d.Card
	}
	a.msg, a.system = msg, h.system()
	if wait := s.spend(actx, app, userID); wait > 0 {
		// Waiting is not failing: the card goes out when the corp's or the member's share allows.
		if err := a.end(ctx, outcome{status: StatusFailed, err: "waiting for WeCom's limits (the corp's calls a minute, the member's cards)"}); err != nil {
			return err
		}
		return &Wait{Reason: "WeCom's limits", After: wait}
	}
	// The token comes first: a send that cannot get one makes no request, and must not start the 4-hour clock.
	if _, err := s.d.Sender.AccessToken(actx, app); err != nil {
		s.refund(ctx, app, userID)
		return a.fail(ctx, fmt.Errorf("push: access token: %w", err))
	}
	first, err := markAttempted(actx, s.d.DB, now, &a.d, msg, replacing)
	if err != nil {
		s.refund(ctx, app, userID)
		return a.fail(ctx, err)
	}
	res, err := s.d.Sender.SendMessage(actx, app, msg)
	// A first send that WeCom plainly refused leaves no copy behind: the 4-hour rule keeps counting from the first
	// send that may have reached a phone.
	a.firstRefused = first && refused(err)
	if refused(err) {
		s.refund(ctx, app, userID) // nothing was sent: the shares it took are given back
	}
	return a.sent(ctx, userID, res, err)
}

// changeFirst carries out a message whose description d changes a card the reader has (d.Outcome) on the WeCom app
// of system; only when that cannot be done does the message go out anew, on its channel. It reports whether the
// attempt is over. A tenant without a WeCom app has no cards to change.
func (s *Service) changeFirst(ctx context.Context, a *attempt, system string, d message.Description) (bool, error) {
	if d.Outcome == "" {
		return false, nil
	}
	app, err := s.d.Tenants.SenderApp(ctx, system)
	if apperr.Is(err, apperr.NotFound) {
		if d.OutcomeOnly {
			return true, a.skip(ctx, "no card to change", "tenant has no WeCom binding")
		}
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("push: wecom app: %w", err)
	}
	return a.changeCard(ctx, app, d)
}

// stale says why message m is no longer true, or "" while it is: a "请处理" card for someone whose part has ended
// (the item was withdrawn or decided before the card went out) would send them to an item with nothing to do, and
// the "已撤回" or "已结束" that follows a card they never got tells them nothing.
func (s *Service) stale(ctx context.Context, m outbox.Message) (string, error) {
	switch m.Kind {
	case outbox.KindCollabSent, outbox.KindCollabWithdrawn, outbox.KindCollabClosed:
	default:
		return "", nil
	}
	p, err := decode[outbox.CollabPayload](m.Kind, json.RawMessage(m.Payload))
	if err != nil {
		return "", err
	}
	if m.Kind == outbox.KindCollabSent {
		st, err := s.d.OA.RecipientState(ctx, p.ItemID, p.ToID)
		if err != nil {
			return "", fmt.Errorf("push: recipient state: %w", err)
		}
		if st != oa.StatePending {
			return "the item no longer waits for this recipient (" + string(st) + ")", nil
		}
		return "", nil
	}
	first, found, err := deliveryByKey(ctx, s.d.DB, outbox.CollabKey(outbox.KindCollabSent, p.ItemID, p.ToID))
	if err != nil {
		return "", fmt.Errorf("push: the item's first card: %w", err)
	}
	// No record at all: the card went out so long ago that retention has deleted its record.
	if found && first.Status != StatusSent {
		return "the recipient's card for this item was not delivered", nil
	}
	return "", nil
}

// resend returns the card a resend repeats, byte for byte: a card rendered again could differ (a name edited, a
// link key rotated), and WeCom's duplicate check would then let a second copy through. When the stored card went to
// another WeCom account than the recipient's now (an admin corrected it), the new account has no copy: the card is
// dropped, with its first send (returned as replacing), and the caller renders a new one.
func (a *attempt) resend(userID string) (wecom.Message, *time.Time, error) {
	msg, err := a.d.card()
	if err != nil || a.d.Card == nil {
		return msg, nil, err
	}
	if len(msg.ToUser) == 1 && strings.EqualFold(msg.ToUser[0], userID) {
		return msg, nil, nil
	}
	replacing := a.d.FirstSentAt
	a.d.FirstSentAt, a.d.Card = nil, nil
	return wecom.Message{}, replacing, nil
}

// attempt is one try at delivering an outbox message: its delivery row, claimed, and how the try ends.
type attempt struct {
	s   *Service
	m   outbox.Message
	d   Delivery
	log *slog.Logger
	// firstRefused: this attempt made the delivery's first send, and WeCom refused it.
	firstRefused bool
	// msg is the message sent, and cardKey its description's Card: an interactive card is recorded under it, with
	// the system whose app sends it.
	msg     wecom.Message
	cardKey string
	system  string
}

// refused reports whether err says for certain that WeCom did not send the message: it answered with an errcode, or
// the connection was never made. A timeout or a connection lost after the request was written may hide a send.
func refused(err error) bool {
	if err == nil {
		return false
	}
	if wxapi.CodeOf(err) != 0 {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// sent records WeCom's answer to the send.
func (a *attempt) sent(ctx context.Context, userID string, res wecom.SendResult, err error) error {
	answer := answerOf(res, err)
	switch code := wecom.CodeOf(err); {
	case err == nil && slices.ContainsFunc(res.InvalidUser, func(u string) bool { return strings.EqualFold(u, userID) }):
		a.log.Warn("push undeliverable", "reason", "invalid user")
		return a.end(ctx, outcome{status: StatusUndeliverable, msgID: res.MsgID, answer: answer, err: "WeCom: invalid user"})
	case err == nil && slices.ContainsFunc(res.UnlicensedUser, func(u string) bool { return strings.EqualFold(u, userID) }):
		a.log.Warn("push undeliverable", "reason", "unlicensed user")
		return a.end(ctx, outcome{status: StatusUndeliverable, msgID: res.MsgID, answer: answer, err: "WeCom: the member has no license to receive messages"})
	case err == nil:
		a.log.Info("push sent", "msgid", res.MsgID)
		o := outcome{status: StatusSent, msgID: res.MsgID, answer: answer}
		if task := interactive(a.msg); task != "" && a.d.EmployeeID != nil {
			c := Card{DeliveryID: a.d.ID, EmployeeID: *a.d.EmployeeID, Recipient: userID, Kind: a.m.Kind,
				SystemCode: a.system, CardKey: a.cardKey, TaskID: task}
			if res.MsgID != "" {
				c.MsgID = &res.MsgID
			}
			o.keep = &keptCard{card: c, code: res.ResponseCode}
		}
		return a.end(ctx, o)
	case code == 81013 || code == 60111 || code == 60011:
		a.log.Warn("push undeliverable", "code", code)
		return a.end(ctx, outcome{status: StatusUndeliverable, answer: answer, err: err.Error()})
	default:
		if wait, ok := wxapi.RetryAfterOf(err); ok {
			// Waiting is not failing: the message goes out once WeCom lets us, however long that takes.
			if rerr := a.end(ctx, outcome{status: StatusFailed, answer: answer, err: err.Error()}); rerr != nil {
				return rerr
			}
			return &Wait{Reason: "WeCom rate limit", After: wait, Err: err}
		}
		return a.fail(ctx, fmt.Errorf("push: send %s: %w", a.m.DedupKey, err))
	}
}

// answerOf is WeCom's answer as compact JSON for the delivery log.
func answerOf(res wecom.SendResult, err error) string {
	ans := map[string]any{"errcode": wecom.CodeOf(err)}
	if err != nil && wecom.CodeOf(err) == 0 {
		ans["error"] = err.Error() // no answer: a timeout or a dropped connection
	}
	if res.MsgID != "" {
		ans["msgid"] = res.MsgID
	}
	if len(res.InvalidUser) > 0 {
		ans["invaliduser"] = strings.Join(res.InvalidUser, "|")
	}
	if len(res.UnlicensedUser) > 0 {
		ans["unlicenseduser"] = strings.Join(res.UnlicensedUser, "|")
	}
	b, _ := json.Marshal(ans)
	return string(b)
}

// skip records that there is nothing to send, and why.
func (a *attempt) skip(ctx context.Context, logReason, why string) error {
	a.log.Info("push skipped", "reason", logReason)
	return a.end(ctx, outcome{status: StatusSkipped, err: why})
}

// fail records a failure a retry may mend and returns cause for the queue to retry. A message that never reached
// WeCom and has been failing for GiveUpAfter is recorded undeliverable instead, with the cause, for an admin to see
// and retry by hand.
func (a *attempt) fail(ctx context.Context, cause error) error {
	if _, ok := WaitOf(cause); ok {
		return cause
	}
	now := a.s.d.Now().UTC()
	if (a.d.FirstSentAt == nil || a.firstRefused) && now.Sub(a.d.CreatedAt) >= GiveUpAfter {
		a.log.Error("push undeliverable", "reason", "failing for too long", "since", a.d.CreatedAt, "err", cause)
		return a.end(ctx, outcome{status: StatusUndeliverable,
			err: fmt.Sprintf("gave up after %s of failures: %v", GiveUpAfter, cause)})
	}
	if err := a.end(ctx, outcome{status: StatusFailed, err: cause.Error()}); err != nil {
		return errors.Join(cause, err)
	}
	return cause
}

// end records the attempt's outcome.
func (a *attempt) end(ctx context.Context, o outcome) error {
	o.notSent = o.notSent || a.firstRefused
	return record(ctx, a.s.d.DB, a.s.d.Now().UTC(), a.d, o)
}

// GiveUp records outbox message id undeliverable with cause, unless its delivery has already ended: the queue calls
// it when it will not try again, so no message is left failing with nobody trying.
func (s *Service) GiveUp(ctx context.Context, id uint64, cause error) error {
	m, err := s.d.Outbox.Get(ctx, id)
	if err != nil || m.DoneAt != nil {
		return err
	}
	d, found, err := deliveryByKey(ctx, s.d.DB, m.DedupKey)
	if err != nil {
		return fmt.Errorf("push: give up %d: %w", id, err)
	}
	if !found {
		now := s.d.Now().UTC()
		d = Delivery{DedupKey: m.DedupKey, OutboxID: m.ID, Kind: m.Kind, Channel: ChannelWeCom, Status: StatusFailed,
			CreatedAt: now, UpdatedAt: now}
		if err := s.d.DB.WithContext(ctx).Create(&d).Error; err != nil {
			return fmt.Errorf("push: give up %d: %w", id, err)
		}
	}
	if final(d.Status) {
		return outbox.MarkDone(ctx, s.d.DB, m.ID, s.d.Now().UTC())
	}
	return record(ctx, s.d.DB, s.d.Now().UTC(), d, outcome{status: StatusUndeliverable, err: "gave up: " + cause.Error()})
}

// recipientHeader is the part every outbox payload shares: the employee the message is for.
type recipientHeader struct {
	ToID uint64 `json:"to_id"`
	// ToAccount, instead of ToID, is a customer's or supplier's contact (system messages only).
	ToAccount uint64 `json:"to_account"`
	// System is set by system messages (PB, CRM); every other kind is OA's.
	System string `json:"system"`
}

// system is the system whose WeChat gate the message passes.
func (h recipientHeader) system() string {
	if h.System != "" {
		return h.System
	}
	return directory.SystemOA
}

// decode reads a kind's payload into its payload struct.
func decode[T any](kind string, payload json.RawMessage) (T, error) {
	var p T
	if err := json.Unmarshal(payload, &p); err != nil {
		return p, fmt.Errorf("push: decode %s payload: %w", kind, err)
	}
	return p, nil
}

// duplicateWindow is the longest duplicate_check_interval WeCom accepts.
const duplicateWindow = wecom.MaxDuplicateCheckInterval

// resendMargin is how much earlier than duplicateWindow a resend stops: the send may reach WeCom up to an attempt's
// time after the check, and workers' clocks may differ by a little.
const resendMargin = AttemptTimeout + time.Minute

// Retry sends delivery id of the tenant in ctx again, for an admin who has mended what made it undeliverable (a
// member added to the app's visible range, a binding fixed, WeCom back): the delivery starts a new round of tries,
// with WeCom's duplicate window and GiveUpAfter counted afresh, and its outbox message is due at once. A send made
// more than four hours ago may then reach the phone a second time; the admin asks for that. Callers check that an
// admin of the tenant asks (the GraphQL role directive). Errors: not_found,
// conflict when the delivery is not undeliverable, or its outbox message is past retention.
func (s *Service) Retry(ctx context.Context, id uint64) error {
	now := s.d.Now().UTC()
	return s.d.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var d Delivery
		if err := tx.First(&d, id).Error; err != nil {
			return database.NotFoundOr(err, "推送记录不存在", "push: retry")
		}
		if d.Status != StatusUndeliverable {
			return apperr.E(apperr.Conflict, "只能重试无法送达的推送")
		}
		res := tx.Model(&Delivery{}).Where("id = ? AND status = ?", id, StatusUndeliverable).Updates(map[string]any{
			"status": StatusFailed, "first_sent_at": nil, "card": nil, "created_at": now, "updated_at": now,
			"error": "retried by an admin"})
		if res.Error != nil {
			return fmt.Errorf("push: retry %d: %w", id, res.Error)
		}
		found, err := outbox.Reopen(ctx, tx, d.OutboxID, now)
		if err != nil {
			return fmt.Errorf("push: retry %d: %w", id, err)
		}
		if !found {
			// Rolls the reset back: without its outbox message nothing would ever try the delivery again.
			return apperr.E(apperr.Conflict, "该推送已超过保留期限，无法重试")
		}
		return nil
	})
}
