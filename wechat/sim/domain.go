package sim

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The console's trusted domain (可信域名): before saving one the console
// asks for a file WW_verify_<code>.txt holding <code> at the domain's
// root, fetches it, and refuses the domain when it is not there. The
// domain is then the app's redirect_domain, which OAuth and QR sign-in
// redirects must be on.

// verifyCodeLen is the length of a verification file's code. sim: WeCom's
// codes are 16 letters and digits in the files seen; the exact rule is not
// documented.
const verifyCodeLen = 16

// DomainVerifyFile returns the name and content of the file the console
// asks for before it saves a trusted domain of app agentID: name is
// "WW_verify_<code>.txt" and content is <code>. The code is the app's and
// stays the same until Reset. Errors: ErrNotFound for an unknown corp or
// app.
func (s *Server) DomainVerifyFile(corpID string, agentID int64) (name, content string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.appLocked(corpID, agentID)
	if err != nil {
		return "", "", err
	}
	return verifyFileName(a.verifyCodeLocked()), a.verifyCode, nil
}

func verifyFileName(code string) string { return "WW_verify_" + code + ".txt" }

func (a *app) verifyCodeLocked() string {
	if a.verifyCode == "" {
		a.verifyCode = rand.Text()[:verifyCodeLen] // base32: letters and digits
	}
	return a.verifyCode
}

// appLocked finds app agentID of the corp: ErrNotFound for an unknown
// corp or app.
func (s *Server) appLocked(corpID string, agentID int64) (*app, error) {
	c, err := s.corpLocked(corpID)
	if err != nil {
		return nil, err
	}
	a := c.apps[agentID]
	if a == nil {
		return nil, fmt.Errorf("%w: agentid %d in corp %q", ErrNotFound, agentID, corpID)
	}
	return a, nil
}

// SaveTrustedDomain sets app agentID's trusted domain as the console does:
// it fetches <origin>/WW_verify_<code>.txt (DomainVerifyFile) and saves
// the domain only when the answer is HTTP 200 with the code (surrounding
// white space ignored) within the corp's callback timeout. origin is
// "https://<domain>", then "http://<domain>" when that cannot connect;
// fetchOrigin, when not empty, replaces both (sim: for tests and local
// demos, whose server is not reachable under the domain; a domain cannot
// carry a port). An empty domain removes the trusted domain without a
// fetch. The domain is the app's redirect_domain (agent/get), which
// redirects of /connect/oauth2/authorize and of QR sign-in must match.
//
// Errors: ErrNotFound for an unknown corp or app; ErrInvalid for a domain
// that is not a host name (an IP, a port or a path); a *ConsoleError
// (also ErrInvalid) with MsgDomainRefused and the reason when the file is
// missing or wrong.
func (s *Server) SaveTrustedDomain(ctx context.Context, corpID string, agentID int64, domain, fetchOrigin string) error {
	domain = strings.ToLower(strings.TrimSpace(domain))
	if domain != "" && (!validDomain.MatchString(domain) || net.ParseIP(domain) != nil) {
		return fmt.Errorf("%w: a trusted domain is a domain name without scheme, port or path", ErrInvalid)
	}
	if u, err := url.Parse(fetchOrigin); fetchOrigin != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") ||
		u.Host == "" || strings.Trim(u.Path, "/") != "") {
		return fmt.Errorf("%w: fetch_origin must be an http(s) origin such as http://127.0.0.1:8080", ErrInvalid)
	}
	s.mu.Lock()
	a, err := s.appLocked(corpID, agentID)
	if err != nil || domain == "" {
		if err == nil {
			a.settings.redirectDomain = ""
		}
		s.mu.Unlock()
		return err
	}
	code := a.verifyCodeLocked()
	hub := s.corps[corpID].dir.hub
	s.mu.Unlock()

	timeout, _ := hub.policy()
	origins := []string{"https://" + domain, "http://" + domain}
	if fetchOrigin != "" {
		origins = []string{strings.TrimRight(fetchOrigin, "/")}
	}
	var refusal error
	for _, o := range origins {
		var connected bool
		connected, refusal = s.fetchVerifyFile(ctx, o+"/"+verifyFileName(code), code, timeout)
		if connected {
			break
		}
	}
	if refusal != nil {
		return refusal
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if a2, err := s.appLocked(corpID, agentID); err != nil || a2 != a {
		return fmt.Errorf("%w: app %d of corp %q was reset during verification", ErrNotFound, agentID, corpID)
	}
	a.settings.redirectDomain = domain
	return nil
}

// fetchVerifyFile fetches target and checks it holds code; connected is
// false when no HTTP answer came (so another scheme may be tried).
func (s *Server) fetchVerifyFile(ctx context.Context, target, code string, timeout time.Duration) (connected bool, err error) {
	refuse := func(format string, args ...any) error {
		return &ConsoleError{Msg: MsgDomainRefused, Reason: fmt.Sprintf(format, args...)}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return true, refuse("%v", err)
	}
	req.Close = true
	resp, err := s.callbacks.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return false, refuse("%s: no answer in time", target)
		}
		return false, refuse("%s: %v", target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxVerifyAnswer))
	switch {
	case err != nil:
		return true, refuse("%s: reading the answer: %v", target, err)
	case resp.StatusCode != http.StatusOK:
		return true, refuse("%s: HTTP %s", target, resp.Status)
	case strings.TrimSpace(string(body)) != code:
		return true, refuse("%s does not hold the verification code", target)
	}
	return true, nil
}

// GET /_sim/corps/{corpid}/apps/{agentid}/domain-verify-file →
// 200 {"filename":"WW_verify_….txt","content":"…"}.
func (s *Server) handleDomainVerifyFile(w http.ResponseWriter, r *http.Request) {
	agentID, ok := pathAgentID(w, r)
	if !ok {
		return
	}
	name, content, err := s.DomainVerifyFile(r.PathValue("corpid"), agentID)
	if err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"filename": name, "content": content})
}

// PUT /_sim/corps/{corpid}/apps/{agentid}/trusted-domain
// {"domain","fetch_origin"} → 204 once the verification file was found
// (SaveTrustedDomain), else 400 {"error":"域名归属校验未通过: …"}.
func (s *Server) handleTrustedDomain(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Domain      string `json:"domain"`
		FetchOrigin string `json:"fetch_origin"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	agentID, ok := pathAgentID(w, r)
	if !ok {
		return
	}
	noContent(w, s.SaveTrustedDomain(r.Context(), r.PathValue("corpid"), agentID, in.Domain, in.FetchOrigin))
}
