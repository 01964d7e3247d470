package binding

import (
	"context"

	"github.com/qiao-hq/qiao/apperr"
)

// The associated systems live in directory and their WeCom apps in tenants; binding an app to a system, and
// removing a system with its app, need both.

// SaveApp binds system's WeCom app (tenants.Store.SaveApp) once the tenant is known to have the system: a code of
// its own it never added is refused, invalid with Field "system", instead of an app nothing would ever use.
func (s *Service) SaveApp(ctx context.Context, system string, agentID int64, secret *string) error {
	sys, err := s.d.Directory.System(ctx, system)
	if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Invalid) {
		return apperr.InvalidField("system", "没有系统 %s，请先在“关联系统”中添加", system)
	}
	if err != nil {
		return err
	}
	return s.d.Tenants.SaveApp(ctx, sys.Code, agentID, secret)
}

// RemoveSystem removes a system the tenant added and unbinds its WeCom app (with the app's receiver). A built-in
// or unknown system is refused before anything changes (directory.Store.RemoveSystem's errors); the app goes
// first, so a failure halfway leaves the system, which the admin can remove again.
func (s *Service) RemoveSystem(ctx context.Context, code string) error {
	sys, err := s.d.Directory.System(ctx, code)
	if err != nil {
		return err
	}
	if sys.Builtin() {
		return s.d.Directory.RemoveSystem(ctx, sys.Code) // refused, with the directory's words
	}
	if err := s.d.Tenants.RemoveApp(ctx, sys.Code); err != nil && !apperr.Is(err, apperr.NotFound) {
		return err
	}
	return s.d.Directory.RemoveSystem(ctx, sys.Code)
}
