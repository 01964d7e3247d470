package relay_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
	"github.com/qiao-hq/qiao/worker/relay"
	"github.com/qiao-hq/qiao/worker/tasks"
)

// queued describes the tasks waiting in the queues as "type:message,message", the messages by their names in
// names, sorted.
func queued(t *testing.T, in *asynq.Inspector, names map[uint64]string) []string {
	t.Helper()
	var out []string
	for _, q := range []string{tasks.QueueEvents, tasks.QueuePush, tasks.QueueBulk} {
		infos, err := in.ListPendingTasks(q, asynq.PageSize(1000))
		if errors.Is(err, asynq.ErrQueueNotFound) {
			continue // nothing was ever queued there
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			var p struct {
				One  uint64   `json:"outbox_id"`
				Many []uint64 `json:"outbox_ids"`
			}
			if err := json.Unmarshal(info.Payload, &p); err != nil {
				t.Fatal(err)
			}
			var ms []string
			for _, id := range append(p.Many, p.One) {
				if id != 0 {
					ms = append(ms, names[id])
				}
			}
			out = append(out, info.Type+":"+strings.Join(ms, ","))
		}
	}
	slices.Sort(out)
	return out
}

// TestEventsGroupedPerTenant: a relay pass hands the events of each tenant over as one task (up to EventBatch
// a task, by outbox ID), however the tenants' events interleave; a lone event and every other kind go alone as
// before. A pass that runs again hands the same tasks over, which the queue refuses.
func TestEventsGroupedPerTenant(t *testing.T) {
	env := apptest.New(t, "") // a database of its own: the pass must see only these messages
	a, b := env.Tenant(t, "eva"), env.Tenant(t, "evb")
	names := map[uint64]string{}
	start := time.Now().UTC().Add(-time.Minute)
	add := func(i int, tn apptest.Tenant, name, kind string, payload any) {
		t.Helper()
		if err := outbox.Add(tn.Ctx(), env.DB, start.Add(time.Duration(i)*time.Millisecond), kind, name, payload); err != nil {
			t.Fatal(err)
		}
		var id uint64
		if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("dedup_key = ?", name).Pluck("id", &id).Error; err != nil {
			t.Fatal(err)
		}
		names[id] = name
	}
	event := outbox.WeComEventPayload{InboxID: 1}
	for i, m := range []struct {
		tn   apptest.Tenant
		name string
	}{{a, "a1"}, {b, "b1"}, {a, "a2"}, {a, "push"}, {b, "b2"}, {a, "a3"}} {
		if m.name == "push" {
			add(i, m.tn, m.name, outbox.KindCollabSent, outbox.CollabPayload{ItemID: 1, ToID: 1})
			continue
		}
		add(i, m.tn, m.name, outbox.KindWeComEvent, event)
	}
	in := asynq.NewInspector(env.Redis)
	defer in.Close()
	cases := []struct {
		name       string
		eventBatch int
		want       []string
	}{
		{"Default", 0, []string{"push:send:push", "wecom:events:a1,a2,a3", "wecom:events:b1,b2"}},
		{"TwoATask", 2, []string{"push:send:push", "wecom:event:a3", "wecom:events:a1,a2", "wecom:events:b1,b2"}},
		{"EachAlone", 1, []string{"push:send:push", "wecom:event:a1", "wecom:event:a2", "wecom:event:a3",
			"wecom:event:b1", "wecom:event:b2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			emptyRedis(t, env)
			client := asynq.NewClient(env.Redis) // a client of its own: one remembers the queues it registered
			defer client.Close()
			r := relay.New(env.Outbox, client, quietLog(), relay.Config{EventBatch: tc.eventBatch})
			for pass := range 2 {
				// Every message due again, as when the leases ran out while the tasks were still queued.
				err := env.DB.WithContext(tenancy.System(context.Background())).Model(&outbox.Message{}).Where("1 = 1").
					Updates(map[string]any{"due_at": start, "handovers": 0}).Error
				if err != nil {
					t.Fatal(err)
				}
				if n, err := r.Flush(context.Background()); err != nil || n != len(names) {
					t.Fatalf("pass %d: Flush = %d, %v; want %d", pass, n, err, len(names))
				}
				if diff := cmp.Diff(tc.want, queued(t, in, names)); diff != "" {
					t.Errorf("pass %d: tasks queued (-want +got):\n%s", pass, diff)
				}
			}
		})
	}
}

// TestPushBatches: a relay pass hands the messages of one event told to many (outbox.BatchKey: one notice to its
// audience) over as one push:batch task in the bulk queue, up to PushBatch a task, per tenant and per event; a
// collab card, a message to a customer's contact and a lone message go alone, to the push queue.
func TestPushBatches(t *testing.T) {
	env := apptest.New(t, "") // a database of its own: the pass must see only these messages
	a, b := env.Tenant(t, "pba"), env.Tenant(t, "pbb")
	names := map[uint64]string{}
	start := time.Now().UTC().Add(-time.Minute)
	i := 0
	add := func(tn apptest.Tenant, name, kind string, payload any) {
		t.Helper()
		i++
		if err := outbox.Add(tn.Ctx(), env.DB, start.Add(time.Duration(i)*time.Millisecond), kind, name, payload); err != nil {
			t.Fatal(err)
		}
		var id uint64
		if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("dedup_key = ?", name).Pluck("id", &id).Error; err != nil {
			t.Fatal(err)
		}
		names[id] = name
	}
	notice := func(item, to uint64) outbox.PublishedPayload {
		return outbox.PublishedPayload{ItemID: item, ToID: to, ActorID: 1, EventTime: start.Unix()}
	}
	add(a, "n1-1", outbox.KindNoticePublished, notice(1, 1))
	add(a, "n1-2", outbox.KindNoticePublished, notice(1, 2))
	add(a, "n2-1", outbox.KindNoticePublished, notice(2, 1)) // another notice: another batch, alone
	add(a, "card", outbox.KindCollabSent, outbox.CollabPayload{ItemID: 1, ToID: 1})
	add(a, "n1-3", outbox.KindNoticePublished, notice(1, 3))
	add(b, "bn1-1", outbox.KindNoticePublished, notice(1, 1)) // the same payload in another tenant
	add(b, "bn1-2", outbox.KindNoticePublished, notice(1, 2))
	add(a, "pb-1", outbox.KindSystemMessage, outbox.SystemPayload{System: "PB", MessageID: "m", Title: "t", Content: "c", ToID: 1})
	add(a, "pb-2", outbox.KindSystemMessage, outbox.SystemPayload{System: "PB", MessageID: "m", Title: "t", Content: "c", ToID: 2})
	add(a, "pb-c", outbox.KindSystemMessage, outbox.SystemPayload{System: "PB", MessageID: "m", Title: "t", Content: "c", ToAccount: 9, Kept: 1})
	in := asynq.NewInspector(env.Redis)
	defer in.Close()
	for _, tc := range []struct {
		name      string
		pushBatch int
		want      []string
	}{
		{"Default", 0, []string{"push:batch:bn1-1,bn1-2", "push:batch:n1-1,n1-2,n1-3", "push:batch:pb-1,pb-2",
			"push:send:card", "push:send:n2-1", "push:send:pb-c"}},
		{"TwoATask", 2, []string{"push:batch:bn1-1,bn1-2", "push:batch:n1-1,n1-2", "push:batch:pb-1,pb-2",
			"push:send:card", "push:send:n1-3", "push:send:n2-1", "push:send:pb-c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			emptyRedis(t, env)
			client := asynq.NewClient(env.Redis)
			defer client.Close()
			err := env.DB.WithContext(tenancy.System(context.Background())).Model(&outbox.Message{}).Where("1 = 1").
				Updates(map[string]any{"due_at": start, "handovers": 0}).Error
			if err != nil {
				t.Fatal(err)
			}
			r := relay.New(env.Outbox, client, quietLog(), relay.Config{PushBatch: tc.pushBatch})
			if n, err := r.Flush(context.Background()); err != nil || n != len(names) {
				t.Fatalf("Flush = %d, %v; want %d", n, err, len(names))
			}
			if diff := cmp.Diff(tc.want, queued(t, in, names)); diff != "" {
				t.Errorf("tasks queued (-want +got):\n%s", diff)
			}
			infos, err := in.ListPendingTasks(tasks.QueueBulk, asynq.PageSize(100))
			if err != nil || len(infos) != 3 {
				t.Errorf("%d tasks in the bulk queue, %v; want the 3 batches", len(infos), err)
			}
		})
	}
}

// emptyRedis makes env's Redis lose everything it holds.
func emptyRedis(t *testing.T, env *apptest.Env) {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: env.Redis.Addr, DB: env.Redis.DB})
	defer rdb.Close()
	if err := rdb.FlushDB(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
}

// receiveEvents posts n distinct change_contact events to tn's contacts receiver, as WeCom does.
func receiveEvents(t *testing.T, env *apptest.Env, tn apptest.Tenant, n int) {
	t.Helper()
	cr := env.Crypter(t, tn, "contacts")
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	for i := range n {
		ev := wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", CreateTime: now.Unix(), MsgType: "event",
			Event: "change_contact", ChangeType: "create_user", UserID: fmt.Sprintf("m%03d", i)}
		enc, err := cr.Encrypt(ev.XML())
		if err != nil {
			t.Fatal(err)
		}
		q := callbacks.Signed{Signature: cr.Signature(ts, "1", enc), Timestamp: ts, Nonce: "1"}
		if _, err := env.Callbacks.Receive(context.Background(), tn.Slug, "contacts", q, cr.Envelope(enc, 0)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestEventsSurviveRedisLoss: the tasks of a tenant's events die with a Redis that loses everything; when the
// messages' lease runs out the relay hands them over again and each event is processed, once. The same task run
// again afterwards acts on none.
func TestEventsSurviveRedisLoss(t *testing.T) {
	env := apptest.New(t, "") // a database of its own: the clock moves every other test's messages' leases too
	tn := env.Tenant(t, "evloss")
	const n = 25
	receiveEvents(t, env, tn, n)
	clock := testkit.NewClock(time.Now().UTC())
	client := asynq.NewClient(env.Redis)
	defer client.Close()
	r := relay.New(env.Outbox, client, quietLog(), relay.Config{Lease: time.Minute, Now: clock.Now})
	flush := func(want int) {
		t.Helper()
		if got, err := r.Flush(context.Background()); err != nil || got != want {
			t.Fatalf("Flush = %d, %v; want %d", got, err, want)
		}
	}
	status := func() map[callbacks.Status]int {
		t.Helper()
		var es []callbacks.Event
		if err := env.DB.WithContext(tn.Ctx()).Find(&es).Error; err != nil {
			t.Fatal(err)
		}
		out := map[callbacks.Status]int{}
		for _, e := range es {
			out[e.Status]++
			if e.Status == callbacks.StatusIgnored {
				t.Logf("ignored %d: %v", e.ID, *e.Reason)
			}
			if e.Attempts > 1 {
				t.Errorf("inbox %d processed %d times", e.ID, e.Attempts)
			}
		}
		return out
	}
	flush(n)
	emptyRedis(t, env)
	h := &tasks.Handlers{Callbacks: env.Callbacks, Log: quietLog()}
	srv := asynq.NewServer(env.Redis, asynq.Config{Concurrency: 4, Queues: tasks.EventQueues(), Logger: testkit.QuietAsynq{},
		LogLevel: asynq.FatalLevel})
	if err := srv.Start(h.Mux()); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	flush(0) // the lease holds
	if got := status(); got[callbacks.StatusReceived] != n {
		t.Fatalf("rows after Redis lost the tasks: %v, want all %d received", got, n)
	}
	clock.Advance(time.Minute + time.Second)
	flush(n)
	deadline := time.Now().Add(20 * time.Second)
	for status()[callbacks.StatusProcessed] < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if diff := cmp.Diff(map[callbacks.Status]int{callbacks.StatusProcessed: n}, status()); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	var open int64
	if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("done_at IS NULL").Count(&open).Error; err != nil || open != 0 {
		t.Errorf("messages open: %d, %v", open, err)
	}

	var ms []uint64
	if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Pluck("id", &ms).Error; err != nil {
		t.Fatal(err)
	}
	task, err := tasks.NewWeComEventsTask(tn.ID, ms)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Mux().ProcessTask(context.Background(), task); err != nil {
		t.Errorf("the task run again: %v", err)
	}
	if diff := cmp.Diff(map[callbacks.Status]int{callbacks.StatusProcessed: n}, status()); diff != "" {
		t.Errorf("rows after the task ran again (-want +got):\n%s", diff)
	}
}
