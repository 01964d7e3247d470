package graph_test

import (
	"testing"

	"github.com/qiao-hq/qiao/server/app/apptest"
)

// TestMarkDiscussionReadSeenUpTo: markDiscussionRead(seenUpTo:) reads a discussion only up to the newest reply the
// page showed: a reply that arrived while the page loaded keeps it unread (flag and badge); marking up to that reply
// reads it, an older seenUpTo afterwards does not make it unread again, and a malformed time is invalid.
func TestMarkDiscussionReadSeenUpTo(t *testing.T) {
	env := apptest.New(t, dsn)
	tn, _ := publishedTenant(t, env, "seenupto")
	sender, approver := env.Token(t, tn, tn.Sender), env.Token(t, tn, tn.Approver)

	var d struct{ StartDiscussion struct{ ID string } }
	gql(t, env, sender, `mutation($in: StartDiscussionInput!) { startDiscussion(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"title": "团建", "body": "<p>去哪</p>", "audience": map[string]any{"all": true}}}, &d)
	id := d.StartDiscussion.ID
	reply := func(body string) {
		t.Helper()
		gql(t, env, sender, `mutation($id: ID!, $b: String!) { replyDiscussion(id: $id, body: $b) { id } }`,
			map[string]any{"id": id, "b": body}, &struct{}{})
	}
	lastReplyAt := func() string {
		t.Helper()
		var out struct{ Discussion struct{ LastReplyAt string } }
		gql(t, env, approver, `query($id: ID!) { discussion(id: $id) { lastReplyAt } }`, map[string]any{"id": id}, &out)
		return out.Discussion.LastReplyAt
	}
	mark := func(seenUpTo string) bool {
		t.Helper()
		var out struct{ MarkDiscussionRead struct{ Unread bool } }
		gql(t, env, approver, `mutation($id: ID!, $at: Time) { markDiscussionRead(id: $id, seenUpTo: $at) { unread } }`,
			map[string]any{"id": id, "at": seenUpTo}, &out)
		return out.MarkDiscussionRead.Unread
	}
	badge := func() int {
		t.Helper()
		var out struct{ UnreadCounts struct{ Discussion int } }
		gql(t, env, approver, `{ unreadCounts { discussion } }`, nil, &out)
		return out.UnreadCounts.Discussion
	}

	reply("<p>爬山</p>")
	// The page loaded with this reply the newest, and the next came before it marked the discussion read.
	seen := lastReplyAt()
	reply("<p>露营</p>")
	if !mark(seen) {
		t.Error("marked up to the first reply, the discussion answers read though a later reply is unseen")
	}
	if got := badge(); got != 1 {
		t.Errorf("discussion badge %d after marking up to the first reply, want 1", got)
	}
	if mark(lastReplyAt()) {
		t.Error("marked up to the newest reply, the discussion still answers unread")
	}
	if got := badge(); got != 0 {
		t.Errorf("discussion badge %d after reading every reply, want 0", got)
	}
	if mark(seen) {
		t.Error("marking up to an older reply again made the discussion unread")
	}

	res := env.GraphQL(t, approver, `mutation($id: ID!, $at: Time) { markDiscussionRead(id: $id, seenUpTo: $at) { id } }`,
		map[string]any{"id": id, "at": "yesterday"})
	wantError(t, res, "invalid", "")
}
