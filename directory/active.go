package directory

import (
	"context"
	"fmt"
)

// ActiveEmployeeIDs reports which of ids are active employees of the tenant in ctx; the others (unknown, another
// tenant's, resigned, frozen) are absent from the map. It returns internal only (including when ctx has no tenant).
func (s *Store) ActiveEmployeeIDs(ctx context.Context, ids []uint64) (map[uint64]bool, error) {
	emps, err := s.EmployeesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]bool, len(emps))
	for id, e := range emps {
		if e.Status == StatusActive {
			out[id] = true
		}
	}
	return out, nil
}

// AllActiveEmployeeIDs returns every active employee of the tenant, by id: the audience "all staff" of a notice,
// survey or discussion.
func (s *Store) AllActiveEmployeeIDs(ctx context.Context) ([]uint64, error) {
	var ids []uint64
	err := s.db.WithContext(ctx).Model(&Employee{}).Where("status = ?", StatusActive).Order("id").Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("active employees: %w", err)
	}
	return ids, nil
}

// EmployeeIDsByLogin maps account logins to their employees in the tenant of ctx; unknown logins are left out.
func (s *Store) EmployeeIDsByLogin(ctx context.Context, logins []string) (map[string]uint64, error) {
	out := make(map[string]uint64, len(logins))
	if len(logins) == 0 {
		return out, nil
	}
	var accounts []Account
	if err := s.db.WithContext(ctx).Select("login", "employee_id").Where("login IN ?", logins).Find(&accounts).Error; err != nil {
		return nil, fmt.Errorf("accounts by login: %w", err)
	}
	for _, a := range accounts {
		out[a.Login] = a.EmployeeID
	}
	return out, nil
}
