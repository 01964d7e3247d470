package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/qiao-hq/qiao/wechat/tokencache"
	"github.com/qiao-hq/qiao/wechat/wxapi"
)

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// AccessToken returns a valid access_token for app, from Redis when cached.
// Otherwise one caller across all processes (a Redis lock) calls gettoken
// and the others wait for its answer. WeCom hands back the same token
// until it expires, so a token is cached for its whole life and fetched
// again at expiry. Callers rarely need it: the API methods fetch and
// refresh tokens themselves. Errors from WeCom are *Error with API
// "gettoken" (40001 wrong secret, 40013 unknown corp); a Redis failure is
// returned rather than falling back to a gettoken per call.
func (c *Client) AccessToken(ctx context.Context, app App) (string, error) {
	if err := app.validate(); err != nil {
		return "", fmt.Errorf("wecom gettoken: %w", err)
	}
	tok, err := c.tokens.Get(ctx, tokenKey(app), func(ctx context.Context) (tokencache.Token, error) {
		return c.fetchToken(ctx, app)
	})
	if err != nil {
		return "", fmt.Errorf("wecom gettoken: %w", err)
	}
	return tok, nil
}

func (c *Client) fetchToken(ctx context.Context, app App) (tokencache.Token, error) {
	q := url.Values{"corpid": {app.CorpID}, "corpsecret": {app.Secret}}
	raw, err := c.api.Do(ctx, wxapi.Request{
		Method: http.MethodGet, Path: "/cgi-bin/gettoken", Query: q, Hide: []string{app.Secret}, RetryBusy: true,
	})
	if err != nil {
		return tokencache.Token{}, wxapi.Unwrap(err)
	}
	var out tokenResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		return tokencache.Token{}, fmt.Errorf("decoding response: %w", err)
	}
	if out.AccessToken == "" || out.ExpiresIn <= 0 {
		return tokencache.Token{}, errors.New("answer without access_token or expires_in")
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, "wecom access token fetched",
		slog.Any("app", app), slog.Int64("expires_in", out.ExpiresIn))
	return tokencache.Token{Value: out.AccessToken, ExpiresIn: time.Duration(out.ExpiresIn) * time.Second}, nil
}

// tokenKey names the cache entry for app: the corp and a hash of the
// secret, so apps of one corp have separate tokens, a rotated secret gets a
// fresh entry, and the raw secret never reaches Redis.
func tokenKey(app App) string {
	return tokencache.Key("wecom:token", app.CorpID, app.Secret)
}
