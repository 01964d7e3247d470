package wecom_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
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

// syncBuffer collects log output written from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type env struct {
	sim    *sim.Server
	srv    *httptest.Server
	clock  *testkit.Clock
	rdb    redis.UniversalClient
	prefix string
	logs   *syncBuffer
	client *wecom.Client
}

// mustRedis connects to the test Redis (REDIS_URL, else 127.0.0.1:6379).
func mustRedis(tb testing.TB) redis.UniversalClient {
	tb.Helper()
	opts := &redis.Options{Addr: "127.0.0.1:6379"}
	if u := os.Getenv("REDIS_URL"); u != "" {
		var err error
		if opts, err = redis.ParseURL(u); err != nil {
			tb.Fatalf("REDIS_URL: %v", err)
		}
	}
	rdb := redis.NewClient(opts)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		_ = rdb.Close()
		tb.Fatalf("redis at %s: %v (start one: redis-server --daemonize yes)", opts.Addr, err)
	}
	return rdb
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
	e := &env{sim: s, srv: httptest.NewServer(h), clock: clk, rdb: mustRedis(tb),
		prefix: "qiaotest:" + rand.Text() + ":", logs: &syncBuffer{}}
	tb.Cleanup(func() {
		e.srv.Close()
		ctx := context.Background()
		it := e.rdb.Scan(ctx, 0, e.prefix+"*", 100).Iterator()
		for it.Next(ctx) {
			if err := e.rdb.Del(ctx, it.Val()).Err(); err != nil {
				tb.Errorf("cleaning redis key %s: %v", it.Val(), err)
			}
		}
		if err := it.Err(); err != nil {
			tb.Errorf("cleaning redis keys %s*: %v", e.prefix, err)
		}
		_ = e.rdb.Close()
	})
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
