package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

const sendMutation = `mutation($title: String!, $body: String!, $to: [ID!]!) {
  sendCollabItem(input: {title: $title, body: $body, recipientIds: $to}) { id title status actions sender { name } recipients { state employee { name } } }
}`

const listQuery = `query($box: Box!) { collabItems(box: $box, first: 10) { totalCount edges { node { id title status } } } }`

type listResult struct {
	CollabItems struct {
		TotalCount int
		Edges      []struct {
			Node struct{ ID, Title, Status string }
		}
	}
}

func titles(l listResult) []string {
	out := []string{}
	for _, e := range l.CollabItems.Edges {
		out = append(out, e.Node.Title+"/"+e.Node.Status)
	}
	return out
}

// TestApproveFlow walks seed 000 §3 through GraphQL: send, the approver sees and approves, every list follows.
func TestApproveFlow(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "flow")
	sender, approver := env.Token(t, tn, tn.Sender), env.Token(t, tn, tn.Approver)

	var picker struct{ Colleagues []struct{ Name string } }
	env.GraphQL(t, sender, `{ colleagues { name } }`, nil).MustData(t, &picker)
	names := []string{}
	for _, c := range picker.Colleagues {
		names = append(names, c.Name)
	}
	if diff := cmp.Diff([]string{tn.Admin.Name, tn.Approver.Name}, names, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("the sender's picker (-want +got):\n%s", diff)
	}

	var sent struct {
		SendCollabItem struct {
			ID, Title, Status string
			Actions           []string
			Sender            struct{ Name string }
		}
	}
	env.GraphQL(t, sender, sendMutation, map[string]any{"title": "采购申请", "body": "请审批", "to": []string{apptest.ID(tn.Approver.EmployeeID)}}).MustData(t, &sent)
	if sent.SendCollabItem.Status != "PENDING" || !slices.Equal(sent.SendCollabItem.Actions, []string{"WITHDRAW"}) {
		t.Fatalf("sent = %+v, want PENDING with only WITHDRAW for the sender", sent.SendCollabItem)
	}
	id := sent.SendCollabItem.ID

	var detail struct {
		CollabItem struct {
			Actions []string
		}
	}
	env.GraphQL(t, approver, `query($id: ID!) { collabItem(id: $id) { actions } }`, map[string]any{"id": id}).MustData(t, &detail)
	if diff := cmp.Diff([]string{"APPROVE", "REJECT", "COMMENT"}, detail.CollabItem.Actions); diff != "" {
		t.Fatalf("approver's actions (-want +got):\n%s", diff)
	}

	list := func(token, box string) []string {
		var l listResult
		env.GraphQL(t, token, listQuery, map[string]any{"box": box}).MustData(t, &l)
		return titles(l)
	}
	if diff := cmp.Diff([]string{"采购申请/PENDING"}, list(approver, "TODO")); diff != "" {
		t.Errorf("approver todo before (-want +got):\n%s", diff)
	}

	var handled struct{ HandleCollabItem struct{ Status string } }
	env.GraphQL(t, approver, `mutation($id: ID!) { handleCollabItem(id: $id, action: APPROVE, opinion: "同意") { status } }`,
		map[string]any{"id": id}).MustData(t, &handled)
	if handled.HandleCollabItem.Status != "APPROVED" {
		t.Fatalf("status after approve = %q", handled.HandleCollabItem.Status)
	}
	for _, c := range []struct {
		name, token, box string
		want             []string
	}{
		{"ApproverTodo", approver, "TODO", []string{}},
		{"ApproverDone", approver, "DONE", []string{"采购申请/APPROVED"}},
		{"SenderSent", sender, "SENT", []string{"采购申请/APPROVED"}},
		{"SenderTodo", sender, "TODO", []string{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, list(c.token, c.box)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// Approving again is a conflict and writes nothing more.
	res := env.GraphQL(t, approver, `mutation($id: ID!) { handleCollabItem(id: $id, action: REJECT) { status } }`, map[string]any{"id": id})
	if res.Code() != "conflict" {
		t.Errorf("second handle: code %q, want conflict", res.Code())
	}
	var n int64
	if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("kind = ?", outbox.KindCollabHandled).Count(&n).Error; err != nil || n != 1 {
		t.Errorf("handled outbox messages = %d (%v), want 1", n, err)
	}
}

// TestBadInput: each bad request gets a typed error and nothing is written.
func TestBadInput(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "badin")
	other := env.Tenant(t, "badin-other")
	token := env.Token(t, tn, tn.Sender)
	foreign, err := env.OA.Send(other.Ctx(), other.Sender.EmployeeID, oa.SendInput{Title: "x", Body: "y", RecipientIDs: []uint64{other.Approver.EmployeeID}})
	if err != nil {
		t.Fatal(err)
	}
	to := []string{apptest.ID(tn.Approver.EmployeeID)}
	cases := []struct {
		name, token, query string
		vars               map[string]any
		code, field        string
	}{
		{"EmptyTitle", token, sendMutation, map[string]any{"title": "  ", "body": "b", "to": to}, "invalid", "title"},
		{"TitleTooLong", token, sendMutation, map[string]any{"title": strings.Repeat("长", 201), "body": "b", "to": to}, "invalid", "title"},
		{"NoRecipients", token, sendMutation, map[string]any{"title": "t", "body": "b", "to": []string{}}, "invalid", "recipientIds"},
		{"UnknownRecipient", token, sendMutation, map[string]any{"title": "t", "body": "b", "to": []string{"999999"}}, "invalid", "recipientIds"},
		{"OtherTenantRecipient", token, sendMutation, map[string]any{"title": "t", "body": "b", "to": []string{apptest.ID(other.Approver.EmployeeID)}}, "invalid", "recipientIds"},
		{"SelfRecipient", token, sendMutation, map[string]any{"title": "t", "body": "b", "to": []string{apptest.ID(tn.Sender.EmployeeID)}}, "invalid", "recipientIds"},
		{"MalformedRecipientID", token, sendMutation, map[string]any{"title": "t", "body": "b", "to": []string{"abc"}}, "invalid", ""},
		{"OtherTenantItem", token, `query($id: ID!) { collabItem(id: $id) { title } }`, map[string]any{"id": apptest.ID(foreign.ID)}, "not_found", ""},
		{"HandleOtherTenantItem", env.Token(t, tn, tn.Approver), `mutation($id: ID!) { handleCollabItem(id: $id, action: APPROVE) { id } }`, map[string]any{"id": apptest.ID(foreign.ID)}, "not_found", ""},
		{"MalformedToken", "not.a.jwt", `{ me { id } }`, nil, "unauthenticated", ""},
		{"ForgedToken", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", `{ me { id } }`, nil, "unauthenticated", ""},
		{"NoToken", "", `{ me { id } }`, nil, "unauthenticated", ""},
		{"MemberAsAdmin", token, `{ tenantSettings { lockoutThreshold } }`, nil, "forbidden", ""},
		{"BadCursor", token, `{ collabItems(box: TODO, after: "@@") { totalCount } }`, nil, "invalid", "after"},
		{"PageTooLarge", token, `{ collabItems(box: TODO, first: 1000) { totalCount } }`, nil, "invalid", "first"},
		{"BadSettings", env.Token(t, tn, tn.Admin), `mutation { updateTenantSettings(input: {lockoutThreshold: 0}) { lockoutThreshold } }`, nil, "invalid", "lockoutThreshold"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := counts(t, env, tn)
			res := env.GraphQL(t, c.token, c.query, c.vars)
			if res.Code() != c.code {
				t.Fatalf("code = %q, want %q (errors %+v)", res.Code(), c.code, res.Errors)
			}
			if c.field != "" && res.Errors[0].Extensions["field"] != c.field {
				t.Errorf("field = %v, want %q", res.Errors[0].Extensions["field"], c.field)
			}
			if res.Errors[0].Message == "" || res.Errors[0].Message == "internal error" {
				t.Errorf("message %q does not explain the error", res.Errors[0].Message)
			}
			if after := counts(t, env, tn); after != before {
				t.Errorf("rows changed: %v -> %v", before, after)
			}
		})
	}
}

func counts(t *testing.T, env *apptest.Env, tn apptest.Tenant) string {
	t.Helper()
	var items, rcpt, msgs int64
	db := env.DB.WithContext(tn.Ctx())
	if err := db.Model(&oa.Item{}).Count(&items).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Model(&oa.Recipient{}).Where("state <> ?", oa.StatePending).Count(&rcpt).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Model(&outbox.Message{}).Count(&msgs).Error; err != nil {
		t.Fatal(err)
	}
	s, err := env.Tenants.Settings(tn.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("items=%d handled=%d outbox=%d lockout=%d", items, rcpt, msgs, s.LockoutThreshold)
}

// TestLimits: complexity limit, introspection off unless enabled, and the depth limit.
func TestLimits(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "limits")
	token := env.Token(t, tn, tn.Sender)
	nested := `{ collabItems(box: TODO) { edges { node { recipients { employee { id } } sender { id } } } } }`
	if res := env.GraphQL(t, token, nested, nil); len(res.Errors) > 0 {
		t.Fatalf("a normal list query is refused: %+v", res.Errors)
	}
	var wide strings.Builder
	wide.WriteString("{")
	for i := range graph.DefaultComplexityLimit/2 + 1 { // me { id } weighs 2
		fmt.Fprintf(&wide, " a%d: me { id }", i)
	}
	wide.WriteString(" }")
	for _, c := range []struct{ name, query, code string }{
		{"Complexity", wide.String(), "invalid"},
		// Each level of related may hold oa.MaxRelated items: three levels under a page would answer millions.
		{"RelatedFanOut", `{ collabItems(box: SENT, first: 100) { edges { node { related { related { related { id } } } } } } }`, "invalid"},

		{"Introspection", `{ __schema { types { name } } }`, "forbidden"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if res := env.GraphQL(t, token, c.query, nil); res.Code() != c.code {
				t.Fatalf("code = %q, want %s: %+v", res.Code(), c.code, res.Errors)
			}
		})
	}
	t.Run("PageWeighed", func(t *testing.T) {
		// A page weighs its size: 100 items with their people and related items are over the limit, 20 are not.
		page := func(n int) string {
			return fmt.Sprintf(`{ collabItems(box: TODO, first: %d) { edges { node { id title status body
				recipients { state opinion employee { id name } } sender { id name } related { id title } } } } }`, n)
		}
		if res := env.GraphQL(t, token, page(20), nil); len(res.Errors) > 0 {
			t.Fatalf("a page of 20: %+v", res.Errors)
		}
		res := env.GraphQL(t, token, page(100), nil)
		if res.Code() != "invalid" || !strings.Contains(res.Errors[0].Message, "complexity") {
			t.Errorf("a page of 100: %+v, want refused for its complexity", res.Errors)
		}
	})
	t.Run("Mutations", func(t *testing.T) {
		// At most graph.MaxMutations mutations an operation, fragments and aliases counted; more are refused
		// before any runs.
		send := func(n int) string {
			var b strings.Builder
			b.WriteString("mutation {")
			for i := range n {
				fmt.Fprintf(&b, ` s%d: sendCollabItem(input: {title: "批量 %d", body: "b", recipientIds: ["%d"]}) { id }`, i, i, tn.Approver.EmployeeID)
			}
			b.WriteString(" }")
			return b.String()
		}
		count := func() int64 {
			var n int64
			if err := env.DB.WithContext(tn.Ctx()).Model(&oa.Item{}).Where("title LIKE ?", "批量 %").Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		if res := env.GraphQL(t, token, send(graph.MaxMutations+1), nil); res.Code() != "invalid" {
			t.Fatalf("%d mutations: %+v, want refused", graph.MaxMutations+1, res.Errors)
		}
		if n := count(); n != 0 {
			t.Fatalf("%d items written by a refused operation", n)
		}
		if res := env.GraphQL(t, token, send(graph.MaxMutations), nil); len(res.Errors) > 0 {
			t.Fatalf("%d mutations: %+v", graph.MaxMutations, res.Errors)
		}
		if n := count(); n != graph.MaxMutations {
			t.Errorf("%d items written, want %d", n, graph.MaxMutations)
		}
	})
	t.Run("Depth", func(t *testing.T) {
		// Ordinary queries reach 6 levels (a list's items' recipients' employees), so the limit is exercised on a
		// server configured lower.
		srv := httptest.NewServer(graph.NewServer(&graph.Resolver{Auth: env.Auth, Tenants: env.Tenants, Directory: env.Directory, OA: env.OA},
			graph.Config{MaxDepth: 5}))
		defer srv.Close()
		post := func(q string) string {
			body, _ := json.Marshal(map[string]string{"query": q})
			res, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out apptest.Response
			if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
				t.Fatal(err)
			}
			return out.Code()
		}
		// Depth 5 passes the limit (and stops at authentication); depth 6 is refused before anything runs.
		if code := post(`{ collabItems(box: TODO) { edges { node { sender { id } } } } }`); code != "unauthenticated" {
			t.Errorf("depth 5: code %q, want unauthenticated", code)
		}
		if code := post(`{ collabItems(box: TODO) { edges { node { recipients { employee { id } } } } } }`); code != "invalid" {
			t.Errorf("depth 6: code %q, want invalid", code)
		}
	})
}

// TestPasswordChangeAtFirstLogin: with the tenant setting on, a new account can do nothing but change its
// password, and the old token stops working afterwards.
func TestPasswordChangeAtFirstLogin(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "firstlogin")
	admin := env.Token(t, tn, tn.Admin)
	env.GraphQL(t, admin, `mutation { updateTenantSettings(input: {forcePasswordChange: true}) { forcePasswordChange } }`, nil).MustData(t, &struct{}{})
	uid := "firstlogin-new"
	if _, _, err := env.Directory.CreateEmployee(tn.Ctx(), directory.Employee{Name: "新人", WeComUserID: &uid, Status: directory.StatusActive}, "newbie", apptest.Password, directory.RoleMember); err != nil {
		t.Fatal(err)
	}
	var login struct {
		Login struct {
			AccessToken        string
			MustChangePassword bool
		}
	}
	env.GraphQL(t, "", `mutation($t: String!) { login(tenant: $t, login: "newbie", password: "Passw0rd!") { accessToken mustChangePassword } }`,
		map[string]any{"t": tn.Slug}).MustData(t, &login)
	if !login.Login.MustChangePassword {
		t.Fatal("mustChangePassword = false for a new account")
	}
	old := login.Login.AccessToken
	if res := env.GraphQL(t, old, `{ collabItems(box: TODO) { totalCount } }`, nil); res.Code() != "forbidden" {
		t.Fatalf("before the change: code %q, want forbidden", res.Code())
	}
	res := env.GraphQL(t, old, `mutation { changePassword(oldPassword: "Passw0rd!", newPassword: "short") { accessToken } }`, nil)
	if res.Code() != "invalid" {
		t.Fatalf("weak password: code %q, want invalid", res.Code())
	}
	var changed struct {
		ChangePassword struct {
			AccessToken        string
			MustChangePassword bool
		}
	}
	env.GraphQL(t, old, `mutation { changePassword(oldPassword: "Passw0rd!", newPassword: "Better-pass9") { accessToken mustChangePassword } }`, nil).MustData(t, &changed)
	if changed.ChangePassword.MustChangePassword {
		t.Error("mustChangePassword still set after the change")
	}
	if res := env.GraphQL(t, changed.ChangePassword.AccessToken, `{ collabItems(box: TODO) { totalCount } }`, nil); len(res.Errors) > 0 {
		t.Errorf("after the change: %+v", res.Errors)
	}
	if res := env.GraphQL(t, old, `{ me { id } }`, nil); res.Code() != "unauthenticated" {
		t.Errorf("old token after the change: code %q, want unauthenticated", res.Code())
	}
}
