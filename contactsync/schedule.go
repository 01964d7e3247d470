package contactsync

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenancy"
)

// Tick starts the scheduled syncs that are due: for each tenant that had its first sync and has the schedule on,
// the latest of its times (its own offset after them, in its zone) not run yet. Each slot is claimed once across
// every worker (a conditional UPDATE), so a slot never runs twice and a tenant never runs two syncs at once (a
// sync still running makes the slot skipped). It returns how many syncs it started.
func (s *Service) Tick(ctx context.Context) (int, error) {
	var ids []uint64
	// Tenants that had their first sync: the schedule never starts one, which replaces WeCom's directory.
	if err := s.d.DB.WithContext(tenancy.System(ctx)).Model(&settingsRow{}).
		Where("first_synced_at IS NOT NULL AND schedule_enabled").Pluck("tenant_id", &ids).Error; err != nil {
		return 0, apperr.Wrap(err, apperr.Internal, "list synced tenants")
	}
	started := 0
	now := s.d.Now()
	for _, id := range ids {
		tctx := tenancy.WithTenant(ctx, tenancy.ID(id))
		ok, err := s.tickTenant(tctx, now)
		if err != nil {
			s.d.Log.ErrorContext(tctx, "scheduled contact sync not started", "tenant", id, "err", err)
			continue
		}
		if ok {
			started++
		}
	}
	return started, nil
}

func (s *Service) tickTenant(ctx context.Context, now time.Time) (bool, error) {
	r, err := s.settingsRow(ctx)
	if err != nil {
		return false, err
	}
	if !r.ScheduleEnabled {
		return false, nil
	}
	due, ok := dueSlot(r, now)
	if !ok {
		return false, nil
	}
	db := s.d.DB.WithContext(ctx)
	r.UpdatedAt = now.UTC()
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&r).Error; err != nil {
		return false, apperr.Wrap(err, apperr.Internal, "claim sync slot")
	}
	res := db.Model(&settingsRow{}).Where("last_slot_at IS NULL OR last_slot_at < ?", due).
		UpdateColumn("last_slot_at", due)
	if res.Error != nil {
		return false, apperr.Wrap(res.Error, apperr.Internal, "claim sync slot")
	}
	if res.RowsAffected == 0 {
		return false, nil // another worker claimed it
	}
	_, err = s.Start(ctx, TriggerScheduled, "schedule", false)
	switch {
	case apperr.Is(err, apperr.Conflict):
		s.d.Log.InfoContext(ctx, "scheduled contact sync skipped: one is running", "slot", due)
		return false, nil
	case errors.Is(err, ErrNeverSynced):
		return false, nil
	case apperr.Is(err, apperr.Invalid):
		// The secret was removed since: nothing to run; the portal's binding page says so.
		s.d.Log.WarnContext(ctx, "scheduled contact sync not started", "slot", due, "err", err)
		return false, nil
	case err != nil:
		return false, err
	}
	return true, nil
}
