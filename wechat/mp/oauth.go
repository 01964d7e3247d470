package mp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// DefaultOAuthBase is the origin serving WeChat's web OAuth page.
const DefaultOAuthBase = "https://open.weixin.qq.com"

// OAuth scopes. ScopeBase is silent and yields the openid; ScopeUserInfo
// asks the user (unless they follow the account) and adds the unionid
// when the account is bound to an open-platform account.
const (
	ScopeBase     = "snsapi_base"
	ScopeUserInfo = "snsapi_userinfo"
)

// AuthorizeURL builds the link that starts web OAuth in WeChat's browser:
//
//	{oauthBase}/connect/oauth2/authorize?appid=APPID&redirect_uri=URLENC&response_type=code&scope=SCOPE&state=STATE#wechat_redirect
//
// oauthBase defaults to DefaultOAuthBase when empty; tests and demos pass
// the simulator's origin plus "/mp". WeChat redirects to redirectURI with
// code and state added; its domain must be the account's 网页授权域名.
// state should be at most 128 bytes of [a-zA-Z0-9].
func AuthorizeURL(oauthBase, appID, redirectURI, scope, state string) string {
	if oauthBase == "" {
		oauthBase = DefaultOAuthBase
	}
	// Built by hand rather than with url.Values because WeChat documents
	// this parameter order and the fragment must stay last.
	var b strings.Builder
	b.WriteString(strings.TrimRight(oauthBase, "/"))
	b.WriteString("/connect/oauth2/authorize?appid=")
	b.WriteString(url.QueryEscape(appID))
	b.WriteString("&redirect_uri=")
	b.WriteString(url.QueryEscape(redirectURI))
	b.WriteString("&response_type=code&scope=")
	b.WriteString(url.QueryEscape(scope))
	b.WriteString("&state=")
	b.WriteString(url.QueryEscape(state))
	b.WriteString("#wechat_redirect")
	return b.String()
}

// OAuthResult is what redeeming a web OAuth code tells about the user.
// Its String and LogValue omit the tokens, so it may be logged.
type OAuthResult struct {
	OpenID string
	// UnionID is set only for ScopeUserInfo on an account bound to an
	// open-platform account.
	UnionID string
	Scope   string
	// AccessToken and RefreshToken are the user's web tokens (for
	// sns/userinfo; the refresh token lives 30 days). They are not the
	// account's access token.
	AccessToken  string
	RefreshToken string
	ExpiresIn    time.Duration
	// SnapshotUser is true when the user is in WeChat's snapshot (preview)
	// mode of the page and the openid is a virtual one.
	SnapshotUser bool
}

// String returns the openid only.
func (r OAuthResult) String() string { return "openid " + r.OpenID }

// GoString keeps %#v from printing the tokens.
func (r OAuthResult) GoString() string {
	return fmt.Sprintf("mp.OAuthResult{OpenID:%q, UnionID:%q, Scope:%q, tokens:[redacted]}", r.OpenID, r.UnionID, r.Scope)
}

// LogValue logs the identity, never the tokens.
func (r OAuthResult) LogValue() slog.Value {
	return slog.GroupValue(slog.String("openid", r.OpenID), slog.String("unionid", r.UnionID), slog.String("scope", r.Scope))
}

type oauthResponse struct {
	AccessToken    string `json:"access_token"`
	ExpiresIn      int64  `json:"expires_in"`
	RefreshToken   string `json:"refresh_token"`
	OpenID         string `json:"openid"`
	Scope          string `json:"scope"`
	UnionID        string `json:"unionid"`
	IsSnapshotUser int    `json:"is_snapshotuser"`
}

const oauthPath = "/sns/oauth2/access_token"

// ExchangeCode redeems the code WeChat added to the redirect (GET
// /sns/oauth2/access_token with the account's secret). A code is single
// use and lives 5 minutes: an unknown or expired one is an *Error with
// code 40029, a used one 40163; IsCodeRejected covers both, and the page
// should then start OAuth again (users pressing Back replay used codes).
func (c *Client) ExchangeCode(ctx context.Context, acct Account, code string) (OAuthResult, error) {
	if err := acct.validate(); err != nil {
		return OAuthResult{}, c.api.Errorf(oauthPath, err)
	}
	if code == "" {
		return OAuthResult{}, c.api.Errorf(oauthPath, errors.New("empty code"))
	}
	q := url.Values{"appid": {acct.AppID}, "secret": {acct.Secret}, "code": {code}, "grant_type": {"authorization_code"}}
	raw, err := c.api.Do(ctx, wxapi.Request{
		Method: http.MethodGet, Path: oauthPath, Query: q, Hide: []string{acct.Secret, code}, RetryBusy: true,
	})
	if err != nil {
		return OAuthResult{}, err
	}
	var out oauthResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		return OAuthResult{}, c.api.Errorf(oauthPath, fmt.Errorf("decoding response: %w", err))
	}
	if out.OpenID == "" {
		return OAuthResult{}, c.api.Errorf(oauthPath, errors.New("answer without openid"))
	}
	return OAuthResult{
		OpenID: out.OpenID, UnionID: out.UnionID, Scope: out.Scope,
		AccessToken: out.AccessToken, RefreshToken: out.RefreshToken,
		ExpiresIn: time.Duration(out.ExpiresIn) * time.Second, SnapshotUser: out.IsSnapshotUser == 1,
	}, nil
}
