package mp

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxTemplateValue is the most characters a template keyword value may
// have. Since 2023-05-04 WeChat shows no more than 20 of a value and cuts
// the rest on the phone (it does not refuse the message), so the client
// refuses longer values instead of letting them be cut silently.
const MaxTemplateValue = 20

// The shorter limits of two keyword types since 2023-05 (a value's type is its key's letters: "phrase4"), and how
// long client_msg_id keeps a repeated message from the follower's phone.
const (
	MaxPhraseValue    = 5
	MaxNameValue      = 10
	ClientMsgIDWindow = 10 * time.Minute
)

// TemplateMessage is one template message (模板消息) to one follower.
type TemplateMessage struct {
	// ToUser is the follower's openid for this account.
	ToUser string
	// TemplateID names a template added to the account.
	TemplateID string
	// URL is opened on tap, unless MiniProgram is set: WeChat opens the
	// mini program then, and URL only on clients without mini programs.
	URL         string
	MiniProgram *MiniProgram
	// ClientMsgID makes the send idempotent: WeChat delivers one message
	// per openid and ClientMsgID within 10 minutes and answers a repeat
	// with the first msgid. Set it to a stable key of the notification; a
	// send with it is also repeated on -1 (system busy).
	ClientMsgID string
	// Data maps each template key ("thing1", "time2", …) to its value: at
	// most MaxTemplateValue characters, no line breaks.
	Data map[string]string
}

// MiniProgram is a template message's link into a mini program bound to
// the account.
type MiniProgram struct {
	AppID    string `json:"appid"`
	PagePath string `json:"pagepath,omitempty"`
}

type templateValue struct {
	Value string `json:"value"`
}

type templateRequest struct {
	ToUser      string                   `json:"touser"`
	TemplateID  string                   `json:"template_id"`
	URL         string                   `json:"url,omitempty"`
	MiniProgram *MiniProgram             `json:"miniprogram,omitempty"`
	ClientMsgID string                   `json:"client_msg_id,omitempty"`
	Data        map[string]templateValue `json:"data"`
}

type templateResponse struct {
	MsgID int64 `json:"msgid"`
}

const templateAPI = "message/template/send"

// SendTemplate sends a template message (POST
// /cgi-bin/message/template/send) and returns its msgid; the outcome is
// pushed later as a TEMPLATESENDJOBFINISH event with that MsgID. A message
// that breaks the content rules is refused with a *ValidationError
// (errors.Is ErrInvalid) and nothing is sent. WeChat's refusals are *Error:
// 40003 openid not of this account, 43004 not following, 40037 unknown
// template.
//
// Without ClientMsgID a send is never repeated after -1 or a timeout,
// since WeChat may have delivered it; with one it is repeated on -1.
func (c *Client) SendTemplate(ctx context.Context, acct Account, m TemplateMessage) (int64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	data := make(map[string]templateValue, len(m.Data))
	for k, v := range m.Data {
		data[k] = templateValue{Value: v}
	}
	req, err := post(templateAPI, templateRequest{
		ToUser: m.ToUser, TemplateID: m.TemplateID, URL: m.URL, MiniProgram: m.MiniProgram,
		ClientMsgID: m.ClientMsgID, Data: data,
	}, m.ClientMsgID != "")
	if err != nil {
		return 0, err
	}
	var out templateResponse
	if err := c.call(ctx, acct, req, &out); err != nil {
		return 0, err
	}
	return out.MsgID, nil
}

// validate applies the rules in force since 2023-05-04: values of at most
// 20 characters and without line breaks (WeChat cuts the one and flattens
// the other on the phone).
func (m TemplateMessage) validate() error {
	invalid := func(field, reason string) error {
		return &ValidationError{API: templateAPI, Field: field, Reason: reason}
	}
	switch {
	case m.ToUser == "":
		return invalid("touser", "an openid is required")
	case m.TemplateID == "":
		return invalid("template_id", "a template id is required")
	case len(m.Data) == 0:
		return invalid("data", "at least one key is required")
	case m.MiniProgram != nil && m.MiniProgram.AppID == "":
		return invalid("miniprogram.appid", "a mini program appid is required")
	}
	// Sorted, so the same message always reports the same field.
	for _, k := range slices.Sorted(maps.Keys(m.Data)) {
		v := m.Data[k]
		field := "data." + k + ".value"
		switch {
		case k == "":
			return invalid("data", "empty key")
		case !utf8.ValidString(v):
			return invalid(field, "not valid UTF-8")
		case strings.ContainsAny(v, "\r\n"):
			return invalid(field, "line breaks are not shown")
		case utf8.RuneCountInString(v) > MaxTemplateValue:
			return invalid(field, fmt.Sprintf("%d characters; at most %d are shown", utf8.RuneCountInString(v), MaxTemplateValue))
		}
	}
	return nil
}

// Template is one template added to the account (我的模板), as Templates lists it.
type Template struct {
	ID    string
	Title string
	// Keywords are the template's fields in display order.
	Keywords []Keyword
}

// Keyword is one field of a template: its key ("thing1") and the label WeChat shows before it ("项目名称"; "" when
// the content gives none). The key's letters say what the value may hold (thing: text, time: a time, …).
type Keyword struct {
	Key, Label string
}

// templateKey finds "{{key.DATA}}" and the label before it on its line.
var templateKey = regexp.MustCompile(`([^\n{}]*?)\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}`)

// Templates lists the account's templates (GET /cgi-bin/template/get_all_private_template), each with its
// keywords read from its content.
func (c *Client) Templates(ctx context.Context, acct Account) ([]Template, error) {
	var out struct {
		List []struct {
			ID      string `json:"template_id"`
			Title   string `json:"title"`
			Content string `json:"content"`
		} `json:"template_list"`
	}
	if err := c.call(ctx, acct, get("template/get_all_private_template", nil), &out); err != nil {
		return nil, err
	}
	list := make([]Template, len(out.List))
	for i, t := range out.List {
		list[i] = Template{ID: t.ID, Title: t.Title, Keywords: keywordsOf(t.Content)}
	}
	return list, nil
}

// keywordsOf reads a template's fields from its content, one "标签:{{key.DATA}}" a line.
func keywordsOf(content string) []Keyword {
	var out []Keyword
	for _, m := range templateKey.FindAllStringSubmatch(content, -1) {
		label := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(m[1]), ":："))
		out = append(out, Keyword{Key: m[2], Label: label})
	}
	return out
}
