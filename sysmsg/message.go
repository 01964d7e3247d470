package sysmsg

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/qiao-hq/qiao/apperr"
)

// Limits of a system message. Titles and contents are counted in UTF-8 bytes, as WeCom counts a textcard's (a
// Chinese character is 3 bytes).
const (
	MaxAccounts     = 1000 // one WeCom message/send reaches at most 1000 members
	MaxMessageID    = 64   // characters of the caller's idempotency key
	MaxTitleBytes   = 128  // WeCom's textcard title
	MaxContentBytes = 512  // WeCom's textcard description
	MaxURLBytes     = 2048 // WeCom's textcard url
)

// messageIDRE is the shape of a messageId: printable ASCII without spaces, so it sits safely in a dedup key and
// a log line.
var messageIDRE = regexp.MustCompile(`^[!-~]{1,64}$`)

// Normalize trims the title, content and url and checks every field against the limits above. It returns
// invalid naming the field at fault ("messageId", "accounts", "title", "content", "url"). ID is taken as sent:
// it is an exact key. Accounts are only counted here; Post trims them and sorts out the ones that are no login.
func (m Message) Normalize() (Message, error) {
	m.Title, m.Content, m.URL = strings.TrimSpace(m.Title), strings.TrimSpace(m.Content), strings.TrimSpace(m.URL)
	switch {
	case !messageIDRE.MatchString(m.ID):
		return m, apperr.InvalidField("messageId", "messageId 须为 1–%d 个可见 ASCII 字符", MaxMessageID)
	case len(m.Accounts) == 0 || len(m.Accounts) > MaxAccounts:
		return m, apperr.InvalidField("accounts", "accounts 须有 1–%d 个账号", MaxAccounts)
	case m.Title == "" || len(m.Title) > MaxTitleBytes || strings.ContainsFunc(m.Title, unicode.IsControl):
		return m, apperr.InvalidField("title", "标题须为 1–%d 字节且不含控制字符", MaxTitleBytes)
	case m.Content == "" || len(m.Content) > MaxContentBytes || strings.ContainsFunc(m.Content, badContentRune):
		return m, apperr.InvalidField("content", "内容须为 1–%d 字节", MaxContentBytes)
	}
	if m.URL != "" {
		if err := checkCardURL(m.URL); err != nil {
			return m, err
		}
	}
	return m, nil
}

// badContentRune refuses control characters other than line breaks and tabs.
func badContentRune(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }

// checkCardURL accepts only absolute http(s) URLs with a host: the card's button must not run script (javascript:)
// or open anything but a web page.
func checkCardURL(raw string) error {
	bad := apperr.InvalidField("url", "url 须为 http(s) 地址，最长 %d 字节", MaxURLBytes)
	if len(raw) > MaxURLBytes || strings.ContainsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return bad
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return bad
	}
	return nil
}
