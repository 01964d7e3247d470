package directory

import (
	"context"
	"slices"

	"github.com/qiao-hq/qiao/apperr"
)

// SyncSource is the directory as the WeCom contact sync compares it with what it last wrote: every department,
// every employee of any status with departments (main first), the enabled systems, and for each employee the
// systems a role lets them use over WeChat (the gate's rule: an enabled system granted by a role, any granting role
// allowing WeChat), in CompareSystemCodes order.
type SyncSource struct {
	Departments   []Department
	Staff         []RosterEntry
	Systems       []System
	WeChatSystems map[uint64][]string
}

// SyncSource reads the directory for the contact sync in a fixed number of queries whatever its size. It returns
// internal only.
func (s *Store) SyncSource(ctx context.Context) (SyncSource, error) {
	if _, err := requireTenant(ctx, "load sync source"); err != nil {
		return SyncSource{}, err
	}
	if err := s.EnsureSystems(ctx); err != nil {
		return SyncSource{}, err
	}
	db := s.db.WithContext(ctx)
	var src SyncSource
	var err error
	if src.Departments, err = allDepartments(db); err != nil {
		return SyncSource{}, apperr.Wrap(err, apperr.Internal, "load sync source departments")
	}
	if src.Staff, err = s.Roster(ctx); err != nil {
		return SyncSource{}, err
	}
	systems, err := s.Systems(ctx)
	if err != nil {
		return SyncSource{}, err
	}
	for _, sys := range systems {
		if sys.Enabled {
			src.Systems = append(src.Systems, sys)
		}
	}
	// The joins name the tenant: the plugin scopes only system_roles.
	var grants []struct {
		EmployeeID uint64
		SystemCode string
	}
	err = db.Model(&SystemRole{}).
		Select("DISTINCT accounts.employee_id AS employee_id, system_role_grants.system_code AS system_code").
		Joins("JOIN system_role_grants ON system_role_grants.tenant_id = system_roles.tenant_id AND system_role_grants.role_id = system_roles.id").
		Joins("JOIN systems ON systems.tenant_id = system_roles.tenant_id AND systems.code = system_role_grants.system_code").
		Joins("JOIN account_system_roles ON account_system_roles.tenant_id = system_roles.tenant_id AND account_system_roles.role_id = system_roles.id").
		Joins("JOIN accounts ON accounts.tenant_id = system_roles.tenant_id AND accounts.id = account_system_roles.account_id").
		Where("system_roles.allow_wechat AND systems.enabled").
		Scan(&grants).Error
	if err != nil {
		return SyncSource{}, apperr.Wrap(err, apperr.Internal, "load sync source grants")
	}
	src.WeChatSystems = make(map[uint64][]string)
	for _, g := range grants {
		src.WeChatSystems[g.EmployeeID] = append(src.WeChatSystems[g.EmployeeID], g.SystemCode)
	}
	for _, codes := range src.WeChatSystems {
		slices.SortFunc(codes, CompareSystemCodes)
	}
	return src, nil
}
