package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Recipient limits of one message/send.
const (
	// MaxRecipients is the most user IDs one message/send accepts.
	MaxRecipients = 1000
	// MaxParties and MaxTags are the most department and tag IDs.
	MaxParties = 100
	MaxTags    = 100
)

// Message types (msgtype) of message/send.
const (
	MsgTypeText              = "text"
	MsgTypeImage             = "image"
	MsgTypeVoice             = "voice"
	MsgTypeVideo             = "video"
	MsgTypeFile              = "file"
	MsgTypeTextCard          = "textcard"
	MsgTypeNews              = "news"
	MsgTypeMPNews            = "mpnews"
	MsgTypeMarkdown          = "markdown"
	MsgTypeMiniprogramNotice = "miniprogram_notice"
	MsgTypeTemplateCard      = "template_card"
)

// Content limits WeCom enforces, in bytes; Message checks them before
// sending.
const (
	MaxTextBytes        = 2048
	MaxTitleBytes       = 128
	MaxDescriptionBytes = 512
	MaxArticles         = 8
)

// MaxDuplicateCheckInterval is the longest duplicate_check_interval WeCom
// accepts: a message repeated later than this is delivered again.
const MaxDuplicateCheckInterval = 4 * time.Hour

// Message is one app message (应用消息). The agentid comes from the App it
// is sent with.
type Message struct {
	// ToUser lists member userids (at most MaxRecipients); they are joined
	// with "|" on the wire, so an ID must not contain "|".
	ToUser []string
	// ToParty and ToTag list department and tag IDs (at most 100 each);
	// their members receive the message too.
	ToParty, ToTag []string
	// ToAll sends to every member in the app's visible range ("@all");
	// ToUser must then be empty.
	ToAll bool
	// MsgType is one of the MsgType constants; the payload field of that
	// type must be set (Image, Voice and File use Media), the others are
	// ignored.
	MsgType           string
	Text              *Text
	Image             *Media
	Voice             *Media
	File              *Media
	Video             *Video
	TextCard          *TextCard
	News              *News
	MPNews            *MPNews
	Markdown          *Markdown
	MiniprogramNotice *MiniprogramNotice
	TemplateCard      TemplateCard
	// Safe is 0 (may be shared), 1 (may not be shared, shown with a
	// watermark) or 2 (shared only inside the corp, mpnews only). News
	// messages do not support it.
	Safe int
	// EnableIDTrans asks WeCom to render $userName=…$ and
	// $departmentName=…$ placeholders as names.
	EnableIDTrans bool
	// EnableDuplicateCheck asks WeCom not to deliver a message identical to
	// one sent within DuplicateCheckInterval seconds (WeCom's default 1800
	// when zero, its maximum 4 hours).
	EnableDuplicateCheck   bool
	DuplicateCheckInterval int
}

// Text is the payload of a text message: at most MaxTextBytes of content.
type Text struct {
	Content string `json:"content"`
}

// Markdown is the payload of a markdown message (WeCom's subset), at most
// MaxTextBytes. Only the WeCom client renders it.
type Markdown struct {
	Content string `json:"content"`
}

// Media is the payload of image, voice and file messages: a media_id from
// media/upload (valid 3 days).
type Media struct {
	MediaID string `json:"media_id"`
}

// Video is the payload of a video message: a media_id from media/upload
// and an optional Title (≤128 bytes) and Description (≤512 bytes).
type Video struct {
	MediaID     string `json:"media_id"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
}

// TextCard is the payload of a text card: Title (≤128 bytes), Description
// (≤512 bytes, a few WeCom HTML tags allowed), URL opened on tap, and the
// button text BtnTxt (WeCom shows "详情" when empty).
type TextCard struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	URL         string `json:"url"`
	BtnTxt      string `json:"btntxt,omitempty"`
}

// News is the payload of a news message: 1 to MaxArticles articles.
type News struct {
	Articles []NewsArticle `json:"articles"`
}

// NewsArticle is one article of a News message. Tapping opens URL, or
// the mini program AppID at PagePath when AppID is set; one is required.
type NewsArticle struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url,omitempty"`
	PicURL      string `json:"picurl,omitempty"`
	AppID       string `json:"appid,omitempty"`
	PagePath    string `json:"pagepath,omitempty"`
}

// MPNews is the payload of an mpnews message: 1 to MaxArticles articles
// stored by WeCom and opened inside it.
type MPNews struct {
	Articles []MPNewsArticle `json:"articles"`
}

// MPNewsArticle is one article of an MPNews message. Title,
// ThumbMediaID (media/upload) and Content (HTML, ≤666 KB) are required;
// Digest is at most 512 bytes, Author 64.
type MPNewsArticle struct {
	Title            string `json:"title"`
	ThumbMediaID     string `json:"thumb_media_id"`
	Author           string `json:"author,omitempty"`
	ContentSourceURL string `json:"content_source_url,omitempty"`
	Content          string `json:"content"`
	Digest           string `json:"digest,omitempty"`
}

// MiniprogramNotice is the payload of a mini program notice: AppID (a
// mini program bound to the corp) and Title (4–12 characters) are
// required; Page is opened on tap; ContentItem holds at most 10 rows.
type MiniprogramNotice struct {
	AppID             string        `json:"appid"`
	Page              string        `json:"page,omitempty"`
	Title             string        `json:"title"`
	Description       string        `json:"description,omitempty"`
	EmphasisFirstItem bool          `json:"emphasis_first_item,omitempty"`
	ContentItem       []NoticeEntry `json:"content_item,omitempty"`
}

// NoticeEntry is one key/value row of a MiniprogramNotice.
type NoticeEntry struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// SendResult is what WeCom reports about an accepted message.
type SendResult struct {
	// InvalidUser lists recipients WeCom did not deliver to (unknown, or
	// outside the app's visible range), lower-cased by WeCom. Nil when all
	// were valid. InvalidParty and InvalidTag do the same for ToParty and
	// ToTag; UnlicensedUser lists members without a license to receive.
	InvalidUser    []string
	InvalidParty   []string
	InvalidTag     []string
	UnlicensedUser []string
	// MsgID identifies the message for message/recall (within 24 hours).
	MsgID string
	// ResponseCode is set for interactive template cards (button, vote,
	// multiple choice): UpdateTemplateCard takes it, once, within 72 hours.
	ResponseCode string
}

type sendRequest struct {
	ToUser                 string             `json:"touser,omitempty"`
	ToParty                string             `json:"toparty,omitempty"`
	ToTag                  string             `json:"totag,omitempty"`
	MsgType                string             `json:"msgtype"`
	AgentID                int64              `json:"agentid"`
	Text                   *Text              `json:"text,omitempty"`
	Image                  *Media             `json:"image,omitempty"`
	Voice                  *Media             `json:"voice,omitempty"`
	File                   *Media             `json:"file,omitempty"`
	Video                  *Video             `json:"video,omitempty"`
	TextCard               *TextCard          `json:"textcard,omitempty"`
	News                   *News              `json:"news,omitempty"`
	MPNews                 *MPNews            `json:"mpnews,omitempty"`
	Markdown               *Markdown          `json:"markdown,omitempty"`
	MiniprogramNotice      *MiniprogramNotice `json:"miniprogram_notice,omitempty"`
	TemplateCard           TemplateCard       `json:"template_card,omitempty"`
	Safe                   int                `json:"safe,omitempty"`
	EnableIDTrans          int                `json:"enable_id_trans,omitempty"`
	EnableDuplicateCheck   int                `json:"enable_duplicate_check,omitempty"`
	DuplicateCheckInterval int                `json:"duplicate_check_interval,omitempty"`
}

type sendResponse struct {
	InvalidUser    string `json:"invaliduser"`
	InvalidParty   string `json:"invalidparty"`
	InvalidTag     string `json:"invalidtag"`
	UnlicensedUser string `json:"unlicenseduser"`
	MsgID          string `json:"msgid"`
	ResponseCode   string `json:"response_code"`
}

// SendMessage sends m from app (POST /cgi-bin/message/send).
//
// If only some recipients are invalid the call succeeds and lists them in
// SendResult.InvalidUser. If all are invalid it returns an *Error with code
// 81013 and the SendResult still lists them. A message is never repeated
// after a timeout or network error, since WeCom may have delivered it; it is
// repeated once only when WeCom refused the token (40001, 40014, 42001) and so did
// not act on it, and on -1 (busy) only when EnableDuplicateCheck is set, so
// WeCom would swallow a second copy. An invalid m is rejected before any
// request is made.
//
// WeCom delivers at most 30 messages a minute and 1000 an hour from one app
// to one member and silently drops the rest: a success does not prove
// delivery.
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
	return SendResult{
		InvalidUser: splitIDs(out.InvalidUser), InvalidParty: splitIDs(out.InvalidParty),
		InvalidTag: splitIDs(out.InvalidTag), UnlicensedUser: splitIDs(out.UnlicensedUser),
		MsgID: out.MsgID, ResponseCode: out.ResponseCode,
	}, err
}

// encode validates m and renders WeCom's request body.
func (m Message) encode(agentID int64) ([]byte, error) {
	if err := m.checkRecipients(); err != nil {
		return nil, err
	}
	switch {
	case m.DuplicateCheckInterval < 0:
		return nil, errors.New("negative duplicate check interval")
	case m.Safe < 0 || m.Safe > 2:
		return nil, fmt.Errorf("safe must be 0, 1 or 2, not %d", m.Safe)
	case m.Safe == 2 && m.MsgType != MsgTypeMPNews:
		return nil, errors.New("safe 2 is only for mpnews")
	case m.Safe != 0 && m.MsgType == MsgTypeNews:
		return nil, errors.New("news messages cannot be safe; use mpnews")
	}
	req := sendRequest{
		ToUser: strings.Join(m.ToUser, "|"), ToParty: strings.Join(m.ToParty, "|"), ToTag: strings.Join(m.ToTag, "|"),
		MsgType: m.MsgType, AgentID: agentID, Safe: m.Safe,
	}
	if m.ToAll {
		req.ToUser = "@all"
	}
	if err := m.setPayload(&req); err != nil {
		return nil, err
	}
	if m.EnableIDTrans {
		req.EnableIDTrans = 1
	}
	if m.EnableDuplicateCheck {
		req.EnableDuplicateCheck = 1
		req.DuplicateCheckInterval = m.DuplicateCheckInterval
	}
	return json.Marshal(req)
}

func (m Message) checkRecipients() error {
	switch {
	case m.ToAll && len(m.ToUser) > 0:
		return errors.New("message to all members also lists users")
	case !m.ToAll && len(m.ToUser)+len(m.ToParty)+len(m.ToTag) == 0:
		return errors.New("message has no recipients")
	case len(m.ToUser) > MaxRecipients:
		return fmt.Errorf("message has %d recipients, more than %d", len(m.ToUser), MaxRecipients)
	case len(m.ToParty) > MaxParties:
		return fmt.Errorf("message has %d departments, more than %d", len(m.ToParty), MaxParties)
	case len(m.ToTag) > MaxTags:
		return fmt.Errorf("message has %d tags, more than %d", len(m.ToTag), MaxTags)
	}
	for _, list := range [][]string{m.ToUser, m.ToParty, m.ToTag} {
		for _, id := range list {
			if id == "" || strings.Contains(id, "|") {
				return fmt.Errorf("invalid recipient id %q", id)
			}
		}
	}
	return nil
}

// setPayload checks the payload of m's type against WeCom's limits and
// puts it in req.
func (m Message) setPayload(req *sendRequest) error {
	switch m.MsgType {
	case MsgTypeText:
		if m.Text == nil || m.Text.Content == "" {
			return errors.New("text message without content")
		}
		if len(m.Text.Content) > MaxTextBytes {
			return fmt.Errorf("text content of %d bytes, more than %d", len(m.Text.Content), MaxTextBytes)
		}
		req.Text = m.Text
	case MsgTypeMarkdown:
		if m.Markdown == nil || m.Markdown.Content == "" {
			return errors.New("markdown message without content")
		}
		if len(m.Markdown.Content) > MaxTextBytes {
			return fmt.Errorf("markdown content of %d bytes, more than %d", len(m.Markdown.Content), MaxTextBytes)
		}
		req.Markdown = m.Markdown
	case MsgTypeImage:
		req.Image = m.Image
		return checkMedia(m.MsgType, m.Image)
	case MsgTypeVoice:
		req.Voice = m.Voice
		return checkMedia(m.MsgType, m.Voice)
	case MsgTypeFile:
		req.File = m.File
		return checkMedia(m.MsgType, m.File)
	case MsgTypeVideo:
		v := m.Video
		if v == nil || v.MediaID == "" {
			return errors.New("video message without media_id")
		}
		if err := sizes(v.Title, v.Description); err != nil {
			return err
		}
		req.Video = v
	case MsgTypeTextCard:
		tc := m.TextCard
		if tc == nil || tc.Title == "" || tc.Description == "" || tc.URL == "" {
			return errors.New("textcard needs a title, a description and a url")
		}
		if err := sizes(tc.Title, tc.Description); err != nil {
			return err
		}
		req.TextCard = tc
	case MsgTypeNews:
		if err := m.News.check(); err != nil {
			return err
		}
		req.News = m.News
	case MsgTypeMPNews:
		if err := m.MPNews.check(); err != nil {
			return err
		}
		req.MPNews = m.MPNews
	case MsgTypeMiniprogramNotice:
		n := m.MiniprogramNotice
		if n == nil || n.AppID == "" || n.Title == "" {
			return errors.New("miniprogram_notice needs an appid and a title")
		}
		if len(n.ContentItem) > 10 {
			return errors.New("miniprogram_notice has more than 10 content items")
		}
		req.MiniprogramNotice = n
	case MsgTypeTemplateCard:
		if m.TemplateCard == nil {
			return errors.New("template_card message without a card")
		}
		if err := m.TemplateCard.validate(); err != nil {
			return fmt.Errorf("template_card %s: %w", m.TemplateCard.CardType(), err)
		}
		req.TemplateCard = m.TemplateCard
	default:
		return fmt.Errorf("unsupported msgtype %q", m.MsgType)
	}
	return nil
}

func checkMedia(msgType string, m *Media) error {
	if m == nil || m.MediaID == "" {
		return fmt.Errorf("%s message without media_id", msgType)
	}
	return nil
}

func sizes(title, desc string) error {
	if len(title) > MaxTitleBytes {
		return fmt.Errorf("title of %d bytes, more than %d", len(title), MaxTitleBytes)
	}
	if len(desc) > MaxDescriptionBytes {
		return fmt.Errorf("description of %d bytes, more than %d", len(desc), MaxDescriptionBytes)
	}
	return nil
}

func (n *News) check() error {
	if n == nil || len(n.Articles) == 0 || len(n.Articles) > MaxArticles {
		return fmt.Errorf("news needs 1 to %d articles", MaxArticles)
	}
	for i, a := range n.Articles {
		if a.Title == "" || (a.URL == "" && a.AppID == "") {
			return fmt.Errorf("news article %d needs a title and a url or appid", i+1)
		}
		if err := sizes(a.Title, a.Description); err != nil {
			return fmt.Errorf("news article %d: %w", i+1, err)
		}
	}
	return nil
}

func (n *MPNews) check() error {
	if n == nil || len(n.Articles) == 0 || len(n.Articles) > MaxArticles {
		return fmt.Errorf("mpnews needs 1 to %d articles", MaxArticles)
	}
	for i, a := range n.Articles {
		if a.Title == "" || a.ThumbMediaID == "" || a.Content == "" {
			return fmt.Errorf("mpnews article %d needs a title, a thumb_media_id and content", i+1)
		}
		if err := sizes(a.Title, a.Digest); err != nil {
			return fmt.Errorf("mpnews article %d: %w", i+1, err)
		}
	}
	return nil
}

// RecallMessage withdraws a message sent within the last 24 hours (POST
// /cgi-bin/message/recall) from every recipient's WeCom client. WeCom
// answers 42052 for an older message and 40058 for one another app sent
// or an unknown msgid.
func (c *Client) RecallMessage(ctx context.Context, app App, msgID string) error {
	const api = "message/recall"
	if msgID == "" {
		return fmt.Errorf("wecom %s: empty msgid", api)
	}
	r, err := post(api, map[string]string{"msgid": msgID})
	if err != nil {
		return err
	}
	return c.call(ctx, app, r, nil)
}

// splitIDs turns WeCom's "a|b" list into a slice; "" gives nil.
func splitIDs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
