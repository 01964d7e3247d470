package directory

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/qiao-hq/qiao/apperr"
)

// Cursors are the sort key of the last row of a page, as base64url JSON: opaque to clients, and a forged one can
// only move the page, since every query it feeds is tenant-scoped.

func encodeJSONCursor(v any) string {
	b, _ := json.Marshal(v) // cursor structs hold only strings and numbers
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeJSONCursor(c string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// badCursor is the answer to an "after" that is not one of our cursors.
func badCursor(c string, cause error) error {
	return &apperr.Error{Code: apperr.Invalid, Field: "after", Msg: "分页游标无效",
		Err: fmt.Errorf("cursor %q: %v", c, cause)}
}
