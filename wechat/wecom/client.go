// Package wecom is the WeChat Work (WeCom) server API client: access tokens
// cached in Redis, message/send, and the OAuth code exchange.
//
// The same client talks to qyapi.weixin.qq.com and to the in-process
// simulator in wechat/sim; only Config.BaseURL differs.
//
// Secrets and access tokens never appear in log lines or error strings; an
// App formats itself without its secret.
package wecom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"
)

// Defaults used when the corresponding Config field is zero.
const (
	DefaultBaseURL     = "https://qyapi.weixin.qq.com"
	DefaultKeyPrefix   = "qiao:"
	DefaultCallTimeout = 10 * time.Second
)

// WeCom answers are small; a larger body means something other than WeCom
// answered, and we refuse to buffer it.
const maxResponseBytes = 4 << 20

// Config configures a Client. Only Redis is required.
type Config struct {
	// BaseURL is the WeCom API origin, without /cgi-bin. Default
	// DefaultBaseURL; tests and demos point it at the simulator.
	BaseURL string
	// HTTPClient sends the requests. Default: a client with its own
	// transport, dial and TLS timeouts, and an overall timeout of twice
	// CallTimeout as a backstop.
	HTTPClient *http.Client
	// Redis caches access tokens so every process of the service shares
	// them. Required: New panics without it.
	Redis redis.UniversalClient
	// KeyPrefix is prepended to every Redis key. Default DefaultKeyPrefix.
	KeyPrefix string
	// CallTimeout bounds each HTTP request to WeCom (a gettoken and a retry
	// each get their own budget); the caller's context still bounds the
	// whole call. Default DefaultCallTimeout.
	CallTimeout time.Duration
	// Logger receives token refreshes and cache problems. Default: discard.
	Logger *slog.Logger
}

// Client calls the WeCom server API on behalf of any number of apps. It is
// safe for concurrent use; share one per process so concurrent callers
// share token fetches.
type Client struct {
	base    string
	hc      *http.Client
	rdb     redis.UniversalClient
	prefix  string
	timeout time.Duration
	log     *slog.Logger

	flights singleflight.Group
	// dropIfSame deletes a cached token only if it is still the one WeCom
	// refused, so a token another caller just refreshed survives.
	dropIfSame *redis.Script
}

// New returns a Client for cfg, filling in defaults. It panics if
// cfg.Redis is nil, because a client without a shared token cache would
// call gettoken on every request.
func New(cfg Config) *Client {
	if cfg.Redis == nil {
		panic("wecom.New: Config.Redis is required")
	}
	c := &Client{
		base:    strings.TrimRight(cfg.BaseURL, "/"),
		hc:      cfg.HTTPClient,
		rdb:     cfg.Redis,
		prefix:  cfg.KeyPrefix,
		timeout: cfg.CallTimeout,
		log:     cfg.Logger,
		dropIfSame: redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`),
	}
	if c.base == "" {
		c.base = DefaultBaseURL
	}
	if c.prefix == "" {
		c.prefix = DefaultKeyPrefix
	}
	if c.timeout <= 0 {
		c.timeout = DefaultCallTimeout
	}
	if c.hc == nil {
		c.hc = defaultHTTPClient(c.timeout)
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c
}

func defaultHTTPClient(callTimeout time.Duration) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	// All traffic goes to one host; keep enough idle connections for bursts
	// of message/send instead of the default 2.
	t.MaxIdleConnsPerHost = 32
	return &http.Client{Transport: t, Timeout: 2 * callTimeout}
}

// App identifies one WeCom app (自建应用) of one corp: the credentials
// gettoken needs and the agentid message/send needs. Its String and
// LogValue omit the secret, so an App may be logged.
type App struct {
	CorpID  string
	AgentID int64
	Secret  string
}

// String returns "corpid/agentid"; the secret is never printed.
func (a App) String() string {
	return a.CorpID + "/" + strconv.FormatInt(a.AgentID, 10)
}

// GoString keeps %#v from printing the secret.
func (a App) GoString() string {
	return fmt.Sprintf("wecom.App{CorpID:%q, AgentID:%d, Secret:[redacted]}", a.CorpID, a.AgentID)
}

// LogValue logs the corp and agent, never the secret.
func (a App) LogValue() slog.Value {
	return slog.GroupValue(slog.String("corpid", a.CorpID), slog.Int64("agentid", a.AgentID))
}

func (a App) validate() error {
	if a.CorpID == "" || a.Secret == "" {
		return errors.New("app needs a corpid and a secret")
	}
	return nil
}

// status is the errcode/errmsg pair every WeCom answer carries.
type status struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// call performs one API call with app's token and decodes the answer into
// out (which may be nil). When WeCom refuses the token (40014, 42001) it did
// not act on the request, so the cached token is dropped, a fresh one
// fetched and the call repeated exactly once. Every other failure,
// timeouts included, is returned as is: message/send may already have been
// delivered, and repeating it would notify people twice.
//
// On a WeCom error out is still filled from the body, because some APIs
// (message/send with 81013) explain the error in other fields.
func (c *Client) call(ctx context.Context, app App, method, api string, query url.Values, body []byte, out any) error {
	var raw []byte
	var err error
	for attempt := 1; ; attempt++ {
		var tok string
		tok, err = c.AccessToken(ctx, app)
		if err != nil {
			return fmt.Errorf("wecom %s: %w", api, err)
		}
		q := url.Values{}
		maps.Copy(q, query)
		q.Set("access_token", tok)
		raw, err = c.do(ctx, method, api, q, body, tok)
		if code := CodeOf(err); attempt == 1 && isTokenError(code) {
			c.log.LogAttrs(ctx, slog.LevelInfo, "wecom refused access token; refreshing and retrying once",
				slog.Any("app", app), slog.String("api", api), slog.Int("errcode", code))
			c.dropToken(ctx, app, tok)
			continue
		}
		break
	}
	if raw != nil && out != nil {
		if derr := json.Unmarshal(raw, out); derr != nil && err == nil {
			return fmt.Errorf("wecom %s: decoding response: %w", api, derr)
		}
	}
	return err
}

// do sends one HTTP request and checks errcode. It returns the raw body
// whenever one was read, and an *Error for a non-zero errcode. hide lists
// strings (secret, token) that must not leak into the returned error.
func (c *Client) do(ctx context.Context, method, api string, query url.Values, body []byte, hide ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	// safeURL is what errors may show: the query holds the token or secret.
	safeURL := c.base + "/cgi-bin/" + api
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, safeURL+"?"+query.Encode(), rd)
	if err != nil {
		return nil, fmt.Errorf("wecom %s: %w", api, redactURL(err, safeURL))
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("wecom %s: %w", api, redactURL(err, safeURL))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseBytes))
		return nil, fmt.Errorf("wecom %s: unexpected HTTP status %s", api, resp.Status)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return nil, fmt.Errorf("wecom %s: reading response: %w", api, redactURL(err, safeURL))
	}
	var st status
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, fmt.Errorf("wecom %s: decoding response: %w", api, err)
	}
	if st.ErrCode != 0 {
		return raw, &Error{API: api, Code: st.ErrCode, Msg: scrub(st.ErrMsg, hide)}
	}
	return raw, nil
}

// redactURL replaces the URL inside a *url.Error (which net/http puts there
// with its full query, i.e. with the token or secret) by safeURL, keeping
// the error chain intact for errors.Is(err, context.DeadlineExceeded).
func redactURL(err error, safeURL string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: safeURL, Err: ue.Err}
	}
	return err
}

// scrub removes secrets from text WeCom wrote; WeCom is not known to echo
// them, but an Error must never carry one whatever the server says.
func scrub(s string, hide []string) string {
	for _, h := range hide {
		if h != "" {
			s = strings.ReplaceAll(s, h, "[redacted]")
		}
	}
	return s
}
