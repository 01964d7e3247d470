// Package sso signs an employee in from inside WeChat: the code from WeCom's OAuth redirect becomes a WeCom
// userid, the userid an employee of the tenant, and the employee a one-time ticket the H5 page exchanges for a
// session. No password is asked for.
package sso

import (
	"context"
	"errors"
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
	IssueWebTicket(ctx context.Context, accountID uint64) (string, error)
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
var ErrCodeUsed = apperr.Wrap(errors.New("sso: OAuth code used or expired"), apperr.Unauthenticated, "登录已过期，请从企业微信重新打开")

// Causes of WeCom's refusals that are not the WeChat gate's, for errors.Is and ReasonOf.
var (
	ErrNotMember  = errors.New("sso: not a member of the corp")
	ErrNoEmployee = errors.New("sso: no employee for this WeCom member")
)

// ErrNotAdmin refuses a QR sign-in to the admin portal by someone who is not one of the tenant's admins.
var ErrNotAdmin = &apperr.Error{Code: apperr.Forbidden, Msg: "只有企业管理员可以登录管理后台",
	Err: errors.New("sso: not an admin")}

// Reason says why WeCom sign-in refused someone, as one word the sign-in page turns into its sentence. The OAuth
// callback hands it to the page in the redirect's query, so it names a kind of refusal and never carries text: a
// link anyone can write then shows only one of the page's own sentences, and tells nothing about anyone, while
// the person refused learns why (the refusal reaches only whoever holds their OAuth code). The WeChat gate's
// refusals are the directory's words (directory.GateReason), the same the system API reports; the rest are sso's.
type Reason string

// The reasons; the H5's sign-in page has a sentence for each (h5/src/utils/signin.ts), the one Message returns.
const (
	ReasonResigned         Reason = directory.GateResigned
	ReasonFrozen           Reason = directory.GateFrozen
	ReasonSystemDisabled   Reason = directory.GateSystemDisabled
	ReasonNoSystemRole     Reason = directory.GateNoSystemRole
	ReasonWeChatNotAllowed Reason = directory.GateWeChatNotAllowed
	ReasonNotMember        Reason = "not_member"  // ErrNotMember
	ReasonNoEmployee       Reason = "no_employee" // ErrNoEmployee
)

// refusals are sso's own refusals (the gate's are the directory's): each one's cause, reason and message.
var refusals = []struct {
	cause  error
	reason Reason
	msg    string
}{
	{ErrNotMember, ReasonNotMember, "您不是本企业成员"},
	{ErrNoEmployee, ReasonNoEmployee, "您的企业微信账号未关联员工，请联系管理员"},
}

// refuse is sso's unauthenticated error for one of its own causes, with its message.
func refuse(cause error) error {
	for _, r := range refusals {
		if r.cause == cause {
			return &apperr.Error{Code: apperr.Unauthenticated, Msg: r.msg, Err: cause}
		}
	}
	panic(fmt.Sprintf("sso: no refusal for %v", cause))
}

// ReasonOf is the reason of a refusal WeCom returned, or "" for any other error (a used code, an unknown tenant,
// a failure of ours): the page then says what the error's code means.
func ReasonOf(err error) Reason {
	if r := directory.GateReason(err); r != "" {
		return Reason(r)
	}
	for _, r := range refusals {
		if errors.Is(err, r.cause) {
			return r.reason
		}
	}
	return ""
}

// Reasons lists every reason ReasonOf returns: the gate's, then sso's own.
func Reasons() []Reason {
	var out []Reason
	for _, r := range directory.GateReasons() {
		out = append(out, Reason(r))
	}
	for _, r := range refusals {
		out = append(out, r.reason)
	}
	return out
}

// Message is the sentence a person refused for r reads when signing in to OA, "" for a reason ReasonOf never
// returns; the sign-in page shows the same sentence for the reason.
func (r Reason) Message() string {
	if m := directory.GateMessage(string(r), directory.SystemOA); m != "" {
		return m
	}
	for _, o := range refusals {
		if o.reason == r {
			return o.msg
		}
	}
	return ""
}

// WeCom exchanges an OAuth code for a sign-in ticket. Errors: not_found (unknown tenant or not bound),
// unauthenticated (ErrCodeUsed; or, with cause ErrNotMember or ErrNoEmployee, the WeCom member is not one of the
// tenant's employees), forbidden when the employee may not use OA over WeChat (directory.Store.WeChatAccess:
// resigned, frozen, OA disabled, no role granting OA, or every such role has allowWeChat off; its cause says
// which). ReasonOf names the refusals for the sign-in page.
func (s *Service) WeCom(ctx context.Context, tenantSlug, code string) (string, error) {
	ctx, emp, err := s.member(ctx, tenantSlug, code)
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

// member resolves a WeCom code of tenant slug's OA app to the employee who holds it, and returns ctx scoped to the
// tenant. Errors: not_found (unknown tenant or not bound), ErrCodeUsed, unauthenticated with ErrNotMember or
// ErrNoEmployee.
func (s *Service) member(ctx context.Context, tenantSlug, code string) (context.Context, directory.Employee, error) {
	t, err := s.tenants.BySlug(ctx, tenantSlug)
	if err != nil {
		return ctx, directory.Employee{}, err
	}
	ctx = tenancy.WithTenant(ctx, t.ID)
	app, err := s.tenants.WeComApp(ctx)
	if err != nil {
		return ctx, directory.Employee{}, err
	}
	info, err := s.wecom.GetUserInfo(ctx, app, code)
	if wecom.CodeOf(err) == 40029 {
		return ctx, directory.Employee{}, ErrCodeUsed
	}
	if err != nil {
		return ctx, directory.Employee{}, fmt.Errorf("sso: getuserinfo: %w", err)
	}
	if info.UserID == "" {
		return ctx, directory.Employee{}, refuse(ErrNotMember)
	}
	emp, err := s.dir.EmployeeByWeComUserID(ctx, info.UserID)
	if apperr.Is(err, apperr.NotFound) {
		return ctx, directory.Employee{}, refuse(ErrNoEmployee)
	}
	return ctx, emp, err
}

// AdminQR exchanges the code of WeCom's QR sign-in (企业微信扫码登录) on the admin portal for a one-time ticket of a
// web session. Only an active admin of the tenant whose WeCom member scanned gets one. Errors: not_found (unknown
// tenant, not bound), ErrCodeUsed, unauthenticated with ErrNotMember or ErrNoEmployee as with WeCom, forbidden with
// ErrNotAdmin, or the directory's refusal of an account that is not active.
func (s *Service) AdminQR(ctx context.Context, tenantSlug, code string) (string, error) {
	ctx, emp, err := s.member(ctx, tenantSlug, code)
	if err != nil {
		return "", err
	}
	acc, err := s.dir.AccountByEmployee(ctx, emp.ID)
	if err != nil {
		return "", err
	}
	if !acc.Role.AtLeast(directory.RoleAdmin) {
		return "", ErrNotAdmin
	}
	return s.tickets.IssueWebTicket(ctx, acc.ID)
}
