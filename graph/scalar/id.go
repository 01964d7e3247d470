// Package scalar holds GraphQL scalar marshalling that gqlgen binds by name (MarshalX / UnmarshalX).
package scalar

import (
	"encoding/json"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/qiao-hq/qiao/apperr"
)

// MarshalUint64ID writes a database id as a GraphQL ID, which is a string on the wire.
func MarshalUint64ID(id uint64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(strconv.FormatUint(id, 10)))
	})
}

// UnmarshalUint64ID reads a GraphQL ID (a string, or an integer from lenient clients) as a database id.
func UnmarshalUint64ID(v any) (uint64, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	default:
		return 0, apperr.E(apperr.Invalid, "ID 须为字符串，收到的是 %T", v)
	}
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil || id == 0 {
		return 0, apperr.E(apperr.Invalid, "ID 格式不正确：%q", s)
	}
	return id, nil
}
