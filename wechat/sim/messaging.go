package sim

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/qiao-hq/qiao/wechat/wecom"
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

// sendBody is message/send's envelope; the payload object named after
// msgtype is read separately (payloads.go).
type sendBody struct {
	ToUser                 string  `json:"touser"`
	ToParty                string  `json:"toparty"`
	ToTag                  string  `json:"totag"`
	MsgType                string  `json:"msgtype"`
	AgentID                flexInt `json:"agentid"`
	Safe                   flexInt `json:"safe"`
	EnableIDTrans          flexInt `json:"enable_id_trans"`
	EnableDuplicateCheck   flexInt `json:"enable_duplicate_check"`
	DuplicateCheckInterval flexInt `json:"duplicate_check_interval"`
}

const (
	maxRecipients      = 1000
	maxParties         = 100
	maxTags            = 100
	defaultDupInterval = 1800 * time.Second
	maxDupInterval     = wecom.MaxDuplicateCheckInterval

	// Per app and member, WeCom delivers at most 30 messages a minute and
	// 1000 an hour; it drops the rest without telling the sender.
	memberPerMinute = 30
	memberPerHour   = 1000

	// recallWindow is how old a message may be and still be recalled.
	recallWindow = 24 * time.Hour
)

// sendLocked validates a message/send in the order WeCom appears to
// (token, body, agent, content, recipients) and delivers it.
func (s *Server) sendLocked(r *http.Request, raw []byte, readErr error) (map[string]any, *apiError) {
	c, a, e := s.appAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var req sendBody
	var parts map[string]json.RawMessage
	if readErr != nil || json.Unmarshal(raw, &req) != nil || json.Unmarshal(raw, &parts) != nil {
		return nil, wrongJSON()
	}
	if req.AgentID == 0 {
		return nil, apiErr(41011, "missing agentid")
	}
	if int64(req.AgentID) != a.agentID {
		return nil, apiErr(301002, "not allow operate another agent with this accesstoken.")
	}
	if req.Safe < 0 || req.Safe > 2 {
		return nil, apiErr(40058, "invalid parameter: safe must be 0, 1 or 2")
	}
	p, e := normalisePayload(req.MsgType, parts[req.MsgType], int(req.Safe))
	if e != nil {
		return nil, e
	}
	if e := s.checkMediaLocked(c, req.MsgType, p.payload); e != nil {
		return nil, e
	}
	now := s.now()
	sum := sha256.Sum256(p.payload)
	// A task names one card to its recipients: the same card to others is another task.
	task := sha256.Sum256(append(append([]byte{}, p.payload...), "\x00"+strings.ToLower(req.ToUser+"\x00"+req.ToParty+"\x00"+req.ToTag)...))
	if e := c.msg.taskConflict(a.agentID, p.taskID, task); e != nil {
		return nil, e
	}
	valid, fields, e := s.recipientsLocked(c, a, req)
	if e != nil {
		return fields, e
	}
	if p.taskID != "" {
		c.msg.tasks[taskKey{agentID: a.agentID, taskID: p.taskID}] = task
	}

	interval := time.Duration(req.DuplicateCheckInterval) * time.Second
	if interval <= 0 {
		interval = defaultDupInterval
	}
	interval = min(interval, maxDupInterval)
	msgID := newID()
	sent := &sentMessage{agentID: a.agentID, at: now, refs: make([]inboxRef, 0, len(valid))}
	if p.interactive {
		sent.responseCode = newID() + newID()
		c.msg.codes[sent.responseCode] = &cardCode{msgID: msgID, agentID: a.agentID, expires: now.Add(responseCodeTTL)}
		fields["response_code"] = sent.responseCode
	}
	key := dupKey{agentID: a.agentID, msgType: req.MsgType, sum: sum}
	for _, u := range valid {
		st := c.msg.member(u)
		m := Message{MsgID: msgID, AgentID: a.agentID, MsgType: req.MsgType, Payload: p.payload, ReceivedAt: now,
			Safe: int(req.Safe), EnableIDTrans: req.EnableIDTrans == 1, ResponseCode: sent.responseCode}
		if last, ok := st.lastSent[key]; ok && req.EnableDuplicateCheck == 1 && now.Sub(last) < interval {
			m.Duplicate = true
		} else {
			st.remember(key, now)
			m.Dropped = !st.admit(a.agentID, now)
		}
		u.inbox = append(u.inbox, m)
		sent.refs = append(sent.refs, inboxRef{u: u, i: len(u.inbox) - 1})
	}
	c.msg.sent[msgID] = sent
	fields["msgid"] = msgID
	return fields, nil
}

// recipientsLocked resolves touser, toparty and totag to the members the
// app may message, and lists what was invalid as WeCom reports it
// (user IDs lower-cased). With no valid member it returns 81013 and the
// invalid lists.
func (s *Server) recipientsLocked(c *corp, a *app, req sendBody) ([]*user, map[string]any, *apiError) {
	var ids []string
	if req.ToUser != "" && req.ToUser != "@all" {
		ids = nonEmpty(strings.Split(req.ToUser, "|"))
	}
	parties, tags := nonEmpty(strings.Split(req.ToParty, "|")), nonEmpty(strings.Split(req.ToTag, "|"))
	switch {
	case len(ids) > maxRecipients:
		return nil, nil, apiErr(40032, "invalid userid list size: more than 1000 users")
	case len(parties) > maxParties:
		return nil, nil, apiErr(82002, "invalid partyid list size: more than 100 parties")
	case len(tags) > maxTags:
		return nil, nil, apiErr(82003, "invalid tagid list size: more than 100 tags")
	case req.ToUser != "@all" && len(ids) == 0 && len(parties) == 0 && len(tags) == 0:
		return nil, nil, apiErr(82001, "user & party & tag all empty")
	}

	var valid []*user
	seen := make(map[*user]bool, len(ids))
	add := func(u *user) {
		if !seen[u] && a.sees(c, u) {
			seen[u] = true
			valid = append(valid, u)
		}
	}
	fields := map[string]any{}
	if req.ToUser == "@all" {
		for _, u := range c.sortedUsers() {
			add(u)
		}
	}
	var invalid []string
	for _, id := range ids {
		key := strings.ToLower(id)
		u := c.users[key]
		if u == nil || !a.sees(c, u) {
			if !slices.Contains(invalid, key) {
				invalid = append(invalid, key)
			}
			continue
		}
		add(u)
	}
	if len(invalid) > 0 {
		fields["invaliduser"] = strings.Join(invalid, "|")
	}
	if len(parties)+len(tags) > 0 {
		// sim: members reached through a department or tag but outside
		// the app's scope are skipped silently.
		members, badParties, badTags := c.expandRecipients(parties, tags)
		for _, u := range members {
			add(u)
		}
		if len(badParties) > 0 {
			fields["invalidparty"] = strings.Join(badParties, "|")
		}
		if len(badTags) > 0 {
			fields["invalidtag"] = strings.Join(badTags, "|")
		}
	}
	if len(valid) == 0 {
		return nil, fields, apiErr(81013, "user & party & tag all invalid")
	}
	return valid, fields, nil
}

// nonEmpty drops blank entries ("a||b", a trailing "|") and trims spaces.
func nonEmpty(ids []string) []string {
	out := ids[:0]
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// Message is one message as a recipient's inbox recorded it.
type Message struct {
	MsgID   string `json:"msgid"`
	AgentID int64  `json:"agentid"`
	MsgType string `json:"msgtype"`
	// Payload is the object named after MsgType, normalised (for a
	// textcard: title, description, url, btntxt; for news, mpnews,
	// miniprogram_notice and template_card every field sent, keys sorted).
	// update_template_card replaces a template card's payload.
	Payload    json.RawMessage `json:"payload"`
	ReceivedAt time.Time       `json:"received_at"`
	// Duplicate marks a message WeCom's duplicate check suppressed: it is
	// recorded but was not delivered, and the inbox page hides it.
	Duplicate bool `json:"duplicate"`
	// Dropped marks a message over the per-member rate limit (30 a minute,
	// 1000 an hour from one app): the send succeeded, but the phone never
	// got it, and the inbox page hides it.
	Dropped bool `json:"dropped"`
	// Recalled marks a message the app recalled (message/recall).
	Recalled bool `json:"recalled"`
	// Updated marks a template card changed by update_template_card;
	// ReplaceName is then the text of its disabled button when the update
	// only replaced the buttons.
	Updated     bool   `json:"updated"`
	ReplaceName string `json:"replace_name,omitempty"`
	// Safe and EnableIDTrans echo the request's flags.
	Safe          int  `json:"safe,omitempty"`
	EnableIDTrans bool `json:"enable_id_trans,omitempty"`
	// ResponseCode is what message/send answered for an interactive
	// template card (button, vote, multiple choice).
	ResponseCode string `json:"response_code,omitempty"`
}

// Messages returns a copy of everything sent to the user, oldest first,
// duplicates and dropped messages included (marked). It returns nil for an
// unknown corp or user.
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
// oldest first, duplicates, dropped and recalled messages included and
// marked.
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

// messaging is a corp's message state beyond the inboxes: per-member
// duplicate and rate-limit bookkeeping, sent messages for recall, template
// card response codes, the corp's JS-SDK ticket and its external contacts.
type messaging struct {
	members map[string]*memberState // by lower-cased userid
	sent    map[string]*sentMessage // by msgid
	codes   map[string]*cardCode    // by response_code
	tasks   map[taskKey][32]byte    // template card task_id → payload hash
	// jsTicket is the corp's jsapi_ticket; jsCalls the get_jsapi_ticket
	// calls of the last hour, for its 400 an hour limit.
	jsTicket ticket
	jsCalls  []time.Time
	external externalContacts
}

func newMessaging() messaging {
	return messaging{members: map[string]*memberState{}, sent: map[string]*sentMessage{},
		codes: map[string]*cardCode{}, tasks: map[taskKey][32]byte{}, external: newExternalContacts()}
}

// memberState indexes one member's inbox so a send costs O(1) per
// recipient however long the inbox is.
type memberState struct {
	// lastSent is when an identical message (same app, type and payload)
	// was last accepted for the member, for the duplicate check.
	lastSent map[dupKey]time.Time
	sweepAt  int // len(lastSent) at which remember next forgets old entries
	// delivered holds, per app, the delivery times of the last hour,
	// oldest first, for the per-member rate limit.
	delivered map[int64][]time.Time
}

type dupKey struct {
	agentID int64
	msgType string
	sum     [32]byte
}

func (m *messaging) member(u *user) *memberState {
	key := strings.ToLower(u.id)
	st := m.members[key]
	if st == nil {
		st = &memberState{lastSent: map[dupKey]time.Time{}, sweepAt: 256, delivered: map[int64][]time.Time{}}
		m.members[key] = st
	}
	return st
}

// remember records an accepted message for later duplicate checks. It
// forgets entries no check can reach any more when the map has doubled
// since the last sweep, so sweeping costs O(1) a message on average.
func (st *memberState) remember(k dupKey, now time.Time) {
	if len(st.lastSent) >= st.sweepAt {
		for old, t := range st.lastSent {
			if now.Sub(t) >= maxDupInterval {
				delete(st.lastSent, old)
			}
		}
		st.sweepAt = max(256, 2*len(st.lastSent))
	}
	st.lastSent[k] = now
}

// admit applies the per-member limit over sliding windows and records a
// delivery when it is within it. sim: a dropped message does not count
// towards the limit, and neither does a suppressed duplicate.
func (st *memberState) admit(agentID int64, now time.Time) bool {
	ts := trimWindow(st.delivered[agentID], now, time.Hour)
	ok := len(ts) < memberPerHour && len(trimWindow(ts, now, time.Minute)) < memberPerMinute
	if ok {
		ts = append(ts, now)
	}
	st.delivered[agentID] = ts
	return ok
}

// trimWindow returns the suffix of ts (sorted times) younger than d.
func trimWindow(ts []time.Time, now time.Time, d time.Duration) []time.Time {
	i, _ := slices.BinarySearchFunc(ts, now.Add(-d), func(t, cut time.Time) int {
		if t.After(cut) {
			return 1
		}
		return -1
	})
	return ts[i:]
}

// sentMessage remembers where a message went, for recall and template
// card updates.
type sentMessage struct {
	agentID      int64
	at           time.Time
	refs         []inboxRef
	responseCode string
}

// inboxRef is one recipient's copy: inboxes only grow, so an index stays
// valid.
type inboxRef struct {
	u *user
	i int
}

// agentSettings are an app's agent/set fields, its menu and its JS-SDK
// ticket state.
type agentSettings struct {
	description, squareLogoURL, redirectDomain, homeURL string
	close, reportLocationFlag, isReportEnter            int
	// menu is the normalised {"button":[…]}, nil when none was created.
	menu json.RawMessage
	// agentTicket is the app's agent_config ticket; agentCalls and
	// jsCalls are this app's ticket/get and get_jsapi_ticket calls of the
	// last hour, for the 100 an hour limits.
	agentTicket ticket
	agentCalls  []time.Time
	jsCalls     []time.Time
}

// routesMessaging registers message, menu, agent, ticket and external
// contact APIs and their control endpoints.
func (s *Server) routesMessaging(m *http.ServeMux) {
	m.HandleFunc("POST /cgi-bin/message/recall", s.apiHandler(noFields(s.recallLocked)))
	m.HandleFunc("POST /cgi-bin/message/update_template_card", s.apiHandler(s.updateCardLocked))
	m.HandleFunc("POST /cgi-bin/menu/create", s.apiHandler(noFields(s.menuCreateLocked)))
	m.HandleFunc("GET /cgi-bin/menu/get", s.apiHandler(queryAPI(s.menuGetLocked)))
	m.HandleFunc("GET /cgi-bin/menu/delete", s.apiHandler(queryAPI(s.menuDeleteLocked)))
	m.HandleFunc("GET /cgi-bin/agent/get", s.apiHandler(queryAPI(s.agentGetLocked)))
	m.HandleFunc("POST /cgi-bin/agent/set", s.apiHandler(noFields(s.agentSetLocked)))
	m.HandleFunc("GET /cgi-bin/get_jsapi_ticket", s.apiHandler(queryAPI(s.jsapiTicketLocked)))
	m.HandleFunc("GET /cgi-bin/ticket/get", s.apiHandler(queryAPI(s.agentTicketLocked)))
	m.HandleFunc("GET /cgi-bin/externalcontact/list", s.apiHandler(queryAPI(s.externalListLocked)))
	m.HandleFunc("GET /cgi-bin/externalcontact/get_follow_user_list", s.apiHandler(queryAPI(s.followUsersLocked)))
	m.HandleFunc("GET /cgi-bin/externalcontact/get", s.apiHandler(queryAPI(s.externalGetLocked)))
	m.HandleFunc("POST /cgi-bin/externalcontact/batch/get_by_user", s.apiHandler(s.externalBatchLocked))

	m.HandleFunc("GET /_sim/corps/{corpid}/users/{userid}/messages", s.handleMessages)
	m.HandleFunc("POST /_sim/corps/{corpid}/users/{userid}/messages/{index}/click", s.handleCardClick)
	m.HandleFunc("POST /_sim/corps/{corpid}/users/{userid}/external-contacts", s.handleAddExternalContact)
}

// recallLocked is POST /cgi-bin/message/recall {"msgid"}: it marks every
// copy of a message recalled. WeCom answers 40058 for a message another
// app sent and 42052 for one older than 24 hours. sim: an unknown msgid is
// 40058 too, and recalling twice is not an error.
func (s *Server) recallLocked(r *http.Request, raw []byte, readErr error) *apiError {
	c, a, e := s.appAuthLocked(r)
	if e != nil {
		return e
	}
	var req struct {
		MsgID string `json:"msgid"`
	}
	if readErr != nil || json.Unmarshal(raw, &req) != nil {
		return wrongJSON()
	}
	if req.MsgID == "" {
		return apiErr(40058, "invalid parameter: msgid missing")
	}
	m := c.msg.sent[req.MsgID]
	if m == nil || m.agentID != a.agentID {
		return apiErr(40058, "invalid parameter: msgid unknown or sent by another app")
	}
	if s.now().Sub(m.at) >= recallWindow {
		return apiErr(42052, "msgid expired: only messages of the last 24 hours can be recalled")
	}
	for _, ref := range m.refs {
		ref.u.inbox[ref.i].Recalled = true
	}
	return nil
}
