package push

import (
	"context"
	"html"
	"strings"

	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// SystemHome is the H5 path a system message's card opens when the system gave no URL: PB and CRM messages have
// no page of their own in Qiao (seed 000 §3.2.2).
const SystemHome = "/"

// renderSystem renders a message PB or CRM posted: a textcard titled with the system's code in 【】 so the reader
// sees which system speaks, the content as the description (escaped: WeCom reads the description as HTML), and a
// button to the system's URL or, without one, to the H5 home through OAuth.
//
// The system's own URL is not ours to change, so the card is made unique to its message by a last gray line naming
// the messageId (编号), which also lets the reader quote it to the system's support.
func (s *Service) renderSystem(ctx context.Context, p outbox.SystemPayload, ev event) (wecom.Message, error) {
	link := p.URL
	if link == "" {
		var err error
		if link, err = ev.link(ctx, SystemHome); err != nil {
			return wecom.Message{}, err
		}
	}
	ref := `<div class="gray">编号 ` + html.EscapeString(p.MessageID) + `</div>`
	// escapeClip fits the content to what the reference leaves of maxCardDesc, so textcard's clipMarkup leaves the
	// whole as it is and the reference is never cut off.
	desc := `<div class="normal">` + escapeClip(p.Content, maxCardDesc-len(ref)-len(`<div class="normal"></div>`)) + `</div>` + ref
	return textcard("【"+p.System+"】"+p.Title, desc, link, "详情"), nil
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
