package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// DefaultOAuthBase is the origin serving WeCom's member-facing OAuth page.
const DefaultOAuthBase = "https://open.weixin.qq.com"

// UserInfo identifies who opened an OAuth link. A member of the corp has
// UserID; a non-member has OpenID and, if they are an external contact,
// ExternalUserID.
type UserInfo struct {
	UserID, OpenID, ExternalUserID string
}

type userInfoResponse struct {
	// encoding/json matches keys case-insensitively, so this also takes the
	// "UserId" spelling older WeCom answers use.
	UserID         string `json:"userid"`
	OpenID         string `json:"openid"`
	ExternalUserID string `json:"external_userid"`
}

// GetUserInfo exchanges an OAuth code for the identity of the person who
// tapped the link (GET /cgi-bin/auth/getuserinfo). A code is single use and
// lives 5 minutes: a used, unknown or expired one gives an *Error with code
// 40029, which a page should treat as "sign in again" (users pressing Back
// replay used codes). The token must belong to an app of the code's corp.
func (c *Client) GetUserInfo(ctx context.Context, app App, code string) (UserInfo, error) {
	const api = "auth/getuserinfo"
	if code == "" {
		return UserInfo{}, fmt.Errorf("wecom %s: %w", api, errors.New("empty code"))
	}
	var out userInfoResponse
	if err := c.call(ctx, app, request{method: http.MethodGet, api: api, query: url.Values{"code": {code}}, hide: []string{code}}, &out); err != nil {
		return UserInfo{}, err
	}
	return UserInfo{UserID: out.UserID, OpenID: out.OpenID, ExternalUserID: out.ExternalUserID}, nil
}

// OAuthURL builds the link a member taps to sign in silently (scope
// snsapi_base):
//
//	{oauthBase}/connect/oauth2/authorize?appid=CORPID&redirect_uri=URLENC&response_type=code&scope=snsapi_base&state=STATE&agentid=AGENTID#wechat_redirect
//
// oauthBase defaults to DefaultOAuthBase when empty; demos pass the
// simulator's origin. WeCom redirects to redirectURI with code and state
// added; redirectURI's host must be the app's trusted domain. state should
// be at most 128 bytes of [a-zA-Z0-9].
func OAuthURL(oauthBase, corpID string, agentID int64, redirectURI, state string) string {
	if oauthBase == "" {
		oauthBase = DefaultOAuthBase
	}
	// The fragment must stay last.
	return orderedURL(oauthBase, "/connect/oauth2/authorize",
		"appid", corpID, "redirect_uri", redirectURI, "response_type", "code", "scope", "snsapi_base",
		"state", state, "agentid", strconv.FormatInt(agentID, 10)) + "#wechat_redirect"
}

// orderedURL is base (its trailing slashes dropped) + path + a query of
// the key, value pairs kv in their order, each value query-escaped. Built
// by hand rather than with url.Values, which sorts the keys, because
// WeCom documents its links' parameters in an order and SDKs and people
// compare links as text.
func orderedURL(base, path string, kv ...string) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(base, "/"))
	b.WriteString(path)
	for i := 0; i+1 < len(kv); i += 2 {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(kv[i])
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(kv[i+1]))
	}
	return b.String()
}
