package push

import (
	"context"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// WeCom's textcard limits, in bytes.
const (
	maxCardTitle = 128
	maxCardDesc  = 512
)

// describe is what outbox message m tells its reader, as the domain that raised it says.
func (s *Service) describe(ctx context.Context, m outbox.Message) (message.Description, error) {
	d, ok := s.describers[m.Kind]
	if !ok {
		return message.Description{}, fmt.Errorf("push: unknown kind %q", m.Kind)
	}
	return d.Describe(ctx, m)
}

// render turns one outbox message into a WeCom textcard whose button opens the message's page: its H5 page through
// app's OAuth, or the outside URL it names.
//
// Every card is unique to its event: WeCom's duplicate check (on for every send) compares whole cards, so two
// comments "收到" on one item, or two PB messages with the same text, would otherwise be the same card and the
// second would never be shown. A link into the H5 app carries the outbox message's id (an event marker the page
// ignores); a system message names its messageId in a pinned line. Rendering the same message again gives the same
// card, so a resend after a lost answer stays a duplicate that WeCom suppresses.
func (s *Service) render(ctx context.Context, m outbox.Message, app wecom.App) (wecom.Message, error) {
	d, err := s.describe(ctx, m)
	if err != nil {
		return wecom.Message{}, err
	}
	return s.renderAs(ctx, m, d, app, "")
}

// renderAs is render of description d. With a task and choices to offer, the card is an interactive one whose
// buttons answer inside WeCom (task names it in their taps); otherwise a textcard.
func (s *Service) renderAs(ctx context.Context, m outbox.Message, d message.Description, app wecom.App, task string) (wecom.Message, error) {
	link, err := s.opens(ctx, d, m.ID, func(b *deeplink.Builder, slug, path string) string {
		return b.WeCom(slug, app.CorpID, app.AgentID, path)
	})
	if err != nil {
		return wecom.Message{}, err
	}
	if task != "" && len(d.Choices) > 0 {
		return buttonCard(d, link, task), nil
	}
	return textcard(d, link), nil
}

// WeCom's template card limits, in bytes: a title, the grey line under it and the sub-title text.
const (
	maxTemplateTitle = 128
	maxTemplateDesc  = 128
	maxTemplateText  = 512
)

// buttonCard is description d as a button_interaction card: its title, its first grey line under the title, its
// other lines as the text, a button per choice and one opening the page at url, which a tap on the card opens too.
func buttonCard(d message.Description, url, task string) wecom.Message {
	var desc string
	var text []string
	for _, l := range d.Lines {
		if l.Style == message.Gray && desc == "" {
			desc = l.Text
			continue
		}
		text = append(text, l.Text)
	}
	buttons := make([]wecom.CardButton, 0, len(d.Choices)+1)
	for _, c := range d.Choices {
		style := 1
		if c.Warn {
			style = 3
		}
		buttons = append(buttons, wecom.CardButton{Text: c.Text, Style: style, Key: c.Key})
	}
	buttons = append(buttons, wecom.CardButton{Type: 1, Text: "查看详情", Style: 2, URL: url})
	return wecom.Message{MsgType: wecom.MsgTypeTemplateCard, TemplateCard: &wecom.ButtonInteractionCard{
		Source:       wecom.CardSource{Desc: d.Facts.Kind},
		TaskID:       task,
		MainTitle:    wecom.CardMainTitle{Title: clip(d.Title, maxTemplateTitle), Desc: clip(desc, maxTemplateDesc)},
		SubTitleText: clip(strings.Join(text, "\n"), maxTemplateText),
		CardAction:   &wecom.CardAction{Type: 1, URL: url},
		ButtonList:   buttons,
	}}
}

// opens is where a message's button or tap leads: the outside URL its description names, or its H5 page through
// the channel's sign-in (through: WeCom's OAuth, the service account's), at the tenant's own host name when it
// brought one (the OAuth returns only to the domain the app or account trusts), marked with the outbox message
// (?m=<id>, which the page ignores) so that the message is unique to its event; id 0 marks nothing (some tests).
func (s *Service) opens(ctx context.Context, d message.Description, id uint64, through func(b *deeplink.Builder, slug, path string) string) (string, error) {
	if d.URL != "" {
		return d.URL, nil
	}
	t, err := s.d.Tenants.Current(ctx)
	if err != nil {
		return "", fmt.Errorf("push: tenant: %w", err)
	}
	host, err := s.d.Tenants.PublicHost(ctx)
	if err != nil {
		return "", fmt.Errorf("push: tenant's host: %w", err)
	}
	path := d.Path
	if id != 0 {
		path += "?m=" + strconv.FormatUint(id, 10)
	}
	return through(s.d.Links.ForHost(host), t.Slug, path), nil
}

// textcard is description d as a WeCom textcard opening url, within WeCom's limits.
func textcard(d message.Description, url string) wecom.Message {
	return wecom.Message{
		MsgType:  "textcard",
		TextCard: &wecom.TextCard{Title: clip(d.Title, maxCardTitle), Description: cardLines(d.Lines, maxCardDesc), URL: url, BtnTxt: d.Action},
	}
}

// cardLines is lines as a textcard description (HTML: each line a <div> of its style, its text escaped) of at most n
// bytes. Pinned lines are kept whole; the others share what is left in order, a line's text cut between
// characters (never inside an entity or a tag) and the lines that no longer fit left out.
func cardLines(lines []message.Line, n int) string {
	div := func(l message.Line, text string) string {
		return `<div class="` + string(l.Style) + `">` + text + `</div>`
	}
	budget := n
	for _, l := range lines {
		if l.Pinned {
			budget -= len(div(l, html.EscapeString(l.Text)))
		}
	}
	var b strings.Builder
	for _, l := range lines {
		text := html.EscapeString(l.Text)
		if !l.Pinned {
			room := budget - len(div(l, ""))
			if room <= 0 {
				budget = 0
				continue
			}
			text = escapeClip(l.Text, room)
			if text == "" {
				continue
			}
			budget -= len(div(l, text))
		}
		b.WriteString(div(l, text))
	}
	return b.String()
}

// escapeClip HTML-escapes s and cuts the result to at most n bytes between characters, so neither a character nor
// an entity is ever cut in half.
func escapeClip(s string, n int) string {
	var b strings.Builder
	for _, r := range s {
		e := html.EscapeString(string(r))
		if b.Len()+len(e) > n {
			break
		}
		b.WriteString(e)
	}
	return b.String()
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
