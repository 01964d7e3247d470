package wecom

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

// JS-SDK tickets live 7200 s and WeCom returns the same one until it
// expires, while fetching is limited (400 an hour per corp, 100 per app):
// they are cached in Redis like access tokens and fetched at expiry.

type ticketResponse struct {
	Ticket    string `json:"ticket"`
	ExpiresIn int64  `json:"expires_in"`
}

func jsapiKey(app App) string { return tokencache.Key("wecom:jsapi", app.CorpID, app.Secret) }

// agentTicketKey needs no agentid: the secret already names the app.
func agentTicketKey(app App) string {
	return tokencache.Key("wecom:agent_config", app.CorpID, app.Secret)
}

// JSAPITicket returns the corp's jsapi_ticket for wx.config, fetched with
// app's token (GET /cgi-bin/get_jsapi_ticket) and cached.
func (c *Client) JSAPITicket(ctx context.Context, app App) (string, error) {
	return c.ticket(ctx, app, "get_jsapi_ticket", nil, jsapiKey(app))
}

// AgentConfigTicket returns app's own ticket for wx.agentConfig (GET
// /cgi-bin/ticket/get?type=agent_config), cached.
func (c *Client) AgentConfigTicket(ctx context.Context, app App) (string, error) {
	return c.ticket(ctx, app, "ticket/get", url.Values{"type": {"agent_config"}}, agentTicketKey(app))
}

func (c *Client) ticket(ctx context.Context, app App, api string, q url.Values, key string) (string, error) {
	if err := app.validate(); err != nil {
		return "", fmt.Errorf("wecom %s: %w", api, err)
	}
	v, err := c.tokens.Get(ctx, key, func(ctx context.Context) (tokencache.Token, error) {
		var out ticketResponse
		if err := c.call(ctx, app, get(api, q), &out); err != nil {
			return tokencache.Token{}, err
		}
		if out.Ticket == "" || out.ExpiresIn <= 0 {
			return tokencache.Token{}, fmt.Errorf("wecom %s: answer without ticket or expires_in", api)
		}
		return tokencache.Token{Value: out.Ticket, ExpiresIn: time.Duration(out.ExpiresIn) * time.Second}, nil
	})
	if err != nil {
		var we *Error
		if errors.As(err, &we) {
			return "", err // already names the API
		}
		return "", fmt.Errorf("wecom %s: %w", api, err)
	}
	return v, nil
}

// InvalidateTicket drops ticket from app's cached jsapi and agent_config
// tickets, for when a page reports that WeCom refused a signature made
// with it; the next call fetches a fresh one. Another process's newer
// ticket is kept.
func (c *Client) InvalidateTicket(ctx context.Context, app App, ticket string) error {
	return errors.Join(c.tokens.Invalidate(ctx, jsapiKey(app), ticket),
		c.tokens.Invalidate(ctx, agentTicketKey(app), ticket))
}

// JSConfig is what a page passes to wx.config (with beta: true and its
// jsApiList).
type JSConfig struct {
	AppID     string `json:"appId"`
	Timestamp int64  `json:"timestamp"`
	NonceStr  string `json:"nonceStr"`
	Signature string `json:"signature"`
}

// AgentConfig is what a page passes to wx.agentConfig (with its
// jsApiList).
type AgentConfig struct {
	CorpID    string `json:"corpid"`
	AgentID   int64  `json:"agentid"`
	Timestamp int64  `json:"timestamp"`
	NonceStr  string `json:"nonceStr"`
	Signature string `json:"signature"`
}

// JSConfig signs pageURL for wx.config with the corp's jsapi_ticket.
// pageURL is the page's full URL; its #fragment is dropped, as WeCom
// signs without it. On iOS sign the URL the page was entered with.
func (c *Client) JSConfig(ctx context.Context, app App, pageURL string) (JSConfig, error) {
	page, err := signableURL(pageURL)
	if err != nil {
		return JSConfig{}, fmt.Errorf("wecom get_jsapi_ticket: %w", err)
	}
	t, err := c.JSAPITicket(ctx, app)
	if err != nil {
		return JSConfig{}, err
	}
	ts, nonce := time.Now().Unix(), rand.Text()
	return JSConfig{AppID: app.CorpID, Timestamp: ts, NonceStr: nonce,
		Signature: wxcrypt.JSSDKSignature(t, nonce, ts, page)}, nil
}

// AgentConfig signs pageURL for wx.agentConfig with app's agent_config
// ticket; see JSConfig for pageURL.
func (c *Client) AgentConfig(ctx context.Context, app App, pageURL string) (AgentConfig, error) {
	page, err := signableURL(pageURL)
	if err != nil {
		return AgentConfig{}, fmt.Errorf("wecom ticket/get: %w", err)
	}
	t, err := c.AgentConfigTicket(ctx, app)
	if err != nil {
		return AgentConfig{}, err
	}
	ts, nonce := time.Now().Unix(), rand.Text()
	return AgentConfig{CorpID: app.CorpID, AgentID: app.AgentID, Timestamp: ts, NonceStr: nonce,
		Signature: wxcrypt.JSSDKSignature(t, nonce, ts, page)}, nil
}

// signableURL checks pageURL is an absolute http(s) URL and cuts its
// fragment.
func signableURL(pageURL string) (string, error) {
	u, err := url.Parse(pageURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("page url %q is not an absolute http(s) URL", pageURL)
	}
	page, _, _ := strings.Cut(pageURL, "#")
	return page, nil
}
