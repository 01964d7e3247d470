package wecom

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/redis/go-redis/v9"
)

// tokenSafetyMargin is how long before WeCom's expiry the cached token is
// dropped, so a token is never used in its last minutes (clock skew, slow
// calls) and the 42001 path stays the exception.
const tokenSafetyMargin = 5 * time.Minute

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// AccessToken returns a valid access_token for app. It is served from Redis
// when cached; otherwise one gettoken is made per process however many
// callers ask at once, and the result is cached for expires_in minus five
// minutes. Callers rarely need it: the API methods fetch and refresh tokens
// themselves. Errors from WeCom are *Error with API "gettoken" (40001 wrong
// secret, 40013 unknown corp); a Redis failure is returned rather than
// falling back to a gettoken per call.
func (c *Client) AccessToken(ctx context.Context, app App) (string, error) {
	if err := app.validate(); err != nil {
		return "", fmt.Errorf("wecom gettoken: %w", err)
	}
	key := c.tokenKey(app)
	tok, err := c.rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		return tok, nil
	case !errors.Is(err, redis.Nil):
		return "", fmt.Errorf("wecom gettoken: reading token cache: %w", err)
	}

	ch := c.flights.DoChan(key, func() (any, error) {
		// The fetch is detached from this caller's cancellation: other
		// callers wait on the same flight, and one impatient caller must not
		// fail them all. Its own deadline bounds the goroutine.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*c.timeout)
		defer cancel()
		return c.fetchToken(fctx, app, key)
	})
	select {
	case <-ctx.Done():
		return "", fmt.Errorf("wecom gettoken: %w", ctx.Err())
	case r := <-ch:
		if r.Err != nil {
			return "", r.Err
		}
		return r.Val.(string), nil
	}
}

// fetchToken asks WeCom for a token and caches it. It runs inside the
// single flight for key.
func (c *Client) fetchToken(ctx context.Context, app App, key string) (string, error) {
	// Another process may have cached a token while this one waited.
	if tok, err := c.rdb.Get(ctx, key).Result(); err == nil {
		return tok, nil
	} else if !errors.Is(err, redis.Nil) {
		return "", fmt.Errorf("wecom gettoken: reading token cache: %w", err)
	}

	q := url.Values{"corpid": {app.CorpID}, "corpsecret": {app.Secret}}
	raw, err := c.do(ctx, http.MethodGet, "gettoken", q, nil, app.Secret)
	if err != nil {
		return "", err
	}
	var out tokenResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		return "", fmt.Errorf("wecom gettoken: decoding response: %w", err)
	}
	if out.AccessToken == "" || out.ExpiresIn <= 0 {
		return "", errors.New("wecom gettoken: answer without access_token or expires_in")
	}

	expires := time.Duration(out.ExpiresIn) * time.Second
	ttl := expires - tokenSafetyMargin
	if ttl < expires/2 {
		// A short-lived token (a repeat gettoken late in its validity) is
		// still worth caching, just not past its life.
		ttl = expires / 2
	}
	if err := c.rdb.Set(ctx, key, out.AccessToken, ttl).Err(); err != nil {
		// The token is good; only sharing it failed. Use it and let the next
		// call try to cache again.
		c.log.LogAttrs(ctx, slog.LevelWarn, "wecom token cache write failed",
			slog.Any("app", app), slog.String("error", err.Error()))
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, "wecom access token fetched",
		slog.Any("app", app), slog.Int64("expires_in", out.ExpiresIn), slog.Duration("cached_for", ttl))
	return out.AccessToken, nil
}

// dropToken removes tok from the cache unless another caller already
// replaced it. A failure is only logged: the retry then reads the refused
// token back, fails with the same token error, and that error is returned.
func (c *Client) dropToken(ctx context.Context, app App, tok string) {
	if err := c.dropIfSame.Run(ctx, c.rdb, []string{c.tokenKey(app)}, tok).Err(); err != nil && !errors.Is(err, redis.Nil) {
		c.log.LogAttrs(ctx, slog.LevelWarn, "wecom token cache delete failed",
			slog.Any("app", app), slog.String("error", err.Error()))
	}
}

// tokenKey names the cache entry for app. It holds the corp and a hash of
// the secret: apps of one corp have separate tokens, a rotated secret gets
// a fresh entry, and the raw secret never reaches Redis.
func (c *Client) tokenKey(app App) string {
	sum := sha256.Sum256([]byte(app.Secret))
	return c.prefix + "wecom:token:" + app.CorpID + ":" + hex.EncodeToString(sum[:])[:16]
}
