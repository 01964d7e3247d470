package sim

import (
	"fmt"
	"net/http"
)

// Control endpoints for service accounts, mirroring the Go methods:
//
//	POST   /_sim/mp/accounts {"appid","secret","name"}                    → 201
//	POST   /_sim/mp/{appid}/followers {"openid","nickname","unionid"}      → 201
//	POST   /_sim/mp/{appid}/followers/{openid}/subscription {"subscribed"} → 204 (subscribe / unsubscribe event)
//	POST   /_sim/mp/{appid}/followers/{openid}/block {"blocked"}           → 204 (拒收消息: sends report failed:user block)
//	POST   /_sim/mp/{appid}/templates {"template_id","title","keys","labels"} → 201 (labels optional, one per key)
//	GET    /_sim/mp/{appid}/followers/{openid}/messages                   → 200 [TemplateMessage…]
//	GET    /_sim/mp/{appid}/events                                        → 200 [MPEvent…]
//	POST   /_sim/mp/{appid}/server {"url","token","aes_key","mode"}       → 200 MPServerConfig once the URL
//	       answered the echostr; else 400 "token验证失败: …" or "请求URL超时: …"; mode plain | compat | safe
//	GET    /_sim/mp/{appid}/server                                        → 200 MPServerConfig
//	DELETE /_sim/mp/{appid}/server                                        → 204 (停用: events no longer posted)
//	PUT    /_sim/mp/{appid}/callback-policy {"timeout_ms","retry_spacing_ms"} → 204
//	GET    /_sim/mp/{appid}/callbacks                                     → 200 [CallbackAttempt…] (posts to the server)
//	POST   /_sim/mp/{appid}/scan {"ticket","openid","nickname"}           → 204 (subscribe or SCAN event)
//	GET    /_sim/mp/phone/{appid}/{openid}?next=                          → 302 (sets MPPhoneCookie)
//	GET    /_sim/mp/inbox/{appid}/{openid}                                → the follower's phone (HTML; sets MPPhoneCookie)
//	POST   /_sim/mp/inbox/{appid}/{openid} subscribed=true|false (form)   → 303 (the page's 关注 button)
//	GET    /_sim/mp/inbox/{appid}/{openid}/tap?b=i[.j]                    → 302 (menu tap: VIEW or CLICK event)
//
// Errors are {"error"} with 400, 404 or 409, as for the WeCom side.
func (s *Server) routesMPControl(m *http.ServeMux) {
	m.HandleFunc("POST /_sim/mp/accounts", s.handleMPCreateAccount)
	m.HandleFunc("POST /_sim/mp/{appid}/followers", s.handleMPAddFollower)
	m.HandleFunc("POST /_sim/mp/{appid}/followers/{openid}/subscription", s.handleMPSubscription)
	m.HandleFunc("POST /_sim/mp/{appid}/followers/{openid}/block", s.handleMPBlock)
	m.HandleFunc("POST /_sim/mp/{appid}/templates", s.handleMPAddTemplate)
	m.HandleFunc("GET /_sim/mp/{appid}/followers/{openid}/messages", s.handleMPMessages)
	m.HandleFunc("GET /_sim/mp/{appid}/events", s.handleMPEvents)
	m.HandleFunc("POST /_sim/mp/{appid}/server", s.handleMPSetServer)
	m.HandleFunc("GET /_sim/mp/{appid}/server", s.handleMPGetServer)
	m.HandleFunc("DELETE /_sim/mp/{appid}/server", s.handleMPDisableServer)
	m.HandleFunc("PUT /_sim/mp/{appid}/callback-policy", s.handleMPCallbackPolicy)
	m.HandleFunc("GET /_sim/mp/{appid}/callbacks", s.handleMPCallbacks)
	m.HandleFunc("POST /_sim/mp/{appid}/scan", s.handleMPScan)
	m.HandleFunc("GET /_sim/mp/phone/{appid}/{openid}", s.handleMPPhone)
	m.HandleFunc("GET /_sim/mp/inbox/{appid}/{openid}", s.handleMPInbox)
	m.HandleFunc("POST /_sim/mp/inbox/{appid}/{openid}", s.consolePost(s.handleMPInboxSubscribe))
	m.HandleFunc("GET /_sim/mp/inbox/{appid}/{openid}/tap", s.handleMPMenuTap)
}

func (s *Server) handleMPCreateAccount(w http.ResponseWriter, r *http.Request) {
	var in struct {
		AppID  string `json:"appid"`
		Secret string `json:"secret"`
		Name   string `json:"name"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if err := s.CreateServiceAccount(in.AppID, in.Secret, in.Name); err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"appid": in.AppID, "name": in.Name})
}

func (s *Server) handleMPAddFollower(w http.ResponseWriter, r *http.Request) {
	var in struct {
		OpenID   string `json:"openid"`
		Nickname string `json:"nickname"`
		UnionID  string `json:"unionid"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	appID := r.PathValue("appid")
	err := s.AddFollower(appID, in.OpenID, in.Nickname)
	if err == nil && in.UnionID != "" {
		err = s.SetUnionID(appID, in.OpenID, in.UnionID)
	}
	if err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, in)
}

func (s *Server) handleMPSubscription(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Subscribed *bool `json:"subscribed"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.Subscribed == nil {
		writeControlError(w, fmt.Errorf("%w: subscribed (true or false) is required", ErrInvalid))
		return
	}
	if err := s.SetSubscribed(r.PathValue("appid"), r.PathValue("openid"), *in.Subscribed); err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleMPAddTemplate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		TemplateID string   `json:"template_id"`
		Title      string   `json:"title"`
		Keys       []string `json:"keys"`
		Labels     []string `json:"labels,omitempty"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if err := s.AddTemplate(r.PathValue("appid"), in.TemplateID, in.Title, in.Keys, in.Labels...); err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, in)
}

func (s *Server) handleMPMessages(w http.ResponseWriter, r *http.Request) {
	appID, openID := r.PathValue("appid"), r.PathValue("openid")
	s.mu.Lock()
	_, err := s.mpFollowerLocked(appID, openID)
	s.mu.Unlock()
	if err != nil {
		writeControlError(w, err)
		return
	}
	msgs := s.TemplateMessages(appID, openID)
	if msgs == nil {
		msgs = []TemplateMessage{}
	}
	writeJSON(w, http.StatusOK, msgs)
}

func (s *Server) handleMPEvents(w http.ResponseWriter, r *http.Request) {
	events := s.MPEvents(r.PathValue("appid"))
	if events == nil {
		s.mu.Lock()
		_, ok := s.mp.accounts[r.PathValue("appid")]
		s.mu.Unlock()
		if !ok {
			writeControlError(w, fmt.Errorf("%w: no such service account", ErrNotFound))
			return
		}
		events = []MPEvent{}
	}
	writeJSON(w, http.StatusOK, events)
}
