// Package mp is the WeChat service account (服务号, Official Account)
// server API client: the stable access token and the JS-SDK ticket shared
// through Redis, template messages, web OAuth, the custom menu and the
// JS-SDK signature.
//
// The same client talks to api.weixin.qq.com and to the simulator in
// wechat/sim (under its /mp prefix); only Config.BaseURL differs.
//
// Secrets and access tokens never appear in log lines or error strings; an
// Account formats itself without its secret.
package mp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/wechat/tokencache"
	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// Defaults used when the corresponding Config field is zero.
const (
	DefaultBaseURL     = "https://api.weixin.qq.com"
	DefaultKeyPrefix   = "qiao:"
	DefaultCallTimeout = wxapi.DefaultCallTimeout
)

// Config configures a Client. Only Redis is required.
type Config struct {
	// BaseURL is the API origin, without /cgi-bin. Default DefaultBaseURL;
	// tests and demos point it at the simulator's origin plus "/mp".
	BaseURL string
	// HTTPClient sends the requests. Default: a client with its own
	// transport and an overall timeout of twice CallTimeout as a backstop.
	HTTPClient *http.Client
	// Redis caches access tokens and tickets so every process of the
	// service shares them. Required: New panics without it.
	Redis redis.UniversalClient
	// KeyPrefix is prepended to every Redis key. Default DefaultKeyPrefix.
	KeyPrefix string
	// CallTimeout bounds each HTTP request (a token fetch and a retry each
	// get their own budget); the caller's context still bounds the whole
	// call. Default DefaultCallTimeout.
	CallTimeout time.Duration
	// BusyBackoff is the first wait before repeating a call WeChat answered
	// with -1 (system busy); it doubles, 3 tries in all. Default 200ms.
	BusyBackoff time.Duration
	// Now is the clock for token refresh times and JS-SDK timestamps.
	// Default time.Now.
	Now func() time.Time
	// Logger receives token refreshes and retries. Default: discard.
	Logger *slog.Logger
}

// Client calls the service-account API on behalf of any number of
// accounts. It is safe for concurrent use; share one per process so
// concurrent callers share token fetches.
type Client struct {
	api    *wxapi.Caller
	tokens *tokencache.Cache
	now    func() time.Time
	log    *slog.Logger
}

// New returns a Client for cfg, filling in defaults. It panics if
// cfg.Redis is nil, because a client without a shared token cache would
// call stable_token on every request.
func New(cfg Config) *Client {
	if cfg.Redis == nil {
		panic("mp.New: Config.Redis is required")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.KeyPrefix == "" {
		cfg.KeyPrefix = DefaultKeyPrefix
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	api := wxapi.NewCaller(wxapi.Config{
		Service: "mp", BaseURL: cfg.BaseURL, Root: "/cgi-bin/",
		HTTPClient: cfg.HTTPClient, CallTimeout: cfg.CallTimeout, BusyBackoff: cfg.BusyBackoff, Logger: cfg.Logger,
	})
	timeout := cfg.CallTimeout
	if timeout <= 0 {
		timeout = DefaultCallTimeout
	}
	return &Client{
		api: api,
		tokens: tokencache.New(cfg.Redis, tokencache.Options{
			Prefix: cfg.KeyPrefix, FetchTimeout: 2 * timeout, Now: cfg.Now, Logger: cfg.Logger,
		}),
		now: cfg.Now,
		log: cfg.Logger,
	}
}

// Account identifies one service account by its AppID and AppSecret. Its
// String and LogValue omit the secret, so an Account may be logged.
type Account struct {
	AppID  string
	Secret string
}

// String returns the appid; the secret is never printed.
func (a Account) String() string { return a.AppID }

// GoString keeps %#v from printing the secret.
func (a Account) GoString() string {
	return fmt.Sprintf("mp.Account{AppID:%q, Secret:[redacted]}", a.AppID)
}

// LogValue logs the appid, never the secret.
func (a Account) LogValue() slog.Value {
	return slog.GroupValue(slog.String("appid", a.AppID))
}

func (a Account) validate() error {
	if a.AppID == "" || a.Secret == "" {
		return errors.New("account needs an appid and a secret")
	}
	return nil
}

// request is one call made with an account's access token.
type request struct {
	method string
	api    string // below /cgi-bin/, e.g. "message/template/send"
	query  url.Values
	body   []byte
	// retryBusy repeats a -1 with backoff; see wxapi.Request.RetryBusy.
	retryBusy bool
}

func get(api string, query url.Values) request {
	return request{method: http.MethodGet, api: api, query: query, retryBusy: true}
}

func post(api string, in any, retryBusy bool) (request, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return request{}, fmt.Errorf("mp %s: encoding request: %w", api, err)
	}
	return request{method: http.MethodPost, api: api, body: b, retryBusy: retryBusy}, nil
}

// call performs r with the account's token and decodes the answer into
// out (which may be nil): wxapi.CallWithToken refreshes the token and
// repeats the call once when WeChat refuses the token (40001 "not latest",
// 40014, 42001); -1 is repeated with backoff when r.retryBusy; timeouts
// never are.
func (c *Client) call(ctx context.Context, acct Account, r request, out any) error {
	return c.api.CallWithToken(ctx, accountTokens{c: c, acct: acct}, acct.Secret, wxapi.Request{
		Method: r.method, Path: "/cgi-bin/" + r.api, Query: r.query, Body: r.body, RetryBusy: r.retryBusy,
	}, out)
}

// accountTokens is the account's cached token as wxapi.CallWithToken uses
// it.
type accountTokens struct {
	c    *Client
	acct Account
}

func (t accountTokens) Token(ctx context.Context) (string, error) {
	return t.c.AccessToken(ctx, t.acct)
}

func (t accountTokens) Drop(ctx context.Context, tok string) error {
	return t.c.tokens.Invalidate(ctx, tokenKey(t.acct), tok)
}

func (t accountTokens) LogValue() slog.Value { return t.acct.LogValue() }
