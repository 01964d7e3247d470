package scalar

import (
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/qiao-hq/qiao/apperr"
)

// MarshalTime writes an instant in RFC 3339 form, as gqlgen's own Time does.
func MarshalTime(t time.Time) graphql.Marshaler { return graphql.MarshalTime(t) }

// UnmarshalTime reads an RFC 3339 instant. A malformed one is the client's mistake: invalid, not an internal
// error, which is what gqlgen's own Time would become in the error presenter.
func UnmarshalTime(v any) (time.Time, error) {
	t, err := graphql.UnmarshalTime(v)
	if err != nil {
		return time.Time{}, &apperr.Error{Code: apperr.Invalid, Msg: "时间格式应为 RFC 3339", Err: err}
	}
	return t, nil
}
