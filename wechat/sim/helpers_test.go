package sim_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/testkit"

	"go.uber.org/goleak"

	"github.com/qiao-hq/qiao/wechat/sim"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	corpID      = "wwcorp"
	agentID     = 1000002
	secret      = "app-secret"
	otherAgent  = 1000003
	otherSecret = "other-secret"
)

type env struct {
	sim   *sim.Server
	srv   *httptest.Server
	clock *testkit.Clock
	// browser keeps cookies and does not follow redirects, so tests can
	// look at each hop.
	browser *http.Client
}

// mustEnv starts a simulator with corp wwcorp, apps 1000002 and 1000003,
// and members alice and Bob.
func mustEnv(tb testing.TB) *env {
	tb.Helper()
	return mustEnvWith(tb, sim.Options{})
}

// mustEnvWith is mustEnv with opts; its Now is replaced by the env's
// settable clock.
func mustEnvWith(tb testing.TB, opts sim.Options) *env {
	tb.Helper()
	clk := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	opts.Now = clk.Now
	s := sim.New(opts)
	s.CreateCorp(corpID)
	for _, err := range []error{
		s.AddApp(corpID, agentID, secret, "OA"),
		s.AddApp(corpID, otherAgent, otherSecret, "CRM"),
		s.AddUser(corpID, "alice", "Alice"),
		s.AddUser(corpID, "Bob", "Bob"),
	} {
		if err != nil {
			tb.Fatal(err)
		}
	}
	srv := httptest.NewServer(s)
	jar, err := cookiejar.New(nil)
	if err != nil {
		tb.Fatal(err)
	}
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	tb.Cleanup(func() {
		browser.CloseIdleConnections()
		srv.Close()
	})
	return &env{sim: s, srv: srv, clock: clk, browser: browser}
}

// wx is the union of the WeCom answer fields the tests look at.
type wx struct {
	ErrCode     int    `json:"errcode"`
	ErrMsg      string `json:"errmsg"`
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
	InvalidUser string `json:"invaliduser"`
	MsgID       string `json:"msgid"`
	UserID      string `json:"userid"`
}

// do sends a request and returns the response with its body read.
func (e *env) do(tb testing.TB, method, path, body string) (*http.Response, string) {
	tb.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	return e.doRequest(tb, req)
}

// doRequest sends req with the env's browser and returns the response
// with its body read.
func (e *env) doRequest(tb testing.TB, req *http.Request) (*http.Response, string) {
	tb.Helper()
	resp, err := e.browser.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, string(b)
}

// api calls a WeCom path and decodes the answer, which must be HTTP 200.
func (e *env) api(tb testing.TB, method, path, body string) wx {
	tb.Helper()
	resp, b := e.do(tb, method, path, body)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, b)
	}
	var out wx
	if err := json.Unmarshal([]byte(b), &out); err != nil {
		tb.Fatalf("%s %s: %v in %s", method, path, err, b)
	}
	return out
}

// mustToken gets a token for the app with the given secret.
func (e *env) mustToken(tb testing.TB, sec string) string {
	tb.Helper()
	out := e.api(tb, "GET", "/cgi-bin/gettoken?corpid="+corpID+"&corpsecret="+url.QueryEscape(sec), "")
	if out.ErrCode != 0 || out.AccessToken == "" {
		tb.Fatalf("gettoken: %+v", out)
	}
	return out.AccessToken
}

// send posts a message/send body with the given token.
func (e *env) send(tb testing.TB, tok, body string) wx {
	tb.Helper()
	return e.api(tb, "POST", "/cgi-bin/message/send?access_token="+url.QueryEscape(tok), body)
}

func textcard(to, title string) string {
	return `{"touser":"` + to + `","msgtype":"textcard","agentid":1000002,"textcard":{"title":"` + title +
		`","description":"<div class=\"gray\">today</div>please approve","url":"https://h5.example/item/1","btntxt":"Open"}}`
}
