package sim

import (
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// Access tokens of service accounts. Two isolated kinds, as WeChat has:
//   - /cgi-bin/token (classic): every call issues a new token and the
//     previous one keeps working only for a short overlap (5 minutes).
//   - /cgi-bin/stable_token: normal mode hands out the same token until 5
//     minutes before it expires, then a new one while the old one lives on
//     to its own expiry; force_refresh replaces it at once, at most 20
//     times a day and only when 30 s have passed since the last one.

const (
	// mpRotateWindow is both the classic token's overlap and how long
	// before expiry stable_token starts handing out the next token.
	mpRotateWindow = 5 * time.Minute
	// mpForceSpacing and mpForcePerDay bound stable_token's force_refresh.
	mpForceSpacing = 30 * time.Second
	mpForcePerDay  = 20
	// mpClassicPerDay is /cgi-bin/token's daily quota for a new account.
	mpClassicPerDay = 2000
)

// mpBeijing is the zone WeChat's daily quotas reset in.
var mpBeijing = time.FixedZone("CST", 8*60*60)

// mpTokenState is one account's token and ticket bookkeeping.
type mpTokenState struct {
	classic, stable string // current token of each kind, "" before the first
	lastForce       time.Time
	// quotaDay is the Beijing date the counters below belong to.
	quotaDay               string
	forceCount, classicCnt int
	tickets                map[string]*mpTicket // by type: jsapi, wx_card
}

type mpToken struct {
	appID   string
	expires time.Time
	// cut, when not zero, ends the token before expires: a classic token
	// replaced by a newer one, or a stable token replaced by force_refresh.
	cut time.Time
}

type mpTicket struct {
	value   string
	expires time.Time
}

// mpWindow scales mpRotateWindow to the token life: 5 minutes of 7200 s,
// and a 24th of a shorter TokenTTL, so tests with a 48 s token see a 2 s
// window. sim: WeChat's tokens always live 7200 s.
func (s *Server) mpWindow() time.Duration { return min(mpRotateWindow, s.tokenTTL/24) }

// mpExpiresIn is what expires_in says for a token expiring at t: whole
// seconds, rounded down so a client never believes in a dead token, and at
// least 1.
func mpExpiresIn(now, t time.Time) int64 { return max(1, int64(t.Sub(now)/time.Second)) }

// quotaLocked rolls the daily counters over at Beijing midnight.
func (t *mpTokenState) quotaLocked(now time.Time) {
	if day := now.In(mpBeijing).Format(time.DateOnly); day != t.quotaDay {
		t.quotaDay, t.forceCount, t.classicCnt = day, 0, 0
	}
}

// mpCredentialsLocked checks grant_type, appid and secret as both token APIs
// do. sim: WeChat answers a wrong secret with 40125 or 40001 depending on
// the API and era; the simulator answers 40125 "invalid appsecret", which
// is what stable_token and recent /cgi-bin/token answers show.
func (s *Server) mpCredentialsLocked(grantType, appID, secret string) (*mpAccount, *apiError) {
	switch {
	case grantType != "client_credential":
		return nil, apiErr(40002, "invalid grant_type")
	case appID == "":
		return nil, apiErr(41002, "appid missing")
	case secret == "":
		return nil, apiErr(41004, "appsecret missing")
	}
	a := s.mp.accounts[appID]
	if a == nil {
		return nil, apiErr(40013, "invalid appid")
	}
	if secret != a.secret {
		return nil, apiErr(40125, "invalid appsecret")
	}
	return a, nil
}

func (s *Server) issueMPTokenLocked(a *mpAccount, now time.Time) (string, *mpToken) {
	v := newID() + newID() + newID()
	t := &mpToken{appID: a.appID, expires: now.Add(s.tokenTTL)}
	s.mp.tokens[v] = t
	return v, t
}

// GET /cgi-bin/token?grant_type=client_credential&appid=&secret=
func (s *Server) handleMPToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	fields, e := s.mpClassicTokenLocked(q.Get("grant_type"), q.Get("appid"), q.Get("secret"))
	s.mu.Unlock()
	s.mpReply(w, r, e, fields, true)
}

func (s *Server) mpClassicTokenLocked(grantType, appID, secret string) (map[string]any, *apiError) {
	a, e := s.mpCredentialsLocked(grantType, appID, secret)
	if e != nil {
		return nil, e
	}
	now := s.now()
	a.tokens.quotaLocked(now)
	if a.tokens.classicCnt >= mpClassicPerDay {
		return nil, apiErr(45009, "reach max api daily quota limit, could get access_token by getStableAccessToken")
	}
	a.tokens.classicCnt++
	if old := s.mp.tokens[a.tokens.classic]; old != nil {
		end := now.Add(s.mpWindow())
		if old.cut.IsZero() || end.Before(old.cut) {
			old.cut = end
		}
	}
	v, t := s.issueMPTokenLocked(a, now)
	a.tokens.classic = v
	return map[string]any{"access_token": v, "expires_in": mpExpiresIn(now, t.expires)}, nil
}

type mpStableTokenBody struct {
	GrantType    string `json:"grant_type"`
	AppID        string `json:"appid"`
	Secret       string `json:"secret"`
	ForceRefresh bool   `json:"force_refresh"`
}

// POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh}
func (s *Server) handleMPStableToken(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	var in mpStableTokenBody
	s.mu.Lock()
	var fields map[string]any
	var e *apiError
	if err != nil || json.Unmarshal(raw, &in) != nil {
		// The API takes POST JSON only; a form or query is refused.
		e = apiErr(47001, "data format error")
	} else {
		fields, e = s.mpStableTokenLocked(in)
	}
	s.mu.Unlock()
	s.mpReply(w, r, e, fields, true)
}

func (s *Server) mpStableTokenLocked(in mpStableTokenBody) (map[string]any, *apiError) {
	a, e := s.mpCredentialsLocked(in.GrantType, in.AppID, in.Secret)
	if e != nil {
		return nil, e
	}
	now := s.now()
	cur := s.mp.tokens[a.tokens.stable]
	live := cur != nil && cur.cut.IsZero() && now.Before(cur.expires)

	if in.ForceRefresh {
		a.tokens.quotaLocked(now)
		switch {
		case live && now.Sub(a.tokens.lastForce) < mpForceSpacing:
			// WeChat documents that a force refresh within 30 s of the last
			// one "does not refresh"; sim: it answers the current token.
			return map[string]any{"access_token": a.tokens.stable, "expires_in": mpExpiresIn(now, cur.expires)}, nil
		case a.tokens.forceCount >= mpForcePerDay:
			// sim: the code for the 21st force refresh of a day is not
			// documented; 45009 is WeChat's daily-quota code.
			return nil, apiErr(45009, "reach max api daily quota limit")
		}
		a.tokens.forceCount++
		a.tokens.lastForce = now
		if live {
			cur.cut = now
		}
	} else if live && cur.expires.Sub(now) > s.mpWindow() {
		return map[string]any{"access_token": a.tokens.stable, "expires_in": mpExpiresIn(now, cur.expires)}, nil
	}
	// A normal-mode rotation leaves the old token valid to its own expiry.
	v, t := s.issueMPTokenLocked(a, now)
	a.tokens.stable = v
	return map[string]any{"access_token": v, "expires_in": mpExpiresIn(now, t.expires)}, nil
}

// mpAuthLocked resolves the request's access_token (query string) to its
// account: 41001 when missing, 40014 when never issued, 42001 when expired,
// 40001 "not latest" when replaced (a newer classic token after the
// overlap, or a stable force refresh), as WeChat answers.
func (s *Server) mpAuthLocked(r *http.Request) (*mpAccount, *apiError) {
	v := r.URL.Query().Get("access_token")
	if v == "" {
		return nil, apiErr(41001, "access_token missing")
	}
	t := s.mp.tokens[v]
	if t == nil {
		return nil, apiErr(40014, "invalid access_token")
	}
	now := s.now()
	if !now.Before(t.expires) {
		return nil, apiErr(42001, "access_token expired")
	}
	if !t.cut.IsZero() && !now.Before(t.cut) {
		return nil, apiErr(40001, "invalid credential, access_token is invalid or not latest")
	}
	return s.mp.accounts[t.appID], nil
}

// GET /cgi-bin/ticket/getticket?access_token=&type=jsapi
func (s *Server) handleMPTicket(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	fields, e := s.mpTicketLocked(r)
	s.mu.Unlock()
	s.mpReply(w, r, e, fields, false)
}

// mpTicketLocked hands out the account's ticket of the type. sim: the same
// ticket until it expires (WeChat asks callers to cache it and does not
// say whether a new call replaces it); it lives as long as a token.
func (s *Server) mpTicketLocked(r *http.Request) (map[string]any, *apiError) {
	a, e := s.mpAuthLocked(r)
	if e != nil {
		return nil, e
	}
	typ := r.URL.Query().Get("type")
	if typ != "jsapi" && typ != "wx_card" {
		// sim: WeChat's code for a bad type is not documented.
		return nil, apiErr(40097, "invalid args: type must be jsapi or wx_card")
	}
	now := s.now()
	if a.tokens.tickets == nil {
		a.tokens.tickets = map[string]*mpTicket{}
	}
	t := a.tokens.tickets[typ]
	if t == nil || t.expires.Sub(now) < time.Second {
		t = &mpTicket{value: newID() + newID(), expires: now.Add(s.tokenTTL)}
		a.tokens.tickets[typ] = t
	}
	return map[string]any{"ticket": t.value, "expires_in": mpExpiresIn(now, t.expires)}, nil
}
