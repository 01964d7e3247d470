package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// gql runs query as token and decodes its data into out, failing the test on any error.
func gql(t *testing.T, env *apptest.Env, token, query string, vars map[string]any, out any) {
	t.Helper()
	env.GraphQL(t, token, query, vars).MustData(t, out)
}

// wantError checks the first error's code, its field when field is not empty, and that its message explains it.
func wantError(t *testing.T, res apptest.Response, code, field string) {
	t.Helper()
	if res.Code() != code {
		t.Fatalf("code = %q, want %q (errors %+v)", res.Code(), code, res.Errors)
	}
	if field != "" && res.Errors[0].Extensions["field"] != field {
		t.Errorf("field = %v, want %q", res.Errors[0].Extensions["field"], field)
	}
	if m := res.Errors[0].Message; m == "" || m == "internal error" {
		t.Errorf("message %q does not explain the error", m)
	}
}

type employeeDetail struct {
	ID, Name, Status string
	Position         *string
	Positions        []string
	Mobile, Email    *string
	Login            *string
	Departments      []struct {
		Name     string
		IsMain   bool
		IsLeader bool
		ParentID *string
	}
}

const employeeDetailFields = `id name status position positions mobile email login departments { name isMain isLeader parentId }`

type departmentNode struct {
	Name                          string
	MemberCount, TotalMemberCount int
	Children                      []departmentNode
}

// TestStaffDirectory: an admin builds the tree and the profiles; a member browses and searches them.
func TestStaffDirectory(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "staffdir")
	admin, member := env.Token(t, tn, tn.Admin), env.Token(t, tn, tn.Sender)

	create := func(name string, parent *string, sortOrder int) string {
		t.Helper()
		var out struct{ CreateDepartment struct{ ID, Name string } }
		gql(t, env, admin, `mutation($in: CreateDepartmentInput!) { createDepartment(input: $in) { id name } }`,
			map[string]any{"in": map[string]any{"name": name, "parentId": parent, "sortOrder": sortOrder}}, &out)
		return out.CreateDepartment.ID
	}
	hq := create(" 总部 ", nil, 0)
	rd := create("研发部", &hq, 0)
	mkt := create("市场部", &hq, -1) // sorts before 研发部 despite its name
	fe := create("前端组", &rd, 0)

	var set struct{ SetEmployeeDepartments employeeDetail }
	gql(t, env, admin, `mutation($e: ID!, $d: [ID!]!, $m: ID) { setEmployeeDepartments(employeeId: $e, departmentIds: $d, mainDepartmentId: $m) { `+employeeDetailFields+` } }`,
		map[string]any{"e": apptest.ID(tn.Approver.EmployeeID), "d": []string{fe, mkt}, "m": mkt}, &set)
	if d := set.SetEmployeeDepartments.Departments; len(d) != 2 || d[0].Name != "市场部" || !d[0].IsMain || d[1].Name != "前端组" || d[1].IsMain {
		t.Errorf("departments after set = %+v, want 市场部 (main) then 前端组", d)
	}
	gql(t, env, admin, `mutation($e: ID!, $d: [ID!]!) { setEmployeeDepartments(employeeId: $e, departmentIds: $d) { id } }`,
		map[string]any{"e": apptest.ID(tn.Sender.EmployeeID), "d": []string{rd}}, &struct{}{})
	var prof struct{ UpdateEmployeeProfile employeeDetail }
	gql(t, env, admin, `mutation($e: ID!) { updateEmployeeProfile(employeeId: $e, input: {position: " 产品经理 / 项目经理 ", mobile: "13812345678", email: "spr@example.com"}) { `+employeeDetailFields+` } }`,
		map[string]any{"e": apptest.ID(tn.Approver.EmployeeID)}, &prof)
	if p := prof.UpdateEmployeeProfile; p.Position == nil || *p.Position != "产品经理/项目经理" || *p.Mobile != "13812345678" {
		t.Errorf("profile after update = %+v", p)
	}

	t.Run("Tree", func(t *testing.T) {
		var out struct{ Departments []departmentNode }
		gql(t, env, member, `{ departments { name memberCount totalMemberCount children { name memberCount totalMemberCount
			children { name memberCount totalMemberCount children { name } } } } }`, nil, &out)
		want := []departmentNode{{Name: "总部", MemberCount: 0, TotalMemberCount: 2, Children: []departmentNode{
			{Name: "市场部", MemberCount: 1, TotalMemberCount: 1, Children: []departmentNode{}},
			{Name: "研发部", MemberCount: 1, TotalMemberCount: 2, Children: []departmentNode{
				{Name: "前端组", MemberCount: 1, TotalMemberCount: 1, Children: []departmentNode{}},
			}},
		}}}
		if diff := cmp.Diff(want, out.Departments); diff != "" {
			t.Errorf("tree (-want +got):\n%s", diff)
		}
	})

	t.Run("Search", func(t *testing.T) {
		search := func(vars map[string]any) []string {
			t.Helper()
			var out struct {
				Employees struct {
					TotalCount int
					Nodes      []struct{ Name string }
				}
			}
			gql(t, env, member, `query($q: String, $d: ID, $sub: Boolean) { employees(query: $q, departmentId: $d, withSubDepartments: $sub) { totalCount nodes { name } } }`, vars, &out)
			names := []string{}
			for _, n := range out.Employees.Nodes {
				names = append(names, n.Name)
			}
			if out.Employees.TotalCount != len(names) {
				t.Errorf("totalCount %d for %d nodes", out.Employees.TotalCount, len(names))
			}
			return names
		}
		for _, c := range []struct {
			name string
			vars map[string]any
			want []string
		}{
			{"Everyone", nil, []string{tn.Sender.Name, tn.Approver.Name, tn.Admin.Name}},
			{"NameContains", map[string]any{"q": "审批"}, []string{tn.Approver.Name}},
			{"LoginPrefix", map[string]any{"q": "appro"}, []string{tn.Approver.Name}},
			{"MobilePrefix", map[string]any{"q": "138123"}, []string{tn.Approver.Name}},
			{"LoginNotPrefix", map[string]any{"q": "pprover"}, []string{}},
			{"Department", map[string]any{"d": rd}, []string{tn.Sender.Name}},
			{"WithSubDepartments", map[string]any{"d": rd, "sub": true}, []string{tn.Sender.Name, tn.Approver.Name}},
		} {
			t.Run(c.name, func(t *testing.T) {
				if diff := cmp.Diff(c.want, search(c.vars)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	})

	t.Run("Pages", func(t *testing.T) {
		type page struct {
			Employees struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   *string
				}
				Nodes []struct{ Name string }
			}
		}
		const q = `query($after: String) { employees(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { name } } }`
		var p1, p2 page
		gql(t, env, member, q, nil, &p1)
		if len(p1.Employees.Nodes) != 2 || !p1.Employees.PageInfo.HasNextPage || p1.Employees.TotalCount != 3 {
			t.Fatalf("first page = %+v", p1.Employees)
		}
		gql(t, env, member, q, map[string]any{"after": *p1.Employees.PageInfo.EndCursor}, &p2)
		if len(p2.Employees.Nodes) != 1 || p2.Employees.PageInfo.HasNextPage || p2.Employees.Nodes[0].Name != tn.Admin.Name {
			t.Errorf("second page = %+v", p2.Employees)
		}
	})

	t.Run("Detail", func(t *testing.T) {
		var out struct{ Employee employeeDetail }
		gql(t, env, member, `query($id: ID!) { employee(id: $id) { `+employeeDetailFields+` } }`,
			map[string]any{"id": apptest.ID(tn.Approver.EmployeeID)}, &out)
		e := out.Employee
		if e.Name != tn.Approver.Name || e.Status != "ACTIVE" || e.Login == nil || *e.Login != "approver" ||
			*e.Email != "spr@example.com" || !cmp.Equal(e.Positions, []string{"产品经理", "项目经理"}) {
			t.Errorf("detail = %+v", e)
		}
		if len(e.Departments) != 2 || e.Departments[0].Name != "市场部" || e.Departments[1].ParentID == nil || *e.Departments[1].ParentID != rd {
			t.Errorf("departments = %+v", e.Departments)
		}
		// An employee without a position has none, not null.
		gql(t, env, member, `query($id: ID!) { employee(id: $id) { `+employeeDetailFields+` } }`,
			map[string]any{"id": apptest.ID(tn.Admin.EmployeeID)}, &out)
		if out.Employee.Positions == nil || len(out.Employee.Positions) != 0 || out.Employee.Departments == nil {
			t.Errorf("admin's positions %v, departments %v: want empty lists", out.Employee.Positions, out.Employee.Departments)
		}
	})

	t.Run("InactiveForAdmins", func(t *testing.T) {
		// A frozen member still keeps 市场部 from being deleted; the admin finds them with includeInactive.
		if err := env.DB.WithContext(tn.Ctx()).Model(&directory.Employee{}).Where("id = ?", tn.Approver.EmployeeID).
			Update("status", directory.StatusFrozen).Error; err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := env.DB.WithContext(tn.Ctx()).Model(&directory.Employee{}).Where("id = ?", tn.Approver.EmployeeID).
				Update("status", directory.StatusActive).Error; err != nil {
				t.Fatal(err)
			}
		}()
		q := `query($d: ID!, $all: Boolean) { employees(departmentId: $d, includeInactive: $all) { totalCount nodes { name status } } }`
		var active, all struct {
			Employees struct {
				TotalCount int
				Nodes      []struct{ Name, Status string }
			}
		}
		gql(t, env, admin, q, map[string]any{"d": mkt, "all": false}, &active)
		gql(t, env, admin, q, map[string]any{"d": mkt, "all": true}, &all)
		if active.Employees.TotalCount != 0 || all.Employees.TotalCount != 1 || all.Employees.Nodes[0].Status != "FROZEN" {
			t.Errorf("市场部: %d active, all %+v; want 0 and the frozen approver", active.Employees.TotalCount, all.Employees)
		}
		wantError(t, env.GraphQL(t, admin, `mutation($d: ID!) { deleteDepartment(id: $d) }`, map[string]any{"d": mkt}), "conflict", "")
	})

	t.Run("LeaderAndSortOrder", func(t *testing.T) {
		// 研发部 moves ahead of 市场部 (sortOrder -1) under 总部; 李四 leads 市场部 and then no longer does.
		var so struct {
			SetDepartmentSortOrder struct {
				ID, Name  string
				SortOrder int
			}
		}
		gql(t, env, admin, `mutation($id: ID!) { setDepartmentSortOrder(id: $id, sortOrder: -5) { id name sortOrder } }`,
			map[string]any{"id": rd}, &so)
		if so.SetDepartmentSortOrder.ID != rd || so.SetDepartmentSortOrder.SortOrder != -5 {
			t.Errorf("setDepartmentSortOrder = %+v", so.SetDepartmentSortOrder)
		}
		var tree struct{ Departments []departmentNode }
		gql(t, env, member, `{ departments { name children { name } } }`, nil, &tree)
		var under []string
		for _, r := range tree.Departments {
			if r.Name == "总部" {
				for _, c := range r.Children {
					under = append(under, c.Name)
				}
			}
		}
		if !cmp.Equal(under, []string{"研发部", "市场部"}) {
			t.Errorf("under 总部 after reorder: %v, want 研发部 then 市场部", under)
		}
		gql(t, env, admin, `mutation($id: ID!) { setDepartmentSortOrder(id: $id, sortOrder: 0) { id } }`, map[string]any{"id": rd}, &struct{}{})

		leads := func(on bool) map[string]bool {
			t.Helper()
			var out struct{ SetDepartmentLeader employeeDetail }
			gql(t, env, admin, `mutation($d: ID!, $e: ID!, $on: Boolean!) { setDepartmentLeader(departmentId: $d, employeeId: $e, leader: $on) { `+employeeDetailFields+` } }`,
				map[string]any{"d": mkt, "e": apptest.ID(tn.Approver.EmployeeID), "on": on}, &out)
			got := map[string]bool{}
			for _, d := range out.SetDepartmentLeader.Departments {
				got[d.Name] = d.IsLeader
			}
			return got
		}
		if got := leads(true); !got["市场部"] || got["前端组"] {
			t.Errorf("after marking: leader of %v, want 市场部 only", got)
		}
		var seen struct{ Employee employeeDetail }
		gql(t, env, member, `query($id: ID!) { employee(id: $id) { `+employeeDetailFields+` } }`,
			map[string]any{"id": apptest.ID(tn.Approver.EmployeeID)}, &seen)
		if d := seen.Employee.Departments; len(d) == 0 || d[0].Name != "市场部" || !d[0].IsLeader {
			t.Errorf("a colleague sees departments %+v, want 市场部 led", d)
		}
		if got := leads(false); got["市场部"] {
			t.Errorf("after unmarking: leader of %v, want none", got)
		}
	})

	t.Run("RenameMoveDelete", func(t *testing.T) {
		var ren struct{ RenameDepartment struct{ Name string } }
		gql(t, env, admin, `mutation($id: ID!) { renameDepartment(id: $id, name: "前端开发组") { name } }`, map[string]any{"id": fe}, &ren)
		var mv struct{ MoveDepartment struct{ ParentID *string } }
		gql(t, env, admin, `mutation($id: ID!) { moveDepartment(id: $id, parentId: null) { parentId } }`, map[string]any{"id": fe}, &mv)
		if ren.RenameDepartment.Name != "前端开发组" || mv.MoveDepartment.ParentID != nil {
			t.Errorf("renamed %q, parent after move %v", ren.RenameDepartment.Name, mv.MoveDepartment.ParentID)
		}
		empty := create("临时", nil, 0)
		var del struct{ DeleteDepartment bool }
		gql(t, env, admin, `mutation($id: ID!) { deleteDepartment(id: $id) }`, map[string]any{"id": empty}, &del)
		var tree struct{ Departments []struct{ Name string } }
		gql(t, env, member, `{ departments { name } }`, nil, &tree)
		var roots []string
		for _, d := range tree.Departments {
			roots = append(roots, d.Name)
		}
		if !del.DeleteDepartment || !cmp.Equal(roots, []string{"前端开发组", "总部"}) {
			t.Errorf("deleted %v, roots now %v", del.DeleteDepartment, roots)
		}
	})
}

// TestDirectoryAdminOnly: every admin field refuses a member with forbidden and writes nothing.
func TestDirectoryAdminOnly(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "diradmin")
	member := env.Token(t, tn, tn.Sender)
	ctx := tn.Ctx()
	dept, err := env.Directory.CreateDepartment(ctx, "销售部", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	roles, err := env.Directory.SystemRoles(ctx)
	if err != nil || len(roles) == 0 {
		t.Fatalf("roles %v, %v", roles, err)
	}
	d, e, role := apptest.ID(dept.ID), apptest.ID(tn.Sender.EmployeeID), apptest.ID(roles[0].ID)
	cases := map[string]struct {
		query string
		vars  map[string]any
	}{
		"createDepartment":         {`mutation { createDepartment(input: {name: "x"}) { id } }`, nil},
		"renameDepartment":         {`mutation($d: ID!) { renameDepartment(id: $d, name: "x") { id } }`, map[string]any{"d": d}},
		"moveDepartment":           {`mutation($d: ID!) { moveDepartment(id: $d) { id } }`, map[string]any{"d": d}},
		"deleteDepartment":         {`mutation($d: ID!) { deleteDepartment(id: $d) }`, map[string]any{"d": d}},
		"setDepartmentSortOrder":   {`mutation($d: ID!) { setDepartmentSortOrder(id: $d, sortOrder: 3) { id } }`, map[string]any{"d": d}},
		"employeesIncludeInactive": {`{ employees(includeInactive: true) { totalCount } }`, nil},
		"setDepartmentLeader":      {`mutation($d: ID!, $e: ID!) { setDepartmentLeader(departmentId: $d, employeeId: $e, leader: true) { id } }`, map[string]any{"d": d, "e": e}},
		"setEmployeeDepartments":   {`mutation($e: ID!, $d: ID!) { setEmployeeDepartments(employeeId: $e, departmentIds: [$d]) { id } }`, map[string]any{"e": e, "d": d}},
		"updateEmployeeProfile":    {`mutation($e: ID!) { updateEmployeeProfile(employeeId: $e, input: {mobile: "13800000000"}) { id } }`, map[string]any{"e": e}},
		"systems":                  {`{ systems { code } }`, nil},
		"systemRoles":              {`{ systemRoles { id } }`, nil},
		"setSystemEnabled":         {`mutation { setSystemEnabled(code: PB, enabled: false) { enabled } }`, nil},
		"rotateSystemApiKey":       {`mutation { rotateSystemApiKey(code: PB) }`, nil},
		"createSystemRole":         {`mutation { createSystemRole(input: {name: "x", systems: [OA]}) { id } }`, nil},
		"updateSystemRole":         {`mutation($r: ID!) { updateSystemRole(id: $r, input: {allowWeChat: false}) { id } }`, map[string]any{"r": role}},
		"assignSystemRoles":        {`mutation($e: ID!) { assignSystemRoles(employeeId: $e, roleIds: []) { id } }`, map[string]any{"e": e}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			before := fingerprint(t, env, tn)
			wantError(t, env.GraphQL(t, member, c.query, c.vars), "forbidden", "")
			if after := fingerprint(t, env, tn); after != before {
				t.Errorf("a refused call wrote:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
	t.Run("EmployeeSystemRolesField", func(t *testing.T) {
		// The rest of the detail still answers; only the admin field is refused.
		res := env.GraphQL(t, member, `query($e: ID!) { employee(id: $e) { name systemRoles { name } } }`, map[string]any{"e": e})
		wantError(t, res, "forbidden", "")
		var out struct {
			Employee struct {
				Name        string
				SystemRoles []struct{ Name string }
			}
		}
		if err := json.Unmarshal(res.Data, &out); err != nil || out.Employee.Name != tn.Sender.Name || out.Employee.SystemRoles != nil {
			t.Errorf("data = %s (%v)", res.Data, err)
		}
	})
}

// TestDirectoryBadInput: each bad request gets a typed error naming the field, and nothing is written.
func TestDirectoryBadInput(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "dirbad")
	other := env.Tenant(t, "dirbad-other")
	ctx := tn.Ctx()
	admin := env.Token(t, tn, tn.Admin)
	hq, err := env.Directory.CreateDepartment(ctx, "总部", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := env.Directory.CreateDepartment(ctx, "研发部", &hq.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	branch, err := env.Directory.CreateDepartment(ctx, "分部", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Directory.SetEmployeeDepartments(ctx, tn.Sender.EmployeeID, []uint64{rd.ID}, 0); err != nil {
		t.Fatal(err)
	}
	foreignDept, err := env.Directory.CreateDepartment(other.Ctx(), "外部", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	roles, err := env.Directory.SystemRoles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id := apptest.ID
	e := id(tn.Sender.EmployeeID)
	cases := []struct {
		name, query string
		vars        map[string]any
		code, field string
	}{
		{"CreateEmptyName", `mutation { createDepartment(input: {name: "  "}) { id } }`, nil, "invalid", "name"},
		{"CreateSlashInName", `mutation { createDepartment(input: {name: "a/b"}) { id } }`, nil, "invalid", "name"},
		{"CreateUnknownParent", `mutation { createDepartment(input: {name: "x", parentId: "999999"}) { id } }`, nil, "invalid", "parentId"},
		{"CreateOtherTenantParent", `mutation($p: ID!) { createDepartment(input: {name: "x", parentId: $p}) { id } }`, map[string]any{"p": id(foreignDept.ID)}, "invalid", "parentId"},
		{"CreateSiblingTaken", `mutation { createDepartment(input: {name: "总部"}) { id } }`, nil, "conflict", "name"},
		{"RenameUnknown", `mutation { renameDepartment(id: "999999", name: "x") { id } }`, nil, "not_found", ""},
		{"RenameSiblingTaken", `mutation($d: ID!) { renameDepartment(id: $d, name: "总部") { id } }`, map[string]any{"d": id(branch.ID)}, "conflict", "name"},
		{"MoveUnderItsChild", `mutation($d: ID!, $p: ID!) { moveDepartment(id: $d, parentId: $p) { id } }`, map[string]any{"d": id(hq.ID), "p": id(rd.ID)}, "invalid", "parentId"},
		{"SortOrderUnknown", `mutation { setDepartmentSortOrder(id: "999999", sortOrder: 1) { id } }`, nil, "not_found", ""},
		{"SortOrderOtherTenant", `mutation($d: ID!) { setDepartmentSortOrder(id: $d, sortOrder: 1) { id } }`, map[string]any{"d": id(foreignDept.ID)}, "not_found", ""},
		{"LeaderNotAMember", `mutation($d: ID!, $e: ID!) { setDepartmentLeader(departmentId: $d, employeeId: $e, leader: true) { id } }`,
			map[string]any{"d": id(branch.ID), "e": e}, "not_found", ""},
		{"LeaderUnknownEmployee", `mutation($d: ID!) { setDepartmentLeader(departmentId: $d, employeeId: "999999", leader: true) { id } }`,
			map[string]any{"d": id(rd.ID)}, "not_found", ""},
		{"DeleteWithChildren", `mutation($d: ID!) { deleteDepartment(id: $d) }`, map[string]any{"d": id(hq.ID)}, "conflict", ""},
		{"DeleteWithMembers", `mutation($d: ID!) { deleteDepartment(id: $d) }`, map[string]any{"d": id(rd.ID)}, "conflict", ""},
		{"SetMainNotAmong", `mutation($e: ID!, $d: ID!, $m: ID!) { setEmployeeDepartments(employeeId: $e, departmentIds: [$d], mainDepartmentId: $m) { id } }`,
			map[string]any{"e": e, "d": id(rd.ID), "m": id(hq.ID)}, "invalid", "mainDepartmentId"},
		{"SetUnknownDepartment", `mutation($e: ID!) { setEmployeeDepartments(employeeId: $e, departmentIds: ["999999"]) { id } }`, map[string]any{"e": e}, "invalid", "departmentIds"},
		{"SetOtherTenantDepartment", `mutation($e: ID!, $d: ID!) { setEmployeeDepartments(employeeId: $e, departmentIds: [$d]) { id } }`, map[string]any{"e": e, "d": id(foreignDept.ID)}, "invalid", "departmentIds"},
		{"ProfileBadMobile", `mutation($e: ID!) { updateEmployeeProfile(employeeId: $e, input: {mobile: "phone"}) { id } }`, map[string]any{"e": e}, "invalid", "mobile"},
		{"ProfileBadEmail", `mutation($e: ID!) { updateEmployeeProfile(employeeId: $e, input: {email: "a.example.com"}) { id } }`, map[string]any{"e": e}, "invalid", "email"},
		{"ProfileUnknownEmployee", `mutation { updateEmployeeProfile(employeeId: "999999", input: {email: "a@example.com"}) { id } }`, nil, "not_found", ""},
		{"SearchBadCursor", `{ employees(after: "@@") { totalCount } }`, nil, "invalid", "after"},
		{"SearchPageTooLarge", `{ employees(first: 1000) { totalCount } }`, nil, "invalid", "first"},
		{"SearchUnknownDepartment", `{ employees(departmentId: "999999") { totalCount } }`, nil, "invalid", "departmentId"},
		{"SearchOtherTenantDepartment", `query($d: ID!) { employees(departmentId: $d, withSubDepartments: true) { totalCount } }`, map[string]any{"d": id(foreignDept.ID)}, "invalid", "departmentId"},
		{"SearchQueryTooLong", `query($q: String!) { employees(query: $q) { totalCount } }`, map[string]any{"q": strings.Repeat("长", 65)}, "invalid", "query"},
		{"EmployeeUnknown", `{ employee(id: "999999") { id } }`, nil, "not_found", ""},
		{"EmployeeMalformedID", `{ employee(id: "abc") { id } }`, nil, "invalid", ""},
		{"ContactsBadCursor", `{ externalContacts(after: "@@") { totalCount } }`, nil, "invalid", "after"},
		{"ContactsPageTooLarge", `{ externalContacts(first: 0) { totalCount } }`, nil, "invalid", "first"},
		{"ContactUnknown", `{ externalContact(externalUserId: "wm-nobody") { name } }`, nil, "not_found", ""},
		{"RotateOAKey", `mutation { rotateSystemApiKey(code: OA) }`, nil, "invalid", "code"},
		{"MalformedSystemCode", `mutation { setSystemEnabled(code: "E_RP", enabled: false) { code } }`, nil, "invalid", "code"},
		{"UnknownSystemCode", `mutation { setSystemEnabled(code: "ERP", enabled: false) { code } }`, nil, "not_found", ""},
		{"AddSystemBadCode", `mutation { addSystem(code: "人事", name: "人事") { code } }`, nil, "invalid", "code"},
		{"AddSystemTaken", `mutation { addSystem(code: "pb", name: "又一个") { code } }`, nil, "conflict", "code"},
		{"RemoveBuiltinSystem", `mutation { removeSystem(code: "CRM") }`, nil, "invalid", "code"},
		{"RemoveUnknownSystem", `mutation { removeSystem(code: "ERP") }`, nil, "not_found", ""},
		{"RoleUnknownSystem", `mutation { createSystemRole(input: {name: "错", systems: ["ERP"]}) { id } }`, nil, "invalid", "systems"},
		{"RoleWithoutSystems", `mutation { createSystemRole(input: {name: "空", systems: []}) { id } }`, nil, "invalid", "systems"},
		{"RoleEmptyName", `mutation { createSystemRole(input: {name: " ", systems: [OA]}) { id } }`, nil, "invalid", "name"},
		{"RoleNameTaken", `mutation($n: String!) { createSystemRole(input: {name: $n, systems: [OA]}) { id } }`, map[string]any{"n": directory.DefaultSystemRoleName}, "conflict", "name"},
		{"UpdateRoleNoSystems", `mutation($r: ID!) { updateSystemRole(id: $r, input: {systems: []}) { id } }`, map[string]any{"r": id(roles[0].ID)}, "invalid", "systems"},
		{"UpdateRoleUnknown", `mutation { updateSystemRole(id: "999999", input: {allowWeChat: false}) { id } }`, nil, "not_found", ""},
		{"AssignUnknownRole", `mutation($e: ID!) { assignSystemRoles(employeeId: $e, roleIds: ["999999"]) { id } }`, map[string]any{"e": e}, "invalid", "roleIds"},
		{"AssignUnknownEmployee", `mutation($r: ID!) { assignSystemRoles(employeeId: "999999", roleIds: [$r]) { id } }`, map[string]any{"r": id(roles[0].ID)}, "not_found", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := fingerprint(t, env, tn)
			wantError(t, env.GraphQL(t, admin, c.query, c.vars), c.code, c.field)
			if after := fingerprint(t, env, tn); after != before {
				t.Errorf("a refused call wrote:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestSystemsAndRoles: what an admin does to systems and roles through GraphQL is what the API-key check and the
// WeChat gate then enforce.
func TestSystemsAndRoles(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "systems")
	ctx := tn.Ctx()
	admin := env.Token(t, tn, tn.Admin)

	type system struct {
		Code               string
		Enabled, HasAPIKey bool
	}
	systems := func() []system {
		t.Helper()
		var out struct{ Systems []system }
		gql(t, env, admin, `{ systems { code enabled hasApiKey } }`, nil, &out)
		return out.Systems
	}
	if diff := cmp.Diff([]system{{"OA", true, false}, {"PB", true, false}, {"CRM", true, false}}, systems()); diff != "" {
		t.Errorf("systems (-want +got):\n%s", diff)
	}

	t.Run("APIKeys", func(t *testing.T) {
		rotate := func() string {
			t.Helper()
			var out struct{ RotateSystemAPIKey string }
			gql(t, env, admin, `mutation { rotateSystemApiKey(code: PB) }`, nil, &out)
			return out.RotateSystemAPIKey
		}
		k1 := rotate()
		if _, err := env.Directory.SystemByAPIKey(context.Background(), k1); err != nil {
			t.Fatalf("the rotated key %q is refused: %v", k1, err)
		}
		k2 := rotate()
		if _, err := env.Directory.SystemByAPIKey(context.Background(), k1); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("the previous key after a rotation: %v, want unauthenticated", err)
		}
		if s := systems(); !s[1].HasAPIKey || s[0].HasAPIKey {
			t.Errorf("systems after rotation = %+v", s)
		}
		var off struct{ SetSystemEnabled system }
		gql(t, env, admin, `mutation { setSystemEnabled(code: PB, enabled: false) { code enabled hasApiKey } }`, nil, &off)
		if off.SetSystemEnabled.Enabled {
			t.Error("PB still enabled")
		}
		if _, err := env.Directory.SystemByAPIKey(context.Background(), k2); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("the key of a disabled system: %v, want forbidden", err)
		}
	})

	t.Run("RolesAndTheWeChatGate", func(t *testing.T) {
		type role struct {
			ID, Name               string
			AllowWeChat, IsDefault bool
			Systems                []string
		}
		var list struct{ SystemRoles []role }
		gql(t, env, admin, `{ systemRoles { id name allowWeChat isDefault systems } }`, nil, &list)
		if len(list.SystemRoles) != 1 || !list.SystemRoles[0].IsDefault || !list.SystemRoles[0].AllowWeChat ||
			!cmp.Equal(list.SystemRoles[0].Systems, []string{"OA"}) {
			t.Fatalf("roles = %+v, want the default role alone", list.SystemRoles)
		}
		var created struct{ CreateSystemRole role }
		gql(t, env, admin, `mutation { createSystemRole(input: {name: " 外勤 ", systems: [CRM, OA, OA], allowWeChat: false}) { id name allowWeChat isDefault systems } }`, nil, &created)
		r := created.CreateSystemRole
		if r.Name != "外勤" || r.AllowWeChat || r.IsDefault || !cmp.Equal(r.Systems, []string{"OA", "CRM"}) {
			t.Errorf("created = %+v", r)
		}
		sender := apptest.ID(tn.Sender.EmployeeID)
		gate := func() error { return env.Directory.WeChatAccess(ctx, tn.Sender.EmployeeID, directory.SystemOA) }
		if err := gate(); err != nil {
			t.Fatalf("the sender's default role does not pass the gate: %v", err)
		}

		var assigned struct{ AssignSystemRoles []role }
		gql(t, env, admin, `mutation($e: ID!, $r: ID!) { assignSystemRoles(employeeId: $e, roleIds: [$r, $r]) { name } }`,
			map[string]any{"e": sender, "r": r.ID}, &assigned)
		var detail struct {
			Employee struct{ SystemRoles []role }
		}
		gql(t, env, admin, `query($e: ID!) { employee(id: $e) { systemRoles { name } } }`, map[string]any{"e": sender}, &detail)
		if len(assigned.AssignSystemRoles) != 1 || len(detail.Employee.SystemRoles) != 1 || detail.Employee.SystemRoles[0].Name != "外勤" {
			t.Errorf("assigned %+v, detail %+v", assigned.AssignSystemRoles, detail.Employee.SystemRoles)
		}
		if err := gate(); !errors.Is(err, directory.ErrWeChatNotAllowed) || !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("gate with a role without WeChat: %v, want forbidden ErrWeChatNotAllowed", err)
		}

		var updated struct{ UpdateSystemRole role }
		gql(t, env, admin, `mutation($r: ID!) { updateSystemRole(id: $r, input: {allowWeChat: true}) { name allowWeChat systems } }`,
			map[string]any{"r": r.ID}, &updated)
		if u := updated.UpdateSystemRole; !u.AllowWeChat || u.Name != "外勤" || !cmp.Equal(u.Systems, []string{"OA", "CRM"}) {
			t.Errorf("updated = %+v: an omitted field changed", u)
		}
		if err := gate(); err != nil {
			t.Errorf("gate after allowing WeChat: %v", err)
		}

		gql(t, env, admin, `mutation($e: ID!) { assignSystemRoles(employeeId: $e, roleIds: []) { name } }`, map[string]any{"e": sender}, &assigned)
		if err := gate(); len(assigned.AssignSystemRoles) != 0 || !errors.Is(err, directory.ErrNoSystemRole) {
			t.Errorf("after removing every role: roles %+v, gate %v, want ErrNoSystemRole", assigned.AssignSystemRoles, err)
		}
	})
}

// TestExternalContacts: members read the tenant's external contacts, all or one follower's, and one in detail.
func TestExternalContacts(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "contacts")
	other := env.Tenant(t, "contacts-other")
	ctx := tn.Ctx()
	corp, remark := "甲公司", " 老客户 "
	upsert := func(ctx context.Context, c directory.ExternalContact) {
		t.Helper()
		if _, err := env.Directory.UpsertExternalContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	upsert(ctx, directory.ExternalContact{ExternalUserID: "wm-wang", Name: "王总", Type: directory.ContactWeCom, CorpName: &corp,
		Gender: directory.GenderMale, Followers: []directory.ExternalFollower{{EmployeeID: tn.Sender.EmployeeID, Remark: &remark}}})
	upsert(ctx, directory.ExternalContact{ExternalUserID: "wm-li", Name: "李女士", Type: directory.ContactWeChat, Gender: directory.GenderFemale,
		Followers: []directory.ExternalFollower{{EmployeeID: tn.Approver.EmployeeID}, {EmployeeID: tn.Sender.EmployeeID}}})
	upsert(other.Ctx(), directory.ExternalContact{ExternalUserID: "wm-other", Name: "别家客户", Type: directory.ContactWeChat})
	member := env.Token(t, tn, tn.Approver)

	list := func(vars map[string]any) ([]string, bool, string) {
		t.Helper()
		var out struct {
			ExternalContacts struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   *string
				}
				Nodes []struct{ Name string }
			}
		}
		gql(t, env, member, `query($f: ID, $first: Int, $after: String) { externalContacts(followerId: $f, first: $first, after: $after) {
			totalCount pageInfo { hasNextPage endCursor } nodes { name } } }`, vars, &out)
		names := []string{}
		for _, n := range out.ExternalContacts.Nodes {
			names = append(names, n.Name)
		}
		end := ""
		if out.ExternalContacts.PageInfo.EndCursor != nil {
			end = *out.ExternalContacts.PageInfo.EndCursor
		}
		return names, out.ExternalContacts.PageInfo.HasNextPage, end
	}
	if names, _, _ := list(nil); !cmp.Equal(names, []string{"李女士", "王总"}) {
		t.Errorf("all contacts = %v", names)
	}
	if names, _, _ := list(map[string]any{"f": apptest.ID(tn.Approver.EmployeeID)}); !cmp.Equal(names, []string{"李女士"}) {
		t.Errorf("the approver's contacts = %v", names)
	}
	first, more, end := list(map[string]any{"first": 1})
	second, more2, _ := list(map[string]any{"first": 1, "after": end})
	if !cmp.Equal(first, []string{"李女士"}) || !more || !cmp.Equal(second, []string{"王总"}) || more2 {
		t.Errorf("pages %v (more %v), %v (more %v)", first, more, second, more2)
	}

	var out struct {
		ExternalContact struct {
			ExternalUserID, Name, Type, Gender string
			CorpName                           *string
			Followers                          []struct {
				Employee struct{ Name string }
				Remark   *string
			}
		}
	}
	gql(t, env, member, `{ externalContact(externalUserId: "wm-wang") { externalUserId name type gender corpName followers { employee { name } remark } } }`, nil, &out)
	c := out.ExternalContact
	if c.Name != "王总" || c.Type != "WECOM" || c.Gender != "MALE" || c.CorpName == nil || *c.CorpName != "甲公司" ||
		len(c.Followers) != 1 || c.Followers[0].Employee.Name != tn.Sender.Name || *c.Followers[0].Remark != "老客户" {
		t.Errorf("detail = %+v", c)
	}
	wantError(t, env.GraphQL(t, member, `{ externalContact(externalUserId: "wm-other") { name } }`, nil), "not_found", "")
}
