package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// apiError is a WeCom errcode and the start of its errmsg.
type apiError struct {
	code int
	msg  string
}

func apiErr(code int, msg string) *apiError { return &apiError{code: code, msg: msg} }

// wrongJSON is WeCom's answer to an unparseable body. The docs only promise
// the "Warning: wrong json format." text in errmsg; sim: the code is 47001
// (data format error).
func wrongJSON() *apiError {
	return apiErr(47001, "Warning: wrong json format. data format error")
}

// reply writes a WeCom answer: always HTTP 200, errcode and errmsg, plus
// fields on success (and on errors that explain themselves, like 81013).
func (s *Server) reply(w http.ResponseWriter, r *http.Request, e *apiError, fields map[string]any) {
	body := map[string]any{"errcode": 0, "errmsg": "ok"}
	if e != nil {
		body["errcode"] = e.code
		// WeCom appends a hint and a link to every errmsg; clients that
		// match on errmsg instead of errcode break on this, as they would
		// against WeCom.
		body["errmsg"] = fmt.Sprintf("%s, hint: [%d_%s], from ip: %s, more info at https://open.work.weixin.qq.com/devtool/query?e=%d",
			e.msg, s.now().Unix(), newID()[:8], clientIP(r), e.code)
	}
	for k, v := range fields {
		body[k] = v
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // WeCom sends "&" and "<" as they are
	_ = enc.Encode(body)
	code := 0
	if e != nil {
		code = e.code
	}
	s.log.LogAttrs(r.Context(), slog.LevelDebug, "sim api answered",
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("errcode", code))
}

func clientIP(r *http.Request) string {
	if i := strings.LastIndexByte(r.RemoteAddr, ':'); i > 0 {
		return strings.Trim(r.RemoteAddr[:i], "[]")
	}
	return r.RemoteAddr
}

func (s *Server) handleGetToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	corpID, secret := q.Get("corpid"), q.Get("corpsecret")
	if corpID == "" {
		s.reply(w, r, apiErr(41002, "corpid missing"), nil)
		return
	}
	if secret == "" {
		s.reply(w, r, apiErr(41004, "corpsecret missing"), nil)
		return
	}
	s.mu.Lock()
	tok, expiresIn, e := s.tokenLocked(corpID, secret)
	s.mu.Unlock()
	if e != nil {
		s.reply(w, r, e, nil)
		return
	}
	s.reply(w, r, nil, map[string]any{"access_token": tok, "expires_in": expiresIn})
}

// tokenLocked returns the app's current token, or issues one. sim: a
// repeat call inside the validity returns the same token with its
// remaining lifetime as expires_in (WeCom documents the same token; what
// expires_in says then is not documented).
func (s *Server) tokenLocked(corpID, secret string) (string, int64, *apiError) {
	c := s.corps[corpID]
	if c == nil {
		return "", 0, apiErr(40013, "invalid corpid")
	}
	a := c.appBySecret(secret)
	if a == nil {
		return "", 0, apiErr(40001, "invalid credential")
	}
	now := s.now()
	if t, ok := s.tokens[a.token]; ok && now.Before(t.expires) {
		return a.token, ceilSeconds(t.expires.Sub(now)), nil
	}
	v := newID() + newID()
	s.tokens[v] = &token{corpID: corpID, agentID: a.agentID, expires: now.Add(s.tokenTTL)}
	a.token = v
	return v, ceilSeconds(s.tokenTTL), nil
}

func ceilSeconds(d time.Duration) int64 { return int64(math.Ceil(d.Seconds())) }

// authLocked resolves the request's access_token (query string only, as
// WeCom) to its corp and app.
func (s *Server) authLocked(r *http.Request) (*corp, *app, *apiError) {
	v := r.URL.Query().Get("access_token")
	if v == "" {
		return nil, nil, apiErr(41001, "access_token missing")
	}
	t := s.tokens[v]
	if t == nil {
		return nil, nil, apiErr(40014, "invalid access_token")
	}
	if !s.now().Before(t.expires) {
		return nil, nil, apiErr(42001, "access_token expired")
	}
	c := s.corps[t.corpID]
	return c, c.apps[t.agentID], nil
}

// flexInt accepts a JSON number or a numeric string: SDKs send agentid
// both ways and WeCom takes either.
type flexInt int64

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
	c, a, e := s.authLocked(r)
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

func (s *Server) handleGetUserInfo(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	fields, e := s.userInfoLocked(r)
	s.mu.Unlock()
	s.reply(w, r, e, fields)
}

// userInfoLocked redeems an OAuth code. A code is good once, for five
// minutes, and only with a token of the corp it was issued for.
func (s *Server) userInfoLocked(r *http.Request) (map[string]any, *apiError) {
	c, _, e := s.authLocked(r)
	if e != nil {
		return nil, e
	}
	v := r.URL.Query().Get("code")
	if v == "" {
		return nil, apiErr(41008, "missing code")
	}
	ac := s.codes[v]
	if ac == nil || ac.corpID != c.id {
		return nil, apiErr(40029, "invalid code")
	}
	delete(s.codes, v)
	u := c.users[ac.userKey]
	if u == nil || !s.now().Before(ac.expires) {
		return nil, apiErr(40029, "invalid code")
	}
	// Newer docs spell it "userid", older answers "UserId"; send both so
	// either kind of SDK finds it.
	return map[string]any{"userid": u.id, "UserId": u.id}, nil
}

// encodePayload renders a payload without json.Marshal's HTML escaping, so
// the control API shows descriptions as they were sent.
func encodePayload(v any) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // plain string structs always encode
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
