package relay_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/worker/relay"
	"github.com/qiao-hq/qiao/worker/tasks"
)

// recorder is an Enqueuer that remembers every task ID it was given, or fails every call while down and every
// call after the first upFor ones when upFor is set.
type recorder struct {
	mu    sync.Mutex
	ids   map[string]int
	calls atomic.Int64
	down  atomic.Bool
	upFor atomic.Int64
}

func newRecorder() *recorder { return &recorder{ids: map[string]int{}} }

func (r *recorder) EnqueueContext(_ context.Context, t *asynq.Task, opts ...asynq.Option) (*asynq.TaskInfo, error) {
	n := r.calls.Add(1)
	if up := r.upFor.Load(); r.down.Load() || (up > 0 && n > up) {
		return nil, errors.New("redis: connection refused")
	}
	id := t.Headers()[tasks.HeaderTenant] + ":" + string(t.Payload()) // what the task ID is made of
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids[id]++
	return &asynq.TaskInfo{ID: id}, nil
}

func (r *recorder) handedOver() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.ids))
	for k, v := range r.ids {
		out[k] = v
	}
	return out
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// sendMany writes n collaboration items from tn's sender to its approver, one outbox message each.
func sendMany(t *testing.T, env *apptest.Env, tn apptest.Tenant, prefix string, n int) {
	t.Helper()
	for i := range n {
		if _, err := env.OA.Send(tn.Ctx(), tn.Sender.EmployeeID, oa.SendInput{Title: fmt.Sprintf("%s %d", prefix, i), Body: "b",
			RecipientIDs: []uint64{tn.Approver.EmployeeID}}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRunBacksOffWhileRedisIsAway: Redis goes away right after a full batch; Run then waits longer and longer
// between passes instead of hammering Redis and MySQL. Before the fix a full batch set the wait to 0, and each
// failure doubled 0: thousands of passes a second.
func TestRunBacksOffWhileRedisIsAway(t *testing.T) {
	env := apptest.New(t, "") // a database of its own: no other test's messages come due in it
	tn := env.Tenant(t, "backoff")
	const batch = 5
	sendMany(t, env, tn, "退避", 2*batch)
	rec := newRecorder()
	rec.upFor.Store(batch) // the first pass hands over a full batch, then Redis is gone
	r := relay.New(env.Outbox, rec, quietLog(), relay.Config{Interval: 10 * time.Millisecond, MaxBackoff: time.Second, Batch: batch})
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	if err := r.Run(ctx); err != nil {
		t.Fatal(err)
	}
	// The full batch, then passes 10, 20, 40, … ms apart, each stopping at its first failed handover: about 8.
	if got := rec.calls.Load() - batch; got > 12 || got < 3 {
		t.Errorf("%d handovers tried in 1.5 s with Redis away, want a handful (backing off from 10 ms)", got)
	}
	if due := dueOf(t, env, tn); due != batch {
		t.Errorf("%d messages due after the failed passes, want %d: a failed handover must not hold them", due, batch)
	}
	// Failed handovers do not lengthen the lease the first real one gets.
	var counts []int
	if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("handovers > 1").
		Pluck("handovers", &counts).Error; err != nil || len(counts) != 0 {
		t.Errorf("handover counts after failed passes: %v (%v), want none above 1", counts, err)
	}
}

// TestRunAdoptsOldRows: a row a server of the release before leases wrote during an upgrade (neither due nor
// done) is found by Run and handed over.
func TestRunAdoptsOldRows(t *testing.T) {
	env := apptest.New(t, "")
	tn := env.Tenant(t, "adopt")
	sendMany(t, env, tn, "旧版本", 1)
	if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("1 = 1").
		Updates(map[string]any{"due_at": nil, "order_key": nil}).Error; err != nil {
		t.Fatal(err)
	}
	rec := newRecorder()
	r := relay.New(env.Outbox, rec, quietLog(), relay.Config{Interval: 10 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := r.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if got := len(rec.handedOver()); got != 1 {
		t.Errorf("%d messages handed over, want the old row", got)
	}
}

// TestDeadTaskReplaced: a task that holds a message's ID but will never run again (archived: asynq gave up on it,
// or a release before retried it to its end) does not keep the message from going out: the relay deletes it and
// hands the message over again. A live task under the ID is left alone.
func TestDeadTaskReplaced(t *testing.T) {
	env := apptest.New(t, "")
	tn := env.Tenant(t, "archived")
	sendMany(t, env, tn, "归档", 2)
	var ms []outbox.Message
	if err := env.DB.WithContext(tn.Ctx()).Order("id").Find(&ms).Error; err != nil || len(ms) != 2 {
		t.Fatalf("outbox %d, %v", len(ms), err)
	}
	client, inspector := asynq.NewClient(env.Redis), asynq.NewInspector(env.Redis)
	defer client.Close()
	defer inspector.Close()
	for _, m := range ms {
		task, err := tasks.NewPushSendTask(m.TenantID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.Enqueue(task); err != nil {
			t.Fatal(err)
		}
	}
	dead := tasks.PushSendTaskID(ms[0].TenantID, ms[0].ID)
	if err := inspector.ArchiveTask(tasks.QueuePush, dead); err != nil {
		t.Fatal(err)
	}
	r := relay.New(env.Outbox, client, quietLog(), relay.Config{Inspector: inspector})
	if n, err := r.Flush(context.Background()); err != nil || n != 2 {
		t.Fatalf("Flush = %d, %v", n, err)
	}
	for _, m := range ms {
		info, err := inspector.GetTaskInfo(tasks.QueuePush, tasks.PushSendTaskID(m.TenantID, m.ID))
		if err != nil || info.State != asynq.TaskStatePending {
			t.Errorf("task of outbox %d: %v, %v; want pending", m.ID, info, err)
		}
	}
}

// TestRelaysShareTheWork: several relays (one per server replica) running at once hand every message over exactly
// once between them.
func TestRelaysShareTheWork(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "replicas")
	const n = 120
	sendMany(t, env, tn, "副本", n)
	rec := newRecorder()
	var wg sync.WaitGroup
	for range 3 {
		r := relay.New(env.Outbox, rec, quietLog(), relay.Config{Batch: 7})
		wg.Go(func() {
			for {
				got, err := r.Flush(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				if got == 0 {
					return
				}
			}
		})
	}
	wg.Wait()
	ids := rec.handedOver()
	mine := 0
	for id, times := range ids {
		if times != 1 {
			t.Errorf("task %s handed over %d times", id, times)
		}
		mine++
	}
	if mine < n {
		t.Errorf("%d messages handed over, want at least the %d written", mine, n)
	}
	if due := dueOf(t, env, tn); due != 0 {
		t.Errorf("%d messages still due", due)
	}
}

// TestLeaseRunsOut: a message handed over but not delivered (its task died with Redis) is handed over again when its
// lease runs out, and each later lease is longer; once its delivery is recorded it is never handed over again.
func TestLeaseRunsOut(t *testing.T) {
	env := apptest.New(t, "") // a database of its own: the clock moves every other test's messages' leases too
	tn := env.Tenant(t, "lease")
	sendMany(t, env, tn, "租约", 1)
	clock := testkit.NewClock(time.Now().UTC().Add(time.Minute))
	rec := newRecorder()
	r := relay.New(env.Outbox, rec, quietLog(), relay.Config{Lease: time.Minute, Now: clock.Now})
	flush := func() int {
		t.Helper()
		n, err := r.Flush(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps := []struct {
		advance time.Duration
		want    int
	}{
		{0, 1},                // handed over
		{59 * time.Second, 0}, // the first lease lasts a minute
		{2 * time.Second, 1},  // ran out: handed over again
		{time.Minute, 0},      // the second lease lasts two
		{time.Minute + time.Second, 1},
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		if got := flush(); got != s.want {
			t.Fatalf("step %d (+%v): handed over %d, want %d", i, s.advance, got, s.want)
		}
	}
	var m outbox.Message
	if err := env.DB.WithContext(tn.Ctx()).Order("id DESC").First(&m).Error; err != nil {
		t.Fatal(err)
	}
	if m.Handovers != 3 {
		t.Errorf("handovers = %d, want 3", m.Handovers)
	}
	if err := env.Push.Deliver(tn.Ctx(), m.ID); err != nil {
		t.Fatal(err)
	}
	clock.Advance(24 * time.Hour)
	if got := flush(); got != 0 {
		t.Errorf("a delivered message was handed over again (%d)", got)
	}
}
