package sim

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// The service account (服务号) side of the simulator: accounts with their
// followers and templates, served on api.weixin.qq.com's paths (token,
// stable_token, message/template/send, get_all_private_template, menu,
// ticket/getticket, qrcode/create, showqrcode, sns/oauth2/access_token) and
// the web OAuth page, plus control endpoints and the followers' phone
// pages under /_sim/mp/. Files: mp_token.go, mp_template.go, mp_oauth.go,
// mp_menu.go, mp_control.go, mp_server.go (服务器配置 and the events
// posted to it), mp_qrcode.go (带参数二维码) and mp_phone.go (the
// follower's phone page).

// mpState holds the simulated service accounts (服务号).
type mpState struct {
	accounts map[string]*mpAccount // by appid
	// tokens holds every access token issued (classic and stable), by
	// value; revoked and expired ones are kept so a caller gets 40001 or
	// 42001 rather than 40014.
	tokens map[string]*mpToken
	codes  map[string]*mpCode // web OAuth codes, by code
	// nextMsgID numbers template messages; WeChat's msgids are integers.
	nextMsgID int64
}

func newMPState() mpState {
	return mpState{
		accounts:  map[string]*mpAccount{},
		tokens:    map[string]*mpToken{},
		codes:     map[string]*mpCode{},
		nextMsgID: 3000000000,
	}
}

type mpAccount struct {
	appID, secret string
	name          string                 // shown on the follower's phone page
	followers     map[string]*mpFollower // by openid
	templates     map[string]*mpTemplate // by template_id
	tokens        mpTokenState           // mp_token.go
	menu          *mpMenu                // mp_menu.go; nil until created
	sent          map[mpDedupKey]mpSent  // mp_template.go: client_msg_id dedupe
	events        []MPEvent
	// server is the account's 服务器配置 (mp_server.go), nil until
	// submitted; hub posts the events to it and records the tries.
	server  *MPServerConfig
	hub     *eventHub
	tickets map[string]*mpQRTicket // mp_qrcode.go, by ticket
}

type mpFollower struct {
	openID, nickname, unionID string
	subscribed                bool
	// blocked is the follower having turned off the account's template
	// messages (拒收消息): sends still succeed, the phone shows nothing.
	blocked  bool
	messages []TemplateMessage
}

type mpTemplate struct {
	id, title string
	keys      []string
	labels    []string // by key position; nil when the template has none
	added     int      // the order it was added in
}

// label is the keyword's label, or "" when the template has none.
func (t *mpTemplate) label(i int) string {
	if i < len(t.labels) {
		return t.labels[i]
	}
	return ""
}

// sortedTemplates lists the account's templates in the order they were added.
func (a *mpAccount) sortedTemplates() []*mpTemplate {
	out := slices.Collect(maps.Values(a.templates))
	slices.SortFunc(out, func(x, y *mpTemplate) int { return x.added - y.added })
	return out
}

// mpReply writes a service-account answer. Errors carry errcode and an
// errmsg ending in " rid: …" as api.weixin.qq.com's do. On success
// message APIs answer errcode 0 and "ok" with their fields, while the token
// and OAuth APIs answer their fields alone (bare).
func (s *Server) mpReply(w http.ResponseWriter, r *http.Request, e *apiError, fields map[string]any, bare bool) {
	body := map[string]any{}
	switch {
	case e != nil:
		body["errcode"] = e.code
		var b [12]byte
		_, _ = rand.Read(b[:]) // never fails
		rid := hex.EncodeToString(b[:])
		body["errmsg"] = fmt.Sprintf("%s rid: %s-%s-%s", e.msg, rid[:8], rid[8:16], rid[16:])
	case !bare:
		body["errcode"] = 0
		body["errmsg"] = "ok"
	}
	if e == nil {
		for k, v := range fields {
			body[k] = v
		}
	}
	w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(body)
	code := 0
	if e != nil {
		code = e.code
	}
	s.log.LogAttrs(r.Context(), slog.LevelDebug, "sim mp api answered",
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("errcode", code))
}

// routesMP registers the service account's API on m, by its paths on
// api.weixin.qq.com (ServeHTTP strips the /mp prefix first), and the
// control endpoints on s.mux, which serves everything under /_sim/ and is
// already built when routes calls this.
func (s *Server) routesMP(m *http.ServeMux) {
	m.HandleFunc("GET /cgi-bin/token", s.handleMPToken)
	m.HandleFunc("POST /cgi-bin/stable_token", s.handleMPStableToken)
	m.HandleFunc("POST /cgi-bin/message/template/send", s.handleMPTemplateSend)
	m.HandleFunc("GET /cgi-bin/template/get_all_private_template", s.handleMPTemplateList)
	m.HandleFunc("POST /cgi-bin/menu/create", s.handleMPMenuCreate)
	m.HandleFunc("GET /cgi-bin/menu/get", s.handleMPMenuGet)
	m.HandleFunc("GET /cgi-bin/menu/delete", s.handleMPMenuDelete)
	m.HandleFunc("GET /cgi-bin/ticket/getticket", s.handleMPTicket)
	m.HandleFunc("GET /connect/oauth2/authorize", s.handleMPAuthorize)
	m.HandleFunc("GET /sns/oauth2/access_token", s.handleMPOAuthToken)
	m.HandleFunc("POST /cgi-bin/qrcode/create", s.handleMPQRCreate)
	m.HandleFunc("GET /cgi-bin/showqrcode", s.handleMPShowQR)
	s.routesMPControl(s.mux)
}

// CreateServiceAccount adds a service account. It returns ErrInvalid when
// appid or secret is empty and ErrConflict when the appid exists. name is
// what the follower's phone page shows.
func (s *Server) CreateServiceAccount(appID, secret, name string) error {
	if appID == "" || secret == "" {
		return fmt.Errorf("%w: a service account needs an appid and a secret", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.mp.accounts[appID]; ok {
		return fmt.Errorf("%w: service account %q", ErrConflict, appID)
	}
	s.mp.accounts[appID] = &mpAccount{appID: appID, secret: secret, name: name,
		followers: map[string]*mpFollower{}, templates: map[string]*mpTemplate{}, sent: map[mpDedupKey]mpSent{},
		hub: newEventHub(), tickets: map[string]*mpQRTicket{}}
	return nil
}

// AddFollower adds a subscribed follower to a service account. When the
// account's server is enabled (ConfigureMPServer) this is a follow it
// hears of: a subscribe event is recorded and posted. Without one the
// follower is taken to have followed before anything listened, so
// fixtures do not fill the event log. It returns ErrNotFound for an
// unknown account, ErrInvalid for an empty openid and ErrConflict when the
// openid exists.
func (s *Server) AddFollower(appID, openID, nickname string) error {
	if openID == "" {
		return fmt.Errorf("%w: a follower needs an openid", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mp.accounts[appID]
	if a == nil {
		return fmt.Errorf("%w: service account %q", ErrNotFound, appID)
	}
	if _, ok := a.followers[openID]; ok {
		return fmt.Errorf("%w: follower %q of %q", ErrConflict, openID, appID)
	}
	a.followers[openID] = &mpFollower{openID: openID, nickname: nickname, subscribed: true}
	if a.server != nil && a.server.Enabled {
		s.mpEmitLocked(a, s.mpEvent(a, openID, "subscribe"))
	}
	return nil
}

// SetSubscribed follows (true) or unfollows (false) the account as the
// follower would; template messages to an unfollowed openid get 43004. A
// change records and posts a subscribe or unsubscribe event; setting what
// already holds does nothing. It returns ErrNotFound for an unknown
// account or follower.
func (s *Server) SetSubscribed(appID, openID string, subscribed bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.mpFollowerLocked(appID, openID)
	if err != nil {
		return err
	}
	if f.subscribed == subscribed {
		return nil
	}
	f.subscribed = subscribed
	ev := "unsubscribe"
	if subscribed {
		ev = "subscribe"
	}
	a := s.mp.accounts[appID]
	s.mpEmitLocked(a, s.mpEvent(a, openID, ev))
	return nil
}

// SetBlocked turns the follower's 拒收消息 for the account's template
// messages on (true) or off. A blocked follower's sends still answer
// errcode 0 with a msgid, as WeChat's do, but nothing reaches the phone
// and TEMPLATESENDJOBFINISH says "failed:user block". It returns
// ErrNotFound for an unknown account or follower.
func (s *Server) SetBlocked(appID, openID string, blocked bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.mpFollowerLocked(appID, openID)
	if err != nil {
		return err
	}
	f.blocked = blocked
	return nil
}

// SetUnionID gives a follower a unionid, as when the account is bound to
// an open-platform account; sns/oauth2/access_token then returns it. It
// returns ErrNotFound for an unknown account or follower.
func (s *Server) SetUnionID(appID, openID, unionID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.mpFollowerLocked(appID, openID)
	if err != nil {
		return err
	}
	f.unionID = unionID
	return nil
}

func (s *Server) mpFollowerLocked(appID, openID string) (*mpFollower, error) {
	a := s.mp.accounts[appID]
	if a == nil {
		return nil, fmt.Errorf("%w: service account %q", ErrNotFound, appID)
	}
	f := a.followers[openID]
	if f == nil {
		return nil, fmt.Errorf("%w: follower %q of %q", ErrNotFound, openID, appID)
	}
	return f, nil
}

// AddTemplate adds a template (as chosen in the account's console) with
// its keyword keys in display order, e.g. ["thing1", "time2"], and
// optionally their labels in the same order, e.g. "事项", "时间": the
// template list then reads "事项:{{thing1.DATA}}" and the phone shows the
// labels. It returns ErrNotFound for an unknown account, ErrInvalid for
// an empty id, no keys, or labels that are not one per key, and
// ErrConflict when the template_id exists.
func (s *Server) AddTemplate(appID, templateID, title string, keys []string, labels ...string) error {
	if templateID == "" || len(keys) == 0 || slices.Contains(keys, "") {
		return fmt.Errorf("%w: a template needs an id and non-empty keys", ErrInvalid)
	}
	if len(labels) != 0 && len(labels) != len(keys) {
		return fmt.Errorf("%w: %d labels for %d keys: give one per key or none", ErrInvalid, len(labels), len(keys))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mp.accounts[appID]
	if a == nil {
		return fmt.Errorf("%w: service account %q", ErrNotFound, appID)
	}
	if _, ok := a.templates[templateID]; ok {
		return fmt.Errorf("%w: template %q of %q", ErrConflict, templateID, appID)
	}
	t := &mpTemplate{id: templateID, title: title, keys: slices.Clone(keys), added: len(a.templates)}
	if len(labels) != 0 {
		t.labels = slices.Clone(labels)
	}
	a.templates[templateID] = t
	return nil
}

// TemplateMessages returns a copy of the template messages the follower
// received, oldest first; repeats suppressed by client_msg_id and sends
// while the follower blocked the account (SetBlocked) are not there,
// since the phone never got them. It returns nil for an unknown
// account or follower.
func (s *Server) TemplateMessages(appID, openID string) []TemplateMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.mpFollowerLocked(appID, openID)
	if err != nil {
		return nil
	}
	out := make([]TemplateMessage, len(f.messages))
	for i, m := range f.messages {
		out[i] = m.clone()
	}
	return out
}

// MPEvents returns a copy of the events WeChat pushed (or would push) to
// the account's server, oldest first: subscribe and unsubscribe
// (SetSubscribed, AddFollower with a server, ScanQR), SCAN (ScanQR), one
// TEMPLATESENDJOBFINISH per template message sent, VIEW and CLICK (menu
// taps on the phone page). It returns nil for an unknown account.
func (s *Server) MPEvents(appID string) []MPEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mp.accounts[appID]
	if a == nil {
		return nil
	}
	return slices.Clone(a.events)
}

// MPEvent is an event message in the shape of the XML WeChat posts to a
// service account's server (消息推送).
type MPEvent struct {
	ToUserName   string `json:"ToUserName" xml:"ToUserName"` // the account's appid (WeChat sends its original id)
	FromUserName string `json:"FromUserName" xml:"FromUserName"`
	CreateTime   int64  `json:"CreateTime" xml:"CreateTime"`
	MsgType      string `json:"MsgType" xml:"MsgType"`
	Event        string `json:"Event" xml:"Event"`
	MsgID        int64  `json:"MsgID" xml:"MsgID"`
	Status       string `json:"Status" xml:"Status"`
	// EventKey is the scene of a QR scan ("qrscene_"+scene on subscribe,
	// the scene itself on SCAN), the url of VIEW, the key of CLICK.
	EventKey string `json:"EventKey,omitempty" xml:"EventKey"`
	// Ticket is the QR code's ticket on a scan's subscribe or SCAN.
	Ticket string `json:"Ticket,omitempty" xml:"Ticket"`
}

// mpEvent starts an event from the follower to the account, now.
func (s *Server) mpEvent(a *mpAccount, openID, event string) MPEvent {
	return MPEvent{ToUserName: a.appID, FromUserName: openID, CreateTime: s.now().Unix(), MsgType: "event", Event: event}
}

// xml renders the event as WeChat posts it.
func (ev MPEvent) xml() []byte {
	e := wxcrypt.Event{ToUserName: ev.ToUserName, FromUserName: ev.FromUserName, CreateTime: ev.CreateTime,
		MsgType: ev.MsgType, Event: ev.Event, Status: ev.Status, EventKey: ev.EventKey, Ticket: ev.Ticket}
	if ev.MsgID != 0 {
		e.MsgId = strconv.FormatInt(ev.MsgID, 10)
	}
	return e.XML()
}

// mpEmitLocked records ev and posts it to the account's server, if one is
// enabled.
func (s *Server) mpEmitLocked(a *mpAccount, ev MPEvent) {
	a.events = append(a.events, ev)
	s.mpPostLocked(a, ev)
}
