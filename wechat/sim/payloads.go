package sim

import (
	"bytes"
	"encoding/json"
	"regexp"
	"unicode/utf8"
)

// Payload checks of message/send, one per msgtype. Sizes are in bytes, as
// WeCom counts them. Where WeCom's code for a missing or malformed field
// is not documented the simulator answers 40058 (invalid parameter), which
// WeCom uses for parameters generally.

type textPayload struct {
	Content string `json:"content"`
}

type mediaPayload struct {
	MediaID string `json:"media_id"`
}

type videoPayload struct {
	MediaID     string `json:"media_id"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
}

type textCardPayload struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	URL         string `json:"url"`
	BtnTxt      string `json:"btntxt,omitempty"`
}

type newsPayload struct {
	Articles []struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		URL         string `json:"url"`
		PicURL      string `json:"picurl"`
		AppID       string `json:"appid"`
		PagePath    string `json:"pagepath"`
	} `json:"articles"`
}

type mpnewsPayload struct {
	Articles []struct {
		Title            string `json:"title"`
		ThumbMediaID     string `json:"thumb_media_id"`
		Author           string `json:"author"`
		ContentSourceURL string `json:"content_source_url"`
		Content          string `json:"content"`
		Digest           string `json:"digest"`
	} `json:"articles"`
}

type miniprogramPayload struct {
	AppID       string `json:"appid"`
	Page        string `json:"page"`
	Title       string `json:"title"`
	Description string `json:"description"`
	ContentItem []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"content_item"`
}

// checkedPayload is a valid payload, normalised so duplicate checks
// compare content rather than formatting, and what the send needs to know
// about a template card.
type checkedPayload struct {
	payload     json.RawMessage
	taskID      string
	interactive bool // the card answers with a response_code
}

const (
	maxTextBytes     = 2048
	maxTitleBytes    = 128
	maxDescBytes     = 512
	maxArticles      = 8
	maxMPNewsContent = 666 << 10
)

// normalisePayload checks the object named after msgType and re-encodes
// it.
func normalisePayload(msgType string, raw json.RawMessage, safe int) (checkedPayload, *apiError) {
	if safe == 2 && msgType != "mpnews" {
		return checkedPayload{}, apiErr(40058, "invalid parameter: safe=2 is only for mpnews")
	}
	switch msgType {
	case "text", "markdown":
		var t textPayload
		if e := decodePayload(raw, &t); e != nil {
			return checkedPayload{}, e
		}
		if t.Content == "" {
			return checkedPayload{}, apiErr(44004, "empty content")
		}
		if len(t.Content) > maxTextBytes {
			return checkedPayload{}, apiErr(45002, "content size out of limit")
		}
		return checkedPayload{payload: encodePayload(t)}, nil
	case "image", "voice", "file":
		var m mediaPayload
		if e := decodePayload(raw, &m); e != nil {
			return checkedPayload{}, e
		}
		if m.MediaID == "" {
			return checkedPayload{}, apiErr(41006, "media_id missing")
		}
		return checkedPayload{payload: encodePayload(m)}, nil
	case "video":
		var v videoPayload
		if e := decodePayload(raw, &v); e != nil {
			return checkedPayload{}, e
		}
		if v.MediaID == "" {
			return checkedPayload{}, apiErr(41006, "media_id missing")
		}
		if len(v.Title) > maxTitleBytes || len(v.Description) > maxDescBytes {
			return checkedPayload{}, apiErr(45002, "content size out of limit")
		}
		return checkedPayload{payload: encodePayload(v)}, nil
	case "textcard":
		return checkTextCard(raw)
	case "news":
		return checkNews(raw, safe)
	case "mpnews":
		return checkMPNews(raw)
	case "miniprogram_notice":
		return checkMiniprogram(raw)
	case "template_card":
		return checkTemplateCard(raw)
	default:
		return checkedPayload{}, apiErr(40008, "invalid message type")
	}
}

// checkMediaLocked requires the media a message names to be live uploads
// of the corp (media/upload) of the message's type; an mpnews thumbnail is
// an image. Otherwise 40007, as WeCom answers for an expired, unknown or
// mistyped media_id.
func (s *Server) checkMediaLocked(c *corp, msgType string, payload json.RawMessage) *apiError {
	var ids []string
	want := msgType
	switch msgType {
	case "image", "voice", "video", "file":
		var m mediaPayload
		_ = json.Unmarshal(payload, &m) // normalised by the simulator
		ids = []string{m.MediaID}
	case "mpnews":
		var n mpnewsPayload
		_ = json.Unmarshal(payload, &n)
		for _, a := range n.Articles {
			ids = append(ids, a.ThumbMediaID)
		}
		want = "image"
	}
	for _, id := range ids {
		m, e := s.mediaLocked(c, id)
		if e != nil {
			return e
		}
		if m.typ != want {
			return apiErr(40007, "invalid media_id: not a medium of type "+want)
		}
	}
	return nil
}

// decodePayload reads a payload object; a missing one decodes as empty so
// the field checks report what is missing.
func decodePayload(raw json.RawMessage, v any) *apiError {
	if len(raw) > 0 && json.Unmarshal(raw, v) != nil {
		return wrongJSON()
	}
	return nil
}

// canonical re-encodes any JSON value with sorted keys and numbers as
// sent, keeping every field (also those the simulator does not check).
func canonical(raw json.RawMessage) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	return encodePayload(v)
}

func checkTextCard(raw json.RawMessage) (checkedPayload, *apiError) {
	var tc textCardPayload
	if e := decodePayload(raw, &tc); e != nil {
		return checkedPayload{}, e
	}
	switch {
	case tc.Title == "":
		return checkedPayload{}, apiErr(41016, "title missing")
	case tc.Description == "":
		return checkedPayload{}, apiErr(41033, "description missing")
	case tc.URL == "":
		return checkedPayload{}, apiErr(41010, "url missing")
	case len(tc.Title) > maxTitleBytes || len(tc.Description) > maxDescBytes:
		return checkedPayload{}, apiErr(45002, "content size out of limit")
	case len(tc.URL) > 2048:
		return checkedPayload{}, apiErr(40039, "invalid url size")
	}
	return checkedPayload{payload: encodePayload(tc)}, nil
}

func checkNews(raw json.RawMessage, safe int) (checkedPayload, *apiError) {
	if safe != 0 {
		return checkedPayload{}, apiErr(40074, "news message does not support safe, use mpnews")
	}
	var n newsPayload
	if e := decodePayload(raw, &n); e != nil {
		return checkedPayload{}, e
	}
	switch {
	case len(n.Articles) == 0:
		return checkedPayload{}, apiErr(40058, "invalid parameter: news needs articles")
	case len(n.Articles) > maxArticles:
		return checkedPayload{}, apiErr(45008, "article size out of limit")
	}
	for _, a := range n.Articles {
		switch {
		case a.Title == "":
			return checkedPayload{}, apiErr(41016, "title missing")
		case len(a.Title) > maxTitleBytes || len(a.Description) > maxDescBytes:
			return checkedPayload{}, apiErr(45002, "content size out of limit")
		case a.URL == "" && a.AppID == "":
			return checkedPayload{}, apiErr(41010, "url missing")
		}
	}
	return checkedPayload{payload: canonical(raw)}, nil
}

func checkMPNews(raw json.RawMessage) (checkedPayload, *apiError) {
	var n mpnewsPayload
	if e := decodePayload(raw, &n); e != nil {
		return checkedPayload{}, e
	}
	switch {
	case len(n.Articles) == 0:
		return checkedPayload{}, apiErr(40058, "invalid parameter: mpnews needs articles")
	case len(n.Articles) > maxArticles:
		return checkedPayload{}, apiErr(45008, "article size out of limit")
	}
	for _, a := range n.Articles {
		switch {
		case a.Title == "":
			return checkedPayload{}, apiErr(41016, "title missing")
		case a.ThumbMediaID == "":
			return checkedPayload{}, apiErr(41006, "thumb_media_id missing")
		case a.Content == "":
			return checkedPayload{}, apiErr(40058, "invalid parameter: mpnews article content missing")
		case len(a.Title) > maxTitleBytes || len(a.Digest) > maxDescBytes || len(a.Author) > 64 ||
			len(a.Content) > maxMPNewsContent:
			return checkedPayload{}, apiErr(45002, "content size out of limit")
		}
	}
	return checkedPayload{payload: canonical(raw)}, nil
}

func checkMiniprogram(raw json.RawMessage) (checkedPayload, *apiError) {
	var m miniprogramPayload
	if e := decodePayload(raw, &m); e != nil {
		return checkedPayload{}, e
	}
	switch {
	case m.AppID == "":
		return checkedPayload{}, apiErr(40058, "invalid parameter: miniprogram_notice needs appid")
	case m.Title == "":
		return checkedPayload{}, apiErr(41016, "title missing")
	case utf8.RuneCountInString(m.Title) < 4 || utf8.RuneCountInString(m.Title) > 12:
		return checkedPayload{}, apiErr(45002, "content size out of limit: title is 4 to 12 characters")
	case len(m.ContentItem) > 10:
		return checkedPayload{}, apiErr(40058, "invalid parameter: at most 10 content_item")
	}
	return checkedPayload{payload: canonical(raw)}, nil
}

// templateCard holds the template card fields the simulator checks and
// the inbox page shows.
type templateCard struct {
	CardType string `json:"card_type"`
	TaskID   string `json:"task_id"`
	Source   struct {
		Desc string `json:"desc"`
	} `json:"source"`
	MainTitle struct {
		Title string `json:"title"`
		Desc  string `json:"desc"`
	} `json:"main_title"`
	SubTitleText string `json:"sub_title_text"`
	ActionMenu   *struct {
		ActionList []struct {
			Text string `json:"text"`
			Key  string `json:"key"`
		} `json:"action_list"`
	} `json:"action_menu"`
	CardAction *struct {
		Type     int    `json:"type"`
		URL      string `json:"url"`
		AppID    string `json:"appid"`
		PagePath string `json:"pagepath"`
	} `json:"card_action"`
	CardImage struct {
		URL string `json:"url"`
	} `json:"card_image"`
	ImageTextArea struct {
		ImageURL string `json:"image_url"`
	} `json:"image_text_area"`
	HorizontalContentList []struct {
		KeyName string `json:"keyname"`
		Value   string `json:"value"`
	} `json:"horizontal_content_list"`
	JumpList   []json.RawMessage `json:"jump_list"`
	ButtonList []struct {
		Type  int    `json:"type"`
		Style int    `json:"style"`
		Text  string `json:"text"`
		Key   string `json:"key"`
		URL   string `json:"url"`
	} `json:"button_list"`
	// ButtonSelection is a button card's drop-down, sent back with a tap.
	ButtonSelection *cardQuestion `json:"button_selection"`
	Checkbox        *struct {
		QuestionKey string       `json:"question_key"`
		OptionList  []cardOption `json:"option_list"`
		// Mode 1 lets the member tick several options, 0 one.
		Mode int `json:"mode"`
	} `json:"checkbox"`
	SelectList   []cardQuestion `json:"select_list"`
	SubmitButton *struct {
		Text string `json:"text"`
		Key  string `json:"key"`
	} `json:"submit_button"`
}

type cardOption struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	// IsChecked is a vote option ticked before the member changes anything.
	IsChecked bool `json:"is_checked"`
}

// cardQuestion is a drop-down of a card: a select_list entry or a button
// card's button_selection. SelectedID is the option shown at first.
type cardQuestion struct {
	QuestionKey string       `json:"question_key"`
	Title       string       `json:"title"`
	SelectedID  string       `json:"selected_id"`
	OptionList  []cardOption `json:"option_list"`
}

// validTaskID is WeCom's task_id rule: digits, letters and _-@, at most
// 128 bytes.
var validTaskID = regexp.MustCompile(`^[0-9A-Za-z_@-]{1,128}$`)

// checkTemplateCard applies the documented required fields of each card
// type. sim: every failure but task_id's is 40058.
func checkTemplateCard(raw json.RawMessage) (checkedPayload, *apiError) {
	var tc templateCard
	if e := decodePayload(raw, &tc); e != nil {
		return checkedPayload{}, e
	}
	bad := func(msg string) (checkedPayload, *apiError) {
		return checkedPayload{}, apiErr(40058, "invalid parameter: template_card "+msg)
	}
	interactive := false
	switch tc.CardType {
	case "text_notice":
		if tc.MainTitle.Title == "" && tc.SubTitleText == "" {
			return bad("text_notice needs main_title.title or sub_title_text")
		}
	case "news_notice":
		if tc.MainTitle.Title == "" {
			return bad("news_notice needs main_title.title")
		}
		if tc.CardImage.URL == "" && tc.ImageTextArea.ImageURL == "" {
			return bad("news_notice needs card_image or image_text_area")
		}
	case "button_interaction":
		interactive = true
		if tc.MainTitle.Title == "" {
			return bad("button_interaction needs main_title.title")
		}
		if len(tc.ButtonList) == 0 || len(tc.ButtonList) > 6 {
			return bad("button_interaction needs 1 to 6 buttons")
		}
		for _, b := range tc.ButtonList {
			if b.Text == "" || (b.Type == 1 && b.URL == "") || (b.Type != 1 && b.Key == "") {
				return bad("a button needs text and a key (or a url for type 1)")
			}
		}
	case "vote_interaction":
		interactive = true
		if tc.MainTitle.Title == "" {
			return bad("vote_interaction needs main_title.title")
		}
		if tc.Checkbox == nil || tc.Checkbox.QuestionKey == "" || !validOptions(tc.Checkbox.OptionList, 20) {
			return bad("vote_interaction needs a checkbox with a question_key and 1 to 20 options")
		}
	case "multiple_interaction":
		interactive = true
		if tc.MainTitle.Title == "" {
			return bad("multiple_interaction needs main_title.title")
		}
		if len(tc.SelectList) == 0 || len(tc.SelectList) > 3 {
			return bad("multiple_interaction needs 1 to 3 select_list entries")
		}
		for _, sl := range tc.SelectList {
			if sl.QuestionKey == "" || !validOptions(sl.OptionList, 10) {
				return bad("a select_list entry needs a question_key and 1 to 10 options")
			}
		}
	case "":
		return bad("card_type missing")
	default:
		return bad("unknown card_type " + tc.CardType)
	}
	if tc.CardType == "text_notice" || tc.CardType == "news_notice" {
		if tc.CardAction == nil || (tc.CardAction.Type == 1 && tc.CardAction.URL == "") ||
			(tc.CardAction.Type == 2 && tc.CardAction.AppID == "") || tc.CardAction.Type < 0 || tc.CardAction.Type > 2 {
			return bad("needs card_action (type 1 with url, type 2 with appid)")
		}
	}
	if interactive && tc.CardType != "button_interaction" && (tc.SubmitButton == nil || tc.SubmitButton.Text == "" || tc.SubmitButton.Key == "") {
		return bad("needs submit_button with text and key")
	}
	if len(tc.HorizontalContentList) > 6 || len(tc.JumpList) > 3 {
		return bad("has more than 6 horizontal_content_list or 3 jump_list entries")
	}
	needTask := interactive || tc.ActionMenu != nil
	if (needTask || tc.TaskID != "") && !validTaskID.MatchString(tc.TaskID) {
		return checkedPayload{}, apiErr(42014, "invalid task_id")
	}
	return checkedPayload{payload: canonical(raw), taskID: tc.TaskID, interactive: interactive}, nil
}

func validOptions(opts []cardOption, most int) bool {
	if len(opts) == 0 || len(opts) > most {
		return false
	}
	for _, o := range opts {
		if o.ID == "" || o.Text == "" {
			return false
		}
	}
	return true
}
