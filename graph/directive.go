package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph/model"
)

type authErrKey struct{}

// WithAuthError records why the request's bearer token was refused, so that fields needing a role can say so
// (an expired token is "unauthenticated", not "forbidden") while public fields such as login still work.
func WithAuthError(ctx context.Context, err error) context.Context {
	return context.WithValue(ctx, authErrKey{}, err)
}

// AuthErrorFrom returns why the request's bearer token was refused (WithAuthError), or nil; handlers beside GraphQL
// answer with it too, so a person the WeChat gate refuses hears why rather than "sign in first".
func AuthErrorFrom(ctx context.Context) error {
	err, _ := ctx.Value(authErrKey{}).(error)
	return err
}

// allowedBeforePasswordChange are the fields an account that must change its password may still use.
var allowedBeforePasswordChange = map[string]bool{"changePassword": true, "me": true}

// hasRole implements @hasRole: a signed-in actor holding at least role.
func hasRole(ctx context.Context, _ any, next graphql.Resolver, role model.Role) (any, error) {
	a, ok := auth.ActorFrom(ctx)
	if !ok {
		if err := AuthErrorFrom(ctx); err != nil {
			return nil, err
		}
		return nil, apperr.E(apperr.Unauthenticated, "请先登录 (sign in first)")
	}
	if a.MustChangePassword && !allowedBeforePasswordChange[graphql.GetFieldContext(ctx).Field.Name] {
		return nil, apperr.E(apperr.Forbidden, "请先修改密码 (a new password is required first)")
	}
	need := directory.RoleMember
	if role == model.RoleAdmin {
		need = directory.RoleAdmin
	}
	if !a.Role.AtLeast(need) {
		return nil, apperr.E(apperr.Forbidden, "没有权限 (requires role %s)", role)
	}
	return next(ctx)
}
