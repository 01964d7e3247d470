package tasks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/outbox"
)

// Task types of the WeCom callback inbox.
const (
	// TypeWeComEvent processes one inbox row (outbox kind outbox.KindWeComEvent).
	TypeWeComEvent = "wecom:event"
	// TypeWeComPull pulls every external contact of a tenant (outbox kind outbox.KindWeComPull).
	TypeWeComPull = "wecom:pull-external"
)

// WeComEventMaxRetry is how often a failed event is retried (5 s, doubling up to 10 minutes: about an hour in
// all) before its row is left failed for an admin to replay.
const WeComEventMaxRetry = 12

// OutboxPayload names the outbox message a task carries out.
type OutboxPayload struct {
	OutboxID uint64 `json:"outbox_id"`
}

// Callbacks is the callback service as the handlers see it (callbacks.Service has it).
type Callbacks interface {
	Process(ctx context.Context, outboxID uint64) error
	GiveUp(ctx context.Context, outboxID uint64, cause error) error
	RunPull(ctx context.Context, outboxID uint64) (callbacks.PullCounts, error)
}

// NewOutboxTask returns the task carrying out outbox message m: a push for the card kinds, the processing of an
// event or a pull for the callback kinds. Its TaskID is OutboxTaskID's, derived from the message alone.
func NewOutboxTask(m outbox.Message) (*asynq.Task, error) {
	typ, queue := outboxTaskType(m.Kind)
	if typ == TypePushSend {
		return NewPushSendTask(m.TenantID, m.ID)
	}
	b, err := json.Marshal(OutboxPayload{OutboxID: m.ID})
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", typ, err)
	}
	return asynq.NewTaskWithHeaders(typ, b, map[string]string{HeaderTenant: strconv.FormatUint(m.TenantID, 10)},
		asynq.TaskID(OutboxTaskID(m)), asynq.Queue(queue), asynq.MaxRetry(WeComEventMaxRetry),
		asynq.Timeout(5*time.Minute)), nil
}

// OutboxTaskID is the asynq task ID of the task carrying out outbox message m, and OutboxQueue its queue.
func OutboxTaskID(m outbox.Message) string {
	typ, _ := outboxTaskType(m.Kind)
	if typ == TypePushSend {
		return PushSendTaskID(m.TenantID, m.ID)
	}
	return fmt.Sprintf("%s:%d:%d", typ, m.TenantID, m.ID)
}

// OutboxQueue is the queue of the task carrying out outbox message m.
func OutboxQueue(m outbox.Message) string {
	_, q := outboxTaskType(m.Kind)
	return q
}

func outboxTaskType(kind string) (typ, queue string) {
	switch kind {
	case outbox.KindWeComEvent:
		return TypeWeComEvent, QueueDefault
	case outbox.KindWeComPull:
		return TypeWeComPull, QueueDefault
	default:
		return TypePushSend, QueuePush
	}
}

func outboxPayload(t *asynq.Task) (uint64, error) {
	var p OutboxPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.OutboxID == 0 {
		return 0, fmt.Errorf("%s: bad payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	return p.OutboxID, nil
}

// HandleWeComEvent processes one event of the callback inbox. At its last retry the row is recorded failed and the
// message done, so an archived task never holds the message.
func (h *Handlers) HandleWeComEvent(ctx context.Context, t *asynq.Task) error {
	id, err := outboxPayload(t)
	if err != nil {
		return err
	}
	err = h.Callbacks.Process(ctx, id)
	retried, _ := asynq.GetRetryCount(ctx)
	maxRetry, known := asynq.GetMaxRetry(ctx)
	switch {
	case err == nil:
		return nil
	case apperr.Is(err, apperr.NotFound):
		return fmt.Errorf("%s: %w: %w", TypeWeComEvent, err, asynq.SkipRetry)
	case known && retried >= maxRetry:
		if gerr := h.Callbacks.GiveUp(context.WithoutCancel(ctx), id, err); gerr != nil {
			return fmt.Errorf("%s: give up: %w", TypeWeComEvent, errors.Join(err, gerr))
		}
		return nil
	default:
		return fmt.Errorf("%s: %w", TypeWeComEvent, err)
	}
}

// HandleWeComPull runs a requested pull of the external contacts; failures are retried like an event's, and the
// last one leaves the message for the relay to hand over again after its lease.
func (h *Handlers) HandleWeComPull(ctx context.Context, t *asynq.Task) error {
	id, err := outboxPayload(t)
	if err != nil {
		return err
	}
	n, err := h.Callbacks.RunPull(ctx, id)
	switch {
	case apperr.Is(err, apperr.NotFound):
		return fmt.Errorf("%s: %w: %w", TypeWeComPull, err, asynq.SkipRetry)
	case err != nil:
		return fmt.Errorf("%s: %w", TypeWeComPull, err)
	}
	h.Log.InfoContext(ctx, "external contact pull done", "tenant", t.Headers()[HeaderTenant], "contacts", n.Contacts,
		"followers", n.Followers, "refused", n.Refused)
	return nil
}
