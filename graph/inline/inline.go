// Package inline lets gqlgen marshal the elements of a list in the calling goroutine when nothing selected below
// them can wait.
//
// gqlgen marshals every element of a list of objects in a goroutine of its own (graphql.MarshalSliceConcurrently);
// no setting or directive changes that for lists (worker_limit only caps how many run at once, and the @concurrent
// directive of gqlgen#3203 was reverted in gqlgen#3287). The goroutines are what lets a dataloader batch: the
// elements' loads arrive together and go out as one query. Where the elements only read values already in memory
// they cost a goroutine and its stack growth each: on the todo page (20 edges) 6–14 % of the request's Go CPU, and a
// fifth once the page's other costs were cut (graph/bench, issue 10 §6).
//
// go generate rewrites gqlgen's calls of graphql.MarshalSliceConcurrently into MarshalSlice (graph/generate.go,
// ./internal/inlinegen), which keeps gqlgen's goroutines unless the request's Policy and the selection say that no
// element can wait.
package inline

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Policy says which lists may be marshalled in the calling goroutine. A list qualifies when every field selected
// below its elements, at any depth, is a plain field (a struct field of the bound Go type) without schema
// directives, or is one of the fields Ready names for that list (any list of plain objects qualifies). A field gqlgen resolves with a resolver or a
// method may wait (a query, a loader), and waiting elements need their own goroutines, so that their loads batch.
type Policy struct {
	// Ready maps a list field ("Object.field", as in the schema) to the resolver fields below its elements
	// ("Object.field") that resolve without waiting in that list: values its resolver has already loaded (the
	// senders of a page of items, primed into the request's loader) or computes from the element alone.
	Ready map[string][]string
}

type policyKey struct{}

// WithPolicy returns ctx carrying p, for MarshalSlice. Without a policy every list keeps gqlgen's goroutines.
func WithPolicy(ctx context.Context, p *Policy) context.Context {
	return context.WithValue(ctx, policyKey{}, p)
}

// MarshalSlice has graphql.MarshalSliceConcurrently's signature and contract, and runs it unless the list qualifies
// under the request's Policy; then it marshals the elements one after another in the calling goroutine, with the
// same field context (the element's index in the path) and the same handling of a panic (recorded as the element's
// error; the list becomes null).
func MarshalSlice(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	if length < 2 || !inlineable(ctx) {
		return graphql.MarshalSliceConcurrently(ctx, length, workerLimit, omitPanicHandler, marshalElement)
	}
	ret := make(graphql.Array, length)
	panicked := false
	for i := range length {
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if omitPanicHandler {
			ret[i] = marshalElement(childCtx, i)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					graphql.AddError(childCtx, graphql.Recover(childCtx, r))
					panicked = true
				}
			}()
			ret[i] = marshalElement(childCtx, i)
		}()
	}
	if panicked {
		return nil
	}
	return ret
}

// inlineable reports whether the list whose field context ctx carries qualifies under the request's Policy.
func inlineable(ctx context.Context) bool {
	p, _ := ctx.Value(policyKey{}).(*Policy)
	fc := graphql.GetFieldContext(ctx)
	if p == nil || fc == nil || fc.Field.Field == nil {
		return false
	}
	return cannotWait(ctx, fc, fc.Field.Selections, p.Ready[fc.Object+"."+fc.Field.Name], 0)
}

// maxDepth bounds the walk; deeper selections are refused by the server's depth limit anyway.
const maxDepth = 16

// cannotWait reports whether every field of set, selected below the field of parent, resolves without waiting. It
// walks the selections as written, every fragment whatever its type condition and directives included: a superset
// of what runs, so it errs towards the goroutines. A field it cannot place counts as one that may wait.
func cannotWait(ctx context.Context, parent *graphql.FieldContext, set ast.SelectionSet, ready []string, depth int) bool {
	if depth > maxDepth || parent.Child == nil {
		return false
	}
	for _, sel := range set {
		var sub ast.SelectionSet
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__typename" {
				continue
			}
			fc, err := parent.Child(ctx, graphql.CollectedField{Field: s, Selections: s.SelectionSet})
			if err != nil {
				return false
			}
			if s.Definition == nil {
				return false
			}
			plain := !fc.IsResolver && !fc.IsMethod && len(s.Definition.Directives) == 0
			if !plain && !slices.Contains(ready, fc.Object+"."+s.Name) {
				return false
			}
			if len(s.SelectionSet) > 0 && !cannotWait(ctx, fc, s.SelectionSet, ready, depth+1) {
				return false
			}
			continue
		case *ast.InlineFragment:
			sub = s.SelectionSet
		case *ast.FragmentSpread:
			if s.Definition == nil {
				return false
			}
			sub = s.Definition.SelectionSet
		default:
			return false
		}
		if !cannotWait(ctx, parent, sub, ready, depth+1) {
			return false
		}
	}
	return true
}
