package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
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

// maxRequestBody bounds the JSON body of a WeCom or service-account API.
const maxRequestBody int64 = 2 << 20

// lockedAPI is a WeCom API's work under s.mu. readErr is why the body
// could not be read, if it could not: it is for f to answer, after the
// token, as WeCom checks the token first.
type lockedAPI func(r *http.Request, body []byte, readErr error) (map[string]any, *apiError)

// apiHandler wraps a WeCom API in the handler pattern: read the body, do
// the work under s.mu, reply.
func (s *Server) apiHandler(f lockedAPI) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
		s.mu.Lock()
		fields, e := f(r, body, readErr)
		s.mu.Unlock()
		s.reply(w, r, e, fields)
	}
}

// queryAPI adapts an API that reads only its query string.
func queryAPI(f func(r *http.Request) (map[string]any, *apiError)) lockedAPI {
	return func(r *http.Request, _ []byte, _ error) (map[string]any, *apiError) { return f(r) }
}

// noFields adapts an API that answers only errcode and errmsg.
func noFields(f func(r *http.Request, body []byte, readErr error) *apiError) lockedAPI {
	return func(r *http.Request, body []byte, readErr error) (map[string]any, *apiError) {
		return nil, f(r, body, readErr)
	}
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
	// The contact-sync secret is not an app: its token carries agentid 0.
	var agentID int64
	current := &c.contactToken
	if a := c.appBySecret(secret); a != nil {
		agentID, current = a.agentID, &a.token
	} else if c.contactSecret == "" || secret != c.contactSecret {
		return "", 0, apiErr(40001, "invalid credential")
	}
	now := s.now()
	// sim: a token with less than a second to live is not handed out
	// again; WeCom counts expires_in in whole seconds, and "0" would be
	// useless to the caller.
	if t, ok := s.tokens[*current]; ok && t.expires.Sub(now) >= time.Second {
		return *current, int64(t.expires.Sub(now) / time.Second), nil
	}
	v := newID() + newID()
	s.tokens[v] = &token{corpID: corpID, agentID: agentID, expires: now.Add(s.tokenTTL)}
	*current = v
	return v, ceilSeconds(s.tokenTTL), nil
}

func ceilSeconds(d time.Duration) int64 { return int64(math.Ceil(d.Seconds())) }

// authLocked resolves the request's access_token (query string only, as
// WeCom) to its corp and app. The app is nil for the contact-sync secret's
// token, which sees every member and department; an app's token sees its
// visible scope. A caller outside the trusted IPs of the token's app (or
// contact-sync secret) gets 60020.
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
	if e := c.checkIP(t.agentID, r); e != nil {
		return nil, nil, e
	}
	return c, c.apps[t.agentID], nil
}

// appAuthLocked is authLocked for APIs only an app may call (message/send,
// menus, agents, tickets): the contact-sync secret's token gets 48002.
func (s *Server) appAuthLocked(r *http.Request) (*corp, *app, *apiError) {
	c, a, e := s.authLocked(r)
	if e != nil {
		return nil, nil, e
	}
	if a == nil {
		return nil, nil, apiErr(48002, "api forbidden: the contact-sync secret cannot call this api")
	}
	return c, a, nil
}

// contactAuthLocked is authLocked for contact writes, which need the
// contact-sync secret's token: an app's token gets 48002.
func (s *Server) contactAuthLocked(r *http.Request) (*corp, *apiError) {
	c, a, e := s.authLocked(r)
	if e != nil {
		return nil, e
	}
	if a != nil {
		return nil, apiErr(48002, "api forbidden: contact writes need the contact-sync secret")
	}
	return c, nil
}

// flexInt accepts a JSON number or a numeric string: SDKs send agentid
// both ways and WeCom takes either.
type flexInt int64

// encodePayload renders a payload without json.Marshal's HTML escaping, so
// the control API shows descriptions as they were sent.
func encodePayload(v any) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // plain string structs always encode
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
