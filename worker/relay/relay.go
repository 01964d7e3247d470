// Package relay moves committed outbox messages into the asynq queue. It is the only bridge between the database
// transaction that wrote a message and the worker that delivers it: if Redis is away, messages wait in MySQL and
// go out when it is back; if the relay dies between enqueueing and marking, the task's fixed ID (and the push
// handler's delivery record) keep the second enqueue from sending twice.
package relay

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/worker/tasks"
)

// Enqueuer is the part of asynq.Client the relay uses.
type Enqueuer interface {
	EnqueueContext(ctx context.Context, t *asynq.Task, opts ...asynq.Option) (*asynq.TaskInfo, error)
}

// Relay polls the outbox and enqueues what it finds.
type Relay struct {
	store    *outbox.Store
	enq      Enqueuer
	log      *slog.Logger
	now      func() time.Time
	interval time.Duration
	batch    int
}

// Config tunes a Relay.
type Config struct {
	// Interval between polls when the outbox is empty (default 250ms).
	Interval time.Duration
	// Batch is how many messages one pass reads (default 200).
	Batch int
	Now   func() time.Time
}

// New returns a Relay.
func New(store *outbox.Store, enq Enqueuer, log *slog.Logger, cfg Config) *Relay {
	if cfg.Interval == 0 {
		cfg.Interval = 250 * time.Millisecond
	}
	if cfg.Batch == 0 {
		cfg.Batch = 200
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Relay{store: store, enq: enq, log: log, now: cfg.Now, interval: cfg.Interval, batch: cfg.Batch}
}

// Run relays until ctx ends. Failures (Redis or MySQL away) are logged and retried with backoff up to 10 s.
func (r *Relay) Run(ctx context.Context) error {
	wait := r.interval
	for {
		n, err := r.Flush(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			r.log.WarnContext(ctx, "outbox relay pass failed", "relayed", n, "err", err)
			wait = min(wait*2, 10*time.Second)
		case n == r.batch:
			wait = 0 // more is waiting
		default:
			wait = r.interval
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// Flush relays what is pending now, one batch, and returns how many messages it handed over.
func (r *Relay) Flush(ctx context.Context) (int, error) {
	ms, err := r.store.Pending(ctx, r.batch)
	if err != nil {
		return 0, err
	}
	done := make([]uint64, 0, len(ms))
	var failed error
	for _, m := range ms {
		t, err := tasks.NewPushSendTask(m.TenantID, m.ID)
		if err != nil {
			failed = err
			break
		}
		_, err = r.enq.EnqueueContext(ctx, t)
		if err != nil && !errors.Is(err, asynq.ErrTaskIDConflict) && !errors.Is(err, asynq.ErrDuplicateTask) {
			failed = fmt.Errorf("enqueue outbox %d: %w", m.ID, err)
			break
		}
		done = append(done, m.ID)
	}
	if err := r.store.MarkEnqueued(ctx, done, r.now().UTC()); err != nil {
		return 0, errors.Join(failed, err)
	}
	return len(done), failed
}
