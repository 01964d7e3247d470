package tasks

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/apperr"
)

// TypeStaffImport applies a previewed staff import (outbox kind outbox.KindStaffImport).
const TypeStaffImport = "staff:import"

// StaffImports runs the import jobs (staffsheet.Imports has it).
type StaffImports interface {
	Run(ctx context.Context, outboxID uint64) error
}

// HandleStaffImport runs an import job. A failure is retried like an event's; the job resumes where it stopped.
func (h *Handlers) HandleStaffImport(ctx context.Context, t *asynq.Task) error {
	id, err := outboxPayload(t)
	if err != nil {
		return err
	}
	switch err := h.StaffImports.Run(ctx, id); {
	case apperr.Is(err, apperr.NotFound):
		return fmt.Errorf("%s: %w: %w", TypeStaffImport, err, asynq.SkipRetry)
	case err != nil:
		return fmt.Errorf("%s: %w", TypeStaffImport, err)
	}
	return nil
}
