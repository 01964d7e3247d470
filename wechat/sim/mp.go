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
)

// The service account (服务号) side of the simulator: accounts with their
// followers and templates, served on api.weixin.qq.com's paths (token,
// stable_token, message/template/send, menu, ticket/getticket,
// sns/oauth2/access_token) and the web OAuth page, plus control endpoints
// under /_sim/mp/. Files: mp_token.go, mp_template.go, mp_oauth.go,
// mp_menu.go, mp_control.go.

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
	followers     map[string]*mpFollower // by openid
	templates     map[string]*mpTemplate // by template_id
	tokens        mpTokenState           // mp_token.go
	menu          *mpMenu                // mp_menu.go; nil until created
	sent          map[mpDedupKey]mpSent  // mp_template.go: client_msg_id dedupe
	events        []MPEvent
}

type mpFollower struct {
	openID, nickname, unionID string
	subscribed                bool
	messages                  []TemplateMessage
}

type mpTemplate struct {
	id, title string
	keys      []string
	added     int // the order it was added in
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
	s.routesMPControl(s.mux)
}

// CreateServiceAccount adds a service account. It returns ErrInvalid when
// appid or secret is empty and ErrConflict when the appid exists. The
// simulator does not keep name: no API it serves shows it.
func (s *Server) CreateServiceAccount(appID, secret, name string) error {
	if appID == "" || secret == "" {
		return fmt.Errorf("%w: a service account needs an appid and a secret", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.mp.accounts[appID]; ok {
		return fmt.Errorf("%w: service account %q", ErrConflict, appID)
	}
	s.mp.accounts[appID] = &mpAccount{appID: appID, secret: secret,
		followers: map[string]*mpFollower{}, templates: map[string]*mpTemplate{}, sent: map[mpDedupKey]mpSent{}}
	return nil
}

// AddFollower adds a subscribed follower to a service account. It returns
// ErrNotFound for an unknown account, ErrInvalid for an empty openid and
// ErrConflict when the openid exists.
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
	return nil
}

// SetSubscribed follows (true) or unfollows (false) the account as the
// follower would; template messages to an unfollowed openid get 43004. It
// returns ErrNotFound for an unknown account or follower.
func (s *Server) SetSubscribed(appID, openID string, subscribed bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.mpFollowerLocked(appID, openID)
	if err != nil {
		return err
	}
	f.subscribed = subscribed
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
// its keyword keys in display order, e.g. ["thing1", "time2"]. It returns
// ErrNotFound for an unknown account, ErrInvalid for an empty id or no
// keys, and ErrConflict when the template_id exists.
func (s *Server) AddTemplate(appID, templateID, title string, keys []string) error {
	if templateID == "" || len(keys) == 0 || slices.Contains(keys, "") {
		return fmt.Errorf("%w: a template needs an id and non-empty keys", ErrInvalid)
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
	a.templates[templateID] = &mpTemplate{id: templateID, title: title, keys: slices.Clone(keys), added: len(a.templates)}
	return nil
}

// TemplateMessages returns a copy of the template messages the follower
// received, oldest first; repeats suppressed by client_msg_id are not
// there, since the phone never got them. It returns nil for an unknown
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
// the account's server, oldest first: one TEMPLATESENDJOBFINISH per
// delivered template message. It returns nil for an unknown account.
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
}
