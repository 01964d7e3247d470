package directory

import (
	"context"
	"errors"

	"github.com/qiao-hq/qiao/apperr"
)

// Causes of WeChatAccess's refusals, for errors.Is; the *apperr.Error around them carries code forbidden and the
// message to show.
var (
	ErrResigned         = errors.New("directory: employee has resigned")
	ErrFrozen           = errors.New("directory: account is frozen")
	ErrSystemDisabled   = errors.New("directory: system is disabled")
	ErrNoSystemRole     = errors.New("directory: no role grants the system")
	ErrWeChatNotAllowed = errors.New("directory: roles do not allow the system over WeChat")
)

func forbidden(cause error, format string, args ...any) error {
	e := apperr.E(apperr.Forbidden, format, args...)
	e.Err = cause
	return e
}

// WeChatAccess is the gate of the WeChat channel (seed 000 §4): it returns nil when the employee may use system
// (SystemOA, SystemPB or SystemCRM) from WeChat, or forbidden with a message for the employee and one of these
// causes: ErrResigned, ErrFrozen, ErrSystemDisabled (the tenant disabled the system), ErrNoSystemRole (none of the
// account's roles grants the system; also when the employee has no account), ErrWeChatNotAllowed (every role that
// grants it has allowWeChat off). One role granting the system with allowWeChat on is enough.
//
// A tenant that predates systems gets them registered on first use (EnsureSystems). It returns invalid (Field
// "system") for an unknown code, not_found for an unknown employee, internal when ctx has no tenant.
func (s *Store) WeChatAccess(ctx context.Context, employeeID uint64, system string) error {
	if _, err := requireTenant(ctx, "check wechat access"); err != nil {
		return err
	}
	code, err := normalizeSystemCode("system", system)
	if err != nil {
		return err
	}
	e, err := s.Employee(ctx, employeeID)
	if err != nil {
		return err
	}
	switch e.Status {
	case StatusActive:
	case StatusFrozen:
		return forbidden(ErrFrozen, "账号已被冻结，不能使用微信企业号，请联系管理员 / your account is frozen and cannot use WeChat; ask your administrator")
	default:
		return forbidden(ErrResigned, "您已离职，不能再使用微信企业号 / you have left the company and can no longer use WeChat")
	}

	db := s.db.WithContext(ctx)
	sys, err := findSystem(db, code)
	if apperr.Is(err, apperr.NotFound) {
		if err := s.EnsureSystems(ctx); err != nil {
			return err
		}
		sys, err = findSystem(db, code)
	}
	if err != nil {
		return err
	}
	if !sys.Enabled {
		return forbidden(ErrSystemDisabled, "%s 系统已停用，不能在微信中使用 / %s is disabled and cannot be used in WeChat", code, code)
	}

	// The allowWeChat of every role of the employee's account that grants the system. The joins name the tenant:
	// the plugin scopes only system_roles.
	var allow []bool
	err = db.Model(&SystemRole{}).
		Joins("JOIN system_role_grants ON system_role_grants.tenant_id = system_roles.tenant_id AND system_role_grants.role_id = system_roles.id").
		Joins("JOIN account_system_roles ON account_system_roles.tenant_id = system_roles.tenant_id AND account_system_roles.role_id = system_roles.id").
		Joins("JOIN accounts ON accounts.tenant_id = system_roles.tenant_id AND accounts.id = account_system_roles.account_id").
		Where("system_role_grants.system_code = ? AND accounts.employee_id = ?", code, employeeID).
		Pluck("system_roles.allow_wechat", &allow).Error
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "check wechat access")
	}
	if len(allow) == 0 {
		return forbidden(ErrNoSystemRole, "您没有 %s 系统的权限，不能在微信中使用 / none of your roles grants %s, so you cannot use it in WeChat", code, code)
	}
	for _, ok := range allow {
		if ok {
			return nil
		}
	}
	return forbidden(ErrWeChatNotAllowed, "您的角色不允许在微信企业号中使用 %s，请在电脑上登录 / your roles do not allow %s in WeChat; sign in on a computer", code, code)
}
