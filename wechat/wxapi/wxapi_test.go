package wxapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wxapi"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	corpID = "wwcorp"
	secret = "s3cret-value-never-shown"
)

func newEnv(t *testing.T) (*sim.Server, *wxapi.Caller, func(wxapi.Request) wxapi.Request) {
	t.Helper()
	s := sim.New(sim.Options{})
	s.CreateCorp(corpID)
	if err := s.AddApp(corpID, 1000002, secret, "OA"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c := wxapi.NewCaller(wxapi.Config{
		Service: "wecom", BaseURL: srv.URL, Root: "/cgi-bin/",
		HTTPClient: srv.Client(), CallTimeout: 200 * time.Millisecond, BusyBackoff: time.Millisecond,
	})
	gettoken := func(r wxapi.Request) wxapi.Request {
		r.Method, r.Path = http.MethodGet, "/cgi-bin/gettoken"
		r.Query = url.Values{"corpid": {corpID}, "corpsecret": {secret}}
		r.Hide = []string{secret}
		return r
	}
	return s, c, gettoken
}

func TestBusyRetry(t *testing.T) {
	tests := []struct {
		name      string
		busy      int // -1 answers before success
		retryBusy bool
		wantCalls int
		wantCode  int
	}{
		{"retried until success", 2, true, 3, 0},
		{"three tries in all", 5, true, 3, wxapi.CodeBusy},
		{"not retried unless asked", 1, false, 1, wxapi.CodeBusy},
		{"no fault, one call", 0, true, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c, gettoken := newEnv(t)
			if tt.busy > 0 {
				if err := s.InjectFault(sim.Fault{Path: "/cgi-bin/gettoken", ErrCode: -1, Count: tt.busy}); err != nil {
					t.Fatal(err)
				}
			}
			_, err := c.Do(context.Background(), gettoken(wxapi.Request{RetryBusy: tt.retryBusy}))
			if got := wxapi.CodeOf(err); got != tt.wantCode {
				t.Errorf("errcode %d (%v), want %d", got, err, tt.wantCode)
			}
			if got := s.CallCount("/cgi-bin/gettoken"); got != tt.wantCalls {
				t.Errorf("gettoken calls = %d, want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestBusyRetryStopsWithContext(t *testing.T) {
	s, _, gettoken := newEnv(t)
	if err := s.InjectFault(sim.Fault{Path: "/cgi-bin/gettoken", ErrCode: -1}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := wxapi.NewCaller(wxapi.Config{Service: "wecom", BaseURL: srv.URL, Root: "/cgi-bin/", BusyBackoff: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, gettoken(wxapi.Request{RetryBusy: true}))
	if wxapi.CodeOf(err) != wxapi.CodeBusy {
		t.Errorf("err = %v, want the -1", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Error("the backoff outlived the caller's context")
	}
}

func TestRateLimited(t *testing.T) {
	for _, tt := range []struct {
		code int
		wait time.Duration
	}{{45009, time.Minute}, {45033, time.Second}} {
		s, c, gettoken := newEnv(t)
		if err := s.InjectFault(sim.Fault{ErrCode: tt.code}); err != nil {
			t.Fatal(err)
		}
		_, err := c.Do(context.Background(), gettoken(wxapi.Request{RetryBusy: true}))
		if !errors.Is(err, wxapi.ErrRateLimited) {
			t.Errorf("%d: errors.Is(err, ErrRateLimited) = false for %v", tt.code, err)
		}
		if wait, ok := wxapi.RetryAfterOf(err); !ok || wait != tt.wait {
			t.Errorf("%d: RetryAfterOf = %v, %v; want %v", tt.code, wait, ok, tt.wait)
		}
		if got := s.CallCount("/cgi-bin/gettoken"); got != 1 {
			t.Errorf("%d: a rate limit was retried: %d calls", tt.code, got)
		}
		var we *wxapi.Error
		if !errors.As(err, &we) || we.API != "gettoken" || we.Service != "wecom" {
			t.Errorf("%d: error %#v, want *wxapi.Error for wecom gettoken", tt.code, err)
		}
	}
	// Other errors are not rate limits.
	_, c, gettoken := newEnv(t)
	req := gettoken(wxapi.Request{})
	req.Query.Set("corpsecret", "wrong")
	_, err := c.Do(context.Background(), req)
	if wxapi.CodeOf(err) != 40001 || errors.Is(err, wxapi.ErrRateLimited) {
		t.Errorf("wrong secret: %v, want 40001 and not rate limited", err)
	}
	if _, ok := wxapi.RetryAfterOf(err); ok {
		t.Error("RetryAfterOf reports a wait for 40001")
	}
}

func TestTimeoutNotRetried(t *testing.T) {
	s, c, gettoken := newEnv(t)
	// Slower than the 200ms call timeout, twice.
	if err := s.InjectFault(sim.Fault{Path: "/cgi-bin/gettoken", LatencyMS: 400, Count: 2}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Do(context.Background(), gettoken(wxapi.Request{RetryBusy: true}))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a deadline", err)
	}
	if got := s.CallCount("/cgi-bin/gettoken"); got != 1 {
		t.Errorf("a timed-out call was repeated: %d calls", got)
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("timeout error shows the secret: %v", err)
	}
}

func TestErrorsHideSecrets(t *testing.T) {
	// A server that echoes the query back in errmsg and a dropped
	// connection: neither error may show the secret.
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"errcode":40001,"errmsg":"bad ` + r.URL.RawQuery + `"}`))
	}))
	defer echo.Close()
	c := wxapi.NewCaller(wxapi.Config{Service: "mp", BaseURL: echo.URL, Root: "/cgi-bin/"})
	q := url.Values{"appid": {"wxapp"}, "secret": {secret}}
	_, err := c.Do(context.Background(), wxapi.Request{Method: "GET", Path: "/cgi-bin/token", Query: q, Hide: []string{secret}})
	if err == nil || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("echoed secret not scrubbed: %v", err)
	}

	s, _, gettoken := newEnv(t)
	if err := s.InjectFault(sim.Fault{Drop: true}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c = wxapi.NewCaller(wxapi.Config{Service: "wecom", BaseURL: srv.URL, Root: "/cgi-bin/"})
	_, err = c.Do(context.Background(), gettoken(wxapi.Request{}))
	if err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "corpsecret") {
		t.Errorf("network error = %v, want one without the query", err)
	}
}

func TestBadAnswers(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"HTTP 502", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }, "unexpected HTTP status 502"},
		{"not JSON", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("<html>")) }, "decoding response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := wxapi.NewCaller(wxapi.Config{Service: "wecom", BaseURL: srv.URL, Root: "/cgi-bin/"})
			_, err := c.Do(context.Background(), wxapi.Request{Method: "GET", Path: "/cgi-bin/agent/get"})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "wecom agent/get") {
				t.Errorf("err = %v, want %q with the API named", err, tt.want)
			}
			if wxapi.CodeOf(err) != 0 {
				t.Errorf("CodeOf = %d for a transport failure", wxapi.CodeOf(err))
			}
		})
	}
}

func TestAPIName(t *testing.T) {
	c := wxapi.NewCaller(wxapi.Config{Service: "mp", BaseURL: "http://x", Root: "/cgi-bin/"})
	for path, want := range map[string]string{
		"/cgi-bin/message/template/send": "message/template/send",
		"/sns/oauth2/access_token":       "sns/oauth2/access_token",
	} {
		if got := c.API(path); got != want {
			t.Errorf("API(%q) = %q, want %q", path, got, want)
		}
	}
}
