package directory

import (
	"context"

	"github.com/qiao-hq/qiao/apperr"
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

// staffStatuses are the statuses of people still on staff: frozen is temporary (a lost phone), resigned is not.
var staffStatuses = []Status{StatusActive, StatusFrozen}

// StaffEmployeeIDs returns every employee of the tenant still on staff, active or frozen (never resigned), with
// their status: the audience "all staff" of a notice, survey or discussion, which someone frozen when it is
// published must still find once unfrozen. It returns internal only (including when ctx has no tenant).
func (s *Store) StaffEmployeeIDs(ctx context.Context) (map[uint64]Status, error) {
	if _, err := requireTenant(ctx, "staff employees"); err != nil {
		return nil, err
	}
	var rows []struct {
		ID     uint64
		Status Status
	}
	err := s.db.WithContext(ctx).Model(&Employee{}).Select("id", "status").Where("status IN ?", staffStatuses).Find(&rows).Error
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "staff employees")
	}
	out := make(map[uint64]Status, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Status
	}
	return out, nil
}

// EmployeeIDsByLogin maps account logins to their employees in the tenant of ctx; unknown logins are left out.
// It returns internal only (including when ctx has no tenant).
func (s *Store) EmployeeIDsByLogin(ctx context.Context, logins []string) (map[string]uint64, error) {
	if _, err := requireTenant(ctx, "accounts by login"); err != nil {
		return nil, err
	}
	out := make(map[string]uint64, len(logins))
	if len(logins) == 0 {
		return out, nil
	}
	var accounts []Account
	if err := s.db.WithContext(ctx).Select("login", "employee_id").Where("login IN ? AND employee_id IS NOT NULL", logins).Find(&accounts).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "accounts by login")
	}
	for _, a := range accounts {
		out[a.Login] = a.EmployeeID
	}
	return out, nil
}

// NotJoinedWeCom returns up to limit current (active) employees of the tenant in ctx who have a WeCom account and
// have not joined it: WeCom reported them not joined, or has reported nothing yet. They are whom a bulk invitation
// is for.
func (s *Store) NotJoinedWeCom(ctx context.Context, limit int) ([]Employee, error) {
	if _, err := requireTenant(ctx, "list employees not in wecom"); err != nil {
		return nil, err
	}
	var out []Employee
	err := s.db.WithContext(ctx).Where("status = ? AND wecom_userid IS NOT NULL AND (wecom_status IS NULL OR wecom_status = ?)",
		StatusActive, WeComNotJoined).Order("id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list employees not in wecom")
	}
	return out, nil
}
