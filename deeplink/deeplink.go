// Package deeplink builds the links a WeChat card opens, and checks them when they come back.
//
// A card's link is WeCom's OAuth authorize URL whose redirect is our callback, carrying the tenant and the H5 path
// to land on. The OAuth state is an HMAC of both, so the callback can refuse a redirect that was tampered with —
// it is an open redirect otherwise.
//
// The state is signed with a key used for nothing else (not the access tokens' key): cards stay in WeCom for as long
// as people keep them, so the link key must be rotatable on its own, without breaking them. A Builder signs with its
// current key and also accepts states made with previous ones.
package deeplink

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/qiao-hq/qiao/wechat/mp"
)

// CallbackPath is where WeCom's OAuth step sends the browser back to.
const CallbackPath = "/oauth/wecom/callback"

// MinKeyLen is the shortest key New accepts: RFC 2104 advises against HMAC keys shorter than the hash's output,
// 32 bytes for SHA-256.
const MinKeyLen = 32

// Builder makes and verifies card links for one deployment.
type Builder struct {
	publicURL string
	oauthBase string
	// mpOAuthBase is the service accounts' OAuth host: WeChat's, the simulator's "/mp" in the demo.
	mpOAuthBase string
	keys        [][]byte // keys[0] signs new states; every one verifies
}

// MPCallbackPath is where a service account's OAuth step sends the browser back to.
const MPCallbackPath = "/oauth/mp/callback"

// WithMPOAuth returns a Builder whose service-account links go through base (https://open.weixin.qq.com, or the
// simulator's "/mp"); without it they go through the WeCom links' OAuth host, which is WeChat's too.
func (b *Builder) WithMPOAuth(base string) *Builder {
	c := *b
	c.mpOAuthBase = strings.TrimRight(base, "/")
	return &c
}

// MP returns the link that opens H5 path next for a follower of service account appID through its web OAuth
// (snsapi_base: silent, yields the openid), coming back to MPCallbackPath with a state signed like a WeCom link's.
func (b *Builder) MP(tenant, appID, next string) string {
	base := b.mpOAuthBase
	if base == "" {
		base = b.oauthBase
	}
	q := url.Values{"tenant": {tenant}, "next": {next}}
	return mp.AuthorizeURL(base, appID, b.publicURL+MPCallbackPath+"?"+q.Encode(), mp.ScopeBase, b.State(tenant, next))
}

// New returns a Builder. publicURL is how phones reach this service; oauthBase is WeChat's OAuth host
// (https://open.weixin.qq.com, or the simulator in the demo); key signs every new state and must be at least
// MinKeyLen bytes. previous are older keys that Verify still accepts, so that rotating the key does not break
// cards already sent; they only verify, and may be shorter (an older release signed links with its JWT secret,
// which had no minimum). New panics on a short key or an empty previous one; the service's configuration refuses
// both first.
func New(publicURL, oauthBase string, key []byte, previous ...[]byte) *Builder {
	if len(key) < MinKeyLen {
		panic(fmt.Sprintf("deeplink: key is %d bytes, want at least %d", len(key), MinKeyLen))
	}
	b := &Builder{publicURL: strings.TrimRight(publicURL, "/"), oauthBase: strings.TrimRight(oauthBase, "/"),
		keys: [][]byte{bytes.Clone(key)}}
	for _, k := range previous {
		if len(k) == 0 {
			panic("deeplink: empty previous key")
		}
		b.keys = append(b.keys, bytes.Clone(k))
	}
	return b
}

// CallbackURL is the redirect_uri for tenant and H5 path next.
func (b *Builder) CallbackURL(tenant, next string) string {
	q := url.Values{"tenant": {tenant}, "next": {next}}
	return b.publicURL + CallbackPath + "?" + q.Encode()
}

// ForHost returns a Builder whose links come back to host (a tenant's own host name, port included where not the
// scheme's) instead of the public URL's, with the same scheme and keys; "" returns b.
func (b *Builder) ForHost(host string) *Builder {
	if host == "" {
		return b
	}
	u, err := url.Parse(b.publicURL)
	if err != nil {
		return b
	}
	c := *b
	c.publicURL = u.Scheme + "://" + host
	return &c
}

// QRCallbackPath is where WeCom's QR sign-in (企业微信扫码登录) on the admin portal returns to.
const QRCallbackPath = "/oauth/wecom/qr"

// QRCallbackURL is QRCallbackPath for tenant, returning to the portal's path next afterwards.
func (b *Builder) QRCallbackURL(tenant, next string) string {
	q := url.Values{"tenant": {tenant}, "next": {next}}
	return b.publicURL + QRCallbackPath + "?" + q.Encode()
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

// State is the OAuth state for tenant and next under the current key: 32 hex characters, within WeChat's
// [a-zA-Z0-9]{0,128}.
func (b *Builder) State(tenant, next string) string { return state(b.keys[0], tenant, next) }

// Verify reports whether state was made by State for tenant and next, under the current key or a previous one,
// and next is a local H5 path.
func (b *Builder) Verify(tenant, next, st string) bool {
	if !SafePath(next) {
		return false
	}
	for _, k := range b.keys {
		if hmac.Equal([]byte(state(k, tenant, next)), []byte(st)) {
			return true
		}
	}
	return false
}

func state(key []byte, tenant, next string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(tenant))
	m.Write([]byte{0})
	m.Write([]byte(next))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

// SafePath reports whether p is a path inside the H5 app (not another host, not a scheme).
func SafePath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.ContainsAny(p, "\\\r\n") && !strings.Contains(p, "://")
}
