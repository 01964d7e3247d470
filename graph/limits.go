package graph

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// MaxMutations is how many mutations one operation may run. A page sends one at a time; one document of 200
// aliased sendCollabItem once put 218 cards on a colleague's phone.
const MaxMutations = 5

// maxFirst bounds the page size complexity assumes, whatever a client asks for: the lists cap their pages lower.
const maxFirst = 1000

// pagedSchema weighs every field that takes a first: argument (the paginated lists) by the page it asks for: a page
// of 100 items costs 100 times an item. gqlgen counts a list's children once, whatever its length, so a request
// for a hundred items weighed as much as one. Fields with a weight of their own (CollabItem.related) keep it.
type pagedSchema struct{ graphql.ExecutableSchema }

// Complexity implements graphql.ExecutableSchema.
func (s pagedSchema) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if c, ok := s.ExecutableSchema.Complexity(ctx, typeName, field, child, args); ok {
		return c, true
	}
	if n, ok := firstOf(args); ok {
		return 1 + n*child, true
	}
	return 0, false
}

// firstOf reads a first: argument, whichever type the value came in (a literal, a JSON variable, a default).
func firstOf(args map[string]any) (int, bool) {
	var n int64
	switch v := args["first"].(type) {
	case int:
		n = int64(v)
	case int64:
		n = v
	case float64:
		n = int64(v)
	case json.Number:
		i, err := v.Int64()
		if err != nil {
			return 0, false
		}
		n = i
	default:
		return 0, false
	}
	return int(min(max(n, 1), maxFirst)), true
}

// mutationLimit refuses an operation with more than max mutation fields at its top level (aliases and fragments
// counted), before any of them runs.
type mutationLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = mutationLimit{}

// ExtensionName implements graphql.HandlerExtension.
func (mutationLimit) ExtensionName() string { return "MutationLimit" }

// Validate implements graphql.HandlerExtension.
func (mutationLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (l mutationLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return nil
	}
	if n := topLevelFields(oc.Operation.SelectionSet, oc.Doc.Fragments, 0); n > l.max {
		err := gqlerror.Errorf("一次请求最多执行 %d 个修改操作，本次有 %d 个", l.max, n)
		err.Extensions = map[string]any{"code": "invalid"}
		return err
	}
	return nil
}

// topLevelFields counts the fields of set, looking through fragments.
func topLevelFields(set ast.SelectionSet, frags ast.FragmentDefinitionList, seen int) int {
	if seen > 64 { // fragment cycles are refused by validation; this only guards the walk
		return 0
	}
	n := 0
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			n++
		case *ast.InlineFragment:
			n += topLevelFields(s.SelectionSet, frags, seen+1)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				n += topLevelFields(f.SelectionSet, frags, seen+1)
			}
		}
	}
	return n
}
