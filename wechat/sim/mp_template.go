package sim

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"strings"
	"time"
)

const (
	// mpDedupWindow is how long client_msg_id suppresses a repeat.
	mpDedupWindow = 10 * time.Minute
	// mpShownRunes is how much of a keyword value the phone shows since
	// 2023-05-04; the rest is cut with "…" (WeChat does not refuse it).
	mpShownRunes = 20
)

type mpTemplateSendBody struct {
	ToUser      string                     `json:"touser"`
	TemplateID  string                     `json:"template_id"`
	URL         string                     `json:"url"`
	MiniProgram *MiniProgramLink           `json:"miniprogram"`
	ClientMsgID string                     `json:"client_msg_id"`
	Data        map[string]json.RawMessage `json:"data"`
}

// MiniProgramLink is a template message's miniprogram field.
type MiniProgramLink struct {
	AppID    string `json:"appid"`
	PagePath string `json:"pagepath"`
}

// TemplateMessage is one template message as the follower's phone got it.
type TemplateMessage struct {
	MsgID       int64            `json:"msgid"`
	TemplateID  string           `json:"template_id"`
	Title       string           `json:"title"`
	URL         string           `json:"url,omitempty"`
	MiniProgram *MiniProgramLink `json:"miniprogram,omitempty"`
	// Opens is what a tap opens: "miniprogram" when one was given (it
	// wins over url), else "url", or "" when the message has no link.
	Opens       string `json:"opens"`
	ClientMsgID string `json:"client_msg_id,omitempty"`
	// Data holds each value as sent, by key, unknown keys included.
	Data map[string]string `json:"data"`
	// Lines is what the phone shows: the template's keys in order, each
	// value cut to 20 characters plus "…", line breaks shown as spaces and
	// emoji as "□", as WeChat renders template messages since 2023-05.
	Lines      []TemplateLine `json:"lines"`
	ReceivedAt time.Time      `json:"received_at"`
}

// TemplateLine is one keyword line of a template message: Label is the
// template's label for Key ("" when the template has none), Value the
// value as the phone shows it.
type TemplateLine struct {
	Key   string `json:"key"`
	Label string `json:"label,omitempty"`
	Value string `json:"value"`
}

func (m TemplateMessage) clone() TemplateMessage {
	m.Data = maps.Clone(m.Data)
	m.Lines = append([]TemplateLine(nil), m.Lines...)
	if m.MiniProgram != nil {
		mp := *m.MiniProgram
		m.MiniProgram = &mp
	}
	return m
}

type mpDedupKey struct{ openID, clientMsgID string }

type mpSent struct {
	msgID int64
	at    time.Time
}

// POST /cgi-bin/message/template/send?access_token=
func (s *Server) handleMPTemplateSend(w http.ResponseWriter, r *http.Request) {
	raw, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	s.mu.Lock()
	fields, e := s.mpTemplateSendLocked(r, raw, readErr)
	s.mu.Unlock()
	s.mpReply(w, r, e, fields, false)
}

// mpTemplateSendLocked checks a template message in the order token, body,
// template, recipient, data, and delivers it once per client_msg_id.
func (s *Server) mpTemplateSendLocked(r *http.Request, raw []byte, readErr error) (map[string]any, *apiError) {
	a, e := s.mpAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var req mpTemplateSendBody
	if readErr != nil || json.Unmarshal(raw, &req) != nil {
		return nil, apiErr(47001, "data format error")
	}
	if req.ToUser == "" {
		return nil, apiErr(40003, "invalid openid")
	}
	tpl := a.templates[req.TemplateID]
	if tpl == nil {
		return nil, apiErr(40037, "invalid template_id")
	}
	f := a.followers[req.ToUser]
	if f == nil {
		// Openids are per account: another account's openid is invalid too.
		return nil, apiErr(40003, "invalid openid")
	}
	if !f.subscribed {
		return nil, apiErr(43004, "require subscribe")
	}
	data, e := mpTemplateData(req.Data)
	if e != nil {
		return nil, e
	}
	if req.MiniProgram != nil && req.MiniProgram.AppID == "" {
		// sim: WeChat's code for a miniprogram without appid is not
		// documented; 47003 is its "argument invalid".
		return nil, apiErr(47003, "argument invalid! miniprogram.appid invalid")
	}

	now := s.now()
	for k, v := range a.sent {
		if now.Sub(v.at) >= mpDedupWindow {
			delete(a.sent, k)
		}
	}
	key := mpDedupKey{openID: f.openID, clientMsgID: req.ClientMsgID}
	if req.ClientMsgID != "" {
		if prev, ok := a.sent[key]; ok {
			// sim: WeChat documents only that the repeat is not sent; the
			// simulator answers it as a success with the first msgid.
			return map[string]any{"msgid": prev.msgID}, nil
		}
	}

	s.mp.nextMsgID++
	id := s.mp.nextMsgID
	m := TemplateMessage{MsgID: id, TemplateID: tpl.id, Title: tpl.title, URL: req.URL, MiniProgram: req.MiniProgram,
		ClientMsgID: req.ClientMsgID, Data: data, ReceivedAt: now}
	switch {
	case req.MiniProgram != nil:
		m.Opens = "miniprogram"
	case req.URL != "":
		m.Opens = "url"
	}
	for i, k := range tpl.keys {
		m.Lines = append(m.Lines, TemplateLine{Key: k, Label: tpl.label(i), Value: mpShownValue(data[k])})
	}
	status := "success"
	if f.blocked {
		// WeChat accepts the send and reports the refusal only in the
		// job-finish event.
		status = "failed:user block"
	} else {
		f.messages = append(f.messages, m)
	}
	if req.ClientMsgID != "" {
		a.sent[key] = mpSent{msgID: id, at: now}
	}
	// sim: delivery is immediate, so the job-finish event is emitted at
	// once; WeChat reports it a little later.
	ev := s.mpEvent(a, f.openID, "TEMPLATESENDJOBFINISH")
	ev.MsgID, ev.Status = id, status
	s.mpEmitLocked(a, ev)
	return map[string]any{"msgid": id}, nil
}

// mpTemplateData reads data{key:{value}}: each entry an object whose value
// is a string (the retired color field is ignored). sim: WeChat's answer
// to a malformed entry is its 47003 "argument invalid", naming the field.
func mpTemplateData(in map[string]json.RawMessage) (map[string]string, *apiError) {
	if len(in) == 0 {
		return nil, apiErr(47003, "argument invalid! data invalid")
	}
	out := make(map[string]string, len(in))
	for k, raw := range in {
		var v struct {
			Value *string `json:"value"`
		}
		if json.Unmarshal(raw, &v) != nil || v.Value == nil {
			return nil, apiErr(47003, "argument invalid! data."+k+".value invalid")
		}
		out[k] = *v.Value
	}
	return out, nil
}

// mpShownValue renders a keyword value as the phone shows it. sim: WeChat
// counts runs of Latin letters and digits as one character; the simulator
// counts every character, which only ever cuts earlier.
func mpShownValue(v string) string {
	var b strings.Builder
	n := 0
	for _, r := range v {
		if n == mpShownRunes {
			b.WriteString("…")
			break
		}
		switch {
		case r == '\n' || r == '\r':
			r = ' '
		case mpIsEmoji(r):
			r = '□'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// mpIsEmoji covers the pictographic blocks WeChat blanks out since 2023-05.
func mpIsEmoji(r rune) bool {
	return (r >= 0x1F000 && r <= 0x1FAFF) || (r >= 0x2600 && r <= 0x27BF)
}

// GET /cgi-bin/template/get_all_private_template?access_token= lists the account's templates, in the order they
// were added. Each one's content names its keywords one a line, as "事项:{{thing1.DATA}}", or "{{thing1.DATA}}"
// for a template added without labels.
func (s *Server) handleMPTemplateList(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	a, e := s.mpAuthLocked(r)
	var list []map[string]any
	if e == nil {
		list = []map[string]any{}
		for _, t := range a.sortedTemplates() {
			lines := make([]string, len(t.keys))
			for i, k := range t.keys {
				lines[i] = "{{" + k + ".DATA}}"
				if l := t.label(i); l != "" {
					lines[i] = l + ":" + lines[i]
				}
			}
			list = append(list, map[string]any{"template_id": t.id, "title": t.title, "primary_industry": "",
				"deputy_industry": "", "content": strings.Join(lines, "\n"), "example": ""})
		}
	}
	s.mu.Unlock()
	var fields map[string]any
	if e == nil {
		fields = map[string]any{"template_list": list}
	}
	s.mpReply(w, r, e, fields, true)
}
