// Package sso signs an employee in from inside WeChat: the code from WeCom's OAuth redirect becomes a WeCom
// userid, the userid an employee of the tenant, and the employee a one-time ticket the H5 page exchanges for a
// session. No password is asked for.
package sso

import (
	"context"
	"fmt"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// UserInfoGetter is the part of the WeCom client that sign-in uses.
type UserInfoGetter interface {
	GetUserInfo(ctx context.Context, app wecom.App, code string) (wecom.UserInfo, error)
}

// TicketIssuer mints the one-time ticket for an account of the tenant in ctx.
type TicketIssuer interface {
	IssueSSOTicket(ctx context.Context, accountID uint64) (string, error)
}

// Service implements WeCom sign-in.
type Service struct {
	tenants *tenants.Store
	dir     *directory.Store
	wecom   UserInfoGetter
	tickets TicketIssuer
}

// NewService returns a Service.
func NewService(t *tenants.Store, d *directory.Store, w UserInfoGetter, tickets TicketIssuer) *Service {
	return &Service{tenants: t, dir: d, wecom: w, tickets: tickets}
}

// ErrCodeUsed is returned for a code WeChat already accepted once: the user pressed Back, or the page reloaded.
// Callers treat it as "sign in again", not as a failure page.
var ErrCodeUsed = apperr.E(apperr.Unauthenticated, "登录已过期，请从企业微信重新打开 (OAuth code used or expired)")

// WeCom exchanges an OAuth code for a sign-in ticket. Errors: not_found (unknown tenant or not bound),
// unauthenticated (ErrCodeUsed; or the WeCom member is not one of the tenant's employees), forbidden when the
// employee may not use OA over WeChat (directory.Store.WeChatAccess: resigned, frozen, no role granting OA, or
// every such role has allowWeChat off), with a message to show on the sign-in page.
func (s *Service) WeCom(ctx context.Context, tenantSlug, code string) (string, error) {
	t, err := s.tenants.BySlug(ctx, tenantSlug)
	if err != nil {
		return "", err
	}
	ctx = tenancy.WithTenant(ctx, t.ID)
	app, err := s.tenants.WeComApp(ctx)
	if err != nil {
		return "", err
	}
	info, err := s.wecom.GetUserInfo(ctx, app, code)
	if wecom.CodeOf(err) == 40029 {
		return "", ErrCodeUsed
	}
	if err != nil {
		return "", fmt.Errorf("sso: getuserinfo: %w", err)
	}
	if info.UserID == "" {
		return "", apperr.E(apperr.Unauthenticated, "您不是本企业成员 (not a member of the corp)")
	}
	emp, err := s.dir.EmployeeByWeComUserID(ctx, info.UserID)
	if apperr.Is(err, apperr.NotFound) {
		return "", apperr.E(apperr.Unauthenticated, "您的企业微信账号未关联员工 (no employee for this WeCom member)")
	}
	if err != nil {
		return "", err
	}
	// The WeChat gate (seed 000 §4): checked before any ticket exists, so a refused employee never holds one.
	if err := s.dir.WeChatAccess(ctx, emp.ID, directory.SystemOA); err != nil {
		return "", err
	}
	acc, err := s.dir.AccountByEmployee(ctx, emp.ID)
	if err != nil {
		return "", err
	}
	return s.tickets.IssueSSOTicket(ctx, acc.ID)
}
