package mp_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"

	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/mp"
	"github.com/qiao-hq/qiao/wechat/sim"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	appID       = "wx0000000000000001"
	secret      = "mp-secret-do-not-leak"
	tplLeave    = "tpl-leave"
	redisPrefix = "qiaotest:"
)

var acct = mp.Account{AppID: appID, Secret: secret}

type env struct {
	sim    *sim.Server
	srv    *httptest.Server
	clock  *testkit.Clock
	rdb    *redis.Client
	logs   *testkit.LogBuffer
	client *mp.Client
	// shareClock gives clients the simulator's clock, for refresh tests.
	shareClock bool
}

type envOpts struct {
	ttl  time.Duration
	wrap func(http.Handler) http.Handler
	// shareClock gives clients the simulator's settable clock; realClock
	// runs the simulator on time.Now instead.
	shareClock, realClock bool
}

// mustEnv starts a simulator with service account wx…01 (followers
// o-alice and o-bob, template tpl-leave with keys thing1 and time2) behind
// an httptest server, optionally wrapped, and a client on a leased Redis
// database.
func mustEnv(tb testing.TB, o envOpts) *env {
	tb.Helper()
	clk := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	now := clk.Now
	if o.realClock {
		now = nil
	}
	s := sim.New(sim.Options{Now: now, TokenTTL: o.ttl})
	for _, err := range []error{
		s.CreateServiceAccount(appID, secret, "Qiao"),
		s.AddFollower(appID, "o-alice", "Alice"),
		s.AddFollower(appID, "o-bob", "Bob"),
		s.AddTemplate(appID, tplLeave, "请假审批提醒", []string{"thing1", "time2"}),
	} {
		if err != nil {
			tb.Fatal(err)
		}
	}
	var h http.Handler = s
	if o.wrap != nil {
		h = o.wrap(s)
	}
	e := &env{sim: s, srv: httptest.NewServer(h), clock: clk, rdb: testkit.MustRedis(tb), logs: &testkit.LogBuffer{},
		shareClock: o.shareClock}
	tb.Cleanup(e.srv.Close)
	e.client = e.newClient(tb, time.Second)
	return e
}

// newClient returns another client sharing the env's Redis, as a second
// process of the service would.
func (e *env) newClient(tb testing.TB, callTimeout time.Duration) *mp.Client {
	tb.Helper()
	hc := &http.Client{Transport: &http.Transport{}}
	tb.Cleanup(hc.CloseIdleConnections)
	cfg := mp.Config{
		BaseURL: e.srv.URL + "/mp", HTTPClient: hc, Redis: e.rdb, KeyPrefix: redisPrefix, CallTimeout: callTimeout,
		BusyBackoff: 10 * time.Millisecond,
		Logger:      slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if e.shareClock {
		cfg.Now = e.clock.Now
	}
	return mp.New(cfg)
}

func leave(to string) mp.TemplateMessage {
	return mp.TemplateMessage{ToUser: to, TemplateID: tplLeave, URL: "https://qiao.example/h5/leave/1",
		Data: map[string]string{"thing1": "Alice: 2 days leave", "time2": "2026-03-02 09:00"}}
}

// mustSend sends a template message to alice and fails the test on error.
func (e *env) mustSend(tb testing.TB, c *mp.Client) int64 {
	tb.Helper()
	id, err := c.SendTemplate(context.Background(), acct, leave("o-alice"))
	if err != nil {
		tb.Fatalf("SendTemplate: %v", err)
	}
	return id
}

func (e *env) calls() (stable, send int) {
	return e.sim.CallCount("/mp/cgi-bin/stable_token"), e.sim.CallCount("/mp/cgi-bin/message/template/send")
}
