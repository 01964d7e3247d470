package directory

import (
	"context"
	"fmt"
)

// ActiveEmployeeIDs reports which of ids are active employees of the tenant in ctx; the others (unknown, another
// tenant's, resigned, frozen) are absent from the map.
func (s *Store) ActiveEmployeeIDs(ctx context.Context, ids []uint64) (map[uint64]bool, error) {
	out := make(map[uint64]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var found []uint64
	err := s.db.WithContext(ctx).Model(&Employee{}).Where("id IN ? AND status = ?", ids, StatusActive).Pluck("id", &found).Error
	if err != nil {
		return nil, fmt.Errorf("directory: active employees: %w", err)
	}
	for _, id := range found {
		out[id] = true
	}
	return out, nil
}
