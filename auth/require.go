package auth

import (
	"context"

	"github.com/qiao-hq/qiao/apperr"
)

type tokenErrKey struct{}

// WithTokenError records why the request's bearer token was refused. The HTTP edge does not end such a request,
// so that public operations (login) still work; RequireActor answers with err instead of "sign in first", so an
// expired token reads as "unauthenticated" and a person the WeChat gate refuses hears why.
func WithTokenError(ctx context.Context, err error) context.Context {
	return context.WithValue(ctx, tokenErrKey{}, err)
}

// tokenErrorFrom returns the error WithTokenError recorded in ctx, or nil.
func tokenErrorFrom(ctx context.Context) error {
	err, _ := ctx.Value(tokenErrKey{}).(error)
	return err
}

// RequireActor is the gate of everything that needs a signed-in account, over GraphQL and plain HTTP alike. It
// returns the Actor of ctx, or an error: the one WithTokenError recorded, or unauthenticated when the request
// carried no token; forbidden while the account must change its password, unless duringPasswordChange says the
// caller is one of the few things such an account may still do.
func RequireActor(ctx context.Context, duringPasswordChange bool) (Actor, error) {
	a, ok := ActorFrom(ctx)
	if !ok {
		if err := tokenErrorFrom(ctx); err != nil {
			return Actor{}, err
		}
		return Actor{}, apperr.E(apperr.Unauthenticated, "请先登录")
	}
	if a.MustChangePassword && !duringPasswordChange {
		return Actor{}, apperr.E(apperr.Forbidden, "请先修改密码")
	}
	return a, nil
}
