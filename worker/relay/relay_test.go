package relay_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/worker/relay"
	"github.com/qiao-hq/qiao/worker/tasks"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// proxy is a TCP proxy in front of the real Redis that the test can cut and restore, as a network partition would.
type proxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{t: t, target: target, addr: ln.Addr().String()}
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

// down refuses new connections and cuts the open ones.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// up listens again on the same address.
func (p *proxy) up() {
	var ln net.Listener
	var err error
	for range 50 { // the port was just closed; give the kernel a moment
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("proxy up: %v", err)
	}
	p.serve(ln)
}

// TestRedisOutageDeliversExactlyOnce sends items while Redis is unreachable, brings it back, and shows that every
// push reaches the approver's phone exactly once — even though the relay runs repeatedly, the same tasks are
// enqueued again, and a second worker competes for them.
func TestRedisOutageDeliversExactlyOnce(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "outage")
	px := newProxy(t, env.Redis.Addr)
	opt := asynq.RedisClientOpt{Addr: px.addr, DB: env.Redis.DB, DialTimeout: 200 * time.Millisecond, ReadTimeout: 500 * time.Millisecond, WriteTimeout: 500 * time.Millisecond}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	client := asynq.NewClient(opt)
	defer client.Close()
	r := relay.New(env.Outbox, client, log, relay.Config{})
	ctx := context.Background()

	px.down()
	const n = 5
	for i := range n {
		if _, err := env.OA.Send(tn.Ctx(), tn.Sender.EmployeeID, oa.SendInput{Title: fmt.Sprintf("停机期间 %d", i), Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}}); err != nil {
			t.Fatalf("send while Redis is down: %v", err)
		}
	}
	if moved, err := r.Flush(ctx); err == nil || moved != 0 {
		t.Fatalf("relay with Redis down: moved %d, err %v; want 0 and an error", moved, err)
	}
	if due := dueOf(t, env, tn); due != n {
		t.Fatalf("due after failed relay = %d, want %d (nothing may be lost)", due, n)
	}

	px.up()
	if moved, err := r.Flush(ctx); err != nil || moved != n {
		t.Fatalf("relay after recovery: moved %d, err %v", moved, err)
	}
	// Handed over under a lease: not handed over again while it lasts.
	if due := dueOf(t, env, tn); due != 0 {
		t.Fatalf("due after relay = %d, want 0 while the lease lasts", due)
	}
	var all []outbox.Message
	if err := env.DB.WithContext(tn.Ctx()).Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		task, _ := tasks.NewPushSendTask(m.TenantID, m.ID)
		if _, err := client.Enqueue(task); !errors.Is(err, asynq.ErrTaskIDConflict) {
			t.Errorf("re-enqueue of outbox %d: err %v, want ErrTaskIDConflict", m.ID, err)
		}
	}

	// Two workers drain the queue.
	h := &tasks.Handlers{Push: env.Push, Log: log}
	for range 2 {
		srv := asynq.NewServer(opt, asynq.Config{Concurrency: 4, Queues: tasks.Queues(), Logger: testkit.QuietAsynq{}, LogLevel: asynq.FatalLevel})
		if err := srv.Start(h.Mux()); err != nil {
			t.Fatal(err)
		}
		defer srv.Shutdown()
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) && len(env.Sim.Messages(tn.CorpID, tn.Approver.WeComUserID)) < n {
		time.Sleep(50 * time.Millisecond)
	}
	// And the handler itself, called again for every message, sends nothing more.
	for _, m := range all {
		if err := env.Push.Deliver(tn.Ctx(), m.ID); err != nil {
			t.Errorf("deliver %d again: %v", m.ID, err)
		}
	}
	got := env.Sim.Messages(tn.CorpID, tn.Approver.WeComUserID)
	seen := map[string]int{}
	for _, m := range got {
		seen[string(m.Payload)]++
	}
	if len(got) != n || len(seen) != n {
		t.Fatalf("approver got %d messages (%d distinct), want exactly %d", len(got), len(seen), n)
	}
	if calls := env.Sim.CallCount("/cgi-bin/message/send"); calls != n {
		t.Errorf("message/send calls = %d, want %d", calls, n)
	}
	var sent, open int64
	if err := env.DB.WithContext(tn.Ctx()).Model(&push.Delivery{}).Where("status = ?", push.StatusSent).Count(&sent).Error; err != nil || sent != n {
		t.Errorf("deliveries sent = %d (%v), want %d", sent, err, n)
	}
	if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("done_at IS NULL").Count(&open).Error; err != nil || open != 0 {
		t.Errorf("outbox messages not done = %d (%v), want 0 once delivered", open, err)
	}
}

// dueOf counts tn's outbox messages the relay may hand over now.
func dueOf(t *testing.T, env *apptest.Env, tn apptest.Tenant) int64 {
	t.Helper()
	var n int64
	if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("due_at <= ?", time.Now().UTC()).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
