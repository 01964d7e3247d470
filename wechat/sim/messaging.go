package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

func (f *flexInt) UnmarshalJSON(b []byte) error {
	str := strings.Trim(string(b), `"`)
	if str == "" || str == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseInt(str, 10, 64)
	if err != nil {
		return err
	}
	*f = flexInt(n)
	return nil
}

type sendBody struct {
	ToUser                 string          `json:"touser"`
	ToParty                string          `json:"toparty"`
	ToTag                  string          `json:"totag"`
	MsgType                string          `json:"msgtype"`
	AgentID                flexInt         `json:"agentid"`
	Text                   json.RawMessage `json:"text"`
	TextCard               json.RawMessage `json:"textcard"`
	EnableDuplicateCheck   flexInt         `json:"enable_duplicate_check"`
	DuplicateCheckInterval flexInt         `json:"duplicate_check_interval"`
}

type textPayload struct {
	Content string `json:"content"`
}

type textCardPayload struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	URL         string `json:"url"`
	BtnTxt      string `json:"btntxt,omitempty"`
}

const (
	maxRecipients            = 1000
	defaultDupInterval       = 1800 * time.Second
	maxDupInterval           = 4 * time.Hour
	maxRequestBody     int64 = 2 << 20
)

func (s *Server) handleSend(w http.ResponseWriter, r *http.Request) {
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	s.mu.Lock()
	fields, e := s.sendLocked(r, body, readErr)
	s.mu.Unlock()
	s.reply(w, r, e, fields)
}

// sendLocked validates a message/send in the order WeCom appears to
// (token, body, agent, content, recipients) and delivers it.
func (s *Server) sendLocked(r *http.Request, raw []byte, readErr error) (map[string]any, *apiError) {
	c, a, e := s.appAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var req sendBody
	if readErr != nil || json.Unmarshal(raw, &req) != nil {
		return nil, wrongJSON()
	}
	if req.AgentID == 0 {
		return nil, apiErr(41011, "missing agentid")
	}
	if int64(req.AgentID) != a.agentID {
		return nil, apiErr(301002, "not allow operate another agent with this accesstoken.")
	}
	payload, e := normalisePayload(req)
	if e != nil {
		return nil, e
	}

	var ids []string
	if req.ToUser == "@all" {
		for _, u := range c.sortedUsers() {
			ids = append(ids, u.id)
		}
	} else if req.ToUser != "" {
		ids = strings.Split(req.ToUser, "|")
	}
	if len(ids) > maxRecipients {
		// sim: WeCom's code for too many recipients is not documented.
		return nil, apiErr(40031, "invalid userid list: more than 1000 users")
	}
	var valid []*user
	var invalid []string
	seen := map[string]bool{}
	for _, id := range ids {
		key := strings.ToLower(strings.TrimSpace(id))
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		if u := c.users[key]; u != nil {
			valid = append(valid, u)
		} else {
			invalid = append(invalid, key)
		}
	}
	fields := map[string]any{}
	if len(invalid) > 0 {
		fields["invaliduser"] = strings.Join(invalid, "|")
	}
	// The simulator has no departments or tags, so any given are invalid.
	if req.ToParty != "" {
		fields["invalidparty"] = req.ToParty
	}
	if req.ToTag != "" {
		fields["invalidtag"] = req.ToTag
	}
	if len(valid) == 0 {
		return fields, apiErr(81013, "user & party & tag all invalid")
	}

	interval := time.Duration(req.DuplicateCheckInterval) * time.Second
	if interval <= 0 {
		interval = defaultDupInterval
	}
	interval = min(interval, maxDupInterval)
	now := s.now()
	msgID := newID()
	for _, u := range valid {
		dup := req.EnableDuplicateCheck == 1 && u.sentWithin(a.agentID, req.MsgType, payload, now, interval)
		u.inbox = append(u.inbox, Message{
			MsgID: msgID, AgentID: a.agentID, MsgType: req.MsgType,
			Payload: payload, ReceivedAt: now, Duplicate: dup,
		})
	}
	fields["msgid"] = msgID
	return fields, nil
}

// sentWithin reports whether an identical message from the same app
// reached u (and was not itself suppressed) less than interval ago.
func (u *user) sentWithin(agentID int64, msgType string, payload []byte, now time.Time, interval time.Duration) bool {
	for _, m := range u.inbox {
		if !m.Duplicate && m.AgentID == agentID && m.MsgType == msgType &&
			bytes.Equal(m.Payload, payload) && now.Sub(m.ReceivedAt) < interval {
			return true
		}
	}
	return false
}

// normalisePayload checks the object named after msgtype and re-encodes
// it, so duplicate checks compare content rather than formatting.
func normalisePayload(req sendBody) (json.RawMessage, *apiError) {
	switch req.MsgType {
	case "text":
		var t textPayload
		if len(req.Text) > 0 && json.Unmarshal(req.Text, &t) != nil {
			return nil, wrongJSON()
		}
		if t.Content == "" {
			return nil, apiErr(44004, "empty content")
		}
		if len(t.Content) > 2048 {
			return nil, apiErr(45002, "content size out of limit")
		}
		return encodePayload(t), nil
	case "textcard":
		var tc textCardPayload
		if len(req.TextCard) > 0 && json.Unmarshal(req.TextCard, &tc) != nil {
			return nil, wrongJSON()
		}
		if tc.Title == "" || tc.Description == "" || tc.URL == "" {
			// sim: WeCom's exact code for a missing textcard field is not
			// documented; 40058 is its "invalid parameter".
			return nil, apiErr(40058, "invalid parameter: textcard needs title, description and url")
		}
		if len(tc.Title) > 128 || len(tc.Description) > 512 {
			return nil, apiErr(45002, "content size out of limit")
		}
		return encodePayload(tc), nil
	default:
		// sim: WeCom supports more types; the simulator does not yet.
		return nil, apiErr(40008, "invalid message type (the simulator supports text and textcard)")
	}
}

// Message is one message as a recipient's inbox recorded it.
type Message struct {
	MsgID   string `json:"msgid"`
	AgentID int64  `json:"agentid"`
	MsgType string `json:"msgtype"`
	// Payload is the object named after MsgType, normalised (for a
	// textcard: title, description, url, btntxt).
	Payload    json.RawMessage `json:"payload"`
	ReceivedAt time.Time       `json:"received_at"`
	// Duplicate marks a message WeCom's duplicate check suppressed: it is
	// recorded but was not delivered, and the inbox page hides it.
	Duplicate bool `json:"duplicate"`
}

// Messages returns a copy of everything sent to the user, oldest first,
// duplicates included (marked). It returns nil for an unknown corp or user.
func (s *Server) Messages(corpID, userID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userLocked(corpID, userID)
	if u == nil {
		return nil
	}
	out := make([]Message, len(u.inbox))
	for i, m := range u.inbox {
		m.Payload = slices.Clone(m.Payload)
		out[i] = m
	}
	return out
}

// GET /_sim/corps/{corpid}/users/{userid}/messages → 200 [Message…],
// oldest first, duplicates included and marked.
func (s *Server) handleMessages(w http.ResponseWriter, r *http.Request) {
	corpID, userID := r.PathValue("corpid"), r.PathValue("userid")
	s.mu.Lock()
	known := s.userLocked(corpID, userID) != nil
	s.mu.Unlock()
	if !known {
		writeControlError(w, fmt.Errorf("%w: no such corp or user", ErrNotFound))
		return
	}
	msgs := s.Messages(corpID, userID)
	if msgs == nil {
		msgs = []Message{}
	}
	writeJSON(w, http.StatusOK, msgs)
}

// messaging is a corp's message state beyond the inboxes.
type messaging struct{}

func newMessaging() messaging { return messaging{} }

// agentSettings are an app's agent/set fields and its menu.
type agentSettings struct{}

// routesMessaging registers message, menu, agent, ticket and external
// contact APIs and their control endpoints.
func (s *Server) routesMessaging(m *http.ServeMux) {
	m.HandleFunc("GET /_sim/corps/{corpid}/users/{userid}/messages", s.handleMessages)
}
