// Package deeplink builds the links a WeChat card opens, and checks them when they come back.
//
// A card's link is WeCom's OAuth authorize URL whose redirect is our callback, carrying the tenant and the H5 path
// to land on. The OAuth state is an HMAC of both, so the callback can refuse a redirect that was tampered with —
// it is an open redirect otherwise.
package deeplink

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
)

// CallbackPath is where WeCom's OAuth step sends the browser back to.
const CallbackPath = "/oauth/wecom/callback"

// Builder makes and verifies card links for one deployment.
type Builder struct {
	publicURL string
	oauthBase string
	key       []byte
}

// New returns a Builder. publicURL is how phones reach this service; oauthBase is WeChat's OAuth host
// (https://open.weixin.qq.com, or the simulator in the demo); key signs the state.
func New(publicURL, oauthBase string, key []byte) *Builder {
	return &Builder{publicURL: strings.TrimRight(publicURL, "/"), oauthBase: strings.TrimRight(oauthBase, "/"), key: key}
}

// CallbackURL is the redirect_uri for tenant and H5 path next.
func (b *Builder) CallbackURL(tenant, next string) string {
	q := url.Values{"tenant": {tenant}, "next": {next}}
	return b.publicURL + CallbackPath + "?" + q.Encode()
}

// WeCom returns the link that opens H5 path next for a member of corpID through app agentID's OAuth.
func (b *Builder) WeCom(tenant, corpID string, agentID int64, next string) string {
	q := url.Values{
		"appid":         {corpID},
		"redirect_uri":  {b.CallbackURL(tenant, next)},
		"response_type": {"code"},
		"scope":         {"snsapi_base"},
		"state":         {b.State(tenant, next)},
		"agentid":       {strconv.FormatInt(agentID, 10)},
	}
	// WeCom documents this parameter order; url.Values.Encode would sort it, which WeChat accepts but people
	// comparing with the docs do not.
	order := []string{"appid", "redirect_uri", "response_type", "scope", "state", "agentid"}
	parts := make([]string, 0, len(order))
	for _, k := range order {
		parts = append(parts, k+"="+url.QueryEscape(q.Get(k)))
	}
	return b.oauthBase + "/connect/oauth2/authorize?" + strings.Join(parts, "&") + "#wechat_redirect"
}

// State is the OAuth state for tenant and next: 32 hex characters, within WeChat's [a-zA-Z0-9]{0,128}.
func (b *Builder) State(tenant, next string) string {
	m := hmac.New(sha256.New, b.key)
	m.Write([]byte(tenant))
	m.Write([]byte{0})
	m.Write([]byte(next))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

// Verify reports whether state was made by State for tenant and next, and next is a local H5 path.
func (b *Builder) Verify(tenant, next, state string) bool {
	if !SafePath(next) {
		return false
	}
	return hmac.Equal([]byte(b.State(tenant, next)), []byte(state))
}

// SafePath reports whether p is a path inside the H5 app (not another host, not a scheme).
func SafePath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.ContainsAny(p, "\\\r\n") && !strings.Contains(p, "://")
}
