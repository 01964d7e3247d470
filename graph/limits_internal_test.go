package graph

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/complexity"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestH5OperationsWithinLimits: every operation the H5 sends (h5/src/api/documents.ts), asking for the largest
// page a list serves, stays within the complexity limit now that pages are weighed by their size, and sends at most
// MaxMutations mutations.
func TestH5OperationsWithinLimits(t *testing.T) {
	raw, err := os.ReadFile("../h5/src/api/documents.ts")
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, m := range regexp.MustCompile("(?s)graphql\\(`(.*?)`\\)").FindAllStringSubmatch(string(raw), -1) {
		docs = append(docs, m[1])
	}
	if len(docs) < 20 {
		t.Fatalf("found %d documents in documents.ts; the pattern no longer matches", len(docs))
	}
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
