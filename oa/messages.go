package oa

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/outbox"
)

// Messages describes the collab.* outbox messages for the channels that carry them.
func (s *Service) Messages() message.Describer { return collabMessages{s} }

type collabMessages struct{ s *Service }

func (collabMessages) Kinds() []message.Kind {
	return []message.Kind{
		{Kind: outbox.KindCollabSent, Name: "协同待处理"},
		{Kind: outbox.KindCollabHandled, Name: "协同已处理（告知发起人）"},
		{Kind: outbox.KindCollabCommented, Name: "协同新意见"},
		{Kind: outbox.KindCollabWithdrawn, Name: "协同已撤回"},
		{Kind: outbox.KindCollabClosed, Name: "协同已结束（无需处理）"},
		{Kind: outbox.KindCollabDecided, Name: "协同卡片显示本人的处理结果"},
	}
}

// Describe reads the item and who acted: the item's sender in sent and withdrawn, p.ActorID in the others.
func (c collabMessages) Describe(ctx context.Context, m outbox.Message) (message.Description, error) {
	var p outbox.CollabPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
		return message.Description{}, fmt.Errorf("oa: decode %s payload: %w", m.Kind, err)
	}
	item, err := c.s.Lookup(ctx, p.ItemID)
	if err != nil {
		return message.Description{}, fmt.Errorf("oa: item %d: %w", p.ItemID, err)
	}
	whoID := p.ActorID
	if m.Kind == outbox.KindCollabSent || m.Kind == outbox.KindCollabWithdrawn {
		whoID = item.SenderID
	}
	who, err := directory.NameOf(ctx, c.s.db, whoID)
	if err != nil {
		return message.Description{}, fmt.Errorf("oa: who acted in %s: %w", m.DedupKey, err)
	}
	at := item.CreatedAt
	if p.EventTime != 0 && m.Kind != outbox.KindCollabSent {
		at = time.Unix(p.EventTime, 0)
	}
	return describeCollab(ctx, m.Kind, item, who, at, p)
}

// The keys of a todo card's choices.
const (
	choiceApprove = "approve"
	choiceReject  = "reject"
)

// Choose records an answer given in a todo card (collab.sent, Card "collab:<item>") as Handle records it from the
// page: the same rules, refusals and outbox messages.
func (c collabMessages) Choose(ctx context.Context, card string, employeeID uint64, key string) error {
	var itemID uint64
	if _, err := fmt.Sscanf(card, "collab:%d", &itemID); err != nil {
		return apperr.E(apperr.Invalid, "卡片 %q 不是协同的", card)
	}
	var action Action
	switch key {
	case choiceApprove:
		action = ActionApprove
	case choiceReject:
		action = ActionReject
	default:
		return apperr.E(apperr.Invalid, "未知的操作 %q", key)
	}
	_, err := c.s.Handle(ctx, employeeID, itemID, action, "")
	return err
}

func (c collabMessages) Example(ctx context.Context, kind string) message.Description {
	now := c.s.now()
	item := Item{ID: 1024, Title: "2026 年度市场预算", CreatedAt: now}
	p := outbox.CollabPayload{State: string(StateApproved), Status: string(StatusApproved), Opinion: "同意，请控制差旅费用"}
	if kind == outbox.KindCollabCommented {
		p.Opinion = "请补充第三季度的明细"
	}
	d, err := describeCollab(ctx, kind, item, "张三", now, p)
	if err != nil {
		return message.Description{Title: kind}
	}
	return d
}

// describeCollab says what a collab.* event tells its reader; who acted, at at.
func describeCollab(ctx context.Context, kind string, item Item, who string, at time.Time, p outbox.CollabPayload) (message.Description, error) {
	d := message.Description{Action: "查看", Path: fmt.Sprintf("/items/%d", item.ID), Card: fmt.Sprintf("collab:%d", item.ID),
		Facts: message.Facts{Kind: "协同", Subject: item.Title, Actor: who, Time: FormatTime(ctx, at)}}
	normal := func(s string) message.Line { return message.Line{Style: message.Normal, Text: s} }
	switch kind {
	case outbox.KindCollabSent:
		d.Title, d.Action, d.Facts.Status = "新协同："+item.Title, "去处理", "待处理"
		d.Lines = []message.Line{{Style: message.Gray, Text: FormatTime(ctx, item.CreatedAt)}, normal(who + " 发来协同，请处理")}
		d.Choices = []message.Choice{{Key: choiceApprove, Text: "同意"}, {Key: choiceReject, Text: "驳回", Warn: true}}
	case outbox.KindCollabHandled:
		verb := "已同意"
		if p.State == string(StateRejected) {
			verb = "已驳回"
		}
		d.Facts.Status = verb
		// One approval of several leaves the item pending: saying "协同已同意" then would tell the sender it is
		// approved. Messages without Status predate it and keep the old wording.
		if p.State == string(StateApproved) && p.Status == string(StatusPending) {
			d.Title = "协同：" + who + " 已同意「" + item.Title + "」"
			d.Lines = []message.Line{normal(who + " 已同意"), {Style: message.Gray, Text: "还需其他人审批"}}
			d.Facts.Status = "部分同意"
		} else {
			d.Title = "协同" + verb + "：" + item.Title
			d.Lines = []message.Line{normal(who + " " + verb)}
		}
		if p.Opinion != "" {
			d.Lines = append(d.Lines, message.Line{Style: message.Highlight, Text: "意见：" + p.Opinion})
			d.Facts.Note = p.Opinion
		}
	case outbox.KindCollabCommented:
		d.Title, d.Facts.Status, d.Facts.Note = "协同新意见："+item.Title, "新意见", p.Opinion
		d.Lines = []message.Line{normal(who + " 发表了意见"), {Style: message.Highlight, Text: p.Opinion}}
	case outbox.KindCollabWithdrawn:
		d.Title, d.Facts.Status = "协同已撤回："+item.Title, "已撤回"
		d.Lines = []message.Line{normal(who + " 撤回了此协同，无需处理")}
		d.Outcome = "已由" + who + "撤回"
	case outbox.KindCollabClosed:
		verb := "已同意"
		if p.Status == string(StatusRejected) {
			verb = "已驳回"
		}
		d.Title, d.Facts.Status = "协同已结束："+item.Title, "已结束"
		d.Lines = []message.Line{normal(who + " " + verb + "，无需您处理")}
		d.Outcome = "已由" + who + strings.TrimPrefix(verb, "已")
	case outbox.KindCollabDecided:
		verb := "已同意"
		if p.State == string(StateRejected) {
			verb = "已驳回"
		}
		d.Title, d.Facts.Status = "您"+verb+"："+item.Title, verb
		d.Lines = []message.Line{normal("您" + verb + "此协同")}
		d.Outcome, d.OutcomeOnly = verb, true
	default:
		return message.Description{}, fmt.Errorf("oa: unknown kind %q", kind)
	}
	return d, nil
}
