package mp

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/qiao-hq/qiao/wechat/tokencache"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

const ticketAPI = "ticket/getticket"

// JSAPITicket returns the account's jsapi_ticket (GET
// /cgi-bin/ticket/getticket?type=jsapi), cached in Redis for its life and
// fetched by one caller across all processes: WeChat limits how often it
// may be fetched.
func (c *Client) JSAPITicket(ctx context.Context, acct Account) (string, error) {
	if err := acct.validate(); err != nil {
		return "", fmt.Errorf("mp %s: %w", ticketAPI, err)
	}
	t, err := c.tokens.Get(ctx, tokencache.Key("mp:jsapi", acct.AppID, acct.Secret), func(ctx context.Context) (tokencache.Token, error) {
		var out struct {
			Ticket    string `json:"ticket"`
			ExpiresIn int64  `json:"expires_in"`
		}
		if err := c.call(ctx, acct, get(ticketAPI, url.Values{"type": {"jsapi"}}), &out); err != nil {
			return tokencache.Token{}, scoped{err}
		}
		if out.Ticket == "" || out.ExpiresIn <= 0 {
			return tokencache.Token{}, fmt.Errorf("mp %s: answer without ticket or expires_in", ticketAPI)
		}
		// Refreshed at expiry (RefreshBefore 0): the ticket is not rotated
		// ahead like the stable token, so an early call would only spend
		// the limited quota.
		return tokencache.Token{Value: out.Ticket, ExpiresIn: time.Duration(out.ExpiresIn) * time.Second}, nil
	})
	var sc scoped
	switch {
	case errors.As(err, &sc):
		return "", sc.error
	case err != nil:
		return "", fmt.Errorf("mp %s: %w", ticketAPI, err)
	}
	return t, nil
}

// scoped marks an error that already names its API (call's errors), so it
// is returned without another prefix.
type scoped struct{ error }

func (s scoped) Unwrap() error { return s.error }

// JSConfig is what a page passes to wx.config (with its jsApiList): the
// JSON names match the JS-SDK's.
type JSConfig struct {
	AppID     string `json:"appId"`
	Timestamp int64  `json:"timestamp"`
	NonceStr  string `json:"nonceStr"`
	Signature string `json:"signature"`
}

// JSConfig signs pageURL for wx.config with the account's jsapi_ticket.
// pageURL is the full URL of the page as the browser has it (location.href);
// its #fragment is dropped, as the signature requires. The page's domain
// must be one of the account's JS接口安全域名.
func (c *Client) JSConfig(ctx context.Context, acct Account, pageURL string) (JSConfig, error) {
	if pageURL == "" {
		return JSConfig{}, fmt.Errorf("mp jssdk: %w", errors.New("empty page URL"))
	}
	ticket, err := c.JSAPITicket(ctx, acct)
	if err != nil {
		return JSConfig{}, err
	}
	page, _, _ := strings.Cut(pageURL, "#")
	cfg := JSConfig{AppID: acct.AppID, Timestamp: c.now().Unix(), NonceStr: rand.Text()[:16]}
	cfg.Signature = wxcrypt.JSSDKSignature(ticket, cfg.NonceStr, cfg.Timestamp, page)
	return cfg, nil
}
