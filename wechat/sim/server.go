// Package sim is an in-process simulator of the WeCom server API and of
// WeChat's member-facing OAuth step, for tests and demos.
//
// A *Server is an http.Handler serving WeCom's own paths and JSON under
// /cgi-bin/ (gettoken, message/send, auth/getuserinfo), the OAuth authorize
// page under /connect/oauth2/, and a control API plus per-user inbox pages
// under /_sim/. The wecom client talks to it unchanged; only the base URL
// differs. Corps, apps and users exist only after the control API (or the
// Go methods of the same names) created them.
//
// Where WeCom's behaviour is not documented the simulator picks something
// plausible and says so in a comment; those choices are marked "sim:".
package sim

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Errors returned by the Go control methods (wrapped with detail); the
// control API maps them to HTTP 404, 409 and 400.
var (
	ErrNotFound = errors.New("sim: not found")
	ErrConflict = errors.New("sim: already exists")
	ErrInvalid  = errors.New("sim: invalid")
)

// Options configures a Server. The zero value is usable.
type Options struct {
	// TokenTTL is the life of an access token. Default 7200s, as WeCom.
	TokenTTL time.Duration
	// Now is the simulator's clock, for token and OAuth code expiry and
	// duplicate checks. Default time.Now; tests inject a settable clock.
	Now func() time.Time
	// Logger receives one debug line per API answer. Default: discard.
	Logger *slog.Logger
}

// codeTTL is how long an OAuth code lives, as WeCom documents.
const codeTTL = 5 * time.Minute

// Server is the simulator. Create it with New; all methods are safe for
// concurrent use.
type Server struct {
	now      func() time.Time
	tokenTTL time.Duration
	log      *slog.Logger
	mux      *http.ServeMux
	pages    *template.Template

	mu     sync.Mutex
	corps  map[string]*corp
	tokens map[string]*token    // by token value, expired ones kept for 42001
	codes  map[string]*authCode // by code
	calls  map[string]int       // by request path
}

type corp struct {
	id    string
	apps  map[int64]*app
	users map[string]*user // by lower-cased userid: WeCom userids are case-insensitive
}

type app struct {
	agentID int64
	secret  string
	name    string
	token   string // the current token, "" before the first gettoken
}

type user struct {
	id    string
	name  string
	inbox []Message
}

type token struct {
	corpID  string
	agentID int64
	expires time.Time
}

type authCode struct {
	corpID  string
	userKey string
	expires time.Time
}

// New returns an empty simulator.
func New(opts Options) *Server {
	s := &Server{
		now:      opts.Now,
		tokenTTL: opts.TokenTTL,
		log:      opts.Logger,
		pages:    template.Must(template.New("").Parse(pageTemplates)),
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.tokenTTL <= 0 {
		s.tokenTTL = 7200 * time.Second
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.resetLocked()
	s.routes()
	return s
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /cgi-bin/gettoken", s.handleGetToken)
	m.HandleFunc("POST /cgi-bin/message/send", s.handleSend)
	m.HandleFunc("GET /cgi-bin/auth/getuserinfo", s.handleGetUserInfo)
	m.HandleFunc("GET /connect/oauth2/authorize", s.handleAuthorize)

	m.HandleFunc("GET /_sim/{$}", s.handleIndex)
	m.HandleFunc("POST /_sim/corps", s.handleCreateCorp)
	m.HandleFunc("POST /_sim/corps/{corpid}/apps", s.handleAddApp)
	m.HandleFunc("POST /_sim/corps/{corpid}/users", s.handleAddUser)
	m.HandleFunc("GET /_sim/corps/{corpid}/users/{userid}/messages", s.handleMessages)
	m.HandleFunc("POST /_sim/corps/{corpid}/invalidate-tokens", s.handleInvalidateTokens)
	m.HandleFunc("GET /_sim/calls", s.handleCalls)
	m.HandleFunc("POST /_sim/reset", s.handleReset)
	m.HandleFunc("GET /_sim/inbox/{corpid}/{userid}", s.handleInbox)
	m.HandleFunc("GET /_sim/phone/{corpid}/{userid}", s.handlePhone)
	s.mux = m
}

// ServeHTTP counts the call (outside /_sim/) and routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/_sim/") {
		s.mu.Lock()
		s.calls[r.URL.Path]++
		s.mu.Unlock()
	}
	s.mux.ServeHTTP(w, r)
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

// CreateCorp adds an empty corp. It is a no-op if the corp exists or
// corpID is empty.
func (s *Server) CreateCorp(corpID string) {
	if corpID == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.corps[corpID]; !ok {
		s.corps[corpID] = &corp{id: corpID, apps: map[int64]*app{}, users: map[string]*user{}}
	}
}

// AddApp adds an app to a corp. It returns ErrNotFound for an unknown
// corp, ErrInvalid for a non-positive agentID or empty secret, and
// ErrConflict if the agentID or the secret is already used in the corp
// (gettoken finds the app by its secret).
func (s *Server) AddApp(corpID string, agentID int64, secret, name string) error {
	if agentID <= 0 || secret == "" {
		return fmt.Errorf("%w: app needs a positive agentid and a secret", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.corps[corpID]
	if c == nil {
		return fmt.Errorf("%w: corp %q", ErrNotFound, corpID)
	}
	if _, ok := c.apps[agentID]; ok {
		return fmt.Errorf("%w: agentid %d in corp %q", ErrConflict, agentID, corpID)
	}
	if c.appBySecret(secret) != nil {
		return fmt.Errorf("%w: another app of corp %q has this secret", ErrConflict, corpID)
	}
	c.apps[agentID] = &app{agentID: agentID, secret: secret, name: name}
	return nil
}

// validUserID is WeCom's userid rule: 1–64 bytes of [0-9A-Za-z_-@.].
var validUserID = regexp.MustCompile(`^[0-9A-Za-z_@.-]{1,64}$`)

// AddUser adds a member to a corp. It returns ErrNotFound for an unknown
// corp, ErrInvalid for a userid WeCom would refuse, and ErrConflict if the
// userid exists (compared case-insensitively, as WeCom does).
func (s *Server) AddUser(corpID, userID, name string) error {
	if !validUserID.MatchString(userID) {
		return fmt.Errorf("%w: userid %q (1-64 bytes of 0-9A-Za-z_-@.)", ErrInvalid, userID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.corps[corpID]
	if c == nil {
		return fmt.Errorf("%w: corp %q", ErrNotFound, corpID)
	}
	key := strings.ToLower(userID)
	if _, ok := c.users[key]; ok {
		return fmt.Errorf("%w: userid %q in corp %q", ErrConflict, userID, corpID)
	}
	if name == "" {
		name = userID
	}
	c.users[key] = &user{id: userID, name: name}
	return nil
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

// CallCount returns how many requests reached path (e.g.
// "/cgi-bin/gettoken") since New or the last Reset, whatever their result.
func (s *Server) CallCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[path]
}

// InvalidateTokens revokes every token of the corp before its expiry, as
// WeCom may do: later calls with them get 40014, and gettoken issues new
// ones. Unknown corps are ignored.
func (s *Server) InvalidateTokens(corpID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidateLocked(corpID)
}

func (s *Server) invalidateLocked(corpID string) bool {
	c := s.corps[corpID]
	if c == nil {
		return false
	}
	for v, t := range s.tokens {
		if t.corpID == corpID {
			delete(s.tokens, v)
		}
	}
	for _, a := range c.apps {
		a.token = ""
	}
	return true
}

// Reset forgets all corps, tokens, codes and call counts.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetLocked()
}

func (s *Server) resetLocked() {
	s.corps = map[string]*corp{}
	s.tokens = map[string]*token{}
	s.codes = map[string]*authCode{}
	s.calls = map[string]int{}
}

func (s *Server) userLocked(corpID, userID string) *user {
	c := s.corps[corpID]
	if c == nil {
		return nil
	}
	return c.users[strings.ToLower(userID)]
}

func (c *corp) appBySecret(secret string) *app {
	for _, a := range c.apps {
		if a.secret == secret {
			return a
		}
	}
	return nil
}

// sortedUsers lists the corp's users by userid, for stable pages.
func (c *corp) sortedUsers() []*user {
	us := make([]*user, 0, len(c.users))
	for _, u := range c.users {
		us = append(us, u)
	}
	slices.SortFunc(us, func(a, b *user) int { return strings.Compare(a.id, b.id) })
	return us
}

// newID returns an unguessable identifier for tokens, codes and msgids.
func newID() string { return rand.Text() }
