package wecom

import (
	"context"
	"fmt"
)

// Agent is an app's settings as agent/get shows them.
type Agent struct {
	AgentID       int64
	Name          string
	SquareLogoURL string
	Description   string
	// AllowUsers, AllowParties and AllowTags are the app's visible range.
	AllowUsers   []string
	AllowParties []int64
	AllowTags    []int64
	// Closed is true for a disabled app.
	Closed bool
	// RedirectDomain is the trusted domain OAuth redirect_uris must be on.
	RedirectDomain string
	// ReportLocation and ReportEnter: whether WeCom reports members'
	// location and their entering the app to the callback.
	ReportLocation bool
	ReportEnter    bool
	HomeURL        string
}

type agentResponse struct {
	AgentID        int64  `json:"agentid"`
	Name           string `json:"name"`
	SquareLogoURL  string `json:"square_logo_url"`
	Description    string `json:"description"`
	AllowUserInfos struct {
		User []struct {
			UserID string `json:"userid"`
		} `json:"user"`
	} `json:"allow_userinfos"`
	AllowPartys struct {
		PartyID []int64 `json:"partyid"`
	} `json:"allow_partys"`
	AllowTags struct {
		TagID []int64 `json:"tagid"`
	} `json:"allow_tags"`
	Close              int    `json:"close"`
	RedirectDomain     string `json:"redirect_domain"`
	ReportLocationFlag int    `json:"report_location_flag"`
	IsReportEnter      int    `json:"isreportenter"`
	HomeURL            string `json:"home_url"`
}

// GetAgent returns app's settings (GET /cgi-bin/agent/get). An app may
// read only itself: another agentid is 301002.
func (c *Client) GetAgent(ctx context.Context, app App) (Agent, error) {
	var out agentResponse
	if err := c.call(ctx, app, get("agent/get", agentQuery(app)), &out); err != nil {
		return Agent{}, err
	}
	a := Agent{
		AgentID: out.AgentID, Name: out.Name, SquareLogoURL: out.SquareLogoURL, Description: out.Description,
		AllowParties: out.AllowPartys.PartyID, AllowTags: out.AllowTags.TagID, Closed: out.Close == 1,
		RedirectDomain: out.RedirectDomain, ReportLocation: out.ReportLocationFlag == 1,
		ReportEnter: out.IsReportEnter == 1, HomeURL: out.HomeURL,
	}
	for _, u := range out.AllowUserInfos.User {
		a.AllowUsers = append(a.AllowUsers, u.UserID)
	}
	return a, nil
}

// AgentSettings are the fields agent/set changes; nil fields are left as
// they are.
type AgentSettings struct {
	Name *string
	// Description is 4 to 120 characters.
	Description *string
	// LogoMediaID is a media_id of an uploaded image.
	LogoMediaID *string
	// RedirectDomain is a bare domain: no scheme, port or path.
	RedirectDomain *string
	// HomeURL is an absolute http(s) URL.
	HomeURL        *string
	ReportLocation *bool
	ReportEnter    *bool
}

type agentSetRequest struct {
	AgentID            int64   `json:"agentid"`
	Name               *string `json:"name,omitempty"`
	Description        *string `json:"description,omitempty"`
	LogoMediaID        *string `json:"logo_mediaid,omitempty"`
	RedirectDomain     *string `json:"redirect_domain,omitempty"`
	HomeURL            *string `json:"home_url,omitempty"`
	ReportLocationFlag *int    `json:"report_location_flag,omitempty"`
	IsReportEnter      *int    `json:"isreportenter,omitempty"`
}

func flag(b *bool) *int {
	if b == nil {
		return nil
	}
	v := 0
	if *b {
		v = 1
	}
	return &v
}

// SetAgent changes app's settings (POST /cgi-bin/agent/set). WeCom
// refuses a description outside 4–120 characters (45004), a bad home URL
// (40094) and a bad trusted domain (80001).
func (c *Client) SetAgent(ctx context.Context, app App, s AgentSettings) error {
	const api = "agent/set"
	if app.AgentID <= 0 {
		return fmt.Errorf("wecom %s: app has no agentid", api)
	}
	r, err := post(api, agentSetRequest{
		AgentID: app.AgentID, Name: s.Name, Description: s.Description, LogoMediaID: s.LogoMediaID,
		RedirectDomain: s.RedirectDomain, HomeURL: s.HomeURL,
		ReportLocationFlag: flag(s.ReportLocation), IsReportEnter: flag(s.ReportEnter),
	})
	if err != nil {
		return err
	}
	return c.call(ctx, app, r, nil)
}
