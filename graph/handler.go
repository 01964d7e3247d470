package graph

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/qiao-hq/qiao/graph/generated"
	"github.com/qiao-hq/qiao/graph/inline"
	"github.com/qiao-hq/qiao/oa"
)

// Config bounds what one request may ask for.
type Config struct {
	// Introspection enables schema introspection (default off in production).
	Introspection bool
	// ComplexityLimit caps gqlgen's complexity score of an operation (default DefaultComplexityLimit).
	ComplexityLimit int
	// MaxDepth caps the nesting depth of an operation's selections (default 10).
	MaxDepth int
	// SendsPerMinute caps the @sendLimit calls of one account a minute (default DefaultSendsPerMinute; negative:
	// no limit). It applies when the Resolver has a Limiter.
	SendsPerMinute int
}

// NewServer returns the GraphQL HTTP handler for r.
func NewServer(r *Resolver, cfg Config) http.Handler {
	if cfg.ComplexityLimit == 0 {
		cfg.ComplexityLimit = DefaultComplexityLimit
	}
	if cfg.MaxDepth == 0 {
		cfg.MaxDepth = 10
	}
	log := r.Log
	if log == nil {
		log = slog.Default()
	}
	if cfg.SendsPerMinute == 0 {
		cfg.SendsPerMinute = DefaultSendsPerMinute
	}
	srv := handler.New(executableSchema(r, cfg))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.POST{})
	// Attachments arrive as GraphQL multipart uploads; oa enforces the per-file and per-item limits.
	// The whole upload may hold oa's most attachments at their largest, plus room for the operation itself.
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: oa.MaxAttachments*oa.MaxAttachmentBytes + 20<<20, MaxMemory: 32 << 20})
	srv.AddTransport(transport.GET{})
	// Parsed and validated documents are kept, so the H5's few fixed operations are parsed once, not per request.
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.FixedComplexityLimit(cfg.ComplexityLimit))
	srv.Use(depthLimit{max: cfg.MaxDepth})
	srv.Use(mutationLimit{max: MaxMutations})
	srv.Use(loneSurrogates{})
	if cfg.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.SetErrorPresenter(presentError(log))
	srv.SetRecoverFunc(recoverPanic(log))
	loaders := newLoaderFactory(r)
	lists := listPolicy()
	// A deadline on the operation's context bounds its work: queries past it are cancelled and their fields
	// report internal. http.TimeoutHandler did the same at the price of a goroutine and a copy of every response.
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx, cancel := context.WithTimeout(inline.WithPolicy(loaders.attach(req.Context()), lists), operationTimeout)
		defer cancel()
		srv.ServeHTTP(w, req.WithContext(ctx))
	})
}

// executableSchema is the schema bound to r's resolvers, with the complexity weights the limit counts.
func executableSchema(r *Resolver, cfg Config) graphql.ExecutableSchema {
	gc := generated.Config{
		Resolvers: r,
		Directives: generated.DirectiveRoot{HasRole: hasRole, SendLimit: sendLimit(r.Limiter, cfg.SendsPerMinute),
			Partner: partnerDirective, Audit: auditDirective(r.DB, r.Directory, r.now, r.Log)},
	}
	// related lists up to oa.MaxRelated items, each of which has related items of its own: without a weight, three
	// nested levels under a page of 100 items passed the limit and answered millions of nodes.
	gc.Complexity.CollabItem.Related = func(child int) int { return oa.MaxRelated * child }
	return pagedSchema{generated.NewExecutableSchema(gc)}
}

// DefaultComplexityLimit is the complexity an operation may reach when Config leaves it 0. Lists weigh their page
// (pagedSchema), so the limit is what the heaviest page the H5 may ask for costs (100 discussion replies, 2,101)
// with some room: TestH5OperationsWithinLimits holds every H5 operation to it.
const DefaultComplexityLimit = 2500

// operationTimeout is the longest one operation may work.
const operationTimeout = 30 * time.Second

// depthLimit refuses operations nested deeper than max, which complexity alone does not bound for cheap fields.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (d depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(oc.Operation.SelectionSet, oc.Doc.Fragments, 0); depth > d.max {
		err := gqlerror.Errorf("operation depth %d exceeds the limit of %d", depth, d.max)
		err.Extensions = map[string]any{"code": "invalid"}
		return err
	}
	return nil
}

func selectionDepth(set ast.SelectionSet, frags ast.FragmentDefinitionList, seen int) int {
	if seen > 64 { // fragment cycles are refused by validation; this only guards the walk
		return seen
	}
	deepest := 0
	for _, s := range set {
		var d int
		switch s := s.(type) {
		case *ast.Field:
			if len(s.SelectionSet) > 0 {
				d = 1 + selectionDepth(s.SelectionSet, frags, seen+1)
			} else {
				d = 1
			}
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, frags, seen+1)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				d = selectionDepth(f.SelectionSet, frags, seen+1)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}
