package sim

import (
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// agentAppLocked authenticates an agent call for agentID as sent: WeCom
// lets an app read and change only itself.
func (s *Server) agentAppLocked(r *http.Request, agentID string) (*corp, *app, *apiError) {
	c, a, e := s.appAuthLocked(r)
	if e != nil {
		return nil, nil, e
	}
	if e := sameAgent(a, agentID); e != nil {
		return nil, nil, e
	}
	return c, a, nil
}

// sameAgent checks the agentid a request names against the token's app.
func sameAgent(a *app, agentID string) *apiError {
	if agentID == "" || agentID == "0" {
		return apiErr(41011, "missing agentid")
	}
	if id, err := strconv.ParseInt(agentID, 10, 64); err != nil || id != a.agentID {
		return apiErr(301002, "not allow operate another agent with this accesstoken.")
	}
	return nil
}

// agentGetLocked is GET /cgi-bin/agent/get?agentid=.
func (s *Server) agentGetLocked(r *http.Request) (map[string]any, *apiError) {
	c, a, e := s.agentAppLocked(r, r.URL.Query().Get("agentid"))
	if e != nil {
		return nil, e
	}
	users, parties, tags := a.scopeLists(c)
	userInfos := make([]map[string]string, len(users))
	for i, u := range users {
		userInfos[i] = map[string]string{"userid": u}
	}
	st := a.settings
	logo := st.squareLogoURL
	if logo == "" {
		// sim: every WeCom app has a logo; this one is a placeholder.
		logo = "https://wework.qpic.cn/wwpic/sim-" + strconv.FormatInt(a.agentID, 10) + "/0"
	}
	return map[string]any{
		"agentid": a.agentID, "name": a.name, "square_logo_url": logo, "description": st.description,
		"allow_userinfos": map[string]any{"user": userInfos},
		"allow_partys":    map[string]any{"partyid": parties},
		"allow_tags":      map[string]any{"tagid": tags},
		"close":           st.close, "redirect_domain": st.redirectDomain,
		"report_location_flag": st.reportLocationFlag, "isreportenter": st.isReportEnter, "home_url": st.homeURL,
	}, nil
}

type agentSetBody struct {
	AgentID            flexInt  `json:"agentid"`
	ReportLocationFlag *flexInt `json:"report_location_flag"`
	LogoMediaID        *string  `json:"logo_mediaid"`
	Name               *string  `json:"name"`
	Description        *string  `json:"description"`
	RedirectDomain     *string  `json:"redirect_domain"`
	IsReportEnter      *flexInt `json:"isreportenter"`
	HomeURL            *string  `json:"home_url"`
}

// validDomain is a host name with at least one dot: WeCom's trusted domain
// takes no scheme, port, path or IP address.
var validDomain = regexp.MustCompile(`^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$`)

// agentSetLocked is POST /cgi-bin/agent/set: fields left out keep their
// values. It checks every field before changing any. sim: a name
// must be 1–32 characters (40058), and a logo_mediaid is not checked
// against media/upload.
func (s *Server) agentSetLocked(r *http.Request, raw []byte, readErr error) *apiError {
	_, a, e := s.appAuthLocked(r)
	if e != nil {
		return e
	}
	var req agentSetBody
	if readErr != nil || json.Unmarshal(raw, &req) != nil {
		return wrongJSON()
	}
	if e := sameAgent(a, strconv.FormatInt(int64(req.AgentID), 10)); e != nil {
		return e
	}
	switch {
	case req.ReportLocationFlag != nil && *req.ReportLocationFlag != 0 && *req.ReportLocationFlag != 1:
		return apiErr(40059, "invalid report_location_flag: 0 or 1")
	case req.IsReportEnter != nil && *req.IsReportEnter != 0 && *req.IsReportEnter != 1:
		return apiErr(40058, "invalid parameter: isreportenter is 0 or 1")
	case req.Name != nil && (*req.Name == "" || utf8.RuneCountInString(*req.Name) > 32):
		return apiErr(40058, "invalid parameter: name is 1 to 32 characters")
	case req.Description != nil && (utf8.RuneCountInString(*req.Description) < 4 || utf8.RuneCountInString(*req.Description) > 120):
		return apiErr(45004, "invalid description size: 4 to 120 characters")
	case req.HomeURL != nil && !httpURL(*req.HomeURL):
		return apiErr(40094, "invalid home_url: an absolute http(s) url")
	case req.RedirectDomain != nil && *req.RedirectDomain != "" &&
		(!validDomain.MatchString(*req.RedirectDomain) || net.ParseIP(*req.RedirectDomain) != nil):
		return apiErr(80001, "invalid redirect_domain: a domain name without scheme, port or path")
	case req.LogoMediaID != nil && *req.LogoMediaID == "":
		return apiErr(41006, "media_id missing")
	}
	st := &a.settings
	if req.ReportLocationFlag != nil {
		st.reportLocationFlag = int(*req.ReportLocationFlag)
	}
	if req.IsReportEnter != nil {
		st.isReportEnter = int(*req.IsReportEnter)
	}
	if req.Name != nil {
		a.name = *req.Name
	}
	if req.Description != nil {
		st.description = *req.Description
	}
	if req.HomeURL != nil {
		st.homeURL = *req.HomeURL
	}
	if req.RedirectDomain != nil {
		st.redirectDomain = *req.RedirectDomain
	}
	if req.LogoMediaID != nil {
		st.squareLogoURL = "https://wework.qpic.cn/wwpic/sim-" + url.PathEscape(*req.LogoMediaID) + "/0"
	}
	return nil
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// scopeLists is the app's visible scope as agent/get shows it: the
// members, departments and tags named in it. An unlimited scope shows as
// the root department.
func (a *app) scopeLists(c *corp) (users []string, parties, tags []int64) {
	sc := a.scope
	if !sc.limited {
		return []string{}, []int64{1}, []int64{}
	}
	users = make([]string, 0, len(sc.users))
	for _, key := range sc.users {
		if u := c.users[key]; u != nil {
			users = append(users, u.id)
		}
	}
	return users, append([]int64{}, sc.depts...), append([]int64{}, sc.tags...)
}
