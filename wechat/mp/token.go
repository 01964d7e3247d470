package mp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/qiao-hq/qiao/wechat/tokencache"
	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// stableRotateWindow is how long before expiry stable_token (normal mode)
// starts handing out the next token while the current one stays valid.
const stableRotateWindow = 5 * time.Minute

// refreshBefore is how long before expiry the cache fetches the next
// token: four fifths of the rotation window, so the request lands inside
// the window even when our idea of the expiry is a little early (it is
// counted from when the fetch was sent, in whole seconds) — a request just
// before the window would get the old token back and cost a second call.
// The window is 5 minutes of a 7200 s token and scales down with a short
// lifetime (a 24th), as the simulator's short TokenTTL does.
func refreshBefore(expiresIn time.Duration) time.Duration {
	return min(stableRotateWindow, expiresIn/24) * 4 / 5
}

type tokenRequest struct {
	GrantType    string `json:"grant_type"`
	AppID        string `json:"appid"`
	Secret       string `json:"secret"`
	ForceRefresh bool   `json:"force_refresh"`
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// AccessToken returns a valid access_token for the account from the stable
// token API (POST /cgi-bin/stable_token), cached in Redis. One caller
// across all processes (a Redis lock) fetches and the others wait for its
// answer. Shortly before expiry one caller fetches the next token while
// everyone keeps using the current one, which WeChat keeps valid to its
// end, so no caller waits for a refresh. Callers rarely need it: the API
// methods fetch and refresh tokens themselves. Errors from WeChat are
// *Error with API "stable_token" (40013 unknown appid, 40125 wrong
// secret); a Redis failure is returned rather than falling back to a
// fetch per call.
func (c *Client) AccessToken(ctx context.Context, acct Account) (string, error) {
	if err := acct.validate(); err != nil {
		return "", fmt.Errorf("mp stable_token: %w", err)
	}
	tok, err := c.tokens.Get(ctx, tokenKey(acct), func(ctx context.Context) (tokencache.Token, error) {
		return c.fetchToken(ctx, acct, false)
	})
	if err != nil {
		return "", fmt.Errorf("mp stable_token: %w", err)
	}
	return tok, nil
}

// ForceRefresh asks WeChat to replace the account's token at once
// (force_refresh), which invalidates the current one everywhere, and
// caches the new one. Use it only when a token leaked: WeChat allows 20 a
// day (the 21st is an *Error with code 45009) and ignores a force refresh
// within 30 s of the previous one, answering the current token instead.
func (c *Client) ForceRefresh(ctx context.Context, acct Account) (string, error) {
	if err := acct.validate(); err != nil {
		return "", fmt.Errorf("mp stable_token: %w", err)
	}
	sent := c.now()
	fresh, err := c.fetchToken(ctx, acct, true)
	if err != nil {
		return "", fmt.Errorf("mp stable_token: %w", err)
	}
	// Put, not Get: the cache may hold the token WeChat just revoked, and a
	// Get would keep it or spend a normal-mode call to learn the new one.
	if err := c.tokens.Put(ctx, tokenKey(acct), fresh, sent); err != nil {
		return "", fmt.Errorf("mp stable_token: caching the new token: %w", err)
	}
	return fresh.Value, nil
}

func (c *Client) fetchToken(ctx context.Context, acct Account, force bool) (tokencache.Token, error) {
	body, err := json.Marshal(tokenRequest{GrantType: "client_credential", AppID: acct.AppID, Secret: acct.Secret, ForceRefresh: force})
	if err != nil {
		return tokencache.Token{}, fmt.Errorf("encoding request: %w", err)
	}
	raw, err := c.api.Do(ctx, wxapi.Request{
		Method: http.MethodPost, Path: "/cgi-bin/stable_token", Body: body, Hide: []string{acct.Secret},
		// A normal-mode fetch is idempotent; a forced one spends the day's
		// quota, so it is not repeated.
		RetryBusy: !force,
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
	life := time.Duration(out.ExpiresIn) * time.Second
	c.log.LogAttrs(ctx, slog.LevelInfo, "mp access token fetched",
		slog.Any("account", acct), slog.Bool("force_refresh", force), slog.Int64("expires_in", out.ExpiresIn))
	return tokencache.Token{Value: out.AccessToken, ExpiresIn: life, RefreshBefore: refreshBefore(life)}, nil
}

// tokenKey names the cache entry: the appid and a hash of the secret, so a
// rotated secret gets a fresh entry and the raw secret never reaches Redis.
func tokenKey(acct Account) string {
	return tokencache.Key("mp:token", acct.AppID, acct.Secret)
}
