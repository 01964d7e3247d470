package sim

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// MPPhoneCookie names the cookie that says which follower holds the
// simulated phone for the service account's web OAuth: "appid/openid".
// GET /_sim/mp/phone/{appid}/{openid} sets it.
const MPPhoneCookie = "wxsim_mp_user"

type mpCode struct {
	appID, openID, scope string
	expires              time.Time
	used                 bool
}

// handleMPAuthorize plays open.weixin.qq.com's web OAuth step for a
// service account: the follower holding the phone (the cookie) is sent on
// to redirect_uri with a fresh code; without the cookie a chooser of the
// account's followers is shown. sim: snsapi_userinfo's consent screen is
// skipped (the chooser stands in for it), and any redirect domain is
// accepted (WeChat checks it against the account's 网页授权域名, 10003).
// WeChat shows these errors as pages, so this handler answers HTML.
func (s *Server) handleMPAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	appID, scope := q.Get("appid"), q.Get("scope")
	target, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("redirect_uri") == "" || err != nil || !target.IsAbs() ||
		(target.Scheme != "http" && target.Scheme != "https"):
		s.page(w, http.StatusBadRequest, "error", "10003 redirect_uri 参数错误: an absolute http(s) URL is required")
		return
	case q.Get("response_type") != "code":
		s.page(w, http.StatusBadRequest, "error", "10004 response_type 参数错误: must be code")
		return
	case scope != "snsapi_base" && scope != "snsapi_userinfo":
		s.page(w, http.StatusBadRequest, "error", "10005 scope 参数错误: snsapi_base or snsapi_userinfo")
		return
	}

	s.mu.Lock()
	a := s.mp.accounts[appID]
	if a == nil {
		s.mu.Unlock()
		// sim: WeChat's page for an unknown appid says only "参数错误".
		s.page(w, http.StatusBadRequest, "error", "10016 appid 参数错误: no service account "+appID)
		return
	}
	f := mpPhoneFollowerLocked(r, a)
	if f == nil {
		links := mpPhoneLinks(a, r.RequestURI)
		s.mu.Unlock()
		s.page(w, http.StatusOK, "choose", chooseData{CorpID: appID, Users: links})
		return
	}
	now := s.now()
	for v, c := range s.mp.codes {
		if !now.Before(c.expires) {
			delete(s.mp.codes, v)
		}
	}
	code := newID()
	s.mp.codes[code] = &mpCode{appID: appID, openID: f.openID, scope: scope, expires: now.Add(codeTTL)}
	s.mu.Unlock()

	extra := url.Values{"code": {code}, "state": {q.Get("state")}}.Encode()
	if target.RawQuery == "" {
		target.RawQuery = extra
	} else {
		target.RawQuery += "&" + extra
	}
	http.Redirect(w, r, target.String(), http.StatusFound)
}

func mpPhoneFollowerLocked(r *http.Request, a *mpAccount) *mpFollower {
	ck, err := r.Cookie(MPPhoneCookie)
	if err != nil {
		return nil
	}
	appID, openID, ok := strings.Cut(ck.Value, "/")
	if !ok || appID != a.appID {
		return nil
	}
	return a.followers[openID]
}

// mpPhoneLinks lists the account's followers by openid, each a link that
// hands the phone over and comes back to next (the authorize request as
// the browser sent it, /mp prefix included).
func mpPhoneLinks(a *mpAccount, next string) []userLink {
	ids := slices.Sorted(maps.Keys(a.followers))
	links := make([]userLink, len(ids))
	for i, id := range ids {
		f := a.followers[id]
		links[i] = userLink{ID: f.openID, Name: f.nickname,
			Href: "/_sim/mp/phone/" + url.PathEscape(a.appID) + "/" + url.PathEscape(f.openID) + "?next=" + url.QueryEscape(next)}
	}
	return links
}

// GET /_sim/mp/phone/{appid}/{openid}?next= hands the phone to a follower
// (sets MPPhoneCookie) and continues to next, a local path, or else to the
// follower's messages.
func (s *Server) handleMPPhone(w http.ResponseWriter, r *http.Request) {
	appID, openID := r.PathValue("appid"), r.PathValue("openid")
	s.mu.Lock()
	_, err := s.mpFollowerLocked(appID, openID)
	s.mu.Unlock()
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: MPPhoneCookie, Value: appID + "/" + openID, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
	next := r.URL.Query().Get("next")
	// Only local paths: the simulator must not be an open redirector.
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = "/_sim/mp/" + url.PathEscape(appID) + "/followers/" + url.PathEscape(openID) + "/messages"
	}
	http.Redirect(w, r, next, http.StatusFound)
}

// GET /sns/oauth2/access_token?appid=&secret=&code=&grant_type=authorization_code
func (s *Server) handleMPOAuthToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	fields, e := s.mpOAuthTokenLocked(q)
	s.mu.Unlock()
	s.mpReply(w, r, e, fields, true)
}

// mpOAuthTokenLocked redeems a web OAuth code: once, within 5 minutes, by
// the account it was issued for. An unknown, expired or other account's
// code is 40029; a used one 40163 "code been used", as WeChat answers
// (pages that reload on Back replay used codes).
func (s *Server) mpOAuthTokenLocked(q url.Values) (map[string]any, *apiError) {
	if q.Get("grant_type") != "authorization_code" {
		return nil, apiErr(40002, "invalid grant_type")
	}
	switch {
	case q.Get("appid") == "":
		return nil, apiErr(41002, "appid missing")
	case q.Get("secret") == "":
		return nil, apiErr(41004, "appsecret missing")
	case q.Get("code") == "":
		return nil, apiErr(41008, "missing code")
	}
	a := s.mp.accounts[q.Get("appid")]
	if a == nil {
		return nil, apiErr(40013, "invalid appid")
	}
	if q.Get("secret") != a.secret {
		return nil, apiErr(40125, "invalid appsecret")
	}
	c := s.mp.codes[q.Get("code")]
	now := s.now()
	if c == nil || c.appID != a.appID || !now.Before(c.expires) {
		return nil, apiErr(40029, "invalid code")
	}
	if c.used {
		return nil, apiErr(40163, "code been used")
	}
	c.used = true
	f := a.followers[c.openID]
	if f == nil {
		return nil, apiErr(40029, "invalid code")
	}
	fields := map[string]any{
		// sim: the web access_token and the (30-day) refresh_token are not
		// accepted by any simulated API (sns/userinfo and
		// sns/oauth2/refresh_token are not simulated); they only have
		// WeChat's shape.
		"access_token":    newID() + newID(),
		"expires_in":      7200,
		"refresh_token":   newID() + newID(),
		"openid":          f.openID,
		"scope":           c.scope,
		"is_snapshotuser": 0,
	}
	if f.unionID != "" && c.scope == "snsapi_userinfo" {
		fields["unionid"] = f.unionID
	}
	return fields, nil
}
