// Package wxapi is the HTTP transport shared by the WeCom and the
// service-account clients: one JSON request with a deadline, the
// errcode/errmsg check, typed errors, and the retry rules that hold for
// every WeChat API (-1 is retried with backoff; 45009 and 45033 come back
// as a rate-limited error carrying a retry-after).
//
// Secrets and access tokens are passed in the query string, as WeChat
// requires; they never reach an error string or a log line: URLs inside
// errors are cut before the query, and errmsg is scrubbed of them.
package wxapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultCallTimeout bounds one HTTP request when Config.CallTimeout is 0.
const DefaultCallTimeout = 10 * time.Second

// WeChat answers are small but for one: batch/getresult lists every row
// of an import, about 60 bytes each, 6 MB for 100,000 members. A larger
// body means something other than WeChat answered, and it is not
// buffered.
const maxResponseBytes = 32 << 20

// Errcodes every WeChat API shares.
const (
	// CodeBusy (-1) is "system busy, retry"; WeChat did not act on the call.
	CodeBusy = -1
	// CodeRateLimited (45009) is an API frequency limit; the ban lasts until
	// the minute (or hour) is over.
	CodeRateLimited = 45009
	// CodeTooConcurrent (45033) is too many concurrent calls to one API.
	CodeTooConcurrent = 45033
)

// ErrRateLimited matches (errors.Is) every *Error with code 45009 or 45033.
// RetryAfterOf tells how long to wait.
var ErrRateLimited = errors.New("wechat: rate limited")

// Error is a non-zero errcode. API is the path below the service's API root
// ("message/send", "user/create", "sns/oauth2/access_token"). Msg is
// WeChat's errmsg, for people: branch on Code, never on Msg. RetryAfter is
// set for rate limits. An Error never contains a secret or a token.
type Error struct {
	Service    string // "wecom" or "mp"
	API        string
	Code       int
	Msg        string
	RetryAfter time.Duration
}

// Error formats as "wecom message/send: errcode 81013: …".
func (e *Error) Error() string {
	s := fmt.Sprintf("%s %s: errcode %d: %s", e.Service, e.API, e.Code, e.Msg)
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

// Is makes errors.Is(err, ErrRateLimited) true for 45009 and 45033.
func (e *Error) Is(target error) bool {
	return target == ErrRateLimited && e.RetryAfter > 0
}

// CodeOf returns the errcode carried by err (anywhere in its chain), or 0
// when err is nil or not an *Error (network errors, timeouts).
func CodeOf(err error) int {
	var we *Error
	if errors.As(err, &we) {
		return we.Code
	}
	return 0
}

// RetryAfterOf returns how long to wait before calling again when err is
// a rate limit, and false otherwise.
func RetryAfterOf(err error) (time.Duration, bool) {
	var we *Error
	if errors.As(err, &we) && we.RetryAfter > 0 {
		return we.RetryAfter, true
	}
	return 0, false
}

// retryAfter is how long a rate-limited caller should wait. A per-minute
// ban lasts 60 s; a concurrency refusal clears as soon as calls in flight
// finish, so a second is enough. WeChat's answer does not say which ban
// (minute, hour, day) it is, so a caller inside a longer one is refused
// again after a minute and waits another: cheap, and never too early.
func retryAfter(code int) time.Duration {
	switch code {
	case CodeRateLimited:
		return time.Minute
	case CodeTooConcurrent:
		return time.Second
	}
	return 0
}

// Config configures a Caller.
type Config struct {
	// Service names the API in errors and logs: "wecom" or "mp".
	Service string
	// BaseURL is the origin, e.g. https://qyapi.weixin.qq.com.
	BaseURL string
	// Root is the path prefix that Error.API is relative to, e.g.
	// "/cgi-bin/". Paths outside it are reported whole, without the
	// leading slash.
	Root string
	// HTTPClient sends the requests. Default: a client with its own
	// transport and an overall timeout of twice CallTimeout as a backstop.
	HTTPClient *http.Client
	// CallTimeout bounds each HTTP request (each retry gets its own); the
	// caller's context still bounds the whole call.
	CallTimeout time.Duration
	// BusyBackoff is the wait before the first retry of a -1; it doubles
	// for the next. Default 200ms.
	BusyBackoff time.Duration
	// Logger receives retries. Default: discard.
	Logger *slog.Logger
}

// Caller sends requests to one WeChat origin. It is safe for concurrent use.
type Caller struct {
	service string
	base    string
	root    string
	hc      *http.Client
	timeout time.Duration
	backoff time.Duration
	log     *slog.Logger
}

// NewCaller returns a Caller for cfg with defaults filled in.
func NewCaller(cfg Config) *Caller {
	c := &Caller{
		service: cfg.Service,
		base:    strings.TrimRight(cfg.BaseURL, "/"),
		root:    cfg.Root,
		hc:      cfg.HTTPClient,
		timeout: cfg.CallTimeout,
		backoff: cfg.BusyBackoff,
		log:     cfg.Logger,
	}
	if c.service == "" {
		c.service = "wechat"
	}
	if c.timeout <= 0 {
		c.timeout = DefaultCallTimeout
	}
	if c.backoff <= 0 {
		c.backoff = 200 * time.Millisecond
	}
	if c.hc == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		// All traffic goes to one host; keep enough idle connections for
		// bursts of message/send instead of the default 2.
		t.MaxIdleConnsPerHost = 64
		c.hc = &http.Client{Transport: t, Timeout: 2 * c.timeout}
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c
}

// Service returns the name errors carry ("wecom", "mp").
func (c *Caller) Service() string { return c.service }

// Request is one API call.
type Request struct {
	Method string
	// Path is the full path, e.g. "/cgi-bin/message/send".
	Path string
	// Query holds the parameters, the access_token or secret included.
	Query url.Values
	// Body is sent as is; ContentType defaults to JSON when Body is set.
	Body        []byte
	ContentType string
	// Hide lists strings (secrets, tokens) that must not appear in errors.
	Hide []string
	// RetryBusy repeats the call on -1, at most 3 tries in all, with
	// backoff. Set it only when repeating cannot do harm twice: WeChat says
	// -1 means it did not act, but message/send is repeated only with
	// WeCom's duplicate check on.
	RetryBusy bool
}

// API names the request's path for errors: below Root when under it.
func (c *Caller) API(path string) string {
	if c.root != "" && strings.HasPrefix(path, c.root) {
		return strings.TrimPrefix(path, c.root)
	}
	return strings.TrimPrefix(path, "/")
}

// Errorf wraps err with the service and API, for failures before a request.
func (c *Caller) Errorf(path string, err error) error {
	return fmt.Errorf("%s %s: %w", c.service, c.API(path), err)
}

// busyTries is how many times a -1 is tried in all, as WeChat advises.
const busyTries = 3

// Do sends req and checks errcode. It returns the raw body whenever one was
// read, together with an *Error for a non-zero errcode, so callers can read
// fields that explain an error (message/send's invaliduser with 81013).
// Timeouts and network errors are never retried here.
func (c *Caller) Do(ctx context.Context, req Request) ([]byte, error) {
	wait := c.backoff
	for try := 1; ; try++ {
		raw, err := c.once(ctx, req)
		if !req.RetryBusy || CodeOf(err) != CodeBusy || try == busyTries {
			return raw, err
		}
		c.log.LogAttrs(ctx, slog.LevelInfo, "wechat busy (-1); retrying",
			slog.String("service", c.service), slog.String("api", c.API(req.Path)),
			slog.Int("try", try), slog.Duration("wait", wait))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return raw, err
		case <-t.C:
		}
		wait *= 2
	}
}

func (c *Caller) once(ctx context.Context, r Request) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	api := c.API(r.Path)
	// safeURL is what errors may show: the query holds the token or secret.
	safeURL := c.base + r.Path
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	target := safeURL
	if len(r.Query) > 0 {
		target += "?" + r.Query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, target, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", c.service, api, redactURL(err, safeURL))
	}
	if r.Body != nil {
		ct := r.ContentType
		if ct == "" {
			ct = "application/json; charset=utf-8"
		}
		req.Header.Set("Content-Type", ct)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", c.service, api, redactURL(err, safeURL))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseBytes))
		return nil, fmt.Errorf("%s %s: unexpected HTTP status %s", c.service, api, resp.Status)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading response: %w", c.service, api, redactURL(err, safeURL))
	}
	if len(raw) > maxResponseBytes {
		return nil, fmt.Errorf("%s %s: response over %d bytes", c.service, api, maxResponseBytes)
	}
	var st struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, fmt.Errorf("%s %s: decoding response: %w", c.service, api, err)
	}
	if st.ErrCode != 0 {
		return raw, &Error{Service: c.service, API: api, Code: st.ErrCode,
			Msg: scrub(st.ErrMsg, r.Hide), RetryAfter: retryAfter(st.ErrCode)}
	}
	return raw, nil
}

// redactURL replaces the URL inside a *url.Error (which net/http fills with
// the full query, i.e. the token or secret) by safeURL, keeping the chain
// intact for errors.Is(err, context.DeadlineExceeded).
func redactURL(err error, safeURL string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: safeURL, Err: ue.Err}
	}
	return err
}

// scrub removes secrets from text WeChat wrote; WeChat is not known to echo
// them, but an Error must never carry one whatever the server says.
func scrub(s string, hide []string) string {
	for _, h := range hide {
		if h != "" {
			s = strings.ReplaceAll(s, h, "[redacted]")
		}
	}
	return s
}
