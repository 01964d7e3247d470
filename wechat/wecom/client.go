// Package wecom is the WeChat Work (WeCom) server API client: access tokens
// and JS-SDK tickets shared through Redis, and every API the product uses
// (contacts, batch jobs, media, messages, menus, agents, OAuth, JS-SDK,
// external contacts).
//
// The same client talks to qyapi.weixin.qq.com and to the in-process
// simulator in wechat/sim; only Config.BaseURL differs.
//
// Secrets and access tokens never appear in log lines or error strings; an
// App formats itself without its secret.
package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/wechat/tokencache"
	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// Defaults used when the corresponding Config field is zero.
const (
	DefaultBaseURL     = "https://qyapi.weixin.qq.com"
	DefaultKeyPrefix   = "qiao:"
	DefaultCallTimeout = wxapi.DefaultCallTimeout
)

// Config configures a Client. Only Redis is required.
type Config struct {
	// BaseURL is the WeCom API origin, without /cgi-bin. Default
	// DefaultBaseURL; tests and demos point it at the simulator.
	BaseURL string
	// HTTPClient sends the requests. Default: a client with its own
	// transport and an overall timeout of twice CallTimeout as a backstop.
	HTTPClient *http.Client
	// Redis caches access tokens and tickets so every process of the
	// service shares them. Required: New panics without it.
	Redis redis.UniversalClient
	// KeyPrefix is prepended to every Redis key. Default DefaultKeyPrefix.
	KeyPrefix string
	// CallTimeout bounds each HTTP request to WeCom (a gettoken and a retry
	// each get their own budget); the caller's context still bounds the
	// whole call. Default DefaultCallTimeout.
	CallTimeout time.Duration
	// BusyBackoff is the first wait before repeating a call WeCom answered
	// with -1 (system busy); it doubles, 3 tries in all. Default 200ms.
	BusyBackoff time.Duration
	// Logger receives token refreshes and retries. Default: discard.
	Logger *slog.Logger
}

// Client calls the WeCom server API on behalf of any number of apps. It is
// safe for concurrent use; share one per process so concurrent callers
// share token fetches.
type Client struct {
	api    *wxapi.Caller
	tokens *tokencache.Cache
	log    *slog.Logger
}

// New returns a Client for cfg, filling in defaults. It panics if
// cfg.Redis is nil, because a client without a shared token cache would
// call gettoken on every request.
func New(cfg Config) *Client {
	if cfg.Redis == nil {
		panic("wecom.New: Config.Redis is required")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.KeyPrefix == "" {
		cfg.KeyPrefix = DefaultKeyPrefix
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	api := wxapi.NewCaller(wxapi.Config{
		Service: "wecom", BaseURL: cfg.BaseURL, Root: "/cgi-bin/",
		HTTPClient: cfg.HTTPClient, CallTimeout: cfg.CallTimeout, BusyBackoff: cfg.BusyBackoff, Logger: cfg.Logger,
	})
	timeout := cfg.CallTimeout
	if timeout <= 0 {
		timeout = DefaultCallTimeout
	}
	return &Client{
		api:    api,
		tokens: tokencache.New(cfg.Redis, tokencache.Options{Prefix: cfg.KeyPrefix, FetchTimeout: 2 * timeout, Logger: cfg.Logger}),
		log:    cfg.Logger,
	}
}

// App identifies one WeCom app (自建应用) of one corp: the credentials
// gettoken needs and the agentid message/send needs. The contact-sync
// secret (通讯录同步) is an App with AgentID 0. Its String and LogValue omit
// the secret, so an App may be logged.
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

// request is one call made with an app's access token.
type request struct {
	method string
	api    string // below /cgi-bin/, e.g. "message/send"
	query  url.Values
	body   []byte
	// contentType overrides JSON (media/upload sends multipart).
	contentType string
	// retryBusy repeats a -1 with backoff; see wxapi.Request.RetryBusy.
	retryBusy bool
	// hide lists request values (OAuth codes) errors must not show.
	hide []string
}

// get and post are the common shapes: idempotent reads retry -1.
func get(api string, query url.Values) request {
	return request{method: http.MethodGet, api: api, query: query, retryBusy: true}
}

func post(api string, in any) (request, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return request{}, fmt.Errorf("wecom %s: encoding request: %w", api, err)
	}
	return request{method: http.MethodPost, api: api, body: b, retryBusy: true}, nil
}

// call performs r with app's token and decodes the answer into out (which
// may be nil): wxapi.CallWithToken refreshes the token and repeats the call
// once when WeCom refuses the token (40001, 40014, 42001); -1 is repeated
// with backoff when r.retryBusy; timeouts never are.
func (c *Client) call(ctx context.Context, app App, r request, out any) error {
	return c.api.CallWithToken(ctx, appTokens{c: c, app: app}, app.Secret, wxapi.Request{
		Method: r.method, Path: "/cgi-bin/" + r.api, Query: r.query, Body: r.body, ContentType: r.contentType,
		RetryBusy: r.retryBusy, Hide: r.hide,
	}, out)
}

// appTokens is app's cached token as wxapi.CallWithToken uses it.
type appTokens struct {
	c   *Client
	app App
}

func (t appTokens) Token(ctx context.Context) (string, error) { return t.c.AccessToken(ctx, t.app) }

func (t appTokens) Drop(ctx context.Context, tok string) error {
	return t.c.tokens.Invalidate(ctx, tokenKey(t.app), tok)
}

func (t appTokens) LogValue() slog.Value { return t.app.LogValue() }
