package inline_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/qiao-hq/qiao/graph/inline"
)

// schema is what these tests stand in for, as gqlgen would bind it: each type's fields with the object type they
// hold ("" for a scalar). Item's sender and views have resolvers (views also a schema directive, @auth); the other
// fields are struct fields.
//
//	type Connection { edges: [Edge!]! }
//	type Edge { cursor: String!, node: Item! }
//	type Item { id: ID!, sender: Person!, views: Int! @auth }
//	type Person { name: String! }
var schema = map[string]map[string]string{
	"Connection": {"edges": "Edge"},
	"Edge":       {"cursor": "", "node": "Item"},
	"Item":       {"id": "", "sender": "Person", "views": ""},
	"Person":     {"name": ""},
}

var resolvers = map[string]bool{"Item.sender": true, "Item.views": true}

// fieldCtx is the field context gqlgen's generated code gives field f of object, whose Child resolves the fields of
// its type as the generated childFields_* functions do, with an error for a field the type does not have.
func fieldCtx(object string, f *ast.Field) *graphql.FieldContext {
	key := object + "." + f.Name
	fc := &graphql.FieldContext{Object: object, Field: graphql.CollectedField{Field: f, Selections: f.SelectionSet},
		IsResolver: resolvers[key], IsMethod: resolvers[key]}
	if typ := schema[object][f.Name]; typ != "" {
		fc.Child = func(_ context.Context, c graphql.CollectedField) (*graphql.FieldContext, error) {
			if _, ok := schema[typ][c.Name]; !ok {
				return nil, fmt.Errorf("no field named %q was found under type %s", c.Name, typ)
			}
			return fieldCtx(typ, c.Field), nil
		}
	}
	return fc
}

// field is a selected field with its definition, as the validator leaves it; directive marks a schema directive.
func field(name string, directive bool, sub ...ast.Selection) *ast.Field {
	def := &ast.FieldDefinition{Name: name}
	if directive {
		def.Directives = ast.DirectiveList{{Name: "auth"}}
	}
	return &ast.Field{Name: name, Alias: name, Definition: def, SelectionSet: sub}
}

// listCtx is the context the generated marshaller of Connection.edges runs in, selecting sel below the edges.
func listCtx(p *inline.Policy, sel ...ast.Selection) context.Context {
	quiet := func(_ context.Context, err any) error { return fmt.Errorf("panic: %v", err) }
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, quiet)
	if p != nil {
		ctx = inline.WithPolicy(ctx, p)
	}
	return graphql.WithFieldContext(ctx, fieldCtx("Connection", field("edges", false, sel...)))
}

// goroutine is the id of the calling goroutine, read from its stack header ("goroutine 7 [running]:").
func goroutine() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	return string(bytes.Fields(buf)[1])
}

// ranInline marshals a list of 5 through MarshalSlice and reports whether every element ran in the caller's
// goroutine.
func ranInline(t *testing.T, ctx context.Context) bool {
	t.Helper()
	caller := goroutine()
	var mu sync.Mutex
	same := 0
	ret := inline.MarshalSlice(ctx, 5, 0, false, func(context.Context, int) graphql.Marshaler {
		mu.Lock()
		defer mu.Unlock()
		if goroutine() == caller {
			same++
		}
		return graphql.MarshalString("x")
	})
	if len(ret) != 5 {
		t.Fatalf("%d elements marshalled, want 5", len(ret))
	}
	return same == 5
}

func TestDecision(t *testing.T) {
	ready := &inline.Policy{Ready: map[string][]string{"Connection.edges": {"Item.sender"}}}
	name := func() *ast.Field { return field("name", false) }
	cases := []struct {
		name   string
		policy *inline.Policy
		sel    []ast.Selection
		inline bool
	}{
		{"PlainFields", &inline.Policy{}, []ast.Selection{field("cursor", false), field("node", false, field("id", false))}, true},
		{"Typename", &inline.Policy{}, []ast.Selection{field("__typename", false), field("cursor", false)}, true},
		{"ReadyResolver", ready, []ast.Selection{field("node", false, field("id", false), field("sender", false, name()))}, true},
		{"NoPolicy", nil, []ast.Selection{field("cursor", false)}, false},
		{"ResolverNotReady", &inline.Policy{}, []ast.Selection{field("node", false, field("sender", false, name()))}, false},
		{"ResolverOfAnotherList", &inline.Policy{Ready: map[string][]string{"Other.list": {"Item.sender"}}},
			[]ast.Selection{field("node", false, field("sender", false, name()))}, false},
		{"ResolverInFragment", ready, []ast.Selection{field("node", false,
			&ast.InlineFragment{TypeCondition: "Item", SelectionSet: ast.SelectionSet{field("views", true)}})}, false},
		{"ResolverInNamedFragment", ready, []ast.Selection{field("node", false,
			&ast.FragmentSpread{Name: "F", Definition: &ast.FragmentDefinition{SelectionSet: ast.SelectionSet{field("views", true)}}})}, false},
		{"UnknownField", &inline.Policy{}, []ast.Selection{field("nope", false)}, false},
		{"FieldWithoutDefinition", &inline.Policy{}, []ast.Selection{&ast.Field{Name: "cursor"}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ranInline(t, listCtx(c.policy, c.sel...)); got != c.inline {
				t.Errorf("inline = %v, want %v", got, c.inline)
			}
		})
	}
}

// TestSameResult: inline or not, the elements are marshalled in order into their places, each with its index in
// the path, and a panic in one is reported at its path and nulls the list, as gqlgen does.
func TestSameResult(t *testing.T) {
	for _, c := range []struct {
		name   string
		policy *inline.Policy
	}{{"Inline", &inline.Policy{}}, {"Goroutines", nil}} {
		t.Run(c.name, func(t *testing.T) {
			ctx := listCtx(c.policy, field("cursor", false))
			ret := inline.MarshalSlice(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
				graphql.AddError(ctx, errors.New("element error"))
				return graphql.MarshalInt(i)
			})
			var b bytes.Buffer
			ret.MarshalGQL(&b)
			if b.String() != "[0,1,2]" {
				t.Errorf("list = %s, want [0,1,2]", b.String())
			}
			var paths []string
			for _, e := range graphql.GetErrors(ctx) {
				paths = append(paths, e.Path.String())
			}
			if diff := cmp.Diff([]string{"edges[0]", "edges[1]", "edges[2]"}, slices.Sorted(slices.Values(paths))); diff != "" {
				t.Errorf("error paths (-want +got):\n%s", diff)
			}

			ctx = listCtx(c.policy, field("cursor", false))
			ret = inline.MarshalSlice(ctx, 3, 0, false, func(_ context.Context, i int) graphql.Marshaler {
				if i == 1 {
					panic("boom")
				}
				return graphql.MarshalInt(i)
			})
			if ret != nil {
				t.Errorf("list after a panic = %v, want nil", ret)
			}
			if errs := graphql.GetErrors(ctx); len(errs) != 1 || errs[0].Path.String() != "edges[1]" {
				t.Errorf("errors after a panic = %v, want one at edges[1]", errs)
			}
		})
	}
}
