package wecom

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
)

// TemplateCard is the payload of a template_card message: one of
// TextNoticeCard, NewsNoticeCard, ButtonInteractionCard,
// VoteInteractionCard and MultipleInteractionCard (values or pointers).
// Interactive cards (button, vote, multiple choice) get a response_code
// in SendResult for UpdateTemplateCard, and report taps to the app's
// callback as template_card_event.
type TemplateCard interface {
	// CardType is WeCom's card_type, e.g. "text_notice".
	CardType() string
	validate() error
}

// Card types (card_type).
const (
	CardTextNotice          = "text_notice"
	CardNewsNotice          = "news_notice"
	CardButtonInteraction   = "button_interaction"
	CardVoteInteraction     = "vote_interaction"
	CardMultipleInteraction = "multiple_interaction"
)

// CardSource is the line at the top of a card: an icon and a short text;
// DescColor 0 grey, 1 black, 2 red, 3 green.
type CardSource struct {
	IconURL   string `json:"icon_url,omitempty"`
	Desc      string `json:"desc,omitempty"`
	DescColor int    `json:"desc_color,omitempty"`
}

// CardActionMenu is the "…" menu at the top right; a tap reports the
// action's Key to the callback. Cards with a menu need a TaskID.
type CardActionMenu struct {
	Desc       string           `json:"desc,omitempty"`
	ActionList []CardMenuAction `json:"action_list"`
}

// CardMenuAction is one entry of a CardActionMenu.
type CardMenuAction struct {
	Text string `json:"text"`
	Key  string `json:"key"`
}

// CardMainTitle is a card's title and the grey line under it.
type CardMainTitle struct {
	Title string `json:"title,omitempty"`
	Desc  string `json:"desc,omitempty"`
}

// CardQuoteArea is a quoted block; Type 1 opens URL, 2 a mini program.
type CardQuoteArea struct {
	Type      int    `json:"type,omitempty"`
	URL       string `json:"url,omitempty"`
	AppID     string `json:"appid,omitempty"`
	PagePath  string `json:"pagepath,omitempty"`
	Title     string `json:"title,omitempty"`
	QuoteText string `json:"quote_text,omitempty"`
}

// CardEmphasis is a big figure (Title) with a caption (Desc).
type CardEmphasis struct {
	Title string `json:"title,omitempty"`
	Desc  string `json:"desc,omitempty"`
}

// CardHorizontalContent is a key/value row (at most 6 per card). Type 0
// is text, 1 a link (URL), 2 an attachment (MediaID), 3 a member (UserID).
type CardHorizontalContent struct {
	Type    int    `json:"type,omitempty"`
	KeyName string `json:"keyname"`
	Value   string `json:"value,omitempty"`
	URL     string `json:"url,omitempty"`
	MediaID string `json:"media_id,omitempty"`
	UserID  string `json:"userid,omitempty"`
}

// CardJump is a link row at the bottom (at most 3); Type 1 opens URL, 2 a
// mini program.
type CardJump struct {
	Type     int    `json:"type,omitempty"`
	Title    string `json:"title"`
	URL      string `json:"url,omitempty"`
	AppID    string `json:"appid,omitempty"`
	PagePath string `json:"pagepath,omitempty"`
}

// CardAction is what tapping the card does: Type 1 opens URL, 2 opens the
// mini program AppID at PagePath.
type CardAction struct {
	Type     int    `json:"type"`
	URL      string `json:"url,omitempty"`
	AppID    string `json:"appid,omitempty"`
	PagePath string `json:"pagepath,omitempty"`
}

func (a *CardAction) check() error {
	switch {
	case a == nil:
		return errors.New("card_action is required")
	case a.Type == 1 && a.URL == "":
		return errors.New("card_action type 1 needs a url")
	case a.Type == 2 && a.AppID == "":
		return errors.New("card_action type 2 needs an appid")
	case a.Type < 0 || a.Type > 2:
		return fmt.Errorf("card_action type %d", a.Type)
	}
	return nil
}

// CardImage is a news card's picture; AspectRatio is width/height (1.3 to
// 2.25, default 1.3).
type CardImage struct {
	URL         string  `json:"url"`
	AspectRatio float64 `json:"aspect_ratio,omitempty"`
}

// CardImageTextArea is a news card's picture with text beside it.
type CardImageTextArea struct {
	Type     int    `json:"type,omitempty"`
	URL      string `json:"url,omitempty"`
	AppID    string `json:"appid,omitempty"`
	PagePath string `json:"pagepath,omitempty"`
	Title    string `json:"title,omitempty"`
	Desc     string `json:"desc,omitempty"`
	ImageURL string `json:"image_url"`
}

// CardVerticalContent is a title and text block of a news card (at most
// 4).
type CardVerticalContent struct {
	Title string `json:"title"`
	Desc  string `json:"desc,omitempty"`
}

// CardButton is a button of a ButtonInteractionCard: Type 0 reports Key to
// the callback, 1 opens URL. Style 1–4 picks the colour.
type CardButton struct {
	Type  int    `json:"type,omitempty"`
	Text  string `json:"text"`
	Style int    `json:"style,omitempty"`
	Key   string `json:"key,omitempty"`
	URL   string `json:"url,omitempty"`
}

// CardOption is one choice of a drop-down.
type CardOption struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// CardButtonSelection is a drop-down above the buttons.
type CardButtonSelection struct {
	QuestionKey string       `json:"question_key"`
	Title       string       `json:"title,omitempty"`
	OptionList  []CardOption `json:"option_list"`
	SelectedID  string       `json:"selected_id,omitempty"`
}

// CardCheckbox is a vote: 1 to 20 options; Mode 0 single, 1 multiple
// choice.
type CardCheckbox struct {
	QuestionKey string               `json:"question_key"`
	OptionList  []CardCheckboxOption `json:"option_list"`
	Mode        int                  `json:"mode,omitempty"`
}

// CardCheckboxOption is one choice of a CardCheckbox.
type CardCheckboxOption struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	IsChecked bool   `json:"is_checked,omitempty"`
}

// CardSelect is one drop-down of a MultipleInteractionCard (1 to 10
// options).
type CardSelect struct {
	QuestionKey string       `json:"question_key"`
	Title       string       `json:"title,omitempty"`
	SelectedID  string       `json:"selected_id,omitempty"`
	OptionList  []CardOption `json:"option_list"`
}

// CardSubmitButton submits a vote or a multiple-choice card; Key goes to
// the callback.
type CardSubmitButton struct {
	Text string `json:"text"`
	Key  string `json:"key"`
}

// TextNoticeCard (文本通知型) needs MainTitle.Title or SubTitleText, and a
// CardAction.
type TextNoticeCard struct {
	Source                CardSource              `json:"source,omitzero"`
	ActionMenu            *CardActionMenu         `json:"action_menu,omitempty"`
	TaskID                string                  `json:"task_id,omitempty"`
	MainTitle             CardMainTitle           `json:"main_title,omitzero"`
	QuoteArea             *CardQuoteArea          `json:"quote_area,omitempty"`
	EmphasisContent       *CardEmphasis           `json:"emphasis_content,omitempty"`
	SubTitleText          string                  `json:"sub_title_text,omitempty"`
	HorizontalContentList []CardHorizontalContent `json:"horizontal_content_list,omitempty"`
	JumpList              []CardJump              `json:"jump_list,omitempty"`
	CardAction            *CardAction             `json:"card_action,omitempty"`
}

// NewsNoticeCard (图文展示型) needs MainTitle.Title, CardImage or
// ImageTextArea, and a CardAction.
type NewsNoticeCard struct {
	Source                CardSource              `json:"source,omitzero"`
	ActionMenu            *CardActionMenu         `json:"action_menu,omitempty"`
	TaskID                string                  `json:"task_id,omitempty"`
	MainTitle             CardMainTitle           `json:"main_title,omitzero"`
	QuoteArea             *CardQuoteArea          `json:"quote_area,omitempty"`
	ImageTextArea         *CardImageTextArea      `json:"image_text_area,omitempty"`
	CardImage             *CardImage              `json:"card_image,omitempty"`
	VerticalContentList   []CardVerticalContent   `json:"vertical_content_list,omitempty"`
	HorizontalContentList []CardHorizontalContent `json:"horizontal_content_list,omitempty"`
	JumpList              []CardJump              `json:"jump_list,omitempty"`
	CardAction            *CardAction             `json:"card_action,omitempty"`
}

// ButtonInteractionCard (按钮交互型) needs TaskID, MainTitle.Title and 1 to
// 6 buttons.
type ButtonInteractionCard struct {
	Source                CardSource              `json:"source,omitzero"`
	ActionMenu            *CardActionMenu         `json:"action_menu,omitempty"`
	TaskID                string                  `json:"task_id"`
	MainTitle             CardMainTitle           `json:"main_title,omitzero"`
	QuoteArea             *CardQuoteArea          `json:"quote_area,omitempty"`
	SubTitleText          string                  `json:"sub_title_text,omitempty"`
	HorizontalContentList []CardHorizontalContent `json:"horizontal_content_list,omitempty"`
	CardAction            *CardAction             `json:"card_action,omitempty"`
	ButtonSelection       *CardButtonSelection    `json:"button_selection,omitempty"`
	ButtonList            []CardButton            `json:"button_list"`
}

// VoteInteractionCard (投票选择型) needs TaskID, MainTitle.Title, a
// Checkbox and a SubmitButton.
type VoteInteractionCard struct {
	Source       CardSource        `json:"source,omitzero"`
	TaskID       string            `json:"task_id"`
	MainTitle    CardMainTitle     `json:"main_title,omitzero"`
	Checkbox     *CardCheckbox     `json:"checkbox,omitempty"`
	SubmitButton *CardSubmitButton `json:"submit_button,omitempty"`
}

// MultipleInteractionCard (多项选择型) needs TaskID, MainTitle.Title, 1 to 3
// drop-downs and a SubmitButton.
type MultipleInteractionCard struct {
	Source       CardSource        `json:"source,omitzero"`
	TaskID       string            `json:"task_id"`
	MainTitle    CardMainTitle     `json:"main_title,omitzero"`
	SelectList   []CardSelect      `json:"select_list"`
	SubmitButton *CardSubmitButton `json:"submit_button,omitempty"`
}

// CardType returns "text_notice".
func (TextNoticeCard) CardType() string { return CardTextNotice }

// CardType returns "news_notice".
func (NewsNoticeCard) CardType() string { return CardNewsNotice }

// CardType returns "button_interaction".
func (ButtonInteractionCard) CardType() string { return CardButtonInteraction }

// CardType returns "vote_interaction".
func (VoteInteractionCard) CardType() string { return CardVoteInteraction }

// CardType returns "multiple_interaction".
func (MultipleInteractionCard) CardType() string { return CardMultipleInteraction }

// The MarshalJSON methods add card_type. The local types drop the methods
// so that embedding does not recurse.

// MarshalJSON renders the card with its card_type.
func (c TextNoticeCard) MarshalJSON() ([]byte, error) {
	type plain TextNoticeCard
	return json.Marshal(struct {
		CardType string `json:"card_type"`
		plain
	}{CardTextNotice, plain(c)})
}

// MarshalJSON renders the card with its card_type.
func (c NewsNoticeCard) MarshalJSON() ([]byte, error) {
	type plain NewsNoticeCard
	return json.Marshal(struct {
		CardType string `json:"card_type"`
		plain
	}{CardNewsNotice, plain(c)})
}

// MarshalJSON renders the card with its card_type.
func (c ButtonInteractionCard) MarshalJSON() ([]byte, error) {
	type plain ButtonInteractionCard
	return json.Marshal(struct {
		CardType string `json:"card_type"`
		plain
	}{CardButtonInteraction, plain(c)})
}

// MarshalJSON renders the card with its card_type.
func (c VoteInteractionCard) MarshalJSON() ([]byte, error) {
	type plain VoteInteractionCard
	return json.Marshal(struct {
		CardType string `json:"card_type"`
		plain
	}{CardVoteInteraction, plain(c)})
}

// MarshalJSON renders the card with its card_type.
func (c MultipleInteractionCard) MarshalJSON() ([]byte, error) {
	type plain MultipleInteractionCard
	return json.Marshal(struct {
		CardType string `json:"card_type"`
		plain
	}{CardMultipleInteraction, plain(c)})
}

// validTaskID is WeCom's task_id rule: digits, letters and _-@, at most
// 128 bytes, unique per app.
var validTaskID = regexp.MustCompile(`^[0-9A-Za-z_@-]{1,128}$`)

func checkTaskID(id string, required bool) error {
	if (required || id != "") && !validTaskID.MatchString(id) {
		return fmt.Errorf("task_id %q: 1 to 128 bytes of 0-9A-Za-z_-@", id)
	}
	return nil
}

func checkRows(h []CardHorizontalContent, jumps int) error {
	if len(h) > 6 || jumps > 3 {
		return errors.New("at most 6 horizontal_content_list and 3 jump_list entries")
	}
	return nil
}

func (c TextNoticeCard) validate() error {
	if c.MainTitle.Title == "" && c.SubTitleText == "" {
		return errors.New("needs main_title.title or sub_title_text")
	}
	if err := c.CardAction.check(); err != nil {
		return err
	}
	if err := checkRows(c.HorizontalContentList, len(c.JumpList)); err != nil {
		return err
	}
	return checkTaskID(c.TaskID, c.ActionMenu != nil)
}

func (c NewsNoticeCard) validate() error {
	switch {
	case c.MainTitle.Title == "":
		return errors.New("needs main_title.title")
	case (c.CardImage == nil || c.CardImage.URL == "") && (c.ImageTextArea == nil || c.ImageTextArea.ImageURL == ""):
		return errors.New("needs card_image or image_text_area")
	}
	if err := c.CardAction.check(); err != nil {
		return err
	}
	if err := checkRows(c.HorizontalContentList, len(c.JumpList)); err != nil {
		return err
	}
	return checkTaskID(c.TaskID, c.ActionMenu != nil)
}

func (c ButtonInteractionCard) validate() error {
	if c.MainTitle.Title == "" {
		return errors.New("needs main_title.title")
	}
	if len(c.ButtonList) == 0 || len(c.ButtonList) > 6 {
		return errors.New("needs 1 to 6 buttons")
	}
	for i, b := range c.ButtonList {
		if b.Text == "" || (b.Type == 1 && b.URL == "") || (b.Type != 1 && b.Key == "") {
			return fmt.Errorf("button %d needs text and a key (or a url for type 1)", i+1)
		}
	}
	if c.CardAction != nil {
		if err := c.CardAction.check(); err != nil {
			return err
		}
	}
	if err := checkRows(c.HorizontalContentList, 0); err != nil {
		return err
	}
	return checkTaskID(c.TaskID, true)
}

func (c VoteInteractionCard) validate() error {
	switch {
	case c.MainTitle.Title == "":
		return errors.New("needs main_title.title")
	case c.Checkbox == nil || c.Checkbox.QuestionKey == "" || len(c.Checkbox.OptionList) == 0 || len(c.Checkbox.OptionList) > 20:
		return errors.New("needs a checkbox with a question_key and 1 to 20 options")
	case c.SubmitButton == nil || c.SubmitButton.Text == "" || c.SubmitButton.Key == "":
		return errors.New("needs a submit_button with text and key")
	}
	for _, o := range c.Checkbox.OptionList {
		if o.ID == "" || o.Text == "" {
			return errors.New("a checkbox option needs an id and text")
		}
	}
	return checkTaskID(c.TaskID, true)
}

func (c MultipleInteractionCard) validate() error {
	switch {
	case c.MainTitle.Title == "":
		return errors.New("needs main_title.title")
	case len(c.SelectList) == 0 || len(c.SelectList) > 3:
		return errors.New("needs 1 to 3 select_list entries")
	case c.SubmitButton == nil || c.SubmitButton.Text == "" || c.SubmitButton.Key == "":
		return errors.New("needs a submit_button with text and key")
	}
	for i, s := range c.SelectList {
		if s.QuestionKey == "" || len(s.OptionList) == 0 || len(s.OptionList) > 10 {
			return fmt.Errorf("select %d needs a question_key and 1 to 10 options", i+1)
		}
		for _, o := range s.OptionList {
			if o.ID == "" || o.Text == "" {
				return fmt.Errorf("select %d: an option needs an id and text", i+1)
			}
		}
	}
	return checkTaskID(c.TaskID, true)
}
