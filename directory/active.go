package directory

import (
	"context"
	"slices"

	"github.com/qiao-hq/qiao/apperr"
)

// ActiveEmployeeIDs reports which of ids are active employees of the tenant in ctx; the others (unknown, another
// tenant's, resigned, frozen) are absent from the map. It returns internal only (including when ctx has no tenant).
func (s *Store) ActiveEmployeeIDs(ctx context.Context, ids []uint64) (map[uint64]bool, error) {
	if _, err := requireTenant(ctx, "active employees"); err != nil {
		return nil, err
	}
	out := make(map[uint64]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	uniq := slices.Compact(slices.Sorted(slices.Values(ids)))
	var found []uint64
	err := s.db.WithContext(ctx).Model(&Employee{}).Where("id IN ? AND status = ?", uniq, StatusActive).Pluck("id", &found).Error
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "active employees")
	}
	for _, id := range found {
		out[id] = true
	}
	return out, nil
}
