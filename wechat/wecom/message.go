package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// MaxRecipients is the most user IDs one message/send accepts.
const MaxRecipients = 1000

// Message types SendMessage supports so far.
const (
	MsgTypeText     = "text"
	MsgTypeTextCard = "textcard"
)

// Message is one app message (应用消息) to a list of members. The agentid
// comes from the App it is sent with.
type Message struct {
	// ToUser lists member userids (at most MaxRecipients); they are joined
	// with "|" on the wire, so an ID must not contain "|".
	ToUser []string
	// MsgType is MsgTypeText or MsgTypeTextCard; the matching payload field
	// must be set, the other is ignored.
	MsgType  string
	Text     *Text
	TextCard *TextCard
	// EnableDuplicateCheck asks WeCom not to deliver a message identical to
	// one sent within DuplicateCheckInterval seconds (WeCom's default 1800
	// when zero, its maximum 4 hours).
	EnableDuplicateCheck   bool
	DuplicateCheckInterval int
}

// Text is the payload of a text message: at most 2048 bytes of content.
type Text struct{ Content string }

// TextCard is the payload of a text card: Title (≤128 bytes), Description
// (≤512 bytes, a few WeCom HTML tags allowed), URL opened on tap, and the
// button text BtnTxt (WeCom shows "详情" when empty).
type TextCard struct{ Title, Description, URL, BtnTxt string }

// SendResult is what WeCom reports about an accepted message.
type SendResult struct {
	// InvalidUser lists recipients WeCom did not deliver to (unknown, or
	// outside the app's visible range), lower-cased by WeCom. Nil when all
	// were valid.
	InvalidUser []string
	// MsgID identifies the message for message/recall (within 24 hours).
	MsgID string
}

type sendRequest struct {
	ToUser                 string        `json:"touser"`
	MsgType                string        `json:"msgtype"`
	AgentID                int64         `json:"agentid"`
	Text                   *textWire     `json:"text,omitempty"`
	TextCard               *textCardWire `json:"textcard,omitempty"`
	EnableDuplicateCheck   int           `json:"enable_duplicate_check,omitempty"`
	DuplicateCheckInterval int           `json:"duplicate_check_interval,omitempty"`
}

type textWire struct {
	Content string `json:"content"`
}

type textCardWire struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	URL         string `json:"url"`
	BtnTxt      string `json:"btntxt,omitempty"`
}

type sendResponse struct {
	InvalidUser string `json:"invaliduser"`
	MsgID       string `json:"msgid"`
}

// SendMessage sends m from app (POST /cgi-bin/message/send).
//
// If only some recipients are invalid the call succeeds and lists them in
// SendResult.InvalidUser. If all are invalid it returns an *Error with code
// 81013 and the SendResult still lists them. A message is never repeated
// after a timeout or network error, since WeCom may have delivered it; it is
// repeated once only when WeCom refused the token (40014, 42001) and so did
// not act on it. An invalid m is rejected before any request is made.
func (c *Client) SendMessage(ctx context.Context, app App, m Message) (SendResult, error) {
	const api = "message/send"
	body, err := m.encode(app.AgentID)
	if err != nil {
		return SendResult{}, fmt.Errorf("wecom %s: %w", api, err)
	}
	var out sendResponse
	// -1 means WeCom did not act, but repeating a message is only safe when
	// WeCom's duplicate check would swallow a second copy.
	r := request{method: http.MethodPost, api: api, body: body, retryBusy: m.EnableDuplicateCheck}
	err = c.call(ctx, app, r, &out)
	return SendResult{InvalidUser: splitIDs(out.InvalidUser), MsgID: out.MsgID}, err
}

// encode validates m and renders WeCom's request body.
func (m Message) encode(agentID int64) ([]byte, error) {
	switch {
	case len(m.ToUser) == 0:
		return nil, errors.New("message has no recipients")
	case len(m.ToUser) > MaxRecipients:
		return nil, fmt.Errorf("message has %d recipients, more than %d", len(m.ToUser), MaxRecipients)
	case m.DuplicateCheckInterval < 0:
		return nil, errors.New("negative duplicate check interval")
	}
	for _, u := range m.ToUser {
		if u == "" || strings.Contains(u, "|") {
			return nil, fmt.Errorf("invalid recipient userid %q", u)
		}
	}
	req := sendRequest{
		ToUser:  strings.Join(m.ToUser, "|"),
		MsgType: m.MsgType,
		AgentID: agentID,
	}
	switch m.MsgType {
	case MsgTypeText:
		if m.Text == nil || m.Text.Content == "" {
			return nil, errors.New("text message without content")
		}
		req.Text = &textWire{Content: m.Text.Content}
	case MsgTypeTextCard:
		tc := m.TextCard
		if tc == nil || tc.Title == "" || tc.Description == "" || tc.URL == "" {
			return nil, errors.New("textcard needs a title, a description and a url")
		}
		req.TextCard = &textCardWire{Title: tc.Title, Description: tc.Description, URL: tc.URL, BtnTxt: tc.BtnTxt}
	default:
		return nil, fmt.Errorf("unsupported msgtype %q", m.MsgType)
	}
	if m.EnableDuplicateCheck {
		req.EnableDuplicateCheck = 1
		req.DuplicateCheckInterval = m.DuplicateCheckInterval
	}
	return json.Marshal(req)
}

// splitIDs turns WeCom's "a|b" list into a slice; "" gives nil.
func splitIDs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
