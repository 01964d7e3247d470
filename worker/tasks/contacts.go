package tasks

import (
	"context"

	"github.com/hibiken/asynq"
)

// TypeContactSync runs a sync of the directory to WeCom (outbox kind outbox.KindContactSync).
const TypeContactSync = "contacts:sync"

// ContactSyncs runs the contact sync jobs (contactsync.Service has it).
type ContactSyncs interface {
	Run(ctx context.Context, outboxID uint64) error
}

// HandleContactSync runs a sync. A failure is retried like an event's; the run resumes from the mirror.
func (h *Handlers) HandleContactSync(ctx context.Context, t *asynq.Task) error {
	return runOutboxJob(ctx, t, h.ContactSyncs.Run)
}
