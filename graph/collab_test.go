package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// item is the detail the collab tests read back.
type item struct {
	ID, Title, Status, Rule string
	Actions                 []string
	Recipients              []struct {
		State    string
		Employee struct{ ID string }
	}
	Comments    []struct{ Body string }
	Attachments []struct {
		ID, Name, ContentType, URL string
		Size                       int
	}
	Related []struct{ ID, Title string }
}

const itemFields = `id title status rule actions recipients { state employee { id } } comments { body }
	attachments { id name contentType size url } related { id title }`

func getItem(t *testing.T, env *apptest.Env, token, id string) (item, apptest.Response) {
	t.Helper()
	var out struct{ CollabItem item }
	res := env.GraphQL(t, token, `query($id: ID!) { collabItem(id: $id) { `+itemFields+` } }`, map[string]any{"id": id})
	if len(res.Errors) == 0 {
		res.MustData(t, &out)
	}
	return out.CollabItem, res
}

func sendItem(t *testing.T, env *apptest.Env, token string, input map[string]any) item {
	t.Helper()
	var out struct{ SendCollabItem item }
	env.GraphQL(t, token, `mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { `+itemFields+` } }`,
		map[string]any{"in": input}).MustData(t, &out)
	return out.SendCollabItem
}

func TestCollabRules(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "collabrules")
	ctx := tn.Ctx()
	sender, approver, admin := env.Token(t, tn, tn.Sender), env.Token(t, tn, tn.Approver), env.Token(t, tn, tn.Admin)

	// A department holding the approver and the admin; the sender sends to it.
	dept, err := env.Directory.CreateDepartment(ctx, "采购部", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []apptest.Person{tn.Approver, tn.Admin} {
		if err := env.Directory.SetEmployeeDepartments(ctx, p.EmployeeID, []uint64{dept.ID}, dept.ID); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("DepartmentsExpandAndAnyRule", func(t *testing.T) {
		it := sendItem(t, env, sender, map[string]any{"title": "部门采购", "body": "<p>请审批</p><script>x()</script>",
			"rule": "ANY", "departmentIds": []string{apptest.ID(dept.ID)}})
		var got []string
		for _, r := range it.Recipients {
			got = append(got, r.Employee.ID)
		}
		slices.Sort(got)
		want := []string{apptest.ID(tn.Admin.EmployeeID), apptest.ID(tn.Approver.EmployeeID)}
		slices.Sort(want)
		if !slices.Equal(got, want) || it.Rule != "ANY" {
			t.Fatalf("recipients %v rule %s, want the department's members under ANY", got, it.Rule)
		}
		var handled struct{ HandleCollabItem item }
		env.GraphQL(t, approver, `mutation($id: ID!) { handleCollabItem(id: $id, action: APPROVE, opinion: "可以") { `+itemFields+` } }`,
			map[string]any{"id": it.ID}).MustData(t, &handled)
		if handled.HandleCollabItem.Status != "APPROVED" {
			t.Errorf("status after the first approval under ANY = %s", handled.HandleCollabItem.Status)
		}
		// The admin's row closed: nothing left to do.
		adminView, _ := getItem(t, env, admin, it.ID)
		if len(adminView.Actions) != 0 {
			t.Errorf("admin's actions after the item was approved = %v, want none", adminView.Actions)
		}
	})

	t.Run("CommentKeepsItPending", func(t *testing.T) {
		it := sendItem(t, env, sender, map[string]any{"title": "合同审阅", "body": "见附件", "recipientIds": []string{apptest.ID(tn.Approver.EmployeeID)}})
		var out struct{ HandleCollabItem item }
		env.GraphQL(t, approver, `mutation($id: ID!) { handleCollabItem(id: $id, action: COMMENT, opinion: "第三条需要修改") { `+itemFields+` } }`,
			map[string]any{"id": it.ID}).MustData(t, &out)
		c := out.HandleCollabItem
		if c.Status != "PENDING" || len(c.Comments) != 1 || c.Comments[0].Body != "第三条需要修改" {
			t.Errorf("after a comment: %+v", c)
		}
		if !slices.Contains(c.Actions, "APPROVE") {
			t.Errorf("approver can no longer decide after commenting: %v", c.Actions)
		}
		// Nobody may withdraw an item someone handled.
		if res := env.GraphQL(t, sender, `mutation($id: ID!) { withdrawCollabItem(id: $id) { id } }`, map[string]any{"id": it.ID}); res.Code() != "conflict" {
			t.Errorf("withdraw after a comment: code %q, want conflict", res.Code())
		}
		var n int64
		if err := env.DB.WithContext(ctx).Model(&outbox.Message{}).Where("kind = ?", outbox.KindCollabCommented).Count(&n).Error; err != nil || n != 1 {
			t.Errorf("commented pushes = %d (%v), want 1", n, err)
		}
		// A comment needs an opinion, and WITHDRAW is not a way to handle.
		for action, code := range map[string]string{"COMMENT": "invalid", "WITHDRAW": "invalid"} {
			res := env.GraphQL(t, approver, `mutation($id: ID!, $a: ItemAction!) { handleCollabItem(id: $id, action: $a) { id } }`,
				map[string]any{"id": it.ID, "a": action})
			if res.Code() != code {
				t.Errorf("handle %s without opinion: code %q, want %s", action, res.Code(), code)
			}
		}
	})

	t.Run("Withdraw", func(t *testing.T) {
		it := sendItem(t, env, sender, map[string]any{"title": "撤回测试", "body": "b", "recipientIds": []string{apptest.ID(tn.Approver.EmployeeID)}})
		if res := env.GraphQL(t, approver, `mutation($id: ID!) { withdrawCollabItem(id: $id) { id } }`, map[string]any{"id": it.ID}); res.Code() == "" {
			t.Error("a recipient withdrew the sender's item")
		}
		var out struct{ WithdrawCollabItem item }
		env.GraphQL(t, sender, `mutation($id: ID!) { withdrawCollabItem(id: $id) { `+itemFields+` } }`, map[string]any{"id": it.ID}).MustData(t, &out)
		if out.WithdrawCollabItem.Status != "WITHDRAWN" {
			t.Errorf("status = %s, want WITHDRAWN", out.WithdrawCollabItem.Status)
		}
		view, _ := getItem(t, env, approver, it.ID)
		if len(view.Actions) != 0 {
			t.Errorf("approver's actions on a withdrawn item = %v", view.Actions)
		}
	})

	t.Run("RelatedItems", func(t *testing.T) {
		first := sendItem(t, env, sender, map[string]any{"title": "预算", "body": "b", "recipientIds": []string{apptest.ID(tn.Approver.EmployeeID)}})
		it := sendItem(t, env, sender, map[string]any{"title": "采购执行", "body": "b",
			"recipientIds": []string{apptest.ID(tn.Approver.EmployeeID)}, "relatedIds": []string{first.ID}})
		view, _ := getItem(t, env, approver, it.ID)
		if !slices.Contains(view.Actions, "RELATED") || len(view.Related) != 1 || view.Related[0].Title != "预算" {
			t.Errorf("related = %+v actions %v", view.Related, view.Actions)
		}
		if slices.Contains(first.Actions, "RELATED") || slices.Contains(first.Actions, "ATTACHMENTS") {
			t.Errorf("an item with no related items or attachments offers them: %v", first.Actions)
		}
		// The admin cannot see the approver's items, so cannot relate them.
		res := env.GraphQL(t, admin, `mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"title": "x", "body": "y", "recipientIds": []string{apptest.ID(tn.Approver.EmployeeID)}, "relatedIds": []string{first.ID}}})
		if res.Code() != "invalid" {
			t.Errorf("relating an item the sender cannot see: code %q, want invalid", res.Code())
		}
	})

	t.Run("CountsAndKeyword", func(t *testing.T) {
		var c struct {
			CollabCounts struct{ Todo, Sent, Done int }
		}
		env.GraphQL(t, sender, `{ collabCounts { todo sent done } }`, nil).MustData(t, &c)
		var total struct {
			CollabItems struct{ TotalCount int }
		}
		env.GraphQL(t, sender, `{ collabItems(box: SENT) { totalCount } }`, nil).MustData(t, &total)
		if c.CollabCounts.Sent == 0 || c.CollabCounts.Sent != total.CollabItems.TotalCount {
			t.Errorf("sent count %d, list total %d", c.CollabCounts.Sent, total.CollabItems.TotalCount)
		}
		var found struct {
			CollabItems struct {
				Edges []struct{ Node struct{ Title string } }
			}
		}
		env.GraphQL(t, sender, `{ collabItems(box: SENT, keyword: "采购") { edges { node { title } } } }`, nil).MustData(t, &found)
		var titles []string
		for _, e := range found.CollabItems.Edges {
			titles = append(titles, e.Node.Title)
		}
		slices.Sort(titles)
		if !slices.Equal(titles, []string{"部门采购", "采购执行"}) {
			t.Errorf("keyword 采购 found %v", titles)
		}
	})
}

func TestCollabAttachments(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "attach")
	other := env.Tenant(t, "attachother")
	sender, approver := env.Token(t, tn, tn.Sender), env.Token(t, tn, tn.Approver)
	stranger := env.Token(t, other, other.Admin)

	content := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	ops, _ := json.Marshal(map[string]any{
		"query": `mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { ` + itemFields + ` } }`,
		"variables": map[string]any{"in": map[string]any{"title": "带附件", "body": "b",
			"recipientIds": []string{apptest.ID(tn.Approver.EmployeeID)}, "attachments": []any{nil}}},
	})
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.in.attachments.0"]}`)
	fw, _ := mw.CreateFormFile("0", "报价单.pdf")
	_, _ = fw.Write(content)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, env.HTTP.URL+"/graphql", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+sender)
	resp, err := env.HTTP.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var out struct {
		Data   struct{ SendCollabItem item }
		Errors []any
	}
	if err := json.Unmarshal(raw, &out); err != nil || len(out.Errors) > 0 {
		t.Fatalf("upload: %s (%v)", raw, err)
	}
	it := out.Data.SendCollabItem
	if len(it.Attachments) != 1 || it.Attachments[0].Name != "报价单.pdf" || it.Attachments[0].ContentType != "application/pdf" ||
		it.Attachments[0].Size != len(content) {
		t.Fatalf("attachments = %+v", it.Attachments)
	}
	view, _ := getItem(t, env, approver, it.ID)
	if !slices.Contains(view.Actions, "ATTACHMENTS") {
		t.Errorf("approver's actions %v, want ATTACHMENTS", view.Actions)
	}

	download := func(token string) (int, http.Header, []byte) {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, env.HTTP.URL+it.Attachments[0].URL, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := env.HTTP.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, b
	}
	status, h, body := download(approver)
	if status != http.StatusOK || !bytes.Equal(body, content) {
		t.Fatalf("approver download: HTTP %d, %d bytes", status, len(body))
	}
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download headers: Content-Disposition %q, nosniff %q", cd, h.Get("X-Content-Type-Options"))
	}
	for name, c := range map[string]struct {
		token string
		want  int
	}{
		"no token":              {"", http.StatusUnauthorized},
		"another tenant":        {stranger, http.StatusNotFound},
		"a colleague not on it": {env.Token(t, tn, tn.Admin), http.StatusNotFound},
	} {
		if status, _, body := download(c.token); status != c.want || bytes.Contains(body, content) {
			t.Errorf("%s: HTTP %d, want %d", name, status, c.want)
		}
	}
	// A refused token says why, as /graphql does, and an account whose password must change first gets nothing.
	if status, h, body := download("not-a-token"); status != http.StatusUnauthorized || !bytes.Contains(body, []byte(`"登录已失效，请重新登录"`)) ||
		!strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Errorf("malformed token: HTTP %d %s %s, want 401 JSON saying the sign-in is no longer valid", status, h.Get("Content-Type"), body)
	}

	// WeCom's browser follows a link without an Authorization header: downloadUrl carries a link token for this
	// file and this viewer instead.
	linkOf := func(token string) string {
		t.Helper()
		var out struct {
			CollabItem struct {
				Attachments []struct{ DownloadURL string }
			}
		}
		env.GraphQL(t, token, `query($id: ID!) { collabItem(id: $id) { attachments { downloadUrl } } }`,
			map[string]any{"id": it.ID}).MustData(t, &out)
		if len(out.CollabItem.Attachments) != 1 {
			t.Fatalf("attachments = %+v", out.CollabItem.Attachments)
		}
		return out.CollabItem.Attachments[0].DownloadURL
	}
	get := func(path string) (int, []byte) {
		t.Helper()
		resp, err := env.HTTP.Client().Get(env.HTTP.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK && !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("a refused link in WeCom's browser: Content-Type %q, want a page a person reads", resp.Header.Get("Content-Type"))
		}
		return resp.StatusCode, b
	}
	// A refused link is read by a person in WeCom's browser: a page saying what happened and to tap the file again.
	page := func(status int, body []byte, want int, title string) bool {
		return status == want && bytes.Contains(body, []byte("<h1>"+title+"</h1>")) && bytes.Contains(body, []byte("再点一下文件")) &&
			!bytes.Contains(body, []byte(`"code"`))
	}
	approverLink := linkOf(approver)
	if !strings.HasPrefix(approverLink, it.Attachments[0].URL+"?link=") {
		t.Fatalf("downloadUrl %q is not the attachment's path with a link token", approverLink)
	}
	for name, link := range map[string]string{"approver": approverLink, "sender": linkOf(sender)} {
		if status, body := get(link); status != http.StatusOK || !bytes.Equal(body, content) {
			t.Errorf("%s's link without a header: HTTP %d, %d bytes", name, status, len(body))
		}
	}
	// The link opens its own path only, and a colleague not on the item gets nothing with a link of their own.
	token := strings.TrimPrefix(approverLink, it.Attachments[0].URL+"?link=")
	if status, body := get("/api/attachments/" + it.Attachments[0].ID + "9?link=" + token); !page(status, body, http.StatusUnauthorized, "链接已过期") {
		t.Errorf("the link on another attachment's path: HTTP %d %s, want 401 and the expired-link page", status, body)
	}
	// A link opened after auth.LinkTTL, as a person does who comes back to the page later.
	signedEarlier := auth.NewService(auth.Config{JWTSecret: []byte(apptest.JWTSecret), Now: func() time.Time {
		return time.Now().Add(-auth.LinkTTL - time.Minute)
	}}, env.Tenants, env.Directory, env.DB, env.App.Redis)
	approverActor, err := env.Auth.Authenticate(context.Background(), approver)
	if err != nil {
		t.Fatal(err)
	}
	expired, _, err := signedEarlier.SignLink(context.Background(), approverActor, it.Attachments[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	if status, body := get(it.Attachments[0].URL + "?link=" + expired); !page(status, body, http.StatusUnauthorized, "链接已过期") ||
		!bytes.Contains(body, []byte("5 分钟")) || bytes.Contains(body, content) {
		t.Errorf("an expired link: HTTP %d %s, want 401 and the page saying links last 5 minutes", status, body)
	}
	if status, _ := get(it.Attachments[0].URL + "?link=" + approver); status != http.StatusUnauthorized {
		t.Errorf("an access token as the link: HTTP %d, want 401", status)
	}
	colleague, err := env.Auth.Authenticate(context.Background(), env.Token(t, tn, tn.Admin))
	if err != nil {
		t.Fatal(err)
	}
	theirs, _, err := env.Auth.SignLink(context.Background(), colleague, it.Attachments[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	if status, body := get(it.Attachments[0].URL + "?link=" + theirs); !page(status, body, http.StatusNotFound, "文件不存在") || bytes.Contains(body, content) {
		t.Errorf("a colleague not on the item with a link of their own: HTTP %d %s, want 404 and the not-found page", status, body)
	}

	if err := env.DB.WithContext(tn.Ctx()).Model(&directory.Account{}).Where("id = ?", tn.Approver.AccountID).
		Update("must_change_password", true).Error; err != nil {
		t.Fatal(err)
	}
	if status, _, body := download(approver); status != http.StatusForbidden || bytes.Contains(body, content) {
		t.Errorf("approver who must change their password: HTTP %d, want 403", status)
	}
}

// TestTwoMutationsInOneOperation: the second mutation's answer shows the item after it, not the view the first one
// loaded into the request's memo.
func TestTwoMutationsInOneOperation(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "twomutations")
	sender, approver := env.Token(t, tn, tn.Sender), env.Token(t, tn, tn.Approver)
	it := sendItem(t, env, sender, map[string]any{"title": "一次两步", "body": "b", "recipientIds": []string{apptest.ID(tn.Approver.EmployeeID)}})
	var out struct{ A, B item }
	env.GraphQL(t, approver, `mutation($id: ID!) {
		a: handleCollabItem(id: $id, action: COMMENT, opinion: "先看看") { `+itemFields+` }
		b: handleCollabItem(id: $id, action: APPROVE) { `+itemFields+` } }`, map[string]any{"id": it.ID}).MustData(t, &out)
	if !slices.Contains(out.A.Actions, "APPROVE") || len(out.A.Comments) != 1 {
		t.Errorf("after the comment: actions %v, comments %v", out.A.Actions, out.A.Comments)
	}
	if out.B.Status != "APPROVED" || slices.Contains(out.B.Actions, "APPROVE") || len(out.B.Recipients) != 1 || out.B.Recipients[0].State != "APPROVED" {
		t.Errorf("after the approval: status %s, actions %v, recipients %+v; want APPROVED, no APPROVE, an approved recipient",
			out.B.Status, out.B.Actions, out.B.Recipients)
	}
}
