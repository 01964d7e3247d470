package sim

import (
	"net/http"
	"time"
)

// JS-SDK tickets. The corp's jsapi_ticket (wx.config) and an app's
// agent_config ticket (wx.agentConfig) each live 7200 s, and WeCom hands
// out the same ticket until it expires. Fetching is limited: 400 an hour
// per corp and 100 an hour per app for get_jsapi_ticket, 100 an hour per
// app for ticket/get; beyond that 45009.

const (
	ticketTTL         = 7200 * time.Second
	corpTicketPerHour = 400
	appTicketPerHour  = 100
)

// ticket is a JS-SDK ticket and its expiry.
type ticket struct {
	value   string
	expires time.Time
}

// current returns t's value and remaining seconds, issuing a new
// ticket when it has less than a second left.
func (t *ticket) current(now time.Time) (string, int64) {
	if t.value == "" || t.expires.Sub(now) < time.Second {
		t.value = newID() + newID() + newID()
		t.expires = now.Add(ticketTTL)
	}
	return t.value, int64(t.expires.Sub(now) / time.Second)
}

// jsapiTicketLocked is GET /cgi-bin/get_jsapi_ticket → {"ticket","expires_in"}.
func (s *Server) jsapiTicketLocked(r *http.Request) (map[string]any, *apiError) {
	c, a, e := s.appAuthLocked(r)
	if e != nil {
		return nil, e
	}
	now := s.now()
	c.msg.jsCalls = trimWindow(c.msg.jsCalls, now, time.Hour)
	a.settings.jsCalls = trimWindow(a.settings.jsCalls, now, time.Hour)
	if len(c.msg.jsCalls) >= corpTicketPerHour || len(a.settings.jsCalls) >= appTicketPerHour {
		return nil, apiErr(45009, "api freq out of limit: jsapi_ticket")
	}
	c.msg.jsCalls = append(c.msg.jsCalls, now)
	a.settings.jsCalls = append(a.settings.jsCalls, now)
	v, left := c.msg.jsTicket.current(now)
	return map[string]any{"ticket": v, "expires_in": left}, nil
}

// agentTicketLocked is GET /cgi-bin/ticket/get?type=agent_config →
// {"ticket","expires_in"}. sim: another type is 40058.
func (s *Server) agentTicketLocked(r *http.Request) (map[string]any, *apiError) {
	_, a, e := s.appAuthLocked(r)
	if e != nil {
		return nil, e
	}
	if r.URL.Query().Get("type") != "agent_config" {
		return nil, apiErr(40058, "invalid parameter: type must be agent_config")
	}
	now := s.now()
	a.settings.agentCalls = trimWindow(a.settings.agentCalls, now, time.Hour)
	if len(a.settings.agentCalls) >= appTicketPerHour {
		return nil, apiErr(45009, "api freq out of limit: agent_config ticket")
	}
	a.settings.agentCalls = append(a.settings.agentCalls, now)
	v, left := a.settings.agentTicket.current(now)
	return map[string]any{"ticket": v, "expires_in": left}, nil
}
