package graph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// TestGeneratedListsGoThroughInline: gqlgen's list marshalling goes through graph/inline. It fails when the
// generated code was made by gqlgen alone (go tool gqlgen instead of go generate ./graph/), which would silently
// bring back a goroutine per element on every list.
func TestGeneratedListsGoThroughInline(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("generated", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("generated code: %v, %d files", err, len(files))
	}
	rewritten := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(src), "graphql.MarshalSliceConcurrently(") {
			t.Errorf("%s calls graphql.MarshalSliceConcurrently: run go generate ./graph/ (gqlgen, then inlinegen)", f)
		}
		rewritten += strings.Count(string(src), "inline.MarshalSlice(")
	}
	if rewritten == 0 {
		t.Error("no list marshalled through inline.MarshalSlice")
	}
}

// TestTodoPageInline: the todo page's edges, marshalled in the calling goroutine (their senders are primed, see
// listPolicy), answer as gqlgen's goroutines did: every item with its sender, newest first, and an error in one
// element reported at that element's path, with its index.
func TestTodoPageInline(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "inline")
	// Four items, newest first on the page: the second one from the admin, whose employee row goes below.
	var ids []string
	for _, from := range []apptest.Person{tn.Sender, tn.Sender, tn.Admin, tn.Sender} {
		it, err := env.OA.Send(tn.Ctx(), from.EmployeeID, oa.SendInput{Title: "待办", Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append([]string{apptest.ID(it.ID)}, ids...)
	}
	token := env.Token(t, tn, tn.Approver)
	q := `{ collabItems(box: TODO, first: 20) { edges { node { id title sender { id name } } } } }`
	var out struct {
		CollabItems struct {
			Edges []struct {
				Node struct {
					ID, Title string
					Sender    struct{ ID, Name string }
				}
			}
		}
	}
	gql(t, env, token, q, nil, &out)
	var got []string
	for i, e := range out.CollabItems.Edges {
		want := tn.Sender
		if i == 1 {
			want = tn.Admin
		}
		if e.Node.Sender.ID != apptest.ID(want.EmployeeID) || e.Node.Sender.Name != want.Name {
			t.Errorf("item %s: sender %+v, want %s", e.Node.ID, e.Node.Sender, want.Name)
		}
		got = append(got, e.Node.ID)
	}
	if diff := cmp.Diff(ids, got); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}

	// The second item's sender is gone: its sender field fails at its own path, in the second edge.
	if err := env.DB.WithContext(tn.Ctx()).Delete(&directory.Employee{}, tn.Admin.EmployeeID).Error; err != nil {
		t.Fatal(err)
	}
	res := env.GraphQL(t, token, q, nil)
	if len(res.Errors) == 0 {
		t.Fatalf("no error for a sender that is gone: %s", res.Data)
	}
	want := []any{"collabItems", "edges", float64(1), "node", "sender"}
	if diff := cmp.Diff(want, res.Errors[0].Path); diff != "" {
		t.Errorf("error path (-want +got):\n%s", diff)
	}
}
