package tasks

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"time"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
)

// Task types of the WeCom callback inbox.
const (
	// TypeWeComEvent processes one inbox row (outbox kind outbox.KindWeComEvent).
	TypeWeComEvent = "wecom:event"
	// TypeWeComEvents processes several inbox rows of one tenant together (outbox kind outbox.KindWeComEvent).
	TypeWeComEvents = "wecom:events"
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

// WeComEventsPayload names the outbox messages a TypeWeComEvents task carries out.
type WeComEventsPayload struct {
	OutboxIDs []uint64 `json:"outbox_ids"`
}

// Callbacks is the callback service as the handlers see it (callbacks.Service has it).
type Callbacks interface {
	// ProcessBatch processes the events the messages name; final says the queue will not try again.
	ProcessBatch(ctx context.Context, outboxIDs []uint64, final bool) error
	RunPull(ctx context.Context, outboxID uint64) (callbacks.PullCounts, error)
}

// NewWeComEventsTask returns the task processing together the events of tenant that outbox messages ids (of kind
// outbox.KindWeComEvent) name. Its TaskID is WeComEventsTaskID's, derived from the messages alone, so a relay that
// hands the same messages over again is refused while the first task is alive.
func NewWeComEventsTask(tenant tenancy.ID, ids []uint64) (*asynq.Task, error) {
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s: no outbox messages", TypeWeComEvents)
	}
	b, err := json.Marshal(WeComEventsPayload{OutboxIDs: slices.Sorted(slices.Values(ids))})
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", TypeWeComEvents, err)
	}
	return asynq.NewTaskWithHeaders(TypeWeComEvents, b, map[string]string{HeaderTenant: strconv.FormatUint(tenant, 10)},
		asynq.TaskID(WeComEventsTaskID(tenant, ids)), asynq.Queue(QueueEvents), asynq.MaxRetry(WeComEventMaxRetry),
		asynq.Timeout(5*time.Minute)), nil
}

// WeComEventsTaskID is the asynq task ID of the task processing the events outbox messages ids of tenant name:
// "wecom:events:<tenant>:<first id>:<count>:<hash of the ids>", the same whatever the order of ids.
func WeComEventsTaskID(tenant tenancy.ID, ids []uint64) string {
	return batchTaskID(TypeWeComEvents, tenant, ids)
}

// batchTaskID is the ID of a task of type typ over outbox messages ids of tenant: "<type>:<tenant>:<first id>:<count>:
// <hash of the ids>", the same whatever the order of ids.
func batchTaskID(typ string, tenant tenancy.ID, ids []uint64) string {
	sorted := slices.Sorted(slices.Values(ids))
	h := fnv.New64a()
	for _, id := range sorted {
		_, _ = h.Write(binary.BigEndian.AppendUint64(nil, id))
	}
	var first uint64
	if len(sorted) > 0 {
		first = sorted[0]
	}
	return fmt.Sprintf("%s:%d:%d:%d:%016x", typ, tenant, first, len(sorted), h.Sum64())
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
		return TypeWeComEvent, QueueEvents
	case outbox.KindWeComPull:
		return TypeWeComPull, QueueDefault
	case outbox.KindStaffImport:
		return TypeStaffImport, QueueDefault
	case outbox.KindContactSync:
		return TypeContactSync, QueueDefault
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

// HandleWeComEvent processes one event of the callback inbox: the task of a lone event, and those an older release
// enqueued. At its last retry an event still failing is recorded failed and its message done, so an archived task
// never holds the message.
func (h *Handlers) HandleWeComEvent(ctx context.Context, t *asynq.Task) error {
	id, err := outboxPayload(t)
	if err != nil {
		return err
	}
	return h.processEvents(ctx, t.Type(), []uint64{id})
}

// HandleWeComEvents processes the events of one tenant a relay pass found together. An event failing in a way
// trying again may mend is retried with the task, whose next run finds the others done; at the last retry the
// events still failing are recorded failed and their messages done.
func (h *Handlers) HandleWeComEvents(ctx context.Context, t *asynq.Task) error {
	var p WeComEventsPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || len(p.OutboxIDs) == 0 {
		return fmt.Errorf("%s: bad payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	return h.processEvents(ctx, t.Type(), p.OutboxIDs)
}

// processEvents processes the events outbox messages ids name, the last try giving up on those still failing.
func (h *Handlers) processEvents(ctx context.Context, typ string, ids []uint64) error {
	retried, _ := asynq.GetRetryCount(ctx)
	maxRetry, known := asynq.GetMaxRetry(ctx)
	if err := h.Callbacks.ProcessBatch(ctx, ids, known && retried >= maxRetry); err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	return nil
}

// HandleWeComPull runs a requested pull of the external contacts; failures are retried like an event's, and the
// last one leaves the message for the relay to hand over again after its lease.
func (h *Handlers) HandleWeComPull(ctx context.Context, t *asynq.Task) error {
	var n callbacks.PullCounts
	err := runOutboxJob(ctx, t, func(ctx context.Context, id uint64) (err error) {
		n, err = h.Callbacks.RunPull(ctx, id)
		return err
	})
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "external contact pull done", "tenant", t.Headers()[HeaderTenant], "contacts", n.Contacts,
		"followers", n.Followers, "refused", n.Refused)
	return nil
}

// runOutboxJob runs the outbox job a task carries (its payload names the message): a message that is gone ends the
// task, any other failure is retried.
func runOutboxJob(ctx context.Context, t *asynq.Task, run func(ctx context.Context, outboxID uint64) error) error {
	id, err := outboxPayload(t)
	if err != nil {
		return err
	}
	switch err := run(ctx, id); {
	case apperr.Is(err, apperr.NotFound):
		return fmt.Errorf("%s: %w: %w", t.Type(), err, asynq.SkipRetry)
	case err != nil:
		return fmt.Errorf("%s: %w", t.Type(), err)
	}
	return nil
}
