package oa

import (
	"html"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"

	"github.com/qiao-hq/qiao/text"
)

// NewBodyPolicy returns the allowlist applied to every rich-text body before it is stored: paragraphs and line
// breaks, headings, bold / italic / underline / strike, lists, quotes, preformatted text, tables (with colspan and
// rowspan), and links to http, https and mailto URLs, which get rel="nofollow" and open in a new window. Everything
// else is dropped: script and style elements with their content, iframes, images, forms, every on* handler, style
// and class attributes. The policy is safe for concurrent use once built.
func NewBodyPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(
		"p", "br", "div", "span", "hr",
		"h1", "h2", "h3", "h4", "h5", "h6",
		"b", "strong", "i", "em", "u", "s", "strike", "del", "sub", "sup",
		"ul", "ol", "li", "blockquote", "pre", "code",
		"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
	)
	small := regexp.MustCompile(`^[1-9][0-9]?$`)
	p.AllowAttrs("colspan", "rowspan").Matching(small).OnElements("td", "th")
	p.AllowAttrs("span").Matching(small).OnElements("col", "colgroup")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return p
}

// NewPublishedBodyPolicy returns the allowlist of published items' rich-text bodies (notices, news, surveys,
// discussions): bluemonday's policy for user-generated content (formatting, links and images; no scripts, styles,
// event handlers or frames). It is built once and shared; a policy is safe for concurrent use once built.
var NewPublishedBodyPolicy = sync.OnceValue(bluemonday.UGCPolicy)

// SanitizeBlock checks a rich-text body as text of several lines (text.Block) and returns it sanitised with p and
// trimmed. What is kept is checked again, because a character reference becomes the character it names only when
// sanitised: "&#x202e;" passes the first check and comes out as U+202E. field and label name the body in the
// error. Errors: invalid.
func SanitizeBlock(p *bluemonday.Policy, field, label, raw string) (string, error) {
	if _, err := text.Block(field, label, raw); err != nil {
		return "", err
	}
	return text.Block(field, label, p.Sanitize(raw))
}

// ExcerptRunes is how much of a body a message quotes.
const ExcerptRunes = 60

// stripTags strips every tag, for excerpts of sanitised rich text.
var stripTags = sync.OnceValue(bluemonday.StrictPolicy)

// Excerpt is the start of a sanitised rich-text body as plain text on one line, at most ExcerptRunes runes and an
// ellipsis when cut, for a message that quotes it.
func Excerpt(body string) string {
	s := strings.Join(strings.Fields(html.UnescapeString(stripTags().Sanitize(body))), " ")
	if utf8.RuneCountInString(s) > ExcerptRunes {
		s = string([]rune(s)[:ExcerptRunes]) + "…"
	}
	return s
}
