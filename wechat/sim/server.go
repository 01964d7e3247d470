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
// Onboarding behaves as WeCom's admin console does (console.go and the
// files it names):
//
//	PUT  /_sim/corps/{corpid}/apps/{agentid}/callback        {"url","token","encodingaeskey"}
//	     agentid 0 is the contact-sync callback; saved only after WeCom's
//	     verification GET (signed, encrypted echostr) got the plaintext back
//	     with HTTP 200 in time, else 400 "回调地址请求不通过: <reason>"
//	PUT  /_sim/corps/{corpid}/external-contact-callback      same body and check: the 客户联系 event server
//	PUT  /_sim/corps/{corpid}/apps/{agentid}/trusted-ips     {"ips":["203.0.113.7","10.0.0.0/8"]}
//	     agentid 0 is the contact-sync secret; calls from elsewhere get 60020
//	GET  /_sim/corps/{corpid}/apps/{agentid}/domain-verify-file  → {"filename":"WW_verify_….txt","content"}
//	PUT  /_sim/corps/{corpid}/apps/{agentid}/trusted-domain  {"domain","fetch_origin"}
//	     saved only when <fetch_origin or https/http://domain>/WW_verify_….txt
//	     holds the code, else 400 "域名归属校验未通过: <reason>"
//	PATCH  /_sim/corps/{corpid}/users/{userid}/external-contacts/{external_userid}  {"remark","description"}
//	DELETE /_sim/corps/{corpid}/users/{userid}/external-contacts/{external_userid}  (del_external_contact)
//	DELETE /_sim/corps/{corpid}/external-contacts/{external_userid}/followers/{userid}  (del_follow_user)
//	POST   /_sim/corps/{corpid}/users/{userid}/activate  a member created with "status":4 joins (update_user)
//
// and WeCom's own pages and APIs for it: QR sign-in at /wwlogin/sso/login
// (and the older /wwopen/sso/qrConnect), whose "scan as" links go through
// /_sim/qrlogin/scan to redirect_uri?code=&state=; GET
// /cgi-bin/corp/get_join_qrcode and the image at its /wework_admin/genqrcode
// URL. The Go methods SaveCallback, SaveExternalContactCallback,
// SetTrustedIPs, DomainVerifyFile, SaveTrustedDomain, EditExternalContact,
// DeleteExternalContact, DeleteFollowUser and ActivateUser do the same in
// tests.
//
// A service account's 服务器配置 behaves as WeChat's back office does
// (mp_server.go): POST /_sim/mp/{appid}/server {"url","token","aes_key",
// "mode"} saves only after WeChat's verification GET (signature, plain
// echostr) got the echostr back, else 400 "token验证失败: …" or
// "请求URL超时: …"; the account's events are then posted there
// (ConfigureMPServer in tests). mp_control.go lists the service account's
// other control endpoints and the followers' phone pages.
//
// The same settings have pages, for people and browser tests, as an admin
// finds them in WeCom's 管理后台 (console_pages.go): /_sim/console/{corpid}
// (我的企业: CorpID, apps, 通讯录同步 and 客户联系 event servers, trusted
// IPs, members), /_sim/console/{corpid}/apps/{agentid} (Secret, 可见范围,
// 接收消息, 企业可信IP, 可信域名 and its WW_verify_ file, the menu) and
// /_sim/console/{corpid}/customers (add a customer, edit a remark, delete).
// Their forms call the methods above, show 保存成功 or the console's
// refusal, and must carry the page's per-process token (field "csrf"), so
// another site cannot post them.
//
// Where WeCom's behaviour is not documented the simulator picks something
// plausible and says so in a comment; those choices are marked "sim:".
package sim

import (
	"crypto/rand"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
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
	// APILimitPerMinute and APILimitPerHour cap calls to one WeCom API by
	// one corp (45009 beyond, for the rest of the minute or hour). Default
	// 10,000 and 150,000, WeCom's published defaults.
	APILimitPerMinute, APILimitPerHour int
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
	// consoleToken is the hidden field every console form posts
	// (console_pages.go): per process, it survives Reset.
	consoleToken string

	// mpMux serves the service account's paths (api.weixin.qq.com): they
	// overlap WeCom's, so they are reached under /mp/ or by Host.
	mpMux *http.ServeMux
	// callbacks posts encrypted events to apps' callback URLs.
	callbacks *http.Client

	limitCfg limitConfig // faults.go; survives Reset

	mu     sync.Mutex
	corps  map[string]*corp
	tokens map[string]*token    // by token value, expired ones kept for 42001
	codes  map[string]*authCode // by code
	calls  map[string]int       // by request path
	faults faults               // faults.go
	limits apiLimits            // faults.go
	mp     mpState              // mp.go
}

type corp struct {
	id    string
	apps  map[int64]*app
	users map[string]*user // by lower-cased userid: WeCom userids are case-insensitive
	// byMobile and byEmail index users by mobileKey and lower-cased email, so a member's uniqueness check does not
	// scan the corp (a 100,000-member import checks each row). Kept by createUserLocked, updateUserLocked and
	// deleteUserLocked, the only writers of a user's mobile and email.
	byMobile map[string]*user
	byEmail  map[string]*user
	// contactSecret is the 通讯录同步 secret: its token may write contacts
	// and may not send messages. contactToken is its current token.
	contactSecret string
	contactToken  string
	// contactIPs is the contact-sync secret's trusted IPs (trustedip.go).
	contactIPs []netip.Prefix
	dir        directory // contacts.go: departments, tags, batch jobs
	msg        messaging // messaging.go: per-corp message state
}

type app struct {
	agentID int64
	secret  string
	name    string
	token   string // the current token, "" before the first gettoken
	// callback is the app's 接收消息 server, nil until configured.
	callback *callbackTarget
	scope    visibleScope  // contacts.go: who the app may see and message
	settings agentSettings // messaging.go: agent/set fields, menu
	// trustedIPs is the app's 企业可信IP (trustedip.go); empty allows any.
	trustedIPs []netip.Prefix
	// verifyCode is the code of the app's domain verification file
	// (domain.go), "" until asked for.
	verifyCode string
}

// token is an access token; agentID 0 marks the contact-sync secret's.
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
		pages: template.Must(template.New("").Funcs(template.FuncMap{"ipsForm": newIPsForm}).
			Parse(pageTemplates + qrLoginTemplates + consoleTemplates)),
		consoleToken: rand.Text(),
		// WeChat waits 5 s for a callback answer.
		callbacks: &http.Client{Timeout: callbackTimeout},
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
	s.limitCfg = newLimitConfig(opts.APILimitPerMinute, opts.APILimitPerHour)
	s.resetLocked()
	s.routes()
	return s
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /cgi-bin/gettoken", s.handleGetToken)
	m.HandleFunc("POST /cgi-bin/message/send", s.apiHandler(s.sendLocked))
	m.HandleFunc("GET /cgi-bin/auth/getuserinfo", s.apiHandler(queryAPI(s.userInfoLocked)))
	// The older path of the same API, which WeCom still serves and SDKs
	// written before the move still call.
	m.HandleFunc("GET /cgi-bin/user/getuserinfo", s.apiHandler(queryAPI(s.userInfoLocked)))
	m.HandleFunc("GET /connect/oauth2/authorize", s.handleAuthorize)
	s.routesContacts(m)
	s.routesMessaging(m)
	s.routesFaults(m)
	s.routesConsole(m)
	s.routesConsolePages(m)

	m.HandleFunc("GET /_sim/{$}", s.handleIndex)
	m.HandleFunc("POST /_sim/corps", s.handleCreateCorp)
	m.HandleFunc("POST /_sim/corps/{corpid}/apps", s.handleAddApp)
	m.HandleFunc("POST /_sim/corps/{corpid}/invalidate-tokens", s.handleInvalidateTokens)
	m.HandleFunc("GET /_sim/calls", s.handleCalls)
	m.HandleFunc("POST /_sim/reset", s.handleReset)
	m.HandleFunc("GET /_sim/inbox/{corpid}/{userid}", s.handleInbox)
	m.HandleFunc("GET /_sim/phone/{corpid}/{userid}", s.handlePhone)
	s.mux = m
	s.mpMux = http.NewServeMux()
	s.routesMP(s.mpMux)
}

// mpPrefix is where the service account's API is served on a shared
// origin: a client's base URL is the simulator's origin plus "/mp".
const mpPrefix = "/mp"

// ServeHTTP counts the call (outside /_sim/), applies injected faults and
// per-corp limits, and routes it: requests for api.weixin.qq.com, or under
// /mp/, go to the service account's API, everything else to WeCom's.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_sim/") {
		s.mux.ServeHTTP(w, r)
		return
	}
	mux := s.mux
	if strings.HasPrefix(r.URL.Path, mpPrefix+"/") || strings.HasPrefix(r.Host, "api.weixin.qq.com") {
		mux = s.mpMux
		r = stripMP(r)
	}
	s.mu.Lock()
	s.calls[callKey(mux == s.mpMux, r.URL.Path)]++
	s.mu.Unlock()
	if s.injectFault(w, r, mux == s.mpMux, mux) {
		return
	}
	mux.ServeHTTP(w, r)
}

// callKey names a path in the call counts: WeCom's as they are, the
// service account's under /mp.
func callKey(mp bool, path string) string {
	if mp {
		return mpPrefix + path
	}
	return path
}

func stripMP(r *http.Request) *http.Request {
	if !strings.HasPrefix(r.URL.Path, mpPrefix+"/") {
		return r
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = strings.TrimPrefix(r.URL.Path, mpPrefix)
	r2.URL.RawPath = ""
	return r2
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
		s.corps[corpID] = &corp{id: corpID, apps: map[int64]*app{}, users: map[string]*user{},
			byMobile: map[string]*user{}, byEmail: map[string]*user{},
			dir: newDirectory(), msg: newMessaging()}
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
	s.stopBackgroundLocked() // callbacks.go
	s.corps = map[string]*corp{}
	s.tokens = map[string]*token{}
	s.codes = map[string]*authCode{}
	s.calls = map[string]int{}
	s.faults = faults{}
	s.limits = newAPILimits()
	s.mp = newMPState()
}

func (c *corp) appBySecret(secret string) *app {
	for _, a := range c.apps {
		if a.secret == secret {
			return a
		}
	}
	return nil
}

// newID returns an unguessable identifier for tokens, codes and msgids.
func newID() string { return rand.Text() }
