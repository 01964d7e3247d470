package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/staffsheet"
)

type staffImport struct {
	ID, State, FileName, StartedBy       string
	Total, Creates, Updates, Leaves, Bad int
	Applied, Failed                      int
	NewDepartments                       []string
	FailedRowsURL                        string `json:"failedRowsUrl"`
	Rows                                 struct {
		Nodes []struct {
			Line          int
			Action, Login string
			Reasons       []string
			Result, Error *string
		}
	}
}

const staffImportFields = `id state fileName startedBy total creates updates leaves bad applied failed newDepartments failedRowsUrl
	rows(first: 100) { nodes { line action login reasons result error } }`

// TestStaffImport: an admin uploads a sheet with good and bad rows, reads the preview (nothing written), imports
// it as a job that creates the new departments and people, watches it finish, and downloads the rows that were
// not imported with their reasons; the same preview cannot be imported twice, and a member cannot import.
func TestStaffImport(t *testing.T) {
	env := apptest.New(t, dsn)
	env.RunWorker(t)
	tn := env.Tenant(t, "imp")
	admin := env.Token(t, tn, tn.Admin)
	csv := "姓名,登录名,手机,邮箱,部门,职位\n" +
		"王小明,wangxm,13800000011,,广研/产品中心,产品经理/项目经理\n" +
		"李小红,lixh,,lixh@example.com,广研,\n" +
		"无联系,nocontact,,,,\n" +
		"重号,dupe,13800000011,,,\n"
	upload := func(token string) (apptest.Response, staffImport) {
		t.Helper()
		res := env.GraphQL(t, token, `mutation($f: Upload!) { previewStaffImport(file: $f) { `+staffImportFields+` } }`, nil,
			apptest.Upload{Var: "f", Name: "员工.csv", Content: []byte(csv)})
		var out struct{ PreviewStaffImport staffImport }
		_ = json.Unmarshal(res.Data, &out)
		return res, out.PreviewStaffImport
	}
	if res, _ := upload(env.Token(t, tn, tn.Sender)); res.Code() != "forbidden" {
		t.Errorf("a member's upload: %s", res.Code())
	}
	res, imp := upload(admin)
	if len(res.Errors) > 0 {
		t.Fatalf("preview: %+v", res.Errors)
	}
	if imp.State != "PREVIEWED" || imp.Total != 4 || imp.Creates != 2 || imp.Bad != 2 || imp.StartedBy != tn.Admin.Login ||
		!cmp.Equal(imp.NewDepartments, []string{"广研", "广研/产品中心"}) {
		t.Errorf("preview = %+v", imp)
	}
	if got := imp.Rows.Nodes[3]; got.Action != "BAD" || len(got.Reasons) != 1 || got.Reasons[0] != "手机号 13800000011 与第 2 行重复" {
		t.Errorf("row 5 = %+v", got)
	}
	if page, err := env.Directory.SearchEmployees(tn.Ctx(), searchAll("王小明")); err != nil || page.TotalCount != 0 {
		t.Fatalf("the preview created an employee: %+v, %v", page, err)
	}

	applied := env.GraphQL(t, admin, `mutation($id: ID!) { applyStaffImport(id: $id) { state } }`, map[string]any{"id": imp.ID})
	if len(applied.Errors) > 0 {
		t.Fatalf("apply: %+v", applied.Errors)
	}
	var done staffImport
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := env.GraphQL(t, admin, `query($id: ID!) { staffImport(id: $id) { `+staffImportFields+` } }`, map[string]any{"id": imp.ID})
		var out struct{ StaffImport staffImport }
		_ = json.Unmarshal(r.Data, &out)
		done = out.StaffImport
		if done.State == "DONE" || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if done.State != "DONE" || done.Applied != 2 || done.Failed != 0 {
		t.Fatalf("after the job: %+v", done)
	}
	if r := env.GraphQL(t, admin, `mutation($id: ID!) { applyStaffImport(id: $id) { state } }`, map[string]any{"id": imp.ID}); r.Code() != "conflict" {
		t.Errorf("applied twice: %s", r.Code())
	}
	page, err := env.Directory.SearchEmployees(tn.Ctx(), searchAll("王小明"))
	if err != nil || page.TotalCount != 1 {
		t.Fatalf("imported employee: %+v, %v", page, err)
	}
	w := page.Employees[0]
	if *w.Mobile != "13800000011" || *w.Position != "产品经理/项目经理" || len(w.Departments) != 1 || w.Departments[0].Name != "产品中心" {
		t.Errorf("imported = %+v", w)
	}

	req, _ := http.NewRequest(http.MethodGet, env.HTTP.URL+done.FailedRowsURL, nil)
	req.Header.Set("Authorization", "Bearer "+admin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var logins []string
	if err := staffsheet.Read(bytes.NewReader(body), "failed.xlsx", func(r staffsheet.Row) error {
		logins = append(logins, r.Get(staffsheet.ColLogin))
		return nil
	}); err != nil {
		t.Fatalf("failed rows (%d): %v", resp.StatusCode, err)
	}
	if !cmp.Equal(logins, []string{"nocontact", "dupe"}) {
		t.Errorf("failed rows = %v", logins)
	}
}

func searchAll(q string) directory.SearchInput {
	return directory.SearchInput{Query: q, IncludeInactive: true, ViewerRole: directory.RoleAdmin, First: 10}
}
