package directory

import (
	"context"
	"errors"

	"github.com/qiao-hq/qiao/apperr"
)

// Causes of WeChatAccess's refusals, for errors.Is; the *apperr.Error around them carries code forbidden and the
// message to show (GateMessage). GateReason names them for programs.
var (
	ErrResigned         = errors.New("directory: employee has resigned")
	ErrFrozen           = errors.New("directory: account is frozen")
	ErrSystemDisabled   = errors.New("directory: system is disabled")
	ErrNoSystemRole     = errors.New("directory: no role grants the system")
	ErrWeChatNotAllowed = errors.New("directory: roles do not allow the system over WeChat")
)

// WeChatAccess is the gate of the WeChat channel (seed 000 §4): it returns nil when the employee may use system
// (SystemOA, SystemPB or SystemCRM) from WeChat, or forbidden with a message for the employee and one of these
// causes: ErrResigned, ErrFrozen, ErrSystemDisabled (the tenant disabled the system), ErrNoSystemRole (none of the
// account's roles grants the system; also when the employee has no account), ErrWeChatNotAllowed (every role that
// grants it has allowWeChat off). One role granting the system with allowWeChat on is enough.
//
// A tenant that predates systems gets them registered on first use (EnsureSystems). It returns invalid (Field
// "system") for an unknown code, not_found for an unknown employee, internal when ctx has no tenant.
func (s *Store) WeChatAccess(ctx context.Context, employeeID uint64, system string) error {
	res, err := s.WeChatAccessMany(ctx, []uint64{employeeID}, system)
	if err != nil {
		return err
	}
	if r, ok := res[employeeID]; ok {
		return r
	}
	return apperr.E(apperr.NotFound, "员工 %d 不存在", employeeID)
}

// WeChatAccessMany is WeChatAccess for many employees in a fixed number of queries: the result maps each known
// employee to nil or its forbidden error; unknown employees are left out. Its own error is for the whole call
// (invalid system, internal).
func (s *Store) WeChatAccessMany(ctx context.Context, employeeIDs []uint64, system string) (map[uint64]error, error) {
	if _, err := requireTenant(ctx, "check wechat access"); err != nil {
		return nil, err
	}
	code, err := normalizeSystemCode("system", system)
	if err != nil {
		return nil, err
	}
	emps, err := s.EmployeesByIDs(ctx, employeeIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]error, len(emps))
	var active []uint64
	for id, e := range emps {
		switch e.Status {
		case StatusActive:
			active = append(active, id)
		case StatusFrozen:
			out[id] = refuse(GateFrozen, code)
		default:
			out[id] = refuse(GateResigned, code)
		}
	}
	if len(active) == 0 {
		return out, nil
	}
	if err := s.systemAccess(ctx, code, active, out, false); err != nil {
		return nil, err
	}
	return out, nil
}

// WeChatAccessOfActive is WeChatAccess for an employee the caller has just read as active in this request
// (authentication does, on every request of a WeChat session), so the employee is not read again: when a role
// grants the system, one query decides. It never returns ErrResigned or ErrFrozen; an unknown employee has no
// account and gets ErrNoSystemRole.
func (s *Store) WeChatAccessOfActive(ctx context.Context, employeeID uint64, system string) error {
	if _, err := requireTenant(ctx, "check wechat access"); err != nil {
		return err
	}
	code, err := normalizeSystemCode("system", system)
	if err != nil {
		return err
	}
	out := make(map[uint64]error, 1)
	if err := s.systemAccess(ctx, code, []uint64{employeeID}, out, false); err != nil {
		return err
	}
	return out[employeeID]
}

// systemAccess sets out[id] for each active employee: nil or the refusal for system code. One query reads the
// allowWeChat of every role of each one's account that grants the system, with the system's enabled flag; only
// when no role grants it is the system read by itself, to tell a disabled or unregistered system from a missing
// role. registered says EnsureSystems has just run, so a missing system is not registered again.
func (s *Store) systemAccess(ctx context.Context, code string, active []uint64, out map[uint64]error, registered bool) error {
	db := s.db.WithContext(ctx)
	// The joins name the tenant: the plugin scopes only system_roles.
	var grants []struct {
		EmployeeID  uint64
		AllowWeChat bool `gorm:"column:allow_wechat"`
		Enabled     bool
	}
	err := db.Model(&SystemRole{}).
		Select("accounts.employee_id AS employee_id, system_roles.allow_wechat AS allow_wechat, systems.enabled AS enabled").
		Joins("JOIN system_role_grants ON system_role_grants.tenant_id = system_roles.tenant_id AND system_role_grants.role_id = system_roles.id").
		Joins("JOIN systems ON systems.tenant_id = system_roles.tenant_id AND systems.code = system_role_grants.system_code").
		Joins("JOIN account_system_roles ON account_system_roles.tenant_id = system_roles.tenant_id AND account_system_roles.role_id = system_roles.id").
		Joins("JOIN accounts ON accounts.tenant_id = system_roles.tenant_id AND accounts.id = account_system_roles.account_id").
		Where("system_role_grants.system_code = ? AND accounts.employee_id IN ?", code, active).
		Scan(&grants).Error
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "check wechat access")
	}
	enabled := len(grants) > 0 && grants[0].Enabled
	if len(grants) == 0 {
		sys, err := findSystem(db, code)
		if apperr.Is(err, apperr.NotFound) && !registered {
			// A tenant that predates systems: its roles' grants wait for the system rows the join needs.
			if err := s.EnsureSystems(ctx); err != nil {
				return err
			}
			return s.systemAccess(ctx, code, active, out, true)
		}
		switch {
		case apperr.Is(err, apperr.NotFound):
			enabled = false // a system the tenant removed: refused as a disabled one, never retried
		case err != nil:
			return err
		default:
			enabled = sys.Enabled
		}
	}
	if !enabled {
		for _, id := range active {
			out[id] = refuse(GateSystemDisabled, code)
		}
		return nil
	}
	granted, allowed := map[uint64]bool{}, map[uint64]bool{}
	for _, g := range grants {
		granted[g.EmployeeID] = true
		allowed[g.EmployeeID] = allowed[g.EmployeeID] || g.AllowWeChat
	}
	for _, id := range active {
		switch {
		case !granted[id]:
			out[id] = refuse(GateNoSystemRole, code)
		case !allowed[id]:
			out[id] = refuse(GateWeChatNotAllowed, code)
		default:
			out[id] = nil
		}
	}
	return nil
}
