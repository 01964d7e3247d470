package sim

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// A member's tap on an interactive template card (button, vote, multiple
// choice): WeCom posts template_card_event to the app's callback with a
// fresh response_code, and a passive reply of type update_button greys the
// tapper's card at once.

// interactiveCards are the card types whose buttons post an event.
var interactiveCards = map[string]bool{
	"button_interaction": true, "vote_interaction": true, "multiple_interaction": true,
}

// CardClick is what a tap produced: the fresh response_code the app may
// use once, and the card's task_id.
type CardClick struct {
	ResponseCode string `json:"response_code"`
	TaskID       string `json:"task_id"`
}

// selectedItem is one question's answer in the event: a button card's
// drop-down, the vote, or one select_list entry.
type selectedItem struct {
	questionKey string
	optionIDs   []string
}

// ClickCard taps the button (or submit button) with key on the interactive
// template card at index of the member's inbox, index as Messages lists it.
// The app's callback then gets template_card_event with a fresh
// response_code, which is returned. Errors wrap ErrNotFound (no such corp,
// member or message) or ErrInvalid (not an interactive card, recalled,
// greyed by an update, an unknown key, or an app without a callback); a
// refused tap posts nothing.
func (s *Server) ClickCard(corpID, userID string, index int, key string) (responseCode string, err error) {
	click, err := s.ClickCardSelecting(corpID, userID, index, key, nil)
	return click.ResponseCode, err
}

// ClickCardSelecting is ClickCard with the member's choices: option ids
// (or "question_key:option_id" where select_list questions share ids).
// Questions left without a choice send their preset answer (selected_id,
// is_checked), as the phone shows it.
func (s *Server) ClickCardSelecting(corpID, userID string, index int, key string, selected []string) (CardClick, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.clickCardLocked(corpID, userID, index, key, selected)
}

func (s *Server) clickCardLocked(corpID, userID string, index int, key string, selected []string) (CardClick, error) {
	c := s.corps[corpID]
	if c == nil {
		return CardClick{}, fmt.Errorf("%w: corp %q", ErrNotFound, corpID)
	}
	u := c.users[strings.ToLower(userID)]
	if u == nil {
		return CardClick{}, fmt.Errorf("%w: member %q of corp %q", ErrNotFound, userID, corpID)
	}
	if index < 0 || index >= len(u.inbox) {
		return CardClick{}, fmt.Errorf("%w: %s has no message %d (the inbox holds %d)", ErrNotFound, u.id, index, len(u.inbox))
	}
	m := &u.inbox[index]
	var p templateCard
	if m.MsgType == "template_card" {
		_ = json.Unmarshal(m.Payload, &p) // checked by message/send
	}
	switch {
	case m.Duplicate || m.Dropped:
		return CardClick{}, fmt.Errorf("%w: message %d never reached %s's phone (duplicate or over the rate limit)", ErrInvalid, index, u.id)
	case m.Recalled:
		return CardClick{}, fmt.Errorf("%w: message %d was recalled and cannot be tapped", ErrInvalid, index)
	case !interactiveCards[p.CardType]:
		return CardClick{}, fmt.Errorf("%w: message %d is not an interactive template card", ErrInvalid, index)
	case m.ReplaceName != "":
		return CardClick{}, fmt.Errorf("%w: the buttons of message %d were replaced by %q and cannot be tapped", ErrInvalid, index, m.ReplaceName)
	}
	items, err := p.tap(key, selected)
	if err != nil {
		return CardClick{}, err
	}
	a := c.apps[m.AgentID]
	if a == nil || a.callback == nil {
		return CardClick{}, fmt.Errorf("%w: app %d has no callback (接收消息) configured, so the tap has nowhere to go", ErrInvalid, m.AgentID)
	}

	now := s.now()
	code := newID() + newID()
	c.msg.codes[code] = &cardCode{msgID: m.MsgID, agentID: a.agentID, expires: now.Add(responseCodeTTL)}
	ev := wxcrypt.Event{ToUserName: c.id, FromUserName: u.id, CreateTime: now.Unix(), MsgType: "event",
		Event: "template_card_event", EventKey: key, TaskId: p.TaskID, CardType: p.CardType,
		ResponseCode: code, AgentID: a.agentID}
	// The copy's place, so a passive reply greys this member's card only,
	// and only while it is still the same message.
	hub, msgID := a.callback.hub, m.MsgID
	tgt := *a.callback
	s.postEventAnswered(&tgt, c.id, a.agentID, withSelectedItems(ev.XML(), items), func(answer []byte) {
		name := updateButtonReply(tgt, c.id, answer)
		if name == "" {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if hub.life.Err() != nil || index >= len(u.inbox) || u.inbox[index].MsgID != msgID {
			return // Reset dropped the corp meanwhile
		}
		u.inbox[index].ReplaceName, u.inbox[index].Updated = name, true
	})
	return CardClick{ResponseCode: code, TaskID: p.TaskID}, nil
}

// tap checks key against the card's callback buttons and resolves the
// member's choices into the event's SelectedItems.
func (p *templateCard) tap(key string, selected []string) ([]selectedItem, error) {
	if key == "" {
		return nil, fmt.Errorf("%w: key is required", ErrInvalid)
	}
	ok := p.SubmitButton != nil && p.SubmitButton.Key == key
	for _, b := range p.ButtonList {
		if b.Key != key {
			continue
		}
		if b.Type == 1 {
			return nil, fmt.Errorf("%w: button %q opens %s; it posts no event", ErrInvalid, b.Text, b.URL)
		}
		ok = true
	}
	if !ok {
		return nil, fmt.Errorf("%w: the card has no button with key %q", ErrInvalid, key)
	}

	var questions []cardQuestion
	switch {
	case p.ButtonSelection != nil:
		questions = []cardQuestion{*p.ButtonSelection}
	case p.CardType == "multiple_interaction":
		questions = p.SelectList
	}
	var items []selectedItem
	used := make([]bool, len(selected))
	if p.CardType == "vote_interaction" && p.Checkbox != nil {
		item := selectedItem{questionKey: p.Checkbox.QuestionKey}
		for i, sel := range selected {
			id := strings.TrimPrefix(sel, p.Checkbox.QuestionKey+":")
			if slices.ContainsFunc(p.Checkbox.OptionList, func(o cardOption) bool { return o.ID == id }) {
				item.optionIDs, used[i] = append(item.optionIDs, id), true
			}
		}
		if !slices.Contains(used, true) {
			for _, o := range p.Checkbox.OptionList {
				if o.IsChecked {
					item.optionIDs = append(item.optionIDs, o.ID)
				}
			}
		}
		if p.Checkbox.Mode != 1 && len(item.optionIDs) > 1 {
			return nil, fmt.Errorf("%w: the vote takes one option, got %v", ErrInvalid, item.optionIDs)
		}
		if len(item.optionIDs) == 0 {
			return nil, fmt.Errorf("%w: the vote needs an option ticked", ErrInvalid)
		}
		items = append(items, item)
	}
	for _, q := range questions {
		item := selectedItem{questionKey: q.QuestionKey}
		for i, sel := range selected {
			id := strings.TrimPrefix(sel, q.QuestionKey+":")
			if !used[i] && slices.ContainsFunc(q.OptionList, func(o cardOption) bool { return o.ID == id }) {
				item.optionIDs, used[i] = append(item.optionIDs, id), true
			}
		}
		switch {
		case len(item.optionIDs) > 1:
			return nil, fmt.Errorf("%w: question %q takes one option, got %v", ErrInvalid, q.QuestionKey, item.optionIDs)
		case len(item.optionIDs) == 0 && q.SelectedID != "":
			item.optionIDs = []string{q.SelectedID}
		}
		if len(item.optionIDs) > 0 {
			items = append(items, item)
		}
	}
	for i, sel := range selected {
		if !used[i] {
			return nil, fmt.Errorf("%w: the card has no option %q", ErrInvalid, sel)
		}
	}
	return items, nil
}

// withSelectedItems adds the answers to an event's XML where WeCom puts
// them, after AgentID. wxcrypt.Event has no nested list for them.
func withSelectedItems(plain []byte, items []selectedItem) []byte {
	if len(items) == 0 {
		return plain
	}
	var b bytes.Buffer
	b.WriteString("<SelectedItems>")
	for _, it := range items {
		b.WriteString("<SelectedItem>")
		writeXMLText(&b, "QuestionKey", it.questionKey)
		b.WriteString("<OptionIds>")
		for _, id := range it.optionIDs {
			writeXMLText(&b, "OptionId", id)
		}
		b.WriteString("</OptionIds></SelectedItem>")
	}
	b.WriteString("</SelectedItems>")
	end := bytes.LastIndex(plain, []byte("</xml>"))
	return slices.Concat(plain[:end], b.Bytes(), plain[end:])
}

// writeXMLText writes <name>s</name>, escaped: the ids are plain text, so
// an XML reader sees what WeCom's CDATA would give it.
func writeXMLText(b *bytes.Buffer, name, s string) {
	b.WriteString("<" + name + ">")
	_ = xml.EscapeText(b, []byte(s)) // a bytes.Buffer never fails
	b.WriteString("</" + name + ">")
}

// updateButtonReply reads an app's answer to a tap: an encrypted passive
// reply of MsgType update_button gives the text of the greyed button.
// Anything else ("", "success", another reply, a bad signature) gives "".
// sim: WeCom ignores an answer it cannot read rather than retrying.
func updateButtonReply(t callbackTarget, corpID string, answer []byte) string {
	if len(bytes.TrimSpace(answer)) == 0 {
		return ""
	}
	cr, err := wxcrypt.New(t.Token, t.AESKey, corpID)
	if err != nil {
		return ""
	}
	plain, err := cr.DecryptReply(answer)
	if err != nil {
		return ""
	}
	var reply struct {
		MsgType     string `xml:"MsgType"`
		ReplaceName string `xml:"Button>ReplaceName"`
	}
	if xml.Unmarshal(plain, &reply) != nil || reply.MsgType != "update_button" {
		return ""
	}
	return reply.ReplaceName
}

// POST /_sim/corps/{corpid}/users/{userid}/messages/{index}/click
// {"key","selected":[…]} → 200 {"response_code","task_id"}, or an error
// as the other control endpoints answer it. The inbox page's forms post
// key (and selected) as a form with the console's csrf token; they get a
// 303 back to the page (their Referer on this server, else the inbox), or
// an error page.
func (s *Server) handleCardClick(w http.ResponseWriter, r *http.Request) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	form := ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data"
	browser := form || strings.Contains(r.Header.Get("Accept"), "text/html")
	fail := func(err error) {
		if browser {
			s.page(w, controlStatus(err), "error", err.Error())
			return
		}
		writeControlError(w, err)
	}
	var in struct {
		Key      string   `json:"key"`
		Selected []string `json:"selected"`
	}
	if form {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		parse := r.ParseForm
		if ct == "multipart/form-data" {
			parse = func() error { return r.ParseMultipartForm(64 << 10) }
		}
		if err := parse(); err != nil {
			s.page(w, http.StatusBadRequest, "error", "bad form: "+err.Error())
			return
		}
		// Another site's page could make a browser post this form; only
		// the inbox page knows the token.
		if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(s.consoleToken)) != 1 {
			s.page(w, http.StatusForbidden, "error", "cross-site post refused: the form lacks the page's csrf token")
			return
		}
		in.Key, in.Selected = r.PostFormValue("key"), r.PostForm["selected"]
	} else if !decodeControl(w, r, &in) {
		return
	}
	index, err := strconv.Atoi(r.PathValue("index"))
	if err != nil {
		fail(fmt.Errorf("%w: message index %q is not a number", ErrInvalid, r.PathValue("index")))
		return
	}
	corpID, userID := r.PathValue("corpid"), r.PathValue("userid")
	click, err := s.ClickCardSelecting(corpID, userID, index, in.Key, in.Selected)
	if err != nil {
		fail(err)
		return
	}
	if browser {
		http.Redirect(w, r, backTo(r, inboxPath(corpID, userID)), http.StatusSeeOther)
		return
	}
	writeJSON(w, http.StatusOK, click)
}

// backTo is the Referer's path when it is a page of this server, else
// fallback: the simulator must not redirect elsewhere on a header's word.
func backTo(r *http.Request, fallback string) string {
	ref, err := url.Parse(r.Header.Get("Referer"))
	if err != nil || ref.Host != r.Host || !strings.HasPrefix(ref.Path, "/") || strings.HasPrefix(ref.Path, "//") {
		return fallback
	}
	return (&url.URL{Path: ref.Path, RawPath: ref.RawPath, RawQuery: ref.RawQuery}).String()
}

// clickPath is the click endpoint of message index of the member's inbox.
func clickPath(corpID, userID string, index int) string {
	return "/_sim/corps/" + url.PathEscape(corpID) + "/users/" + url.PathEscape(userID) +
		"/messages/" + strconv.Itoa(index) + "/click"
}
