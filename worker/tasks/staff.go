package tasks

import (
	"context"

	"github.com/hibiken/asynq"
)

// TypeStaffImport applies a previewed staff import (outbox kind outbox.KindStaffImport).
const TypeStaffImport = "staff:import"

// StaffImports runs the import jobs (staffsheet.Imports has it).
type StaffImports interface {
	Run(ctx context.Context, outboxID uint64) error
}

// HandleStaffImport runs an import job. A failure is retried like an event's; the job resumes where it stopped.
func (h *Handlers) HandleStaffImport(ctx context.Context, t *asynq.Task) error {
	return runOutboxJob(ctx, t, h.StaffImports.Run)
}
