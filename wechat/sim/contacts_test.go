package sim_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
)

const contactSecret = "contact-sync-secret"

// contactEnv is mustEnv with a contact-sync secret and tokens for it (tok)
// and for app 1000002 (appTok).
type contactEnv struct {
	*env
	tok, appTok string
}

func mustContactEnv(tb testing.TB) *contactEnv {
	tb.Helper()
	e := mustEnv(tb)
	if err := e.sim.SetContactSecret(corpID, contactSecret); err != nil {
		tb.Fatal(err)
	}
	return &contactEnv{env: e, tok: e.mustToken(tb, contactSecret), appTok: e.mustToken(tb, secret)}
}

// wxDo calls a WeCom API (path below /cgi-bin/, query without the token)
// with tok, decodes the answer into out when it is not nil, and returns the
// errcode.
func (e *env) wxDo(tb testing.TB, method, api, tok, query, body string, out any) int {
	tb.Helper()
	path := "/cgi-bin/" + api + "?access_token=" + url.QueryEscape(tok)
	if query != "" {
		path += "&" + query
	}
	resp, b := e.do(tb, method, path, body)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("%s %s: HTTP %d: %s", method, api, resp.StatusCode, b)
	}
	var st struct {
		ErrCode int `json:"errcode"`
	}
	if err := json.Unmarshal([]byte(b), &st); err != nil {
		tb.Fatalf("%s %s: %v in %s", method, api, err, b)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(b), out); err != nil {
			tb.Fatalf("%s %s: %v in %s", method, api, err, b)
		}
	}
	return st.ErrCode
}

// mustOK calls an API that must succeed.
func (e *env) mustOK(tb testing.TB, method, api, tok, query, body string, out any) {
	tb.Helper()
	if code := e.wxDo(tb, method, api, tok, query, body, out); code != 0 {
		tb.Fatalf("%s %s %s: errcode %d", method, api, body, code)
	}
}

// getUser reads a member with tok; it fails the test on an error.
func (e *env) getUser(tb testing.TB, tok, userID string) sim.Member {
	tb.Helper()
	var m sim.Member
	e.mustOK(tb, "GET", "user/get", tok, "userid="+url.QueryEscape(userID), "", &m)
	return m
}

func (e *env) mustDept(tb testing.TB, name string, parent int64) int64 {
	tb.Helper()
	id, err := e.sim.CreateDepartment(corpID, sim.Department{Name: name, ParentID: parent})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func TestUserCreateRules(t *testing.T) {
	e := mustContactEnv(t)
	sales := e.mustDept(t, "Sales", 1)
	e.mustOK(t, "POST", "user/create", e.tok, "",
		`{"userid":"carol","name":"Carol","mobile":"+86 13800000001","email":"carol@example.com","department":[1]}`, nil)
	many := make([]string, 101)
	for i := range many {
		many[i] = "1"
	}
	cases := []struct {
		name, tok, body string
		code            int
	}{
		{"OK", e.tok, fmt.Sprintf(`{"userid":"Dave.D-1@x","name":"大卫","mobile":"13800000002","department":[1,%d],"order":[5,6],"is_leader_in_dept":[0,1],"main_department":%d,"position":"Rep","gender":"1","enable":0}`, sales, sales), 0},
		{"OKEmailOnly", e.tok, `{"userid":"erin","name":"Erin","email":"erin@example.com"}`, 0},
		{"ErrAppToken", e.appTok, `{"userid":"frank","name":"Frank","mobile":"13800000003"}`, 48002},
		{"ErrUserIDTakenAnyCase", e.tok, `{"userid":"CAROL","name":"C","mobile":"13800000004"}`, 60102},
		{"ErrMobileTaken", e.tok, `{"userid":"gina","name":"Gina","mobile":"13800000001"}`, 60104},
		{"ErrEmailTaken", e.tok, `{"userid":"gina","name":"Gina","email":"Carol@example.com"}`, 60106},
		{"ErrNoMobileNoEmail", e.tok, `{"userid":"gina","name":"Gina","department":[1]}`, 60129},
		{"ErrUserIDChars", e.tok, `{"userid":"gi na","name":"Gina","mobile":"13800000005"}`, 40003},
		{"ErrUserIDLong", e.tok, `{"userid":"` + strings.Repeat("g", 65) + `","name":"Gina","mobile":"13800000005"}`, 40003},
		{"ErrUserIDMissing", e.tok, `{"name":"Gina","mobile":"13800000005"}`, 41009},
		{"ErrName", e.tok, `{"userid":"gina","name":"","mobile":"13800000005"}`, 60112},
		{"ErrMobile", e.tok, `{"userid":"gina","name":"Gina","mobile":"phone"}`, 60103},
		{"ErrEmail", e.tok, `{"userid":"gina","name":"Gina","email":"not-mail"}`, 60105},
		{"ErrDepartment", e.tok, `{"userid":"gina","name":"Gina","mobile":"13800000005","department":[99]}`, 60123},
		{"ErrTooManyDepartments", e.tok, `{"userid":"gina","name":"Gina","mobile":"13800000005","department":[` + strings.Join(many, ",") + `]}`, 60110},
		{"ErrLeaderLength", e.tok, `{"userid":"gina","name":"Gina","mobile":"13800000005","department":[1],"is_leader_in_dept":[1,0]}`, 60132},
		{"ErrMainDepartment", e.tok, fmt.Sprintf(`{"userid":"gina","name":"Gina","mobile":"13800000005","department":[1],"main_department":%d}`, sales), 40058},
		{"ErrJSON", e.tok, `{"userid":`, 47001},
		{"ErrToken", "bogus", `{"userid":"gina","name":"Gina","mobile":"13800000005"}`, 40014},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if code := e.wxDo(t, "POST", "user/create", c.tok, "", c.body, nil); code != c.code {
				t.Errorf("errcode %d, want %d", code, c.code)
			}
		})
	}

	got := e.getUser(t, e.tok, "dave.d-1@X")
	want := sim.Member{UserID: "Dave.D-1@x", Name: "大卫", Mobile: "13800000002", Department: []int64{1, sales},
		Order: []int64{5, 6}, IsLeaderInDept: []int{0, 1}, MainDepartment: sales, Position: "Rep", Gender: "1",
		Enable: new(0), Status: 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("user/get (-want +got):\n%s", diff)
	}
	if m := e.getUser(t, e.tok, "erin"); !slices.Equal(m.Department, []int64{1}) || m.MainDepartment != 1 {
		t.Errorf("member created without department: %+v, want the root", m)
	}
	if _, err := e.sim.GetUser(corpID, "gina"); !errors.Is(err, sim.ErrNotFound) {
		t.Errorf("a refused create left gina behind: %v", err)
	}
}

func TestUserUpdateKeepsOmittedFields(t *testing.T) {
	e := mustContactEnv(t)
	sales := e.mustDept(t, "Sales", 1)
	e.mustOK(t, "POST", "user/create", e.tok, "",
		`{"userid":"carol","name":"Carol","mobile":"13800000001","position":"Rep","department":[1],"order":[7]}`, nil)
	e.mustOK(t, "POST", "user/create", e.tok, "", `{"userid":"dave","name":"Dave","mobile":"13800000002"}`, nil)

	e.mustOK(t, "POST", "user/update", e.tok, "", `{"userid":"CAROL","position":"Lead"}`, nil)
	m := e.getUser(t, e.tok, "carol")
	if m.UserID != "carol" || m.Position != "Lead" || m.Mobile != "13800000001" || m.Name != "Carol" ||
		!slices.Equal(m.Order, []int64{7}) {
		t.Errorf("after updating position: %+v", m)
	}

	e.mustOK(t, "POST", "user/update", e.tok, "", fmt.Sprintf(`{"userid":"carol","department":[%d]}`, sales), nil)
	m = e.getUser(t, e.tok, "carol")
	if !slices.Equal(m.Department, []int64{sales}) || !slices.Equal(m.Order, []int64{0}) || m.MainDepartment != sales {
		t.Errorf("after moving department: %+v, want order reset and main department %d", m, sales)
	}

	for _, c := range []struct {
		name, tok, body string
		code            int
	}{
		{"ErrAppToken", e.appTok, `{"userid":"carol","position":"x"}`, 48002},
		{"ErrUnknown", e.tok, `{"userid":"nobody","position":"x"}`, 60111},
		{"ErrMissingUserID", e.tok, `{"position":"x"}`, 41009},
		{"ErrMobileTaken", e.tok, `{"userid":"carol","mobile":"+86 13800000002"}`, 60104},
		{"ErrDepartment", e.tok, `{"userid":"carol","department":[404]}`, 60123},
	} {
		t.Run(c.name, func(t *testing.T) {
			if code := e.wxDo(t, "POST", "user/update", c.tok, "", c.body, nil); code != c.code {
				t.Errorf("errcode %d, want %d", code, c.code)
			}
		})
	}
	if m := e.getUser(t, e.tok, "carol"); m.Position != "Lead" || m.Mobile != "13800000001" {
		t.Errorf("refused updates changed carol: %+v", m)
	}
}

func TestUserDelete(t *testing.T) {
	e := mustContactEnv(t)
	for _, id := range []string{"u1", "u2", "u3"} {
		if err := e.sim.AddUser(corpID, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	if code := e.wxDo(t, "POST", "user/batchdelete", e.tok, "", `{"useridlist":["u1","ghost","u2"]}`, nil); code != 60111 {
		t.Errorf("batchdelete with an unknown id: errcode %d, want 60111", code)
	}
	if us, _ := e.sim.ListUsers(corpID); len(us) != 5 {
		t.Errorf("a failed batchdelete deleted members: %d left, want 5", len(us))
	}
	ids := make([]string, 201)
	for i := range ids {
		ids[i] = `"u1"`
	}
	if code := e.wxDo(t, "POST", "user/batchdelete", e.tok, "", `{"useridlist":[`+strings.Join(ids, ",")+`]}`, nil); code != 40032 {
		t.Errorf("batchdelete of 201: errcode %d, want 40032", code)
	}
	if code := e.wxDo(t, "POST", "user/batchdelete", e.appTok, "", `{"useridlist":["u1"]}`, nil); code != 48002 {
		t.Errorf("batchdelete with an app token: errcode %d, want 48002", code)
	}
	e.mustOK(t, "POST", "user/batchdelete", e.tok, "", `{"useridlist":["U1","u2"]}`, nil)
	e.mustOK(t, "GET", "user/delete", e.tok, "userid=u3", "", nil)
	for _, c := range []struct {
		tok, id string
		code    int
	}{{e.tok, "u1", 60111}, {e.tok, "u3", 60111}, {e.appTok, "alice", 48002}, {e.tok, "", 41009}} {
		if code := e.wxDo(t, "GET", "user/delete", c.tok, "userid="+c.id, "", nil); code != c.code {
			t.Errorf("delete %q: errcode %d, want %d", c.id, code, c.code)
		}
	}
	if code := e.wxDo(t, "GET", "user/get", e.tok, "userid=u2", "", nil); code != 60111 {
		t.Errorf("get of a deleted member: errcode %d, want 60111", code)
	}
}

func TestAddUserGoesToRoot(t *testing.T) {
	e := mustEnv(t)
	m, err := e.sim.GetUser(corpID, "ALICE")
	if err != nil {
		t.Fatal(err)
	}
	if m.UserID != "alice" || m.Name != "Alice" || !slices.Equal(m.Department, []int64{1}) || m.Status != 1 {
		t.Errorf("AddUser member: %+v, want alice in department 1, active", m)
	}
}

// TestReadScope sets app 1000002's visible range to Sales (with its
// sub-department East) and bob, then reads with its token.
func TestReadScope(t *testing.T) {
	e := mustContactEnv(t)
	sales := e.mustDept(t, "Sales", 1)
	east := e.mustDept(t, "East", sales)
	hr := e.mustDept(t, "HR", 1)
	for _, m := range []sim.Member{
		{UserID: "carol", Name: "Carol", Mobile: "13800000001", Department: []int64{east}},
		{UserID: "dave", Name: "Dave", Mobile: "13800000002", Department: []int64{hr}},
	} {
		if err := e.sim.CreateUser(corpID, m); err != nil {
			t.Fatal(err)
		}
	}
	body := fmt.Sprintf(`{"departments":[%d],"users":["Bob"]}`, sales)
	if resp, b := e.do(t, "PUT", "/_sim/corps/"+corpID+"/apps/1000002/scope", body); resp.StatusCode != 204 {
		t.Fatalf("scope: HTTP %d: %s", resp.StatusCode, b)
	}

	t.Run("UserGet", func(t *testing.T) {
		for _, c := range []struct {
			id   string
			code int
		}{{"carol", 0}, {"bob", 0}, {"dave", 60011}, {"alice", 60011}, {"ghost", 60111}} {
			if code := e.wxDo(t, "GET", "user/get", e.appTok, "userid="+c.id, "", nil); code != c.code {
				t.Errorf("app get %s: errcode %d, want %d", c.id, code, c.code)
			}
		}
		if m := e.getUser(t, e.appTok, "carol"); m.Mobile != "" || m.Name != "Carol" {
			t.Errorf("app sees %+v; want no mobile (apps after 2022-06-20)", m)
		}
		if m := e.getUser(t, e.tok, "dave"); m.Mobile != "13800000002" {
			t.Errorf("contact-sync token sees %+v; want everything", m)
		}
		// The other app has no scope set: it sees the whole corp.
		if code := e.wxDo(t, "GET", "user/get", e.mustToken(t, otherSecret), "userid=dave", "", nil); code != 0 {
			t.Errorf("unscoped app: errcode %d", code)
		}
	})
	t.Run("SimpleList", func(t *testing.T) {
		var out struct {
			UserList []struct {
				UserID string `json:"userid"`
			} `json:"userlist"`
		}
		e.mustOK(t, "GET", "user/simplelist", e.appTok, fmt.Sprintf("department_id=%d&fetch_child=1", sales), "", &out)
		if len(out.UserList) != 1 || out.UserList[0].UserID != "carol" {
			t.Errorf("simplelist Sales with children: %+v", out.UserList)
		}
		e.mustOK(t, "GET", "user/simplelist", e.appTok, fmt.Sprintf("department_id=%d", sales), "", &out)
		if len(out.UserList) != 0 {
			t.Errorf("simplelist Sales without children: %+v", out.UserList)
		}
		for _, d := range []int64{1, hr} {
			if code := e.wxDo(t, "GET", "user/simplelist", e.appTok, fmt.Sprintf("department_id=%d", d), "", nil); code != 60011 {
				t.Errorf("simplelist %d outside scope: errcode %d, want 60011", d, code)
			}
		}
		if code := e.wxDo(t, "GET", "user/list", e.tok, "department_id=404", "", nil); code != 60123 {
			t.Errorf("list of an unknown department: errcode %d, want 60123", code)
		}
	})
	t.Run("DepartmentList", func(t *testing.T) {
		var out struct {
			Department []sim.Department `json:"department"`
		}
		e.mustOK(t, "GET", "department/list", e.appTok, "", "", &out)
		var ids []int64
		for _, d := range out.Department {
			ids = append(ids, d.ID)
		}
		if !slices.Equal(ids, []int64{sales, east}) {
			t.Errorf("app's department/list: %v, want [%d %d]", ids, sales, east)
		}
		if code := e.wxDo(t, "GET", "department/list", e.appTok, fmt.Sprintf("id=%d", hr), "", nil); code != 60011 {
			t.Errorf("department/list outside scope: errcode %d, want 60011", code)
		}
		e.mustOK(t, "GET", "department/list", e.tok, "", "", &out)
		if len(out.Department) != 4 {
			t.Errorf("contact-sync department/list: %d departments, want 4", len(out.Department))
		}
	})
	t.Run("ListIDNeedsContactSecret", func(t *testing.T) {
		if code := e.wxDo(t, "POST", "user/list_id", e.appTok, "", `{}`, nil); code != 48002 {
			t.Errorf("list_id with an app token: errcode %d, want 48002", code)
		}
	})
	t.Run("ErrScopeUnknown", func(t *testing.T) {
		for _, body := range []string{`{"departments":[404]}`, `{"users":["ghost"]}`, `{"tags":[9]}`} {
			if resp, _ := e.do(t, "PUT", "/_sim/corps/"+corpID+"/apps/1000002/scope", body); resp.StatusCode != 404 {
				t.Errorf("scope %s: HTTP %d, want 404", body, resp.StatusCode)
			}
		}
	})
}

func TestListIDPages(t *testing.T) {
	e := mustContactEnv(t)
	sales := e.mustDept(t, "Sales", 1)
	if err := e.sim.CreateUser(corpID, sim.Member{UserID: "carol", Name: "Carol", Department: []int64{1, sales}}); err != nil {
		t.Fatal(err)
	}
	type pair struct {
		UserID     string `json:"userid"`
		Department int64  `json:"department"`
	}
	var all []pair
	cursor := ""
	for range 10 {
		var out struct {
			NextCursor string `json:"next_cursor"`
			DeptUser   []pair `json:"dept_user"`
		}
		e.mustOK(t, "POST", "user/list_id", e.tok, "", `{"cursor":"`+cursor+`","limit":2}`, &out)
		if len(out.DeptUser) > 2 {
			t.Fatalf("page of %d, limit 2", len(out.DeptUser))
		}
		all = append(all, out.DeptUser...)
		if cursor = out.NextCursor; cursor == "" {
			break
		}
	}
	want := []pair{{"Bob", 1}, {"alice", 1}, {"carol", 1}, {"carol", sales}}
	if diff := cmp.Diff(want, all); diff != "" {
		t.Errorf("list_id pairs (-want +got):\n%s", diff)
	}
	for _, body := range []string{`{"limit":10001}`, `{"limit":-1}`, `{"cursor":"zz"}`} {
		if code := e.wxDo(t, "POST", "user/list_id", e.tok, "", body, nil); code != 40058 {
			t.Errorf("list_id %s: errcode %d, want 40058", body, code)
		}
	}
}

func TestDepartmentRules(t *testing.T) {
	e := mustContactEnv(t)
	var created struct {
		ID int64 `json:"id"`
	}
	e.mustOK(t, "POST", "department/create", e.tok, "", `{"name":"Sales","name_en":"Sales","parentid":1,"order":10}`, &created)
	sales := created.ID
	e.mustOK(t, "POST", "department/create", e.tok, "", fmt.Sprintf(`{"id":50,"name":"East","parentid":%d}`, sales), &created)
	if sales != 2 || created.ID != 50 {
		t.Errorf("ids %d and %d, want 2 and 50", sales, created.ID)
	}
	if err := e.sim.CreateUser(corpID, sim.Member{UserID: "carol", Name: "Carol", Department: []int64{50}}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, method, api, tok, query, body string
		code                                int
	}{
		{"ErrAppToken", "POST", "department/create", e.appTok, "", `{"name":"HR","parentid":1}`, 48002},
		{"ErrSiblingName", "POST", "department/create", e.tok, "", `{"name":"Sales","parentid":1}`, 60008},
		{"ErrIDTaken", "POST", "department/create", e.tok, "", `{"id":50,"name":"West","parentid":1}`, 60008},
		{"ErrParent", "POST", "department/create", e.tok, "", `{"name":"HR","parentid":404}`, 60123},
		{"ErrNameChars", "POST", "department/create", e.tok, "", `{"name":"a:b","parentid":1}`, 60009},
		{"ErrNameEmpty", "POST", "department/create", e.tok, "", `{"name":"","parentid":1}`, 60001},
		{"SameNameElsewhere", "POST", "department/create", e.tok, "", `{"name":"East","parentid":1}`, 0},
		{"ErrUpdateUnknown", "POST", "department/update", e.tok, "", `{"id":404,"name":"x"}`, 60003},
		{"ErrMoveUnderChild", "POST", "department/update", e.tok, "", fmt.Sprintf(`{"id":%d,"parentid":50}`, sales), 60010},
		{"ErrMoveRoot", "POST", "department/update", e.tok, "", `{"id":1,"parentid":50}`, 60010},
		{"ErrMoveParent", "POST", "department/update", e.tok, "", `{"id":50,"parentid":404}`, 60123},
		{"Rename", "POST", "department/update", e.tok, "", `{"id":50,"name":"East China"}`, 0},
		{"ErrDeleteRoot", "GET", "department/delete", e.tok, "id=1", "", 60007},
		{"ErrDeleteUnknown", "GET", "department/delete", e.tok, "id=404", "", 60003},
		{"ErrDeleteWithChildren", "GET", "department/delete", e.tok, fmt.Sprintf("id=%d", sales), "", 60006},
		{"ErrDeleteWithMembers", "GET", "department/delete", e.tok, "id=50", "", 60005},
		{"ErrDeleteAppToken", "GET", "department/delete", e.appTok, "id=50", "", 48002},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if code := e.wxDo(t, c.method, c.api, c.tok, c.query, c.body, nil); code != c.code {
				t.Errorf("errcode %d, want %d", code, c.code)
			}
		})
	}
	var got struct {
		Department sim.Department `json:"department"`
	}
	e.mustOK(t, "GET", "department/get", e.tok, "id=50", "", &got)
	if got.Department.Name != "East China" || got.Department.ParentID != sales {
		t.Errorf("department 50: %+v", got.Department)
	}
	var simple struct {
		DepartmentID []map[string]int64 `json:"department_id"`
	}
	e.mustOK(t, "GET", "department/simplelist", e.tok, fmt.Sprintf("id=%d", sales), "", &simple)
	want := []map[string]int64{{"id": sales, "parentid": 1, "order": 10}, {"id": 50, "parentid": sales, "order": 0}}
	if diff := cmp.Diff(want, simple.DepartmentID); diff != "" {
		t.Errorf("simplelist under Sales (-want +got):\n%s", diff)
	}

	// Emptied, East can go.
	if err := e.sim.DeleteUser(corpID, "carol"); err != nil {
		t.Fatal(err)
	}
	e.mustOK(t, "GET", "department/delete", e.tok, "id=50", "", nil)
	if code := e.wxDo(t, "GET", "department/get", e.tok, "id=50", "", nil); code != 60123 {
		t.Errorf("get of a deleted department: errcode %d, want 60123", code)
	}
}

func TestContactControlAPI(t *testing.T) {
	e := mustEnv(t)
	p := "/_sim/corps/" + corpID
	steps := []struct {
		name, method, path, body string
		status                   int
	}{
		{"CreateDepartment", "POST", p + "/departments", `{"name":"Sales","parentid":1}`, 201},
		{"ErrDepartmentSibling", "POST", p + "/departments", `{"name":"Sales","parentid":1}`, 409},
		{"ErrDepartmentParent", "POST", p + "/departments", `{"name":"X","parentid":404}`, 400},
		{"CreateUser", "POST", p + "/users", `{"userid":"carol","name":"Carol","mobile":"13800000001","department":[2]}`, 201},
		{"ErrUserMobile", "POST", p + "/users", `{"userid":"dave","mobile":"13800000001"}`, 409},
		{"PatchUser", "PATCH", p + "/users/CAROL", `{"position":"Lead"}`, 200},
		{"ErrPatchUnknown", "PATCH", p + "/users/ghost", `{"position":"Lead"}`, 404},
		{"ErrPatchInvalid", "PATCH", p + "/users/carol", `{"department":[404]}`, 400},
		{"GetUser", "GET", p + "/users/carol", ``, 200},
		{"ListUsers", "GET", p + "/users", ``, 200},
		{"PatchDepartment", "PATCH", p + "/departments/2", `{"name":"Sales East"}`, 204},
		{"ErrDeleteDepartmentMembers", "DELETE", p + "/departments/2", ``, 400},
		{"CreateTag", "POST", p + "/tags", `{"tagname":"Managers","userlist":["carol"],"partylist":[2]}`, 201},
		{"ErrTagName", "POST", p + "/tags", `{"tagname":"Managers"}`, 409},
		{"ErrTagUser", "POST", p + "/tags", `{"tagname":"Other","userlist":["ghost"]}`, 404},
		{"DeleteUser", "DELETE", p + "/users/carol", ``, 204},
		{"ErrDeleteUser", "DELETE", p + "/users/carol", ``, 404},
		{"DeleteDepartment", "DELETE", p + "/departments/2", ``, 204},
		{"ListDepartments", "GET", p + "/departments", ``, 200},
		{"ContactSecret", "PUT", p + "/contact-secret", `{"secret":"cs"}`, 204},
		{"ErrContactSecretTaken", "PUT", p + "/contact-secret", `{"secret":"app-secret"}`, 409},
		{"ErrUnknownCorp", "GET", "/_sim/corps/wwnone/users", ``, 404},
	}
	for _, s := range steps {
		if resp, body := e.do(t, s.method, s.path, s.body); resp.StatusCode != s.status {
			t.Errorf("%s: HTTP %d, want %d: %s", s.name, resp.StatusCode, s.status, body)
		}
	}
	_, body := e.do(t, "GET", p+"/departments", "")
	var ds []sim.Department
	if err := json.Unmarshal([]byte(body), &ds); err != nil || len(ds) != 1 || ds[0].ID != 1 {
		t.Errorf("departments after the steps: %s", body)
	}

	// The new contact secret works, and replacing it revokes its tokens.
	tok := e.mustToken(t, "cs")
	if err := e.sim.SetContactSecret(corpID, "cs2"); err != nil {
		t.Fatal(err)
	}
	if code := e.wxDo(t, "GET", "user/get", tok, "userid=alice", "", nil); code != 40014 {
		t.Errorf("token of a replaced contact secret: errcode %d, want 40014", code)
	}
	if out := e.api(t, "GET", "/cgi-bin/gettoken?corpid="+corpID+"&corpsecret=cs", ""); out.ErrCode != 40001 {
		t.Errorf("gettoken with the old contact secret: errcode %d, want 40001", out.ErrCode)
	}
}

// TestUserCreateInvites: a member made through the API is invited unless to_invite is false, as WeCom does.
func TestUserCreateInvites(t *testing.T) {
	e := mustContactEnv(t)
	e.mustOK(t, "POST", "user/create", e.tok, "", `{"userid":"ivy","name":"Ivy","mobile":"13800000031","department":[1]}`, nil)
	e.mustOK(t, "POST", "user/create", e.tok, "", `{"userid":"quiet","name":"Quiet","mobile":"13800000032","department":[1],"to_invite":false}`, nil)
	if n := e.sim.Invitations(corpID, "ivy"); n != 1 {
		t.Errorf("ivy was invited %d times, want 1", n)
	}
	if n := e.sim.Invitations(corpID, "quiet"); n != 0 {
		t.Errorf("quiet (to_invite false) was invited %d times, want 0", n)
	}
}
