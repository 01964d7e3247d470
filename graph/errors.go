package graph

import (
	"context"
	"errors"
	"log/slog"
	"math"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/qiao-hq/qiao/apperr"
)

// presentError is the one place errors become GraphQL errors: every error leaves with extensions.code set to an
// apperr code. Internal errors are logged with their cause and shown only as "internal error".
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		var ae *apperr.Error
		switch {
		case errors.As(err, &ae) && ae.Code != apperr.Internal:
			gqlErr.Message = ae.Msg
			gqlErr.Extensions["code"] = string(ae.Code)
			if ae.Field != "" {
				gqlErr.Extensions["field"] = ae.Field
			}
			if ae.RetryAfter > 0 {
				gqlErr.Extensions["retryAfter"] = int(math.Ceil(ae.RetryAfter.Seconds())) // seconds
			}
		case isIntrospection(gqlErr.Path):
			// gqlgen refuses __schema / __type with a bare error when introspection is off.
			gqlErr.Message = "introspection is disabled"
			gqlErr.Extensions["code"] = string(apperr.Forbidden)
		case gqlErr.Err == nil:
			// Errors gqlgen makes itself (parse, validation, coercion, complexity, depth, disabled introspection)
			// wrap no Go error: the request itself is wrong.
			gqlErr.Extensions["graphqlCode"] = gqlErr.Extensions["code"]
			gqlErr.Extensions["code"] = string(apperr.Invalid)
		default:
			log.ErrorContext(ctx, "graphql internal error", "path", gqlErr.Path.String(), "err", err)
			gqlErr.Message = "internal error"
			gqlErr.Extensions["code"] = string(apperr.Internal)
		}
		return gqlErr
	}
}

func isIntrospection(p ast.Path) bool {
	if len(p) == 0 {
		return false
	}
	name, ok := p[0].(ast.PathName)
	return ok && (name == "__schema" || name == "__type")
}

// recoverPanic turns a resolver panic into an internal error instead of a dropped connection.
func recoverPanic(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "graphql panic", "panic", p)
		return apperr.E(apperr.Internal, "internal error")
	}
}
