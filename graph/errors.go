package graph

import (
	"context"
	"errors"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
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
		case isRequestError(gqlErr):
			// Parse, validation and variable-coercion failures: the request itself is wrong.
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

func isRequestError(e *gqlerror.Error) bool {
	switch e.Extensions["code"] {
	case errcode.ValidationFailed, errcode.ParseFailed, errcode.KindUser:
		return true
	}
	return e.Rule != ""
}

// recoverPanic turns a resolver panic into an internal error instead of a dropped connection.
func recoverPanic(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "graphql panic", "panic", p)
		return apperr.E(apperr.Internal, "internal error")
	}
}
