package wecom_test

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/testkit"

	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"

	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	corpID      = "wwcorp"
	agentID     = 1000002
	secret      = "app-secret-do-not-leak"
	otherSecret = "other-secret-do-not-leak"
)

var (
	app      = wecom.App{CorpID: corpID, AgentID: agentID, Secret: secret}
	otherApp = wecom.App{CorpID: corpID, AgentID: 1000003, Secret: otherSecret}
)

type env struct {
	sim    *sim.Server
	srv    *httptest.Server
	clock  *testkit.Clock
	rdb    redis.UniversalClient
	prefix string
	logs   *testkit.LogBuffer
	client *wecom.Client
}

// mustEnv starts a simulator (corp wwcorp, apps 1000002 and 1000003,
// members alice and bob) behind an httptest server, optionally wrapped, and
// a client on a fresh Redis key prefix that is removed afterwards.
func mustEnv(tb testing.TB, wrap func(http.Handler) http.Handler) *env {
	tb.Helper()
	clk := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	s := sim.New(sim.Options{Now: clk.Now})
	s.CreateCorp(corpID)
	for _, err := range []error{
		s.AddApp(corpID, agentID, secret, "OA"),
		s.AddApp(corpID, otherApp.AgentID, otherSecret, "CRM"),
		s.AddUser(corpID, "alice", "Alice"),
		s.AddUser(corpID, "bob", "Bob"),
	} {
		if err != nil {
			tb.Fatal(err)
		}
	}
	var h http.Handler = s
	if wrap != nil {
		h = wrap(s)
	}
	e := &env{sim: s, srv: httptest.NewServer(h), clock: clk, rdb: testkit.MustRedis(tb),
		prefix: "qiaotest:" + rand.Text() + ":", logs: &testkit.LogBuffer{}}
	tb.Cleanup(e.srv.Close)
	e.client = e.newClient(tb, time.Second)
	return e
}

// newClient returns another client sharing the env's Redis and prefix, as a
// second process of the service would.
func (e *env) newClient(tb testing.TB, callTimeout time.Duration) *wecom.Client {
	tb.Helper()
	hc := &http.Client{Transport: &http.Transport{}}
	tb.Cleanup(hc.CloseIdleConnections)
	return wecom.New(wecom.Config{
		BaseURL: e.srv.URL, HTTPClient: hc, Redis: e.rdb, KeyPrefix: e.prefix, CallTimeout: callTimeout,
		Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
}

func card(to ...string) wecom.Message {
	return wecom.Message{ToUser: to, MsgType: wecom.MsgTypeTextCard, TextCard: &wecom.TextCard{
		Title: "Leave request", Description: "Alice asks for 2 days", URL: "https://qiao.example/h5/item/1", BtnTxt: "Open",
	}}
}

// mustSend sends a card to alice and fails the test on error.
func (e *env) mustSend(tb testing.TB, c *wecom.Client) wecom.SendResult {
	tb.Helper()
	res, err := c.SendMessage(context.Background(), app, card("alice"))
	if err != nil {
		tb.Fatalf("SendMessage: %v", err)
	}
	return res
}

func (e *env) calls() (gettoken, send int) {
	return e.sim.CallCount("/cgi-bin/gettoken"), e.sim.CallCount("/cgi-bin/message/send")
}
