package graph

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/oa"
)

// actor returns the signed-in actor; @hasRole has already refused requests without one, and has already applied
// the password-change rule with the field's name, which is why this asks for no more than a signed-in account.
func actor(ctx context.Context) (auth.Actor, error) {
	return auth.RequireActor(ctx, true)
}

// GraphQL enums are the domain's values upper-cased; these conversions fail loudly if the two drift apart.

func toGraphEnum[T ~string, U interface {
	~string
	IsValid() bool
}](v T) (U, error) {
	u := U(strings.ToUpper(string(v)))
	if !u.IsValid() {
		return u, fmt.Errorf("graph: no GraphQL value for %T %q", v, v)
	}
	return u, nil
}

func fromGraphEnum[T ~string, U ~string](v U) T { return T(strings.ToLower(string(v))) }

func toBox(b model.Box) oa.Box { return fromGraphEnum[oa.Box](b) }

func optional(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// AttachmentPath is where an attachment is downloaded, with the same bearer token as /graphql.
func AttachmentPath(id uint64) string { return "/api/attachments/" + strconv.FormatUint(id, 10) }

// orDefault is *p, or def when the client sent null.
func orDefault[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// pageInfo is the PageInfo of a page; endCursor is null for an empty page.
func pageInfo(hasNext bool, endCursor string) *model.PageInfo {
	pi := &model.PageInfo{HasNextPage: hasNext}
	if endCursor != "" {
		pi.EndCursor = &endCursor
	}
	return pi
}
