package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// One event told to many (a notice, a survey or a discussion to its audience, a reply to the participants, one
// system message to many people) is one card that differs by nothing but its recipient. Sent one call a person, a
// notice to all of a 50,000-person company spends WeCom's whole per-minute budget of the corp (issue 14); sent in
// calls naming up to MaxBatch people, it takes 50. Each person keeps a delivery record of their own, and WeCom's
// answer (invaliduser, unlicenseduser) marks exactly the people it names.

// MaxBatch is the most people one batched send names: WeCom's message/send takes at most 1,000 users. The relay
// groups the messages of one outbox.BatchKey in tasks of at most this many.
const MaxBatch = outbox.MaxBatch

// member is a message of a batch that may share the batch's call: its WeCom recipient.
type member struct {
	m      outbox.Message
	to     directory.Employee
	userID string
}

// DeliverBatch delivers outbox messages ids of the tenant in ctx, which share an outbox.BatchKey. The WeCom members among
// their recipients get the card in one call of up to MaxBatch users; every other message (a recipient the service
// account serves, one the WeChat gate refuses or who left, a delivery begun before) goes through Deliver alone, as
// it would unbatched. Like Deliver it is idempotent: messages done are not sent again, and a retry after a lost
// answer resends each stored card, within WeCom's duplicate check. It returns a *Wait or an error when some message
// must be tried again.
func (s *Service) DeliverBatch(ctx context.Context, ids []uint64) error {
	if len(ids) == 0 {
		return nil
	}
	ms, err := s.d.Outbox.Open(ctx, "", ids)
	if err != nil {
		return err
	}
	batch, alone, err := s.sortBatch(ctx, ms)
	if err != nil {
		return err
	}
	var errs []error
	if len(batch) > 0 {
		more, err := s.sendBatch(ctx, batch)
		alone = append(alone, more...)
		errs = append(errs, err)
	}
	for _, id := range alone {
		errs = append(errs, s.Deliver(ctx, id))
	}
	return firstWait(errs)
}

// firstWait joins errs, but when every failure is a *Wait returns the shortest: the queue then waits instead of
// counting a retry. A joined error counts by its parts, so a failure joined with a wait is not taken for a wait.
func firstWait(errs []error) error {
	var wait *Wait
	var others []error
	for _, err := range errs {
		if err == nil {
			continue
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			if err = firstWait(j.Unwrap()); err == nil {
				continue
			}
		}
		if w, ok := WaitOf(err); ok {
			if wait == nil || w.After < wait.After {
				wait = w
			}
			continue
		}
		others = append(others, err)
	}
	if len(others) > 0 {
		return errors.Join(others...)
	}
	if wait != nil {
		return wait
	}
	return nil
}

// sortBatch splits messages ms into the members of a shared call and the ids to deliver alone.
func (s *Service) sortBatch(ctx context.Context, ms []outbox.Message) ([]member, []uint64, error) {
	heads := make([]recipientHeader, len(ms))
	toIDs := make([]uint64, 0, len(ms))
	keys := make([]string, 0, len(ms))
	for i, m := range ms {
		if err := json.Unmarshal([]byte(m.Payload), &heads[i]); err == nil && heads[i].ToAccount == 0 {
			toIDs = append(toIDs, heads[i].ToID)
		}
		keys = append(keys, m.DedupKey)
	}
	emps, err := s.d.Directory.EmployeesByIDs(ctx, toIDs)
	if err != nil {
		return nil, nil, fmt.Errorf("push: recipients of a batch: %w", err)
	}
	var system string
	if len(ms) > 0 {
		system = heads[0].system()
	}
	access, err := s.d.Directory.WeChatAccessMany(ctx, toIDs, system)
	if err != nil {
		return nil, nil, fmt.Errorf("push: wechat gate of a batch: %w", err)
	}
	st, err := s.channelSettings(ctx)
	if err != nil {
		return nil, nil, err
	}
	// A delivery begun before goes alone: it may hold a card sent once, which only its own resend repeats. One that
	// failed without reaching WeCom (a rate limit refused the batch's call) rejoins the batch.
	var begunKeys []string
	if err := s.d.DB.WithContext(ctx).Model(&Delivery{}).Where("dedup_key IN ?", keys).
		Where("first_sent_at IS NOT NULL OR status <> ?", StatusFailed).Pluck("dedup_key", &begunKeys).Error; err != nil {
		return nil, nil, fmt.Errorf("push: deliveries of a batch: %w", err)
	}
	begun := make(map[string]bool, len(begunKeys))
	for _, k := range begunKeys {
		begun[k] = true
	}
	var batch []member
	var alone []uint64
	for i, m := range ms {
		e, known := emps[heads[i].ToID]
		r, weCom := weComRoute(st, e)
		shared := known && heads[i].ToAccount == 0 && heads[i].system() == system && e.Status == directory.StatusActive &&
			access[e.ID] == nil && weCom && r.channel == ChannelWeCom && !begun[m.DedupKey]
		if shared {
			batch = append(batch, member{m: m, to: e, userID: r.recipient})
		} else {
			alone = append(alone, m.ID)
		}
	}
	return batch, alone, nil
}

// sendBatch claims the deliveries of members, sends their card in one call and records WeCom's answer for each. It
// returns the messages that must go alone after all (another worker began them meanwhile, or the tenant has no
// WeCom app for them, which Deliver records), and an error or *Wait when the call must be tried again.
func (s *Service) sendBatch(ctx context.Context, members []member) ([]uint64, error) {
	actx, cancel := context.WithTimeout(ctx, AttemptTimeout)
	defer cancel()
	system := directory.SystemOA
	var h recipientHeader
	if err := json.Unmarshal([]byte(members[0].m.Payload), &h); err == nil {
		system = h.system()
	}
	app, err := s.d.Tenants.SenderApp(actx, system)
	if apperr.Is(err, apperr.NotFound) {
		return ids(members), nil
	}
	if err != nil {
		return nil, fmt.Errorf("push: wecom app: %w", err)
	}
	var alone []uint64
	var waits []error
	as := make([]*attempt, 0, len(members))
	now := s.d.Now().UTC()
	rows := make([]Delivery, len(members))
	for i, mb := range members {
		id := mb.to.ID
		rows[i] = Delivery{DedupKey: mb.m.DedupKey, OutboxID: mb.m.ID, Kind: mb.m.Kind, Channel: ChannelWeCom,
			Recipient: mb.userID, Route: routeText("企业微信成员"), EmployeeID: &id}
	}
	// A batch's first try finds no delivery rows: its people are claimed, with the card each gets, in the one
	// INSERT that records the send as attempted (markAllAttempted), a row a person written once before the call.
	// Otherwise each is claimed alone.
	if fresh, err := noneClaimed(actx, s.d.DB, rows); err != nil {
		return nil, err
	} else if fresh {
		for i, mb := range members {
			rows[i].Status, rows[i].Attempts, rows[i].CreatedAt, rows[i].UpdatedAt = StatusSending, 1, now, now
			as = append(as, &attempt{s: s, m: mb.m, d: rows[i],
				log: s.d.Log.With("tenant", mb.m.TenantID, "outbox", mb.m.ID, "kind", mb.m.Kind, "to", mb.to.ID)})
		}
		members = nil
	}
	for i, mb := range members {
		a := &attempt{s: s, m: mb.m, log: s.d.Log.With("tenant", mb.m.TenantID, "outbox", mb.m.ID, "kind", mb.m.Kind, "to", mb.to.ID)}
		d, done, err := claim(actx, s.d.DB, now, s.d.ClaimTTL, rows[i])
		switch {
		case done:
			if err := outbox.MarkDone(ctx, s.d.DB, mb.m.ID, now); err != nil {
				return nil, err
			}
			continue
		case err != nil:
			// Another worker holds it: it is theirs to finish.
			waits = append(waits, err)
			continue
		case d.FirstSentAt != nil:
			// Begun since the batch was sorted: its own card is resent alone, once this claim lets go.
			a.d = d
			if err := a.end(ctx, outcome{status: StatusFailed, err: "sent before: resent alone"}); err != nil {
				return nil, err
			}
			alone = append(alone, mb.m.ID)
			continue
		}
		a.d = d
		// A delivery that failed before reaching WeCom may name an older account or channel: it goes to the person
		// as they are now, and its card is stored for that account.
		if err := a.reroute(actx, route{channel: ChannelWeCom, recipient: mb.userID, why: "企业微信成员"}); err != nil {
			return alone, failAll(ctx, append(as, a), err)
		}
		as = append(as, a)
	}
	if len(as) == 0 {
		return alone, firstWait(waits)
	}
	msg, err := s.render(actx, as[0].m, app)
	if apperr.Is(err, apperr.NotFound) {
		// What the card shows is gone (the notice deleted): nothing to send to anyone, as GiveUp would record.
		if err := claimUnclaimed(actx, s.d.DB, now, as); err != nil {
			return alone, firstWait(append(waits, err))
		}
		return alone, recordAll(ctx, s.d.DB, s.d.Now().UTC(), as, outcome{status: StatusUndeliverable, err: "gave up: " + err.Error()})
	}
	if err != nil {
		return alone, failUnclaimed(ctx, s.d.DB, now, as, err)
	}
	msg.EnableDuplicateCheck, msg.DuplicateCheckInterval = true, int(duplicateWindow/time.Second)
	// WeCom's limits, counted only for the call and the people it will name: the corp's share for the whole batch,
	// each person's own share for them (one whose share is spent goes alone, where their card waits, uncounted).
	users := make([]string, len(as))
	for i, a := range as {
		users[i] = a.d.Recipient
	}
	wait, spent := s.spendBatch(actx, app, users)
	if wait > 0 {
		// The batch waits whole for the corp's share; its rows, never sent, rejoin it next time.
		if err := claimUnclaimed(actx, s.d.DB, now, as); err != nil {
			return alone, firstWait(append(waits, err))
		}
		if err := recordAll(ctx, s.d.DB, s.d.Now().UTC(), as, outcome{status: StatusFailed,
			err: "waiting for WeCom's limit of the corp's calls a minute"}); err != nil {
			return alone, err
		}
		return alone, firstWait(append(waits, &Wait{Reason: "WeCom's limits", After: wait}))
	}
	var waiting []*attempt
	named := as[:0:0]
	users = users[:0]
	for i, a := range as {
		if spent[i] {
			waiting = append(waiting, a)
			alone = append(alone, a.m.ID)
		} else {
			named = append(named, a)
			users = append(users, a.d.Recipient)
		}
	}
	if err := recordAll(ctx, s.d.DB, s.d.Now().UTC(), waiting, outcome{status: StatusFailed,
		err: "waiting for WeCom's limit of the member's cards"}); err != nil {
		return alone, err
	}
	if as = named; len(as) == 0 {
		s.refund(ctx, app) // no call after all
		return alone, firstWait(waits)
	}
	if _, err := s.d.Sender.AccessToken(actx, app); err != nil {
		s.refund(ctx, app, users...)
		return alone, failUnclaimed(ctx, s.d.DB, now, as, fmt.Errorf("push: access token: %w", err))
	}
	if err := markAllAttempted(actx, s.d.DB, now, as, msg); err != nil {
		s.refund(ctx, app, users...)
		return alone, failUnclaimed(ctx, s.d.DB, now, as, err)
	}
	msg.ToUser = users
	res, err := s.d.Sender.SendMessage(actx, app, msg)
	if refused(err) {
		for _, a := range as {
			a.firstRefused = true
		}
		// WeCom sent nothing: what the call took from the shares is given back.
		s.refund(ctx, app, users...)
	}
	single, err := s.sentAll(ctx, as, res, err)
	return append(alone, single...), firstWait(append(waits, err))
}

// noneClaimed reports whether none of the deliveries rows is in the database yet.
func noneClaimed(ctx context.Context, db *gorm.DB, rows []Delivery) (bool, error) {
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r.DedupKey
	}
	var found []uint64
	if err := db.WithContext(ctx).Model(&Delivery{}).Where("dedup_key IN ?", keys).Limit(1).Pluck("id", &found).Error; err != nil {
		return false, fmt.Errorf("push: look for a batch's deliveries: %w", err)
	}
	return len(found) == 0, nil
}

// claimUnclaimed claims, in one INSERT, the deliveries of a fresh batch that ends before its call (a wait, a
// failure, a card gone), so that their record says why. A batch whose rows exist already has nothing to do; one
// another worker claimed meanwhile waits for it.
func claimUnclaimed(ctx context.Context, db *gorm.DB, now time.Time, as []*attempt) error {
	if len(as) == 0 || as[0].d.ID != 0 {
		return nil
	}
	return claimAttempts(ctx, db, now, as, nil)
}

// claimAttempts claims the rows of a fresh batch's attempts in one INSERT, each as mark (when not nil) sets it, and
// gives each attempt its row. One another worker claimed meanwhile waits for it.
func claimAttempts(ctx context.Context, db *gorm.DB, now time.Time, as []*attempt, mark func(i int, d *Delivery)) error {
	rows := make([]Delivery, len(as))
	for i, a := range as {
		rows[i] = a.d
		if mark != nil {
			mark(i, &rows[i])
		}
	}
	fresh, err := claimFresh(ctx, db, now, rows)
	switch {
	case err != nil:
		return err
	case !fresh:
		return &Wait{Reason: "another worker claimed the batch's deliveries meanwhile", After: time.Second, Err: errBusy}
	}
	for i, a := range as {
		a.d = rows[i]
	}
	return nil
}

// failUnclaimed is failAll for a batch that may not be claimed yet.
func failUnclaimed(ctx context.Context, db *gorm.DB, now time.Time, as []*attempt, cause error) error {
	if _, ok := WaitOf(cause); ok {
		return cause
	}
	if err := claimUnclaimed(ctx, db, now, as); err != nil {
		return errors.Join(cause, err)
	}
	return failAll(ctx, as, cause)
}

// claimFresh claims the new deliveries rows in one INSERT and reports whether it did: false when one of them is
// there already (the statement inserted nothing), and the caller claims them one by one.
func claimFresh(ctx context.Context, db *gorm.DB, now time.Time, rows []Delivery) (bool, error) {
	for i := range rows {
		rows[i].Status, rows[i].Attempts, rows[i].CreatedAt, rows[i].UpdatedAt = StatusSending, 1, now, now
	}
	// The INSERT and the read of its ids are one transaction: rows whose ids could not be read would say a send
	// was attempted that never was.
	fresh := true
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Create(&rows).Error
		if database.IsDuplicate(err) {
			fresh = false
			return err // rolls back; nothing was inserted
		}
		if err != nil {
			return fmt.Errorf("claim deliveries: %w", err)
		}
		// The ids are read back: gorm counts them on from the first by one, which a server whose
		// auto_increment_increment is not 1 (a multi-primary cluster) breaks.
		keys := make([]string, len(rows))
		for i, r := range rows {
			keys[i] = r.DedupKey
		}
		var got []Delivery
		if err := tx.Select("id", "dedup_key").Where("dedup_key IN ?", keys).Find(&got).Error; err != nil {
			return fmt.Errorf("claim deliveries: read their ids: %w", err)
		}
		byKey := make(map[string]uint64, len(got))
		for _, g := range got {
			byKey[g.DedupKey] = g.ID
		}
		for i := range rows {
			if rows[i].ID = byKey[rows[i].DedupKey]; rows[i].ID == 0 {
				return fmt.Errorf("claim deliveries: %s not found after its insert", rows[i].DedupKey)
			}
		}
		return nil
	})
	if err != nil {
		for i := range rows {
			rows[i].ID = 0
		}
		if !fresh {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// ids are the outbox ids of members.
func ids(members []member) []uint64 {
	out := make([]uint64, len(members))
	for i, mb := range members {
		out[i] = mb.m.ID
	}
	return out
}

// failAll records cause on every attempt of a batch and returns it for the queue.
func failAll(ctx context.Context, as []*attempt, cause error) error {
	for _, a := range as {
		if err := a.fail(ctx, cause); err != nil && !errors.Is(err, cause) {
			return errors.Join(cause, err)
		}
	}
	return cause
}

// markAllAttempted is markAttempted for every attempt of a batch, in one transaction: each keeps the card as its
// recipient got it (msg addressed to them alone), which a resend repeats.
func markAllAttempted(ctx context.Context, db *gorm.DB, now time.Time, as []*attempt, msg wecom.Message) error {
	cards := make([]string, len(as))
	for i, a := range as {
		one := msg
		one.ToUser = []string{a.d.Recipient}
		b, err := json.Marshal(one)
		if err != nil {
			return fmt.Errorf("encode the card of delivery %d: %w", a.d.ID, err)
		}
		cards[i] = string(b)
	}
	if as[0].d.ID == 0 {
		// A fresh batch: each person's delivery is claimed and marked in one INSERT, with the card they get.
		return claimAttempts(ctx, db, now, as, func(i int, d *Delivery) { d.FirstSentAt, d.Card = &now, &cards[i] })
	}
	// One UPDATE for the batch, each row its own card (CASE id): a statement a person made this the batch's cost.
	ids := make([]uint64, len(as))
	var when strings.Builder
	args := make([]any, 0, 2*len(as))
	when.WriteString("CASE id")
	for i, a := range as {
		ids[i] = a.d.ID
		when.WriteString(" WHEN ? THEN ?")
		args = append(args, a.d.ID, cards[i])
	}
	when.WriteString(" END")
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Delivery{}).Where("id IN ? AND first_sent_at IS NULL", ids).
			Updates(map[string]any{"first_sent_at": now, "card": gorm.Expr(when.String(), args...)})
		if res.Error != nil {
			return fmt.Errorf("record send attempt of deliveries %d…: %w", ids[0], res.Error)
		}
		if res.RowsAffected != int64(len(ids)) {
			// Rolled back: the batch goes again, and whoever was sent meanwhile is found then.
			return &Wait{Reason: fmt.Sprintf("another worker sent one of deliveries %d… meanwhile", ids[0]), After: time.Second}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, a := range as {
		a.d.FirstSentAt, a.d.Card = &now, &cards[i]
	}
	return nil
}

// sentAll records WeCom's answer to a batch's call for each of its attempts: sent, or undeliverable for the people
// WeCom named invalid or unlicensed, in one transaction a group; a failed call fails every attempt as Deliver's would.
// An answer about one person that does not say which (60111, 60011) sends nobody: the batch's messages are returned
// to go alone, each for its own answer.
func (s *Service) sentAll(ctx context.Context, as []*attempt, res wecom.SendResult, err error) ([]uint64, error) {
	answer := answerOf(res, err)
	code := wecom.CodeOf(err)
	switch {
	case err == nil:
		named := func(list []string, u string) bool {
			return slices.ContainsFunc(list, func(v string) bool { return strings.EqualFold(v, u) })
		}
		var sent, invalid, unlicensed []*attempt
		for _, a := range as {
			switch {
			case named(res.InvalidUser, a.d.Recipient):
				invalid = append(invalid, a)
			case named(res.UnlicensedUser, a.d.Recipient):
				unlicensed = append(unlicensed, a)
			default:
				sent = append(sent, a)
			}
		}
		s.d.Log.Info("push batch sent", "msgid", res.MsgID, "people", len(as), "invalid", len(invalid), "unlicensed", len(unlicensed))
		return nil, errors.Join(
			recordAll(ctx, s.d.DB, s.d.Now().UTC(), sent, outcome{status: StatusSent, msgID: res.MsgID, answer: answer}),
			recordAll(ctx, s.d.DB, s.d.Now().UTC(), invalid, outcome{status: StatusUndeliverable, msgID: res.MsgID, answer: answer, err: "WeCom: invalid user"}),
			recordAll(ctx, s.d.DB, s.d.Now().UTC(), unlicensed, outcome{status: StatusUndeliverable, msgID: res.MsgID, answer: answer,
				err: "WeCom: the member has no license to receive messages"}))
	case code == 81013:
		// Every recipient invalid: the one answer is everybody's.
		return nil, recordAll(ctx, s.d.DB, s.d.Now().UTC(), as, outcome{status: StatusUndeliverable, answer: answer, err: err.Error(),
			notSent: as[0].firstRefused})
	case code == 60111 || code == 60011:
		alone := make([]uint64, len(as))
		for i, a := range as {
			alone[i] = a.m.ID
		}
		return alone, recordAll(ctx, s.d.DB, s.d.Now().UTC(), as, outcome{status: StatusFailed, answer: answer,
			err: "the batch's call was refused for one of its people: sent alone", notSent: true})
	}
	if wait, ok := wxapi.RetryAfterOf(err); ok {
		if rerr := recordAll(ctx, s.d.DB, s.d.Now().UTC(), as, outcome{status: StatusFailed, answer: answer, err: err.Error(),
			notSent: as[0].firstRefused}); rerr != nil {
			return nil, rerr
		}
		return nil, &Wait{Reason: "WeCom rate limit", After: wait, Err: err}
	}
	return nil, failAll(ctx, as, fmt.Errorf("push: send a batch of %d: %w", len(as), err))
}

// recordAll is record for the deliveries of as, which end alike, in one transaction.
func recordAll(ctx context.Context, db *gorm.DB, now time.Time, as []*attempt, o outcome) error {
	ids := make([]uint64, 0, len(as))
	outboxIDs := make([]uint64, 0, len(as))
	for _, a := range as {
		if a.d.ID == 0 {
			// A fresh batch's attempt holds no row yet: a wait has nothing to record, and a final outcome must not
			// mark its message done without one.
			if final(o.status) {
				return fmt.Errorf("push: record %s for outbox %d, whose delivery is not claimed", o.status, a.m.ID)
			}
			continue
		}
		ids, outboxIDs = append(ids, a.d.ID), append(outboxIDs, a.d.OutboxID)
	}
	if len(ids) == 0 {
		return nil
	}
	return recordRows(ctx, db, now, ids, outboxIDs, o)
}
