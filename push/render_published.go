package push

import (
	"context"
	"fmt"
	"html"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"

	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/survey"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// excerptRunes is how much of a body a card shows.
const excerptRunes = 60

// renderPublished renders the published kinds (notices, news, surveys, discussions and replies): a textcard whose
// button opens the item's H5 page; a reply's card quotes the start of the reply. The items are read with the stores
// in s.d.
func (s *Service) renderPublished(ctx context.Context, kind string, p outbox.PublishedPayload, ev event) (wecom.Message, error) {
	var path, title, desc, btn string
	switch kind {
	case outbox.KindNoticePublished, outbox.KindNewsPublished:
		n, err := s.d.Notices.Lookup(ctx, p.ItemID)
		if err != nil {
			return wecom.Message{}, fmt.Errorf("push: notice %d: %w", p.ItemID, err)
		}
		who, err := s.employeeName(ctx, n.PublisherID, "actor")
		if err != nil {
			return wecom.Message{}, err
		}
		what := "公告"
		if n.Kind == notice.KindNews {
			what = "新闻"
		}
		path, title, btn = fmt.Sprintf("/notices/%d", n.ID), what+"："+n.Title, "查看"
		desc = fmt.Sprintf(`<div class="gray">%s</div><div class="normal">%s 发布了%s</div>`,
			oa.FormatTime(ctx, n.PublishedAt), html.EscapeString(who), what)
		if ex := excerpt(n.Body); ex != "" {
			desc += fmt.Sprintf(`<div class="highlight">%s</div>`, ex)
		}
	case outbox.KindSurveyPublished:
		sv, err := s.d.Surveys.Lookup(ctx, p.ItemID)
		if err != nil {
			return wecom.Message{}, fmt.Errorf("push: survey %d: %w", p.ItemID, err)
		}
		who, err := s.employeeName(ctx, sv.PublisherID, "actor")
		if err != nil {
			return wecom.Message{}, err
		}
		path, title, btn = fmt.Sprintf("/surveys/%d", sv.ID), "调查："+sv.Title, "去投票"
		// A survey published to open later is announced only now, and no second card follows when it opens, so
		// the card says when voting starts rather than inviting a vote the page would refuse.
		call := "请投票"
		if sv.StateAt(s.d.Now()) == survey.StateNotOpen {
			call = oa.InTenantZone(ctx, sv.OpensAt).Format("1月2日 15:04") + " 开始投票"
		}
		desc = fmt.Sprintf(`<div class="gray">%s</div><div class="normal">%s 发起了调查，%s</div>`,
			oa.FormatTime(ctx, sv.PublishedAt), html.EscapeString(who), call)
		if sv.ClosesAt != nil {
			desc += fmt.Sprintf(`<div class="highlight">截止：%s</div>`, oa.FormatTime(ctx, *sv.ClosesAt))
		}
	case outbox.KindDiscussionPublished, outbox.KindDiscussionReplied:
		d, err := s.d.Discussions.Lookup(ctx, p.ItemID)
		if err != nil {
			return wecom.Message{}, fmt.Errorf("push: discussion %d: %w", p.ItemID, err)
		}
		path = fmt.Sprintf("/discussions/%d", d.ID)
		if kind == outbox.KindDiscussionPublished {
			who, err := s.employeeName(ctx, d.AuthorID, "actor")
			if err != nil {
				return wecom.Message{}, err
			}
			title, btn = "讨论："+d.Title, "参与讨论"
			desc = fmt.Sprintf(`<div class="gray">%s</div><div class="normal">%s 发起了讨论</div>`,
				oa.FormatTime(ctx, d.CreatedAt), html.EscapeString(who))
			break
		}
		who, err := s.employeeName(ctx, p.ActorID, "actor")
		if err != nil {
			return wecom.Message{}, err
		}
		title, btn = "讨论有新回复："+d.Title, "查看"
		desc = fmt.Sprintf(`<div class="normal">%s 回复了您参与的讨论</div>`, html.EscapeString(who))
		if p.ReplyID != 0 {
			// A reply that is gone still leaves a card worth sending, just without the quote.
			r, ok, err := s.d.Discussions.LookupReply(ctx, d.ID, p.ReplyID)
			if err != nil {
				return wecom.Message{}, fmt.Errorf("push: reply %d: %w", p.ReplyID, err)
			}
			if ex := excerpt(r.Body); ok && ex != "" {
				desc += fmt.Sprintf(`<div class="highlight">%s</div>`, ex)
			}
		}
	default:
		return wecom.Message{}, fmt.Errorf("push: unknown kind %q", kind)
	}
	link, err := ev.link(ctx, path)
	if err != nil {
		return wecom.Message{}, err
	}
	return textcard(title, desc, link, btn), nil
}

// plainText strips every tag, for excerpts of sanitised rich text.
var plainText = sync.OnceValue(bluemonday.StrictPolicy)

// excerpt is the start of a rich-text body as escaped plain text on one line, at most excerptRunes runes.
func excerpt(body string) string {
	s := strings.Join(strings.Fields(html.UnescapeString(plainText().Sanitize(body))), " ")
	if utf8.RuneCountInString(s) > excerptRunes {
		s = string([]rune(s)[:excerptRunes]) + "…"
	}
	return html.EscapeString(s)
}
