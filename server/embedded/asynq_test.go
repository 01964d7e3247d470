package embedded_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

const taskType = "test:echo"

// mustAsynq returns a client and an unstarted server on r; both are closed at cleanup.
func mustAsynq(t *testing.T, r interface{ Addr() string }) (*asynq.Client, *asynq.Server) {
	t.Helper()
	opt := asynq.RedisClientOpt{Addr: r.Addr()}
	client := asynq.NewClient(opt)
	srv := asynq.NewServer(opt, asynq.Config{
		Concurrency:              2,
		LogLevel:                 asynq.WarnLevel,
		DelayedTaskCheckInterval: 100 * time.Millisecond,
		ShutdownTimeout:          2 * time.Second,
	})
	t.Cleanup(func() {
		srv.Shutdown()
		_ = client.Close()
	})
	return client, srv
}

// seen is what the handler observed of one task.
type seen struct {
	id     string
	tenant string
	at     time.Time
}

func recordingHandler(out chan<- seen) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, task *asynq.Task) error {
		id, _ := asynq.GetTaskID(ctx)
		out <- seen{id: id, tenant: task.Headers()["tenant"], at: time.Now()}
		return nil
	})
}

func TestAsynq(t *testing.T) {
	ctx := context.Background()
	r := mustRedis(t)
	client, srv := mustAsynq(t, r)
	got := make(chan seen, 10)

	newTask := func() *asynq.Task {
		return asynq.NewTaskWithHeaders(taskType, []byte(`{"x":1}`), map[string]string{"tenant": "42"})
	}

	// Enqueue before the server runs, so the duplicate cannot slip in after the first one completed.
	if _, err := client.EnqueueContext(ctx, newTask(), asynq.TaskID("push:42:item-7:alice")); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	t.Run("ErrTaskIDConflict", func(t *testing.T) {
		_, err := client.EnqueueContext(ctx, newTask(), asynq.TaskID("push:42:item-7:alice"))
		if !errors.Is(err, asynq.ErrTaskIDConflict) {
			t.Fatalf("second Enqueue = %v, want asynq.ErrTaskIDConflict", err)
		}
	})
	t.Run("ErrDuplicateTask", func(t *testing.T) {
		unique := asynq.NewTaskWithHeaders(taskType, []byte(`{"unique":1}`), map[string]string{"tenant": "42"})
		if _, err := client.EnqueueContext(ctx, unique, asynq.Unique(time.Minute), asynq.TaskID("u1")); err != nil {
			t.Fatal(err)
		}
		_, err := client.EnqueueContext(ctx, unique, asynq.Unique(time.Minute), asynq.TaskID("u2"))
		if !errors.Is(err, asynq.ErrDuplicateTask) {
			t.Fatalf("second unique Enqueue = %v, want asynq.ErrDuplicateTask", err)
		}
	})

	enqueuedAt := time.Now()
	if _, err := client.EnqueueContext(ctx, newTask(), asynq.TaskID("later"), asynq.ProcessIn(2*time.Second)); err != nil {
		t.Fatalf("Enqueue ProcessIn: %v", err)
	}

	if err := srv.Start(recordingHandler(got)); err != nil {
		t.Fatalf("server Start: %v", err)
	}

	byID := map[string]seen{}
	timeout := time.After(15 * time.Second)
	for len(byID) < 3 {
		select {
		case s := <-got:
			byID[s.id] = s
		case <-timeout:
			t.Fatalf("processed %v, want push:42:item-7:alice, u1 and later", byID)
		}
	}

	t.Run("HeaderReachesHandler", func(t *testing.T) {
		if s := byID["push:42:item-7:alice"]; s.tenant != "42" {
			t.Errorf("handler saw tenant header %q, want 42", s.tenant)
		}
	})
	t.Run("ProcessIn", func(t *testing.T) {
		s, ok := byID["later"]
		if !ok {
			t.Fatal("scheduled task never ran")
		}
		// asynq keeps the due time in whole seconds, so "in 2s" means "once the clock reaches the second
		// in which the 2 s end" (the same on a real Redis).
		due := enqueuedAt.Add(2 * time.Second).Truncate(time.Second)
		if s.at.Before(due) {
			t.Errorf("scheduled task ran after %v, before its due second %v", s.at.Sub(enqueuedAt), due)
		}
	})
	t.Run("ExactlyOnce", func(t *testing.T) {
		select {
		case s := <-got:
			t.Errorf("unexpected extra run of %q", s.id)
		case <-time.After(300 * time.Millisecond):
		}
	})
}

// TestRedisTTL shows that keys expire on the wall clock, as on a real Redis (miniredis's default is
// frozen time).
func TestRedisTTL(t *testing.T) {
	ctx := context.Background()
	r := mustRedis(t)
	c := redis.NewClient(&redis.Options{Addr: r.Addr()})
	defer c.Close()
	if err := c.Set(ctx, "token", "v", 200*time.Millisecond).Err(); err != nil {
		t.Fatal(err)
	}
	if n, err := c.Exists(ctx, "token").Result(); err != nil || n != 1 {
		t.Fatalf("token missing right after SET: n=%d err=%v", n, err)
	}
	time.Sleep(300 * time.Millisecond)
	if n, err := c.Exists(ctx, "token").Result(); err != nil || n != 0 {
		t.Errorf("token still there after its TTL: n=%d err=%v", n, err)
	}
}
