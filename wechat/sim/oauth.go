package sim

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// PhoneCookie names the cookie that says who is holding the simulated
// phone: its value is "corpid/userid". The inbox page sets it; the OAuth
// step reads it.
const PhoneCookie = "wxsim_user"

// handleAuthorize plays open.weixin.qq.com's silent OAuth step: the member
// holding the phone is sent on to redirect_uri with a fresh code. WeChat
// shows errors as pages, so this handler answers with HTML, not JSON.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	corpID := q.Get("appid")
	target, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("redirect_uri") == "" || err != nil || !target.IsAbs() ||
		(target.Scheme != "http" && target.Scheme != "https"):
		s.page(w, http.StatusBadRequest, "error", "redirect_uri must be an absolute http(s) URL")
		return
	case q.Get("response_type") != "code":
		s.page(w, http.StatusBadRequest, "error", "response_type must be code")
		return
	case q.Get("scope") != "snsapi_base" && q.Get("scope") != "snsapi_privateinfo":
		s.page(w, http.StatusBadRequest, "error", "scope must be snsapi_base or snsapi_privateinfo")
		return
	case q.Get("scope") == "snsapi_privateinfo" && q.Get("agentid") == "":
		// The member consents to one app seeing their details, so WeCom
		// must know which.
		s.page(w, http.StatusBadRequest, "error", "agentid is required with scope snsapi_privateinfo")
		return
	}

	s.mu.Lock()
	c := s.corps[corpID]
	if c == nil {
		s.mu.Unlock()
		s.page(w, http.StatusBadRequest, "error", "unknown appid (corpid) "+corpID)
		return
	}
	if v := q.Get("agentid"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		a, ok := c.apps[id]
		if err != nil || !ok {
			s.mu.Unlock()
			s.page(w, http.StatusBadRequest, "error", "unknown agentid "+v)
			return
		}
		if !a.trusts(target) {
			s.mu.Unlock()
			s.page(w, http.StatusBadRequest, "error", "redirect_uri is not on the app's trusted domain "+
				a.settings.redirectDomain+" (50001)")
			return
		}
	}
	holder := s.phoneUserLocked(r, c)
	if holder == nil {
		links := phoneLinks(corpID, c.sortedUsers(), r.URL.RequestURI())
		s.mu.Unlock()
		s.page(w, http.StatusOK, "choose", chooseData{CorpID: corpID, Users: links})
		return
	}
	code := s.issueCodeLocked(corpID, holder.id)
	s.mu.Unlock()
	redirectWithCode(w, r, target, code, q.Get("state"))
}

// trusts reports whether target may receive the app's codes: its host
// must be the app's trusted domain (agent/set redirect_domain, or the
// console's SaveTrustedDomain) exactly; WeCom does not extend it to
// sub-domains. sim: an app without one accepts any host, so demos need no
// setup.
func (a *app) trusts(target *url.URL) bool {
	d := a.settings.redirectDomain
	return d == "" || strings.EqualFold(target.Hostname(), d)
}

// issueCodeLocked issues an OAuth code for the member, good once for
// codeTTL with a token of the corp (auth/getuserinfo).
func (s *Server) issueCodeLocked(corpID, userID string) string {
	now := s.now()
	for v, ac := range s.codes { // unredeemed codes would pile up otherwise
		if !now.Before(ac.expires) {
			delete(s.codes, v)
		}
	}
	code := newID()
	s.codes[code] = &authCode{corpID: corpID, userKey: strings.ToLower(userID), expires: now.Add(codeTTL)}
	return code
}

// redirectWithCode sends the browser on to target with code and state
// added to whatever query target has, as WeChat does.
func redirectWithCode(w http.ResponseWriter, r *http.Request, target *url.URL, code, state string) {
	t := *target
	extra := url.Values{"code": {code}, "state": {state}}.Encode()
	if t.RawQuery == "" {
		t.RawQuery = extra
	} else {
		t.RawQuery += "&" + extra
	}
	http.Redirect(w, r, t.String(), http.StatusFound)
}

// phoneUserLocked returns the member of c named by the phone cookie, or
// nil when the cookie is missing, for another corp, or names nobody.
func (s *Server) phoneUserLocked(r *http.Request, c *corp) *user {
	ck, err := r.Cookie(PhoneCookie)
	if err != nil {
		return nil
	}
	corpID, userID, ok := strings.Cut(ck.Value, "/")
	if !ok || corpID != c.id {
		return nil
	}
	return c.users[strings.ToLower(userID)]
}

func setPhoneCookie(w http.ResponseWriter, corpID, userID string) {
	http.SetCookie(w, &http.Cookie{
		Name: PhoneCookie, Value: corpID + "/" + userID, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
}

// handlePhone hands the phone to a member (sets the cookie) and continues
// to next, a path on this server, or else to the member's inbox.
func (s *Server) handlePhone(w http.ResponseWriter, r *http.Request) {
	corpID, userID := r.PathValue("corpid"), r.PathValue("userid")
	s.mu.Lock()
	u := s.userLocked(corpID, userID)
	s.mu.Unlock()
	if u == nil {
		http.NotFound(w, r)
		return
	}
	setPhoneCookie(w, corpID, u.id)
	next := r.URL.Query().Get("next")
	// Only local paths: the parameter must not make the simulator an open
	// redirector.
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = inboxPath(corpID, u.id)
	}
	http.Redirect(w, r, next, http.StatusFound)
}

func inboxPath(corpID, userID string) string {
	return "/_sim/inbox/" + url.PathEscape(corpID) + "/" + url.PathEscape(userID)
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
