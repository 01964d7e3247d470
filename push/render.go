package push

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// WeCom's textcard limits, in bytes.
const (
	maxCardTitle = 128
	maxCardDesc  = 512
)

// render turns one outbox message (its kind and JSON payload) into a WeCom textcard whose button opens the item
// in the H5 app. Each kind decodes the payload into its own struct.
//
// Every card is unique to its event: WeCom's duplicate check (on for every send) compares whole cards, so two
// comments "收到" on one item, or two PB messages with the same text, would otherwise be the same card and the
// second would never be shown. A link into the H5 app carries the outbox message's id (an event marker the page
// ignores); a system message's card names the system's messageId. Rendering the same message again gives the same
// card, so a resend after a lost answer stays a duplicate that WeCom suppresses.
func (s *Service) render(ctx context.Context, m outbox.Message, app wecom.App) (wecom.Message, error) {
	kind, payload := m.Kind, json.RawMessage(m.Payload)
	ev := event{s: s, app: app, id: m.ID}
	switch kind {
	case outbox.KindNoticePublished, outbox.KindNewsPublished, outbox.KindSurveyPublished,
		outbox.KindDiscussionPublished, outbox.KindDiscussionReplied:
		p, err := decode[outbox.PublishedPayload](kind, payload)
		if err != nil {
			return wecom.Message{}, err
		}
		return s.renderPublished(ctx, kind, p, ev)
	case outbox.KindSystemMessage:
		p, err := decode[outbox.SystemPayload](kind, payload)
		if err != nil {
			return wecom.Message{}, err
		}
		return s.renderSystem(ctx, p, ev)
	case outbox.KindCollabSent, outbox.KindCollabHandled, outbox.KindCollabCommented, outbox.KindCollabWithdrawn,
		outbox.KindCollabClosed:
		p, err := decode[outbox.CollabPayload](kind, payload)
		if err != nil {
			return wecom.Message{}, err
		}
		return s.renderCollab(ctx, kind, p, ev)
	default:
		return wecom.Message{}, fmt.Errorf("push: unknown kind %q", kind)
	}
}

// renderCollab renders the collab kinds: a textcard whose button opens the item's H5 page, naming who acted. The
// item's sender acts in sent and withdrawn; p.ActorID in the others.
func (s *Service) renderCollab(ctx context.Context, kind string, p outbox.CollabPayload, ev event) (wecom.Message, error) {
	item, err := s.d.OA.Lookup(ctx, p.ItemID)
	if err != nil {
		return wecom.Message{}, fmt.Errorf("push: item %d: %w", p.ItemID, err)
	}
	link, err := ev.link(ctx, fmt.Sprintf("/items/%d", item.ID))
	if err != nil {
		return wecom.Message{}, err
	}
	whoID, role := p.ActorID, "actor"
	if kind == outbox.KindCollabSent || kind == outbox.KindCollabWithdrawn {
		whoID, role = item.SenderID, "sender"
	}
	name, err := s.employeeName(ctx, whoID, role)
	if err != nil {
		return wecom.Message{}, err
	}
	// The title is plain text; the description is HTML, so the name goes into it escaped.
	who := html.EscapeString(name)
	var title, desc, btn string
	switch kind {
	case outbox.KindCollabSent:
		title = "新协同：" + item.Title
		desc = fmt.Sprintf(`<div class="gray">%s</div><div class="normal">%s 发来协同，请处理</div>`,
			oa.FormatTime(ctx, item.CreatedAt), who)
		btn = "去处理"
	case outbox.KindCollabHandled:
		verb := "已同意"
		if p.State == string(oa.StateRejected) {
			verb = "已驳回"
		}
		// One approval of several leaves the item pending: saying "协同已同意" then would tell the sender it is
		// approved. Messages without Status predate it and keep the old wording.
		if p.State == string(oa.StateApproved) && p.Status == string(oa.StatusPending) {
			title = "协同：" + name + " 已同意「" + item.Title + "」"
			desc = fmt.Sprintf(`<div class="normal">%s 已同意</div><div class="gray">还需其他人审批</div>`, who)
		} else {
			title = "协同" + verb + "：" + item.Title
			desc = fmt.Sprintf(`<div class="normal">%s %s</div>`, who, verb)
		}
		if p.Opinion != "" {
			desc += fmt.Sprintf(`<div class="highlight">意见：%s</div>`, html.EscapeString(p.Opinion))
		}
		btn = "查看"
	case outbox.KindCollabCommented:
		title = "协同新意见：" + item.Title
		desc = fmt.Sprintf(`<div class="normal">%s 发表了意见</div><div class="highlight">%s</div>`,
			who, html.EscapeString(p.Opinion))
		btn = "查看"
	case outbox.KindCollabWithdrawn:
		title = "协同已撤回：" + item.Title
		desc = fmt.Sprintf(`<div class="normal">%s 撤回了此协同，无需处理</div>`, who)
		btn = "查看"
	case outbox.KindCollabClosed:
		verb := "已同意"
		if p.Status == string(oa.StatusRejected) {
			verb = "已驳回"
		}
		title = "协同已结束：" + item.Title
		desc = fmt.Sprintf(`<div class="normal">%s %s，无需您处理</div>`, who, verb)
		btn = "查看"
	default:
		return wecom.Message{}, fmt.Errorf("push: unknown kind %q", kind)
	}
	return textcard(title, desc, link, btn), nil
}

// employeeName is the name of employee id as stored (not escaped: card titles are plain text), for the collab and
// published cards; role ("actor", "sender") names the lookup in the error.
func (s *Service) employeeName(ctx context.Context, id uint64, role string) (string, error) {
	e, err := s.d.Directory.Employee(ctx, id)
	if err != nil {
		return "", fmt.Errorf("push: %s: %w", role, err)
	}
	return e.Name, nil
}

// event is what a renderer needs beyond the payload: the app the card goes out through and the outbox message it
// renders (0 when none, as in some tests).
type event struct {
	s   *Service
	app wecom.App
	id  uint64
}

// link is the deep link that opens path in the H5 app of the tenant in ctx through the app's OAuth, marked with the
// event (?m=<outbox id>) so that the card is unique to it.
func (ev event) link(ctx context.Context, path string) (string, error) {
	t, err := ev.s.d.Tenants.Current(ctx)
	if err != nil {
		return "", fmt.Errorf("push: tenant: %w", err)
	}
	host, err := ev.s.d.Tenants.PublicHost(ctx)
	if err != nil {
		return "", fmt.Errorf("push: tenant's host: %w", err)
	}
	if ev.id != 0 {
		path += "?m=" + strconv.FormatUint(ev.id, 10)
	}
	// A tenant's own host name, when it brought one: WeCom's OAuth returns only to the app's trusted domain.
	return ev.s.d.Links.ForHost(host).WeCom(t.Slug, ev.app.CorpID, ev.app.AgentID, path), nil
}

// textcard is a textcard message, its title and description clipped to WeCom's limits.
func textcard(title, desc, url, btn string) wecom.Message {
	return wecom.Message{
		MsgType:  "textcard",
		TextCard: &wecom.TextCard{Title: clip(title, maxCardTitle), Description: clipMarkup(desc, maxCardDesc), URL: url, BtnTxt: btn},
	}
}

// decode reads a kind's payload into its payload struct.
func decode[T any](kind string, payload json.RawMessage) (T, error) {
	var p T
	if err := json.Unmarshal(payload, &p); err != nil {
		return p, fmt.Errorf("push: decode %s payload: %w", kind, err)
	}
	return p, nil
}

// clipMarkup cuts a card description (escaped text in <div class="…"> lines) to at most n bytes without leaving
// half a character, half a tag or half an entity, and closes the divs the cut leaves open: a long opinion cut in
// the middle of "&lt;" or "</div>" would otherwise reach the phone as stray markup.
func clipMarkup(s string, n int) string {
	for budget := n; budget > 0; {
		if len(s) <= budget && budget == n {
			return s
		}
		cut := clip(s, budget)
		if i := strings.LastIndexByte(cut, '<'); i > strings.LastIndexByte(cut, '>') {
			cut = cut[:i]
		}
		if i := strings.LastIndexByte(cut, '&'); i > strings.LastIndexByte(cut, ';') {
			cut = cut[:i]
		}
		out := cut + strings.Repeat("</div>", max(0, strings.Count(cut, "<div")-strings.Count(cut, "</div>")))
		if len(out) <= n {
			return out
		}
		budget -= len(out) - n // room for the closing tags
	}
	return ""
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
