package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph/model"
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
		return nil, apperr.E(apperr.Forbidden, "没有权限 (requires role %s)", role)
	}
	return next(ctx)
}
