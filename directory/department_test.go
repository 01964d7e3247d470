package directory_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

func (e *env) mustDept(t *testing.T, name string, parent *directory.Department, sortOrder int) directory.Department {
	t.Helper()
	var pid *uint64
	if parent != nil {
		pid = &parent.ID
	}
	d, err := e.dir.CreateDepartment(e.ctx, name, pid, sortOrder)
	if err != nil {
		t.Fatalf("create department %s: %v", name, err)
	}
	return d
}

func (e *env) mustSetDepts(t *testing.T, emp directory.Employee, main uint64, depts ...uint64) {
	t.Helper()
	if err := e.dir.SetEmployeeDepartments(e.ctx, emp.ID, depts, main); err != nil {
		t.Fatalf("set departments of %s: %v", emp.Name, err)
	}
}

func wantField(t *testing.T, err error, code apperr.Code, field string) {
	t.Helper()
	if ae := wantCode(t, err, code); ae.Field != field {
		t.Errorf("field = %q, want %q (err %v)", ae.Field, field, err)
	}
}

func TestCreateDepartment(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	gy := e.mustDept(t, "广研", nil, 0)
	foreign := other.mustDept(t, "外企", nil, 0)

	t.Run("OK", func(t *testing.T) {
		d, err := e.dir.CreateDepartment(e.ctx, " 产品中心 ", &gy.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		if d.ID == 0 || d.TenantID != e.tenant.ID || d.Name != "产品中心" || d.ParentID == nil || *d.ParentID != gy.ID || d.SortOrder != 3 {
			t.Errorf("department = %+v", d)
		}
	})
	t.Run("SameNameUnderAnotherParent", func(t *testing.T) {
		sz := e.mustDept(t, "深研", nil, 0)
		if _, err := e.dir.CreateDepartment(e.ctx, "产品中心", &sz.ID, 0); err != nil {
			t.Errorf("same name under another parent refused: %v", err)
		}
	})
	t.Run("SameRootNameOtherTenant", func(t *testing.T) {
		if _, err := other.dir.CreateDepartment(other.ctx, "广研", nil, 0); err != nil {
			t.Errorf("root name of another tenant refused: %v", err)
		}
	})
	t.Run("ErrSiblingNameTaken", func(t *testing.T) {
		_, err := e.dir.CreateDepartment(e.ctx, "产品中心", &gy.ID, 0)
		wantField(t, err, apperr.Conflict, "name")
	})
	t.Run("ErrRootNameTaken", func(t *testing.T) {
		// parent_id is NULL for roots, so the unique key cannot catch this: the store must.
		_, err := e.dir.CreateDepartment(e.ctx, "广研", nil, 0)
		wantField(t, err, apperr.Conflict, "name")
	})
	t.Run("ErrUnknownParent", func(t *testing.T) {
		for _, pid := range []uint64{987654321, foreign.ID} {
			_, err := e.dir.CreateDepartment(e.ctx, "新部门", &pid, 0)
			wantField(t, err, apperr.Invalid, "parentId")
		}
	})
	t.Run("ErrInvalidName", func(t *testing.T) {
		for _, name := range []string{"", "  ", "广研/产品", string(make([]rune, 65))} {
			_, err := e.dir.CreateDepartment(e.ctx, name, nil, 0)
			wantField(t, err, apperr.Invalid, "name")
		}
	})
}

func TestRenameMoveDepartment(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	a := e.mustDept(t, "A", nil, 0)
	b := e.mustDept(t, "B", &a, 0)
	c := e.mustDept(t, "C", &b, 0)
	x := e.mustDept(t, "X", nil, 0)
	e.mustDept(t, "C", &x, 0)

	t.Run("Rename", func(t *testing.T) {
		d, err := e.dir.RenameDepartment(e.ctx, c.ID, "C2")
		if err != nil || d.Name != "C2" {
			t.Fatalf("rename = %+v, %v", d, err)
		}
		if _, err := e.dir.RenameDepartment(e.ctx, c.ID, "C2"); err != nil {
			t.Errorf("renaming to its own name: %v", err)
		}
		_, err = e.dir.RenameDepartment(e.ctx, x.ID, "A")
		wantField(t, err, apperr.Conflict, "name")
		_, err = e.dir.RenameDepartment(e.ctx, x.ID, "")
		wantField(t, err, apperr.Invalid, "name")
		_, err = other.dir.RenameDepartment(other.ctx, a.ID, "stolen")
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("ErrCycle", func(t *testing.T) {
		for _, parent := range []uint64{a.ID, b.ID, c.ID} {
			_, err := e.dir.MoveDepartment(e.ctx, a.ID, &parent)
			wantField(t, err, apperr.Invalid, "parentId")
		}
	})
	t.Run("ErrUnknownParent", func(t *testing.T) {
		pid := uint64(987654321)
		_, err := e.dir.MoveDepartment(e.ctx, c.ID, &pid)
		wantField(t, err, apperr.Invalid, "parentId")
	})
	t.Run("ErrNameTakenAtDestination", func(t *testing.T) {
		if _, err := e.dir.RenameDepartment(e.ctx, c.ID, "C"); err != nil {
			t.Fatal(err)
		}
		_, err := e.dir.MoveDepartment(e.ctx, c.ID, &x.ID)
		wantField(t, err, apperr.Conflict, "name")
	})
	t.Run("MoveToRootAndBack", func(t *testing.T) {
		d, err := e.dir.MoveDepartment(e.ctx, b.ID, nil)
		if err != nil || d.ParentID != nil {
			t.Fatalf("move to root = %+v, %v", d, err)
		}
		// A is no longer above B, so A may now go under C (which is under B).
		d, err = e.dir.MoveDepartment(e.ctx, a.ID, &c.ID)
		if err != nil || d.ParentID == nil || *d.ParentID != c.ID {
			t.Fatalf("move = %+v, %v", d, err)
		}
		_, err = e.dir.MoveDepartment(e.ctx, b.ID, &a.ID)
		wantField(t, err, apperr.Invalid, "parentId")
	})
	t.Run("SortOrder", func(t *testing.T) {
		d, err := e.dir.SetDepartmentSortOrder(e.ctx, x.ID, -5)
		if err != nil || d.SortOrder != -5 {
			t.Fatalf("sort order = %+v, %v", d, err)
		}
	})
}

func TestDeleteDepartment(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	parent := e.mustDept(t, "父", nil, 0)
	child := e.mustDept(t, "子", &parent, 0)
	staffed := e.mustDept(t, "有人", nil, 0)
	history := e.mustDept(t, "历史", nil, 0)
	active, _ := e.mustEmployee(t, "在职", "active1")
	frozen, _ := e.mustEmployee(t, "冻结", "frozen1")
	gone, _ := e.mustEmployee(t, "离职", "gone1")
	e.mustSetDepts(t, active, 0, staffed.ID)
	e.mustSetDepts(t, frozen, 0, history.ID)
	e.mustSetDepts(t, gone, history.ID, history.ID, staffed.ID)
	e.setStatus(t, frozen.ID, directory.StatusFrozen)
	e.setStatus(t, gone.ID, directory.StatusResigned)

	t.Run("ErrHasSubDepartments", func(t *testing.T) {
		wantCode(t, e.dir.DeleteDepartment(e.ctx, parent.ID), apperr.Conflict)
	})
	t.Run("ErrHasMembers", func(t *testing.T) {
		wantCode(t, e.dir.DeleteDepartment(e.ctx, staffed.ID), apperr.Conflict)
	})
	t.Run("ErrFrozenMemberCounts", func(t *testing.T) {
		wantCode(t, e.dir.DeleteDepartment(e.ctx, history.ID), apperr.Conflict)
	})
	t.Run("ResignedMembersGoWithIt", func(t *testing.T) {
		e.mustSetDepts(t, frozen, 0)
		if err := e.dir.DeleteDepartment(e.ctx, history.ID); err != nil {
			t.Fatal(err)
		}
		// The resigned employee's membership here went with it; their other department became their main one.
		got, err := e.dir.DepartmentsOf(e.ctx, []uint64{gone.ID})
		if ds := got[gone.ID]; err != nil || len(ds) != 1 || ds[0].ID != staffed.ID || !ds[0].IsMain {
			t.Errorf("resigned employee's memberships after delete: %+v, %v; want 有人 as main", got, err)
		}
	})
	t.Run("ErrOtherTenant", func(t *testing.T) {
		wantCode(t, other.dir.DeleteDepartment(other.ctx, child.ID), apperr.NotFound)
	})
	t.Run("OK", func(t *testing.T) {
		if err := e.dir.DeleteDepartment(e.ctx, child.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.dir.DeleteDepartment(e.ctx, parent.ID); err != nil {
			t.Fatal(err)
		}
		_, err := e.dir.Department(e.ctx, parent.ID)
		wantCode(t, err, apperr.NotFound)
		wantCode(t, e.dir.DeleteDepartment(e.ctx, parent.ID), apperr.NotFound)
	})
}

// treeShape is a department tree reduced to names and counts, for comparison.
type treeShape struct {
	Name          string
	Direct, Total int
	Children      []treeShape
}

func shape(nodes []directory.DepartmentNode) []treeShape {
	out := []treeShape{}
	for _, n := range nodes {
		out = append(out, treeShape{Name: n.Name, Direct: n.MemberCount, Total: n.TotalMemberCount, Children: shape(n.Children)})
	}
	return out
}

func TestDepartmentTree(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	gy := e.mustDept(t, "广研", nil, 2)
	sz := e.mustDept(t, "深研", nil, 1)
	pc := e.mustDept(t, "产品中心", &gy, 0)
	rd := e.mustDept(t, "研发中心", &gy, 0)
	app := e.mustDept(t, "App 组", &rd, 0)
	other.mustDept(t, "别人的部门", nil, 0)

	ann, _ := e.mustEmployee(t, "Ann", "ann")
	ben, _ := e.mustEmployee(t, "Ben", "ben")
	cat, _ := e.mustEmployee(t, "Cat", "cat")
	e.mustSetDepts(t, ann, 0, pc.ID, app.ID) // counted once in 广研's total
	e.mustSetDepts(t, ben, 0, rd.ID)
	e.mustSetDepts(t, cat, 0, sz.ID, app.ID)
	e.setStatus(t, cat.ID, directory.StatusResigned) // not counted anywhere

	tree, err := e.dir.DepartmentTree(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []treeShape{
		{Name: "深研", Children: []treeShape{}},
		{Name: "广研", Total: 2, Children: []treeShape{
			{Name: "产品中心", Direct: 1, Total: 1, Children: []treeShape{}},
			{Name: "研发中心", Direct: 1, Total: 2, Children: []treeShape{
				{Name: "App 组", Direct: 1, Total: 1, Children: []treeShape{}},
			}},
		}},
	}
	if diff := cmp.Diff(want, shape(tree)); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
	empty, err := other.dir.DepartmentTree(other.ctx)
	if err != nil || len(empty) != 1 || empty[0].Name != "别人的部门" {
		t.Errorf("other tenant's tree = %+v, %v", empty, err)
	}
}

func TestSetEmployeeDepartments(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	d1 := e.mustDept(t, "一部", nil, 0)
	d2 := e.mustDept(t, "二部", nil, 0)
	d3 := e.mustDept(t, "三部", nil, 0)
	foreign := other.mustDept(t, "外部", nil, 0)
	emp, _ := e.mustEmployee(t, "张三", "zhangsan")
	stranger, _ := other.mustEmployee(t, "李四", "lisi")

	type got struct {
		ID             uint64
		Main, IsLeader bool
	}
	memberships := func(t *testing.T) []got {
		t.Helper()
		m, err := e.dir.DepartmentsOf(e.ctx, []uint64{emp.ID})
		if err != nil {
			t.Fatal(err)
		}
		out := []got{}
		for _, d := range m[emp.ID] {
			out = append(out, got{d.ID, d.IsMain, d.IsLeader})
		}
		return out
	}

	t.Run("MainDefaultsToFirst", func(t *testing.T) {
		e.mustSetDepts(t, emp, 0, d2.ID, d1.ID, d2.ID)
		// Main first, then by name: 一部 < 二部 in byte order.
		if diff := cmp.Diff([]got{{d2.ID, true, false}, {d1.ID, false, false}}, memberships(t)); diff != "" {
			t.Errorf("memberships (-want +got):\n%s", diff)
		}
	})
	t.Run("ReplaceKeepsLeaderFlag", func(t *testing.T) {
		if err := e.dir.SetDepartmentLeader(e.ctx, d1.ID, emp.ID, true); err != nil {
			t.Fatal(err)
		}
		e.mustSetDepts(t, emp, d3.ID, d1.ID, d3.ID)
		if diff := cmp.Diff([]got{{d3.ID, true, false}, {d1.ID, false, true}}, memberships(t)); diff != "" {
			t.Errorf("memberships (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrLeaderOfOtherDepartment", func(t *testing.T) {
		wantCode(t, e.dir.SetDepartmentLeader(e.ctx, d2.ID, emp.ID, true), apperr.NotFound)
		if err := e.dir.SetDepartmentLeader(e.ctx, d1.ID, emp.ID, true); err != nil {
			t.Errorf("setting a flag already set: %v", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		before := memberships(t)
		for _, tc := range []struct {
			name  string
			depts []uint64
			main  uint64
			field string
		}{
			{"UnknownDepartment", []uint64{d1.ID, 987654321}, 0, "departmentIds"},
			{"OtherTenantsDepartment", []uint64{foreign.ID}, 0, "departmentIds"},
			{"MainNotAmongThem", []uint64{d1.ID}, d2.ID, "mainDepartmentId"},
			{"MainWithoutDepartments", nil, d1.ID, "mainDepartmentId"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantField(t, e.dir.SetEmployeeDepartments(e.ctx, emp.ID, tc.depts, tc.main), apperr.Invalid, tc.field)
			})
		}
		if diff := cmp.Diff(before, memberships(t)); diff != "" {
			t.Errorf("a refused call changed memberships (-before +after):\n%s", diff)
		}
	})
	t.Run("ErrOtherTenantsEmployee", func(t *testing.T) {
		wantCode(t, e.dir.SetEmployeeDepartments(e.ctx, stranger.ID, []uint64{d1.ID}, 0), apperr.NotFound)
	})
	t.Run("EmptyRemovesAll", func(t *testing.T) {
		e.mustSetDepts(t, emp, 0)
		if got := memberships(t); len(got) != 0 {
			t.Errorf("memberships after clearing: %v", got)
		}
	})
}

func TestDepartmentMemberIDs(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	root := e.mustDept(t, "总部", nil, 0)
	mid := e.mustDept(t, "中层", &root, 0)
	leaf := e.mustDept(t, "基层", &mid, 0)
	side := e.mustDept(t, "旁支", nil, 0)
	empty := e.mustDept(t, "空部门", nil, 0)
	foreign := other.mustDept(t, "外部", nil, 0)

	emp := func(name, login string, depts ...uint64) uint64 {
		x, _ := e.mustEmployee(t, name, login)
		e.mustSetDepts(t, x, 0, depts...)
		return x.ID
	}
	boss := emp("老板", "boss", root.ID)
	manager := emp("经理", "manager", mid.ID, side.ID)
	worker := emp("员工", "worker", leaf.ID)
	twice := emp("兼职", "twice", leaf.ID, side.ID)
	frozen := emp("冻结", "frozen", leaf.ID)
	resigned := emp("离职", "resigned", mid.ID)
	e.setStatus(t, frozen, directory.StatusFrozen)
	e.setStatus(t, resigned, directory.StatusResigned)
	stranger, _ := other.mustEmployee(t, "外人", "stranger")
	other.mustSetDepts(t, stranger, 0, foreign.ID)

	sorted := func(ids ...uint64) []uint64 { return slices.Sorted(slices.Values(ids)) }
	for _, tc := range []struct {
		name  string
		depts []uint64
		want  []uint64
	}{
		{"WholeTree", []uint64{root.ID}, sorted(boss, manager, worker, twice)},
		{"Subtree", []uint64{mid.ID}, sorted(manager, worker, twice)},
		{"Leaf", []uint64{leaf.ID}, sorted(worker, twice)},
		{"OverlapCountedOnce", []uint64{leaf.ID, side.ID, leaf.ID}, sorted(manager, worker, twice)},
		{"EmptyDepartment", []uint64{empty.ID}, []uint64{}},
		{"NoDepartments", nil, []uint64{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := e.dir.DepartmentMemberIDs(e.ctx, tc.depts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("ErrUnknown", func(t *testing.T) {
		for _, ids := range [][]uint64{{root.ID, 987654321}, {foreign.ID}, {0}} {
			_, err := e.dir.DepartmentMemberIDs(e.ctx, ids)
			wantField(t, err, apperr.Invalid, "departmentIds")
		}
	})
	t.Run("OtherTenant", func(t *testing.T) {
		got, err := other.dir.DepartmentMemberIDs(other.ctx, []uint64{foreign.ID})
		if err != nil || !cmp.Equal([]uint64{stranger.ID}, got) {
			t.Errorf("other tenant's members = %v, %v", got, err)
		}
	})
}
