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
	"github.com/qiao-hq/qiao/ratelimit"
)

// allowedBeforePasswordChange are the fields an account that must change its password may still use.
var allowedBeforePasswordChange = map[string]bool{"changePassword": true, "me": true}

// hasRole implements @hasRole: a signed-in actor holding at least role.
func hasRole(ctx context.Context, _ any, next graphql.Resolver, role model.Role) (any, error) {
	a, err := auth.RequireActor(ctx, allowedBeforePasswordChange[graphql.GetFieldContext(ctx).Field.Name])
	if err != nil {
		return nil, err
	}
	need := directory.RoleMember
	if role == model.RoleAdmin {
		need = directory.RoleAdmin
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
