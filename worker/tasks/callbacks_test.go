package tasks_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/worker/tasks"
)

// TestOutboxTask: every outbox kind goes to its task type and queue, under an ID derived from the message alone.
func TestOutboxTask(t *testing.T) {
	for _, tc := range []struct {
		kind, typ, queue, id string
	}{
		{outbox.KindCollabSent, tasks.TypePushSend, tasks.QueuePush, "push:send:7:42"},
		{outbox.KindSystemMessage, tasks.TypePushSend, tasks.QueuePush, "push:send:7:42"},
		{outbox.KindWeComEvent, tasks.TypeWeComEvent, tasks.QueueEvents, "wecom:event:7:42"},
		{outbox.KindWeComPull, tasks.TypeWeComPull, tasks.QueueDefault, "wecom:pull-external:7:42"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			m := outbox.Message{ID: 42, TenantID: 7, Kind: tc.kind}
			task, err := tasks.NewOutboxTask(m)
			if err != nil {
				t.Fatal(err)
			}
			var p struct {
				OutboxID uint64 `json:"outbox_id"`
			}
			_ = json.Unmarshal(task.Payload(), &p)
			if task.Type() != tc.typ || task.Headers()[tasks.HeaderTenant] != "7" || p.OutboxID != 42 ||
				tasks.OutboxTaskID(m) != tc.id || tasks.OutboxQueue(m) != tc.queue {
				t.Errorf("task %s %v payload %s, ID %s, queue %s", task.Type(), task.Headers(), task.Payload(),
					tasks.OutboxTaskID(m), tasks.OutboxQueue(m))
			}
		})
	}
}

// TestWeComEventsTask: a tenant's events go as one task whose ID is derived from its messages alone, whatever
// their order, and differs for another set.
func TestWeComEventsTask(t *testing.T) {
	task, err := tasks.NewWeComEventsTask(7, []uint64{44, 42, 43})
	if err != nil {
		t.Fatal(err)
	}
	var p tasks.WeComEventsPayload
	if err := json.Unmarshal(task.Payload(), &p); err != nil {
		t.Fatal(err)
	}
	if task.Type() != tasks.TypeWeComEvents || task.Headers()[tasks.HeaderTenant] != "7" ||
		!cmp.Equal(p.OutboxIDs, []uint64{42, 43, 44}) {
		t.Errorf("task %s %v payload %s", task.Type(), task.Headers(), task.Payload())
	}
	id := tasks.WeComEventsTaskID(7, []uint64{42, 43, 44})
	if !strings.HasPrefix(id, "wecom:events:7:42:3:") || tasks.WeComEventsTaskID(7, []uint64{44, 43, 42}) != id {
		t.Errorf("ID %s, of the same messages in another order %s", id, tasks.WeComEventsTaskID(7, []uint64{44, 43, 42}))
	}
	for _, other := range [][]uint64{{42, 43, 45}, {42, 43}} {
		if tasks.WeComEventsTaskID(7, other) == id || tasks.WeComEventsTaskID(8, []uint64{42, 43, 44}) == id {
			t.Errorf("ID of %v or of another tenant equals %s", other, id)
		}
	}
	if _, err := tasks.NewWeComEventsTask(7, nil); err == nil {
		t.Error("a task of no messages was made")
	}
}

// fakeCallbacks records what the handler asked of the callback service and answers err.
type fakeCallbacks struct {
	err   error
	mu    sync.Mutex
	calls []call
}

// call is one ProcessBatch.
type call struct {
	IDs   []uint64
	Final bool
}

func (f *fakeCallbacks) ProcessBatch(_ context.Context, ids []uint64, final bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{IDs: ids, Final: final})
	if final {
		return nil // the service gives the failing events up
	}
	return f.err
}

func (f *fakeCallbacks) made() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeCallbacks) RunPull(context.Context, uint64) (callbacks.PullCounts, error) {
	return callbacks.PullCounts{}, f.err
}

// TestHandleWeComEvents: on the queue, a task of events (alone, or a tenant's together) that keeps failing is
// retried, and its last retry tells the service to give the failing events up rather than leave an archived task;
// a bad payload ends the task at once.
func TestHandleWeComEvents(t *testing.T) {
	addr, db := testkit.RedisAddrDB(t)
	opt := asynq.RedisClientOpt{Addr: addr, DB: db}
	client := asynq.NewClient(opt)
	defer client.Close()
	one, _ := tasks.NewOutboxTask(outbox.Message{ID: 9, TenantID: 1, Kind: outbox.KindWeComEvent})
	several, _ := tasks.NewWeComEventsTask(1, []uint64{11, 10, 12})
	for _, tc := range []struct {
		name string
		task *asynq.Task
		ids  []uint64
	}{
		{"Alone", one, []uint64{9}},
		{"Together", several, []uint64{10, 11, 12}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeCallbacks{err: apperr.E(apperr.Internal, "wecom down")}
			h := &tasks.Handlers{Callbacks: f, Log: slog.New(slog.DiscardHandler)}
			srv := asynq.NewServer(opt, asynq.Config{Concurrency: 1, Queues: tasks.EventQueues(), Logger: testkit.QuietAsynq{},
				LogLevel: asynq.FatalLevel, RetryDelayFunc: func(int, error, *asynq.Task) time.Duration { return 0 },
				DelayedTaskCheckInterval: 50 * time.Millisecond})
			if err := srv.Start(h.Mux()); err != nil {
				t.Fatal(err)
			}
			defer srv.Shutdown()
			if _, err := client.Enqueue(tc.task, asynq.MaxRetry(2)); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(20 * time.Second)
			for len(f.made()) < 3 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			want := []call{{tc.ids, false}, {tc.ids, false}, {tc.ids, true}}
			if diff := cmp.Diff(want, f.made()); diff != "" {
				t.Errorf("calls of the service (-want +got):\n%s", diff)
			}
		})
	}
	for _, typ := range []string{tasks.TypeWeComEvent, tasks.TypeWeComEvents} {
		t.Run("BadPayload/"+typ, func(t *testing.T) {
			f := &fakeCallbacks{}
			err := (&tasks.Handlers{Callbacks: f, Log: slog.New(slog.DiscardHandler)}).Mux().ProcessTask(context.Background(),
				asynq.NewTaskWithHeaders(typ, []byte("{"), map[string]string{tasks.HeaderTenant: "1"}))
			if !errors.Is(err, asynq.SkipRetry) || len(f.made()) != 0 {
				t.Errorf("%s with a bad payload = %v after %d calls, want SkipRetry and none", typ, err, len(f.made()))
			}
		})
	}
}
