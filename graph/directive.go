package graph

import (
	"context"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/partners"
	"github.com/qiao-hq/qiao/ratelimit"
)

// allowedBeforePasswordChange are the fields an account that must change its password may still use.
var allowedBeforePasswordChange = map[string]bool{"changePassword": true, "me": true}

// hasRole implements @hasRole: a signed-in actor holding at least role; or, for PARTNER, a partner's key; or, for
// an ADMIN field marked @partner, a partner's key naming one of its customers.
func hasRole(ctx context.Context, _ any, next graphql.Resolver, role model.Role) (any, error) {
	if p, ok := partners.AccessFrom(ctx); ok {
		switch {
		case role == model.RolePartner:
			return next(ctx)
		case role == model.RoleAdmin && partnerField(ctx) && p.TenantID != 0:
			return next(ctx)
		case role == model.RoleAdmin && partnerField(ctx):
			return nil, apperr.E(apperr.Invalid, "请在 %s 请求头中指明要操作的企业（其标识）", partners.TenantHeader)
		}
		return nil, apperr.E(apperr.Forbidden, "合作伙伴的 API 密钥不能调用 %s", graphql.GetFieldContext(ctx).Field.Name)
	}
	if role == model.RolePartner {
		if _, err := auth.RequireActor(ctx, false); err != nil {
			return nil, err
		}
		return nil, apperr.E(apperr.Forbidden, "只有合作伙伴的 API 密钥可以调用")
	}
	a, err := auth.RequireActor(ctx, allowedBeforePasswordChange[graphql.GetFieldContext(ctx).Field.Name])
	if err != nil {
		return nil, err
	}
	need := directory.RoleMember
	switch role {
	case model.RoleAdmin:
		need = directory.RoleAdmin
	case model.RoleContact:
		need = directory.RoleContact
	}
	if !a.Role.AtLeast(need) {
		return nil, apperr.E(apperr.Forbidden, "没有权限")
	}
	return next(ctx)
}

// DefaultSendsPerMinute is how many @sendLimit fields one account may call a minute when Config leaves it 0: a
// person approving a busy morning's items one by one stays well under it; a script flooding colleagues' phones
// does not.
const DefaultSendsPerMinute = 20

// sendLimit implements @sendLimit: at most perMinute calls a minute per signed-in account, counted in Redis so that
// every server shares the count. A call without an actor goes on to @hasRole, which refuses it.
func sendLimit(l *ratelimit.Limiter, perMinute int) func(context.Context, any, graphql.Resolver) (any, error) {
	return func(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
		a, ok := auth.ActorFrom(ctx)
		if l == nil || perMinute < 0 || !ok {
			return next(ctx)
		}
		if err := l.Allow(ctx, fmt.Sprintf("send:%d:%d", a.TenantID, a.AccountID), perMinute, time.Minute,
			"发送过于频繁，请 %d 秒后再试"); err != nil {
			return nil, err
		}
		return next(ctx)
	}
}

// partnerField reports whether the field being resolved is marked @partner.
func partnerField(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	return fc != nil && fc.Field.Definition != nil && fc.Field.Definition.Directives.ForName("partner") != nil
}

// partnerDirective implements @partner, a mark that hasRole reads; it does nothing itself.
func partnerDirective(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	return next(ctx)
}
