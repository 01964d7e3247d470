package graph

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/complexity"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestH5OperationsWithinLimits: every operation the H5 and the portal send (their typed documents, in h5/src/api,
// portal/src/api and the shared-web/api both import), asking for the largest page a list serves, stays within the
// complexity limit now that pages are weighed by their size, and sends at most MaxMutations mutations.
func TestH5OperationsWithinLimits(t *testing.T) {
	// Each app's documents with the shared ones it imports: fragment names are per app.
	for app, patterns := range map[string][]string{
		"h5":     {"../h5/src/api/*.ts", "../shared-web/api/*.ts"},
		"portal": {"../portal/src/api/*.ts", "../shared-web/api/*.ts"},
	} {
		t.Run(app, func(t *testing.T) {
			var files []string
			for _, pattern := range patterns {
				m, err := filepath.Glob(pattern)
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, m...)
			}
			var docs []string
			for _, f := range files {
				raw, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range regexp.MustCompile("(?s)graphql\\(`(.*?)`\\)").FindAllStringSubmatch(string(raw), -1) {
					docs = append(docs, m[1])
				}
			}
			if app == "h5" && len(docs) < 20 {
				t.Fatalf("found %d documents in %v; the pattern no longer matches", len(docs), files)
			}
			operationsWithinLimits(t, docs)
		})
	}
}

// operationsWithinLimits checks one app's documents against the limits.
func operationsWithinLimits(t *testing.T, docs []string) {
	es := executableSchema(&Resolver{}, Config{})
	doc, errs := gqlparser.LoadQueryWithRules(es.Schema(), strings.Join(docs, "\n"), nil)
	if errs != nil {
		t.Fatalf("the H5's documents do not validate: %v", errs)
	}
	for _, op := range doc.Operations {
		vars := map[string]any{}
		for _, v := range op.VariableDefinitions {
			if v.Variable == "first" {
				vars["first"] = 100 // the largest page any list serves (oa.MaxPageSize)
			}
		}
		c := complexity.Calculate(context.Background(), es, op, vars)
		if c > DefaultComplexityLimit {
			t.Errorf("%s: complexity %d over the limit of %d", op.Name, c, DefaultComplexityLimit)
		}
		if op.Operation == ast.Mutation {
			if n := topLevelFields(op.SelectionSet, doc.Fragments, 0); n > MaxMutations {
				t.Errorf("%s: %d mutations, over %d", op.Name, n, MaxMutations)
			}
		}
		t.Logf("%-28s complexity %d", op.Name, c)
	}
}
