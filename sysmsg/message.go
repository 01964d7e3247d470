package sysmsg

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/text"
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

// Normalize trims the title, content and url and checks every field against the limits above and the text rule
// (text.Line for the title and the url, text.Block for the content). It returns invalid naming the field at fault
// ("messageId", "accounts", "title", "content", "url"). ID is taken as sent: it is an exact key. Accounts are only
// counted here; Post trims them and sorts out the ones that are no login.
func (m Message) Normalize() (Message, error) {
	switch {
	case !messageIDRE.MatchString(m.ID):
		return m, apperr.InvalidField("messageId", "messageId 须为 1–%d 个可见 ASCII 字符", MaxMessageID)
	case len(m.Accounts) == 0 || len(m.Accounts) > MaxAccounts:
		return m, apperr.InvalidField("accounts", "accounts 须有 1–%d 个账号", MaxAccounts)
	}
	var err error
	if m.Title, err = text.Line("title", "标题", m.Title); err != nil {
		return m, err
	}
	if m.Title == "" || len(m.Title) > MaxTitleBytes {
		return m, apperr.InvalidField("title", "标题须为 1–%d 字节", MaxTitleBytes)
	}
	if m.Content, err = text.Block("content", "内容", m.Content); err != nil {
		return m, err
	}
	if m.Content == "" || len(m.Content) > MaxContentBytes {
		return m, apperr.InvalidField("content", "内容须为 1–%d 字节", MaxContentBytes)
	}
	if m.URL, err = text.Line("url", "url ", m.URL); err != nil {
		return m, err
	}
	if m.URL != "" {
		if err := checkCardURL(m.URL); err != nil {
			return m, err
		}
	}
	return m, nil
}

// checkCardURL accepts only absolute http(s) URLs with a host and without user information: the card's button must
// not run script (javascript:) or open anything but a web page, and "https://pb.example.com@evil.example/" names
// the host after the @, however much the part before it looks like one (and a password in a link is shown on every
// phone it reaches).
func checkCardURL(raw string) error {
	bad := apperr.InvalidField("url", "url 须为不含用户名和密码的 http(s) 地址，最长 %d 字节", MaxURLBytes)
	if len(raw) > MaxURLBytes || strings.ContainsFunc(raw, unicode.IsSpace) {
		return bad
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" || u.User != nil {
		return bad
	}
	return nil
}
