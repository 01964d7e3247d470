// Package tasks defines Qiao's asynq tasks — `domain:action` names, a payload struct, a constructor and a handler
// each — and the middleware that puts a task's tenant into its context. Handlers are thin: they decode the payload
// and call a service, and they are idempotent because asynq delivers at least once.
package tasks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// Task type names.
const (
	TypePushSend = "push:send"
	// TypePushBatch delivers the messages of one event told to many (push.BatchKey) in shared calls.
	TypePushBatch = "push:batch"
)

// Queue names and their weights: pushes are what users wait for.
const (
	QueuePush    = "push"
	QueueDefault = "default"
	// QueueEvents holds the processing of WeCom's events (TypeWeComEvents, TypeWeComEvent). It is served apart,
	// by EventQueues' few workers: processing is CPU and database work, and as many tasks at once as pushes run
	// (which mostly wait on WeCom) would take the cores the intake needs to acknowledge WeCom's posts in time.
	QueueEvents = "events"
	// QueueBulk holds the batches of one event told to many (a notice to all staff). It is served apart, by
	// BulkQueues' few workers: a batch runs for seconds, and on the main server a 50,000-person notice's batches
	// would take the workers an approver's todo card needs.
	QueueBulk = "bulk"
)

// Queues is the asynq queue configuration of every worker's main server: pushes, and the rest. QueueDefault also
// still runs the event tasks a release before QueueEvents put there.
func Queues() map[string]int { return map[string]int{QueuePush: 6, QueueDefault: 1} }

// BulkQueues is the configuration of the worker's server for batches, with its own concurrency (BULK_CONCURRENCY).
func BulkQueues() map[string]int { return map[string]int{QueueBulk: 1} }

// EventQueues is the configuration of the worker's server for WeCom's events, with its own concurrency
// (EVENT_CONCURRENCY).
func EventQueues() map[string]int { return map[string]int{QueueEvents: 1} }

// HeaderTenant carries the tenant id of every task.
const HeaderTenant = "tenant"

// PushSendPayload names the outbox message to deliver.
type PushSendPayload struct {
	OutboxID uint64 `json:"outbox_id"`
}

// PushMaxRetry is how often a push task is retried after failures. It is far more than the push service's own
// horizons (WeCom's 4-hour duplicate window once a send was attempted, push.GiveUpAfter before), which decide when
// a message is undeliverable; waits (push.Wait, rate limits) do not count. The last retry records the message
// undeliverable rather than leave it in asynq's archive, where its task ID would block the relay's next handover.
const PushMaxRetry = 1000

// maxFailureDelay caps the wait between failed tries, so a message is tried at least every 10 minutes while WeCom or
// the binding is failing, and goes out soon after it is mended.
const maxFailureDelay = 10 * time.Minute

// NewPushSendTask returns the task delivering outbox message outboxID of tenant. Its TaskID is derived from the
// message alone (no timestamp), so a relay that hands the same message over again is refused by asynq while the
// first task is alive (queued, running or waiting to be retried). A finished task is not retained: its message is
// done before the task ends, so the relay never hands it over again, while an admin's retry by hand needs the ID.
func NewPushSendTask(tenant tenancy.ID, outboxID uint64) (*asynq.Task, error) {
	b, err := json.Marshal(PushSendPayload{OutboxID: outboxID})
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", TypePushSend, err)
	}
	return asynq.NewTaskWithHeaders(TypePushSend, b, map[string]string{HeaderTenant: strconv.FormatUint(tenant, 10)},
		asynq.TaskID(PushSendTaskID(tenant, outboxID)), asynq.Queue(QueuePush), asynq.MaxRetry(PushMaxRetry), asynq.Timeout(time.Minute)), nil
}

// PushSendTaskID is the asynq task ID of the task delivering outbox message outboxID of tenant.
func PushSendTaskID(tenant tenancy.ID, outboxID uint64) string {
	return fmt.Sprintf("%s:%d:%d", TypePushSend, tenant, outboxID)
}

// Deliverer is the push service as the handler sees it.
type Deliverer interface {
	Deliver(ctx context.Context, outboxID uint64) error
	// DeliverBatch delivers the messages of one batch (push.BatchKey) in shared calls.
	DeliverBatch(ctx context.Context, outboxIDs []uint64) error
	// GiveUp records the message undeliverable with cause unless its delivery has ended.
	GiveUp(ctx context.Context, outboxID uint64, cause error) error
}

// Handlers holds the services task handlers call.
type Handlers struct {
	Push Deliverer
	// Callbacks processes the callback inbox; nil leaves its task types unrouted.
	Callbacks Callbacks
	// StaffImports runs the staff import jobs; nil leaves their task type unrouted.
	StaffImports StaffImports
	// ContactSyncs runs the syncs to WeCom; nil leaves their task type unrouted.
	ContactSyncs ContactSyncs
	Log          *slog.Logger
}

// PushBatchPayload names the outbox messages of one batch.
type PushBatchPayload struct {
	OutboxIDs []uint64 `json:"outbox_ids"`
}

// NewPushBatchTask returns the task delivering outbox messages ids of tenant, one batch (push.BatchKey). Its TaskID
// is derived from the messages alone, as NewPushSendTask's is.
func NewPushBatchTask(tenant tenancy.ID, ids []uint64) (*asynq.Task, error) {
	b, err := json.Marshal(PushBatchPayload{OutboxIDs: ids})
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", TypePushBatch, err)
	}
	return asynq.NewTaskWithHeaders(TypePushBatch, b, map[string]string{HeaderTenant: strconv.FormatUint(tenant, 10)},
		asynq.TaskID(PushBatchTaskID(tenant, ids)), asynq.Queue(QueueBulk), asynq.MaxRetry(PushMaxRetry), asynq.Timeout(5*time.Minute)), nil
}

// PushBatchTaskID is the asynq task ID of the task delivering the batch ids of tenant, the same whatever their order.
func PushBatchTaskID(tenant tenancy.ID, ids []uint64) string {
	return batchTaskID(TypePushBatch, tenant, ids)
}

// HandlePushBatch delivers the outbox messages of one batch. Its last retry ends the task rather than give every
// message up: some may only be waiting, or held by another worker; the relay hands the open ones over again when
// their lease runs out, each delivery's own horizons (push.GiveUpAfter, the duplicate window) decide when one is
// undeliverable, and what a card needs being gone is recorded by the push itself.
func (h *Handlers) HandlePushBatch(ctx context.Context, t *asynq.Task) error {
	var p PushBatchPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || len(p.OutboxIDs) == 0 {
		return fmt.Errorf("%s: bad payload: %v: %w", TypePushBatch, err, asynq.SkipRetry)
	}
	err := h.Push.DeliverBatch(ctx, p.OutboxIDs)
	retried, _ := asynq.GetRetryCount(ctx)
	maxRetry, _ := asynq.GetMaxRetry(ctx)
	if err != nil && retried >= maxRetry {
		return fmt.Errorf("%s: %w: %w", TypePushBatch, err, asynq.RevokeTask)
	}
	return err
}

// HandlePushSend delivers one outbox message.
func (h *Handlers) HandlePushSend(ctx context.Context, t *asynq.Task) error {
	var p PushSendPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.OutboxID == 0 {
		return fmt.Errorf("%s: bad payload: %v: %w", TypePushSend, err, asynq.SkipRetry)
	}
	err := h.Push.Deliver(ctx, p.OutboxID)
	retried, _ := asynq.GetRetryCount(ctx)
	maxRetry, _ := asynq.GetMaxRetry(ctx)
	switch {
	case err == nil:
		return nil
	case apperr.Is(err, apperr.NotFound):
		// Something the card needs is gone (an item, a person): record why, rather than leave the message open.
		return h.giveUp(ctx, p.OutboxID, err)
	case !IsFailure(err) && retried >= maxRetry:
		// asynq archives a task at its last retry whatever the error, and an archived task's ID would refuse the
		// relay's next handover: end this task instead, and the relay hands the message over again when its
		// lease runs out.
		return fmt.Errorf("%s: %w: %w", TypePushSend, err, asynq.RevokeTask)
	case IsFailure(err) && retried >= maxRetry:
		return h.giveUp(ctx, p.OutboxID, err)
	default:
		return err
	}
}

// giveUp records outbox message id undeliverable with cause. A message that is itself gone (its tenant deleted)
// has nothing to record: retrying cannot bring it back.
func (h *Handlers) giveUp(ctx context.Context, id uint64, cause error) error {
	err := h.Push.GiveUp(context.WithoutCancel(ctx), id, cause)
	switch {
	case apperr.Is(err, apperr.NotFound):
		return fmt.Errorf("%s: %w: %w", TypePushSend, errors.Join(cause, err), asynq.SkipRetry)
	case err != nil:
		return fmt.Errorf("%s: give up: %w", TypePushSend, errors.Join(cause, err))
	}
	return nil
}

// IsFailure tells asynq which errors count against a task's retries: a push that must wait (another worker holds
// it, an earlier card must go first, WeChat's rate limit) is not failing, however long it waits.
func IsFailure(err error) bool {
	if err == nil {
		return false
	}
	if _, ok := push.WaitOf(err); ok {
		return false
	}
	_, limited := wxapi.RetryAfterOf(err)
	return !limited
}

// Mux routes every task type to its handler, behind the tenant and logging middleware.
func (h *Handlers) Mux() *asynq.ServeMux {
	mux := asynq.NewServeMux()
	mux.Use(h.logging, withTenant)
	mux.HandleFunc(TypePushSend, h.HandlePushSend)
	mux.HandleFunc(TypePushBatch, h.HandlePushBatch)
	if h.Callbacks != nil {
		mux.HandleFunc(TypeWeComEvent, h.HandleWeComEvent)
		mux.HandleFunc(TypeWeComEvents, h.HandleWeComEvents)
		mux.HandleFunc(TypeWeComPull, h.HandleWeComPull)
	}
	if h.StaffImports != nil {
		mux.HandleFunc(TypeStaffImport, h.HandleStaffImport)
	}
	if h.ContactSyncs != nil {
		mux.HandleFunc(TypeContactSync, h.HandleContactSync)
	}
	return mux
}

// withTenant scopes the handler's context to the task's tenant; a task without one is refused, never run for
// "all tenants".
func withTenant(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		id, err := strconv.ParseUint(t.Headers()[HeaderTenant], 10, 64)
		if err != nil || id == 0 {
			return fmt.Errorf("%s: task without a tenant header: %w", t.Type(), asynq.SkipRetry)
		}
		return next.ProcessTask(tenancy.WithTenant(ctx, id), t)
	})
}

func (h *Handlers) logging(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		start := time.Now()
		err := next.ProcessTask(ctx, t)
		id, _ := asynq.GetTaskID(ctx)
		retried, _ := asynq.GetRetryCount(ctx)
		attrs := []any{"type", t.Type(), "task", id, "tenant", t.Headers()[HeaderTenant], "retry", retried, "took", time.Since(start)}
		if err != nil {
			h.Log.WarnContext(ctx, "task failed", append(attrs, "err", err)...)
		} else {
			h.Log.DebugContext(ctx, "task done", attrs...)
		}
		return err
	})
}

// RetryDelay is the asynq retry delay: WeChat's own wait after a rate limit (45009 bans the API for the rest of
// the minute, 45033 clears in a second), asynq's exponential backoff for everything else. Retrying a rate-limited
// push sooner would only extend the ban.
//
// A push.Wait says itself how long to wait. Failures back off exponentially up to 10 minutes.
func RetryDelay(n int, err error, t *asynq.Task) time.Duration {
	// A rate limit (bare, or behind a push.Wait) spreads the retries of a burst over a few seconds so they do not
	// hit it again together.
	if wait, ok := wxapi.RetryAfterOf(err); ok {
		return wait + time.Duration(rand.Int64N(int64(3*time.Second)))
	}
	if w, ok := push.WaitOf(err); ok {
		return w.After
	}
	if errors.Is(err, asynq.ErrLeaseExpired) {
		// The worker running the task died. asynq noticed a minute late already; the push service's own claim keeps
		// a worker that is merely slow from being doubled, so there is nothing more to wait for.
		return 0
	}
	return failureDelay(n)
}

// firstFailureDelay is the wait before the first retry of a failed push; each later one waits twice as long, up to
// maxFailureDelay. asynq's own backoff (n⁴ + 15 s and up to 30 s a retry of jitter) leaves a card that met two
// hiccups waiting minutes; a WeCom "system busy" clears in seconds.
const firstFailureDelay = 5 * time.Second

// failureDelay is the wait before retry n+1 of a failed push, with up to a fifth of it added at random so the
// failures of one burst do not come back together.
func failureDelay(n int) time.Duration {
	d := maxFailureDelay
	if n < 16 {
		d = min(firstFailureDelay<<n, maxFailureDelay)
	}
	return d + time.Duration(rand.Int64N(int64(d/5)+1))
}
