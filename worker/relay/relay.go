// Package relay moves committed outbox messages into the asynq queue. It is the only bridge between the database
// transaction that wrote a message and the worker that delivers it. A message is handed over under a lease and
// stays in the outbox until its delivery is recorded: if Redis is away, messages wait in MySQL; if Redis comes back
// empty (or a task is otherwise lost), the lease runs out and the message is handed over again under the same task
// ID, which the queue refuses while the first task is still alive. Relays claim messages with SKIP LOCKED, so every
// replica of the server may run one and each message is handed over once per lease.
package relay

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/worker/tasks"
)

// Enqueuer is the part of asynq.Client the relay uses.
type Enqueuer interface {
	EnqueueContext(ctx context.Context, t *asynq.Task, opts ...asynq.Option) (*asynq.TaskInfo, error)
}

// Inspector is the part of asynq.Inspector the relay uses to tell a task that holds a message's ID but will never
// run again (archived, or completed and retained) from a live one.
type Inspector interface {
	GetTaskInfo(queue, id string) (*asynq.TaskInfo, error)
	DeleteTask(queue, id string) error
}

// Relay polls the outbox and enqueues what it finds.
type Relay struct {
	store *outbox.Store
	enq   Enqueuer
	log   *slog.Logger
	cfg   Config
}

// Config tunes a Relay.
type Config struct {
	// Interval between polls when nothing more is due (default 250ms).
	Interval time.Duration
	// MaxBackoff bounds the wait after failed passes, which doubles from Interval (default 10s).
	MaxBackoff time.Duration
	// Batch is how many messages one pass claims (default 1000: a batch of one event told to many, PushBatch, is
	// grouped within one pass, so a smaller pass would cut it into several calls).
	Batch int
	// EventBatch is how many events of one tenant (outbox.KindWeComEvent messages) a pass hands over as one task
	// (default 20): processing them together costs one task, two reads and one transaction instead of as many as
	// there are events. Larger batches processed no faster in BenchmarkCallbackIntake and left the intake's
	// acknowledgements a longer tail. 1 hands each event over as a task of its own, as the release before did.
	EventBatch int
	// PushBatch is how many messages of one event told to many (outbox.BatchKey) a pass hands over as one task
	// (default and most outbox.MaxBatch, WeCom's most recipients a call): push sends them in one call. 1 hands each
	// over alone.
	PushBatch int
	// Lease is the first lease of a handed-over message (default outbox.FirstLease); later ones double.
	Lease time.Duration
	// Inspector, when set, lets a handover replace a task that holds the message's ID but will never run again.
	Inspector Inspector
	// Prune, when set, runs every PruneEvery (default 1h) to apply retention, beside the relaying; errors are logged.
	Prune      func(ctx context.Context) error
	PruneEvery time.Duration
	// AdoptEvery is how often the relay looks for messages that are neither due nor done (default 1m): rows a
	// server of the release before leases wrote during an upgrade.
	AdoptEvery time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// New returns a Relay.
func New(store *outbox.Store, enq Enqueuer, log *slog.Logger, cfg Config) *Relay {
	if cfg.Interval == 0 {
		cfg.Interval = 250 * time.Millisecond
	}
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = 10 * time.Second
	}
	if cfg.Batch == 0 {
		cfg.Batch = 1000
	}
	if cfg.EventBatch == 0 {
		cfg.EventBatch = 20
	}
	if cfg.PushBatch <= 0 || cfg.PushBatch > outbox.MaxBatch {
		cfg.PushBatch = outbox.MaxBatch
	}
	if cfg.Lease == 0 {
		cfg.Lease = outbox.FirstLease
	}
	if cfg.PruneEvery == 0 {
		cfg.PruneEvery = time.Hour
	}
	if cfg.AdoptEvery == 0 {
		cfg.AdoptEvery = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Relay{store: store, enq: enq, log: log, cfg: cfg}
}

// Run relays until ctx ends. A full batch is followed at once by the next; a failed pass (Redis or MySQL away) by a
// wait that doubles from Interval up to MaxBackoff, so an outage costs a few attempts a second at first and one
// every MaxBackoff after that. Retention runs beside it, so a long pruning never holds up a push.
func (r *Relay) Run(ctx context.Context) error {
	done := make(chan struct{})
	if r.cfg.Prune != nil {
		go func() { defer close(done); r.prune(ctx) }()
	} else {
		close(done)
	}
	defer func() { <-done }()
	var backoff time.Duration
	var adopted time.Time
	for {
		if now := r.cfg.Now(); now.Sub(adopted) >= r.cfg.AdoptEvery {
			adopted = now
			r.adopt(ctx, now.UTC())
		}
		n, err := r.Flush(ctx)
		var wait time.Duration
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			backoff = min(max(2*backoff, r.cfg.Interval), r.cfg.MaxBackoff)
			wait = backoff
			r.log.WarnContext(ctx, "outbox relay pass failed", "relayed", n, "retry_in", wait, "err", err)
		case n == r.cfg.Batch:
			backoff = 0 // more is waiting
		default:
			backoff, wait = 0, r.cfg.Interval
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// adopt makes due the messages an older release wrote, a batch at a time until none is left.
func (r *Relay) adopt(ctx context.Context, now time.Time) {
	for {
		n, err := r.store.Adopt(ctx, now, r.cfg.Batch)
		if err != nil {
			if ctx.Err() == nil {
				r.log.WarnContext(ctx, "outbox adoption failed", "err", err)
			}
			return
		}
		if n > 0 {
			r.log.InfoContext(ctx, "outbox messages of an older release adopted", "count", n)
		}
		if n < int64(r.cfg.Batch) {
			return
		}
	}
}

// prune runs retention at once and then every PruneEvery until ctx ends.
func (r *Relay) prune(ctx context.Context) {
	for {
		if err := r.cfg.Prune(ctx); err != nil && ctx.Err() == nil {
			r.log.WarnContext(ctx, "retention pass failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(r.cfg.PruneEvery):
		}
	}
}

// Flush relays one batch of what is due now and returns how many messages it handed over. Messages it claimed but
// could not hand over are released, due again at once.
func (r *Relay) Flush(ctx context.Context) (int, error) {
	now := r.cfg.Now().UTC()
	ms, err := r.store.Claim(ctx, now, r.cfg.Lease, r.cfg.Batch)
	if err != nil {
		return 0, err
	}
	groups := r.group(ms)
	moved := 0
	for i, g := range groups {
		err := r.enqueue(ctx, g)
		if err == nil {
			moved += len(g)
			continue
		}
		left := make([]uint64, 0, len(ms)-moved)
		for _, g := range groups[i:] {
			for _, m := range g {
				left = append(left, m.ID)
			}
		}
		// Released even when ctx has just ended (a shutdown), so the messages do not wait out their lease.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return moved, errors.Join(err, r.store.Release(rctx, left, now))
	}
	return moved, nil
}

// group splits the messages of a pass into what each task carries: the events of one tenant together, up to
// EventBatch a task; the messages of one event told to many (outbox.BatchKey) together, up to PushBatch a task;
// every other message alone. Each group is in outbox ID order (the order they came in), and the tasks keep the
// order in which their first message was claimed.
func (r *Relay) group(ms []outbox.Message) [][]outbox.Message {
	type key struct {
		tenant uint64
		batch  string
	}
	groups := make([][]outbox.Message, 0, len(ms))
	filling := map[key]int{} // the index in groups of each group still filling
	for _, m := range ms {
		k, limit := key{tenant: m.TenantID}, 1
		switch {
		case m.Kind == outbox.KindWeComEvent:
			k.batch, limit = outbox.KindWeComEvent, r.cfg.EventBatch
		default:
			if b := outbox.BatchKey(m); b != "" {
				k.batch, limit = b, r.cfg.PushBatch
			}
		}
		if limit <= 1 {
			groups = append(groups, []outbox.Message{m})
			continue
		}
		i, ok := filling[k]
		if !ok || len(groups[i]) >= limit {
			i = len(groups)
			groups = append(groups, nil)
			filling[k] = i
		}
		groups[i] = append(groups[i], m)
	}
	for _, g := range groups {
		slices.SortFunc(g, func(a, b outbox.Message) int { return cmp.Compare(a.ID, b.ID) })
	}
	return groups
}

// handover is the task carrying out the messages of group g, with its ID and queue: a message alone goes as
// tasks.NewOutboxTask makes it, several events of a tenant as one tasks.TypeWeComEvents, several messages of one
// batch as one tasks.TypePushBatch.
func handover(g []outbox.Message) (t *asynq.Task, id, queue string, err error) {
	if len(g) == 1 {
		t, err = tasks.NewOutboxTask(g[0])
		return t, tasks.OutboxTaskID(g[0]), tasks.OutboxQueue(g[0]), err
	}
	ids := make([]uint64, len(g))
	for i, m := range g {
		ids[i] = m.ID
	}
	if g[0].Kind != outbox.KindWeComEvent {
		t, err = tasks.NewPushBatchTask(g[0].TenantID, ids)
		return t, tasks.PushBatchTaskID(g[0].TenantID, ids), tasks.QueueBulk, err
	}
	t, err = tasks.NewWeComEventsTask(g[0].TenantID, ids)
	return t, tasks.WeComEventsTaskID(g[0].TenantID, ids), tasks.QueueEvents, err
}

// enqueue hands the messages of group g to the queue. A task with its ID already there (queued, waiting for a
// retry, running) is the same delivery still alive: nothing more to do.
func (r *Relay) enqueue(ctx context.Context, g []outbox.Message) error {
	t, id, queue, err := handover(g)
	if err != nil {
		return err
	}
	_, err = r.enq.EnqueueContext(ctx, t)
	if errors.Is(err, asynq.ErrTaskIDConflict) && r.cfg.Inspector != nil && r.dead(queue, id) {
		_, err = r.enq.EnqueueContext(ctx, t)
	}
	if err != nil && !errors.Is(err, asynq.ErrTaskIDConflict) && !errors.Is(err, asynq.ErrDuplicateTask) {
		return fmt.Errorf("enqueue outbox %d (%d in the task): %w", g[0].ID, len(g), err)
	}
	return nil
}

// dead reports whether task id in queue, which holds messages that are not done, will never run again, and deletes
// it if so: archived (asynq gave up on it, or an older release's task retried to its end) or completed and retained
// (an older release kept them a day). Its messages must go out again.
func (r *Relay) dead(queue, id string) bool {
	info, err := r.cfg.Inspector.GetTaskInfo(queue, id)
	if err != nil || (info.State != asynq.TaskStateArchived && info.State != asynq.TaskStateCompleted) {
		return false
	}
	if err := r.cfg.Inspector.DeleteTask(queue, id); err != nil {
		r.log.Warn("outbox relay: delete a dead task", "task", id, "err", err)
		return false
	}
	r.log.Info("outbox relay: a dead task replaced", "task", id, "state", info.State.String())
	return true
}
