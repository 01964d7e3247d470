package tasks_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

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
		{outbox.KindWeComEvent, tasks.TypeWeComEvent, tasks.QueueDefault, "wecom:event:7:42"},
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

// fakeCallbacks records what the handler asked of the callback service and answers err.
type fakeCallbacks struct {
	err              error
	mu               sync.Mutex
	processed, given int
}

func (f *fakeCallbacks) Process(context.Context, uint64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.processed++
	return f.err
}

func (f *fakeCallbacks) GiveUp(context.Context, uint64, error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.given++
	return nil
}

func (f *fakeCallbacks) counts() (processed, given int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.processed, f.given
}

func (f *fakeCallbacks) givenUp() int { _, g := f.counts(); return g }

func (f *fakeCallbacks) RunPull(context.Context, uint64) (callbacks.PullCounts, error) {
	return callbacks.PullCounts{}, f.err
}

// TestHandleWeComEvent: on the queue, a failing event is retried and its last retry records it failed (GiveUp)
// rather than leaving an archived task; a message that is gone and a bad payload end the task at once.
func TestHandleWeComEvent(t *testing.T) {
	addr, db := testkit.RedisAddrDB(t)
	opt := asynq.RedisClientOpt{Addr: addr, DB: db}
	f := &fakeCallbacks{err: errors.New("wecom down")}
	h := &tasks.Handlers{Callbacks: f, Log: slog.New(slog.DiscardHandler)}
	srv := asynq.NewServer(opt, asynq.Config{Concurrency: 1, Queues: tasks.Queues(), Logger: testkit.QuietAsynq{},
		LogLevel: asynq.FatalLevel, RetryDelayFunc: func(int, error, *asynq.Task) time.Duration { return 0 },
		DelayedTaskCheckInterval: 50 * time.Millisecond})
	if err := srv.Start(h.Mux()); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	client := asynq.NewClient(opt)
	defer client.Close()
	task, _ := tasks.NewOutboxTask(outbox.Message{ID: 9, TenantID: 1, Kind: outbox.KindWeComEvent})
	if _, err := client.Enqueue(task, asynq.MaxRetry(2)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for f.givenUp() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if p, g := f.counts(); p != 3 || g != 1 {
		t.Errorf("processed %d times, given up %d times; want 3 tries and one give-up", p, g)
	}

	for _, tc := range []struct {
		name string
		err  error
		task *asynq.Task
	}{
		{"MessageGone", apperr.E(apperr.NotFound, "gone"), task},
		{"BadPayload", nil, asynq.NewTask(tasks.TypeWeComEvent, []byte("{"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := (&tasks.Handlers{Callbacks: &fakeCallbacks{err: tc.err}}).HandleWeComEvent(context.Background(), tc.task)
			if !errors.Is(err, asynq.SkipRetry) {
				t.Errorf("HandleWeComEvent = %v, want SkipRetry", err)
			}
		})
	}
}
