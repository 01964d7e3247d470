package directory_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

// TestCreateStaff: an admin's new employee gets the login as WeCom userid, a one-time password that signs in and
// must be changed, the departments asked for; every refusal names its field and writes nothing.
func TestCreateStaff(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	dept, err := e.dir.CreateDepartment(e.ctx, "产品中心", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	branch, err := e.dir.CreateBranch(e.ctx, "广州分公司")
	if err != nil {
		t.Fatal(err)
	}
	d, password, err := e.dir.CreateStaff(e.ctx, directory.NewEmployee{
		Employee: directory.Employee{Name: " 王小明 ", Mobile: ptr("+86 13800001111"), EmployeeNo: ptr(" E001 "), BranchID: &branch.ID,
			Position: ptr("产品经理/项目经理")},
		Login: "WangXM", DepartmentIDs: []uint64{dept.ID},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "王小明" || *d.WeComUserID != "wangxm" || *d.Mobile != "13800001111" || *d.EmployeeNo != "E001" ||
		d.Branch == nil || d.Branch.Name != "广州分公司" || len(d.Departments) != 1 || !d.Departments[0].IsMain ||
		!d.MustChangePassword || d.Login != "WangXM" {
		t.Errorf("created = %+v", d)
	}
	acct, err := e.dir.Authenticate(e.ctx, "WangXM", password)
	if err != nil || !acct.MustChangePassword {
		t.Errorf("one-time password: %+v, %v", acct, err)
	}
	if _, err := other.dir.Authenticate(other.ctx, "WangXM", password); err == nil {
		t.Error("the password signs in on another tenant")
	}

	count := func() int {
		page, err := e.dir.SearchEmployees(e.ctx, directory.SearchInput{IncludeInactive: true, ViewerRole: directory.RoleAdmin, First: 100})
		if err != nil {
			t.Fatal(err)
		}
		return page.TotalCount
	}
	before := count()
	for _, tc := range []struct {
		name  string
		in    directory.NewEmployee
		code  apperr.Code
		field string
	}{
		{"NoMobileNorEmail", directory.NewEmployee{Employee: directory.Employee{Name: "甲"}, Login: "jia"}, apperr.Invalid, "mobile"},
		{"BadMobile", directory.NewEmployee{Employee: directory.Employee{Name: "甲", Mobile: ptr("138-abc")}, Login: "jia"}, apperr.Invalid, "mobile"},
		{"BadWeComUserID", directory.NewEmployee{Employee: directory.Employee{Name: "甲", Email: ptr("jia@example.com"), WeComUserID: ptr("-jia")}, Login: "jia"}, apperr.Invalid, "wecomUserId"},
		{"BadLogin", directory.NewEmployee{Employee: directory.Employee{Name: "甲", Email: ptr("jia@example.com")}, Login: "甲"}, apperr.Invalid, "login"},
		{"UnknownBranch", directory.NewEmployee{Employee: directory.Employee{Name: "甲", Email: ptr("jia@example.com"), BranchID: ptr(uint64(999999))}, Login: "jia"}, apperr.Invalid, "branchId"},
		{"UnknownDepartment", directory.NewEmployee{Employee: directory.Employee{Name: "甲", Email: ptr("jia@example.com")}, Login: "jia", DepartmentIDs: []uint64{999999}}, apperr.Invalid, "departmentIds"},
		{"MainNotAmongThem", directory.NewEmployee{Employee: directory.Employee{Name: "甲", Email: ptr("jia@example.com")}, Login: "jia", DepartmentIDs: []uint64{dept.ID}, MainDepartmentID: 999999}, apperr.Invalid, "mainDepartmentId"},
		{"MobileTaken", directory.NewEmployee{Employee: directory.Employee{Name: "甲", Mobile: ptr("13800001111")}, Login: "jia"}, apperr.Conflict, "mobile"},
		{"EmployeeNoTaken", directory.NewEmployee{Employee: directory.Employee{Name: "甲", Email: ptr("jia@example.com"), EmployeeNo: ptr("E001")}, Login: "jia"}, apperr.Conflict, "employeeNo"},
		{"LoginTaken", directory.NewEmployee{Employee: directory.Employee{Name: "甲", Email: ptr("jia@example.com"), WeComUserID: ptr("jia")}, Login: "WangXM"}, apperr.Conflict, "login"},
		{"WeComUserIDTaken", directory.NewEmployee{Employee: directory.Employee{Name: "甲", Email: ptr("jia@example.com"), WeComUserID: ptr("WANGXM")}, Login: "jia"}, apperr.Conflict, "wecomUserId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := e.dir.CreateStaff(e.ctx, tc.in)
			wantField(t, err, tc.code, tc.field)
		})
	}
	if n := count(); n != before {
		t.Errorf("refused creations left %d employees, want %d", n, before)
	}
	// The same mobile and number are free in another tenant.
	if _, _, err := other.dir.CreateStaff(other.ctx, directory.NewEmployee{
		Employee: directory.Employee{Name: "别家", Mobile: ptr("13800001111"), EmployeeNo: ptr("E001")}, Login: "wangxm"}); err != nil {
		t.Errorf("another tenant's employee with the same mobile: %v", err)
	}
}

// TestStaffLifecycle: update, freeze (sessions end), refusals per row, resign, reinstate, a password reset, and
// the staff search's filters.
func TestStaffLifecycle(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	admin, _ := e.mustEmployee(t, "管理员", "boss")
	d, _, err := e.dir.CreateStaff(e.ctx, directory.NewEmployee{
		Employee: directory.Employee{Name: "李四", Email: ptr("lisi@example.com")}, Login: "lisi"})
	if err != nil {
		t.Fatal(err)
	}
	branch, err := e.dir.CreateBranch(e.ctx, "深圳分公司")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("Update", func(t *testing.T) {
		got, err := e.dir.UpdateStaff(e.ctx, d.ID, directory.StaffPatch{Mobile: ptr("0086 13900002222"), EmployeeNo: ptr("E9"),
			BranchID: &branch.ID, Position: ptr("工程师")})
		if err != nil {
			t.Fatal(err)
		}
		if *got.Mobile != "13900002222" || *got.EmployeeNo != "E9" || got.Branch == nil || *got.Position != "工程师" || got.Name != "李四" {
			t.Errorf("updated = %+v", got)
		}
		_, err = e.dir.UpdateStaff(e.ctx, d.ID, directory.StaffPatch{Mobile: ptr(""), Email: ptr("")})
		wantField(t, err, apperr.Invalid, "mobile")
		wantField(t, e.dir.DeleteBranch(e.ctx, branch.ID), apperr.Conflict, "")
		none := uint64(0)
		if got, err := e.dir.UpdateStaff(e.ctx, d.ID, directory.StaffPatch{BranchID: &none}); err != nil || got.Branch != nil {
			t.Errorf("branch cleared: %+v, %v", got.Branch, err)
		}
		if err := e.dir.DeleteBranch(e.ctx, branch.ID); err != nil {
			t.Errorf("deleting the branch nobody carries: %v", err)
		}
		_, err = e.dir.UpdateStaff(e.ctx, 999999, directory.StaffPatch{Name: ptr("x")})
		wantCode(t, err, apperr.NotFound)
	})

	acct, err := e.dir.AccountByEmployee(e.ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("FreezeEndsSessions", func(t *testing.T) {
		res, err := e.dir.ChangeStanding(e.ctx, admin.ID, []uint64{d.ID, admin.ID, 999999}, directory.ActionFreeze)
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Err != nil || res[1].Err == nil || res[2].Err == nil || !apperr.Is(res[2].Err, apperr.NotFound) {
			t.Errorf("results = %+v: want the employee frozen, the admin refused, the unknown not_found", res)
		}
		after, _ := e.dir.Account(e.ctx, acct.ID)
		if after.TokenVersion != acct.TokenVersion+1 {
			t.Errorf("token version %d, want %d (sessions end)", after.TokenVersion, acct.TokenVersion+1)
		}
		if me, _ := e.dir.Employee(e.ctx, admin.ID); me.Status != directory.StatusActive {
			t.Errorf("the admin froze themselves: %s", me.Status)
		}
		if err := e.dir.WeChatAccess(e.ctx, d.ID, directory.SystemOA); !errors.Is(err, directory.ErrFrozen) {
			t.Errorf("frozen over WeChat: %v", err)
		}
	})
	t.Run("Transitions", func(t *testing.T) {
		for _, step := range []struct {
			action directory.StaffAction
			ok     bool
			want   directory.Status
		}{
			{directory.ActionFreeze, false, directory.StatusFrozen},
			{directory.ActionUnfreeze, true, directory.StatusActive},
			{directory.ActionReinstate, false, directory.StatusActive},
			{directory.ActionResign, true, directory.StatusResigned},
			{directory.ActionResign, false, directory.StatusResigned},
			{directory.ActionReinstate, true, directory.StatusActive},
		} {
			res, err := e.dir.ChangeStanding(e.ctx, admin.ID, []uint64{d.ID}, step.action)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := e.dir.Employee(e.ctx, d.ID)
			if (res[0].Err == nil) != step.ok || got.Status != step.want {
				t.Errorf("%s: err %v, status %s; want ok=%v, %s", step.action, res[0].Err, got.Status, step.ok, step.want)
			}
		}
		_, err := e.dir.ChangeStanding(e.ctx, admin.ID, nil, directory.ActionFreeze)
		wantField(t, err, apperr.Invalid, "ids")
		_, err = e.dir.ChangeStanding(e.ctx, admin.ID, []uint64{d.ID}, "fire")
		wantField(t, err, apperr.Invalid, "action")
	})
	t.Run("ResetPassword", func(t *testing.T) {
		before, _ := e.dir.Account(e.ctx, acct.ID)
		pw, err := e.dir.ResetPassword(e.ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		a, err := e.dir.Authenticate(e.ctx, "lisi", pw)
		if err != nil || !a.MustChangePassword || a.TokenVersion != before.TokenVersion+1 {
			t.Errorf("after reset: %+v, %v", a, err)
		}
		_, err = e.dir.ResetPassword(e.ctx, 999999)
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("SearchFilters", func(t *testing.T) {
		if _, err := e.dir.ChangeStanding(e.ctx, admin.ID, []uint64{d.ID}, directory.ActionFreeze); err != nil {
			t.Fatal(err)
		}
		if _, err := e.dir.SetWeComStatus(e.ctx, "lisi", directory.WeComNotJoined, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			in   directory.SearchInput
			want []string
		}{
			{"Frozen", directory.SearchInput{Statuses: []directory.Status{directory.StatusFrozen}}, []string{"李四"}},
			{"Active", directory.SearchInput{Statuses: []directory.Status{directory.StatusActive}}, []string{"管理员"}},
			{"NotJoined", directory.SearchInput{WeComStatuses: []directory.WeComStatus{directory.WeComNotJoined}}, []string{"李四"}},
			{"EmployeeNo", directory.SearchInput{Query: "E9"}, []string{"李四"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := tc.in
				in.IncludeInactive, in.ViewerRole, in.First = true, directory.RoleAdmin, 100
				page, err := e.dir.SearchEmployees(e.ctx, in)
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, p := range page.Employees {
					names = append(names, p.Name)
				}
				if strings.Join(names, ",") != strings.Join(tc.want, ",") {
					t.Errorf("found %v, want %v", names, tc.want)
				}
			})
		}
	})
}

// TestCreateStaffBatch: a batch creates the good items in one go, with their departments (main first), the
// default role and the hidden password, and refuses the others each with its field: another employee's value,
// an earlier item's, a broken rule.
func TestCreateStaffBatch(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	dept, err := e.dir.CreateDepartment(e.ctx, "一组", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.dir.CreateStaff(e.ctx, directory.NewEmployee{Employee: directory.Employee{Name: "在职", Mobile: ptr("13800000031")}, Login: "taken"}); err != nil {
		t.Fatal(err)
	}
	hidden, err := directory.NewHiddenPassword()
	if err != nil {
		t.Fatal(err)
	}
	emp := func(name, login, mobile string, depts ...uint64) directory.NewEmployee {
		return directory.NewEmployee{Employee: directory.Employee{Name: name, Mobile: ptr(mobile)}, Login: login, DepartmentIDs: depts}
	}
	errs, err := e.dir.CreateStaffBatch(e.ctx, []directory.NewEmployee{
		emp("甲", "jia", "13800000032", dept.ID),
		emp("乙", "taken", "13800000033"), // login taken
		emp("丙", "bing", "13800000031"),  // another employee's mobile
		emp("丁", "ding", "13800000032"),  // 甲's mobile
		emp("戊", "wu", "phone"),          // broken rule
		emp("己", "ji", "13800000034", dept.ID),
	}, hidden)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		code  apperr.Code
		field string
	}{{"", ""}, {apperr.Conflict, "login"}, {apperr.Conflict, "mobile"}, {apperr.Conflict, "mobile"}, {apperr.Invalid, "mobile"}, {"", ""}}
	for i, w := range want {
		if w.code == "" {
			if errs[i] != nil {
				t.Errorf("item %d: %v", i, errs[i])
			}
			continue
		}
		wantField(t, errs[i], w.code, w.field)
	}
	page, err := e.dir.SearchEmployees(e.ctx, directory.SearchInput{DepartmentID: &dept.ID, First: 10})
	if err != nil || page.TotalCount != 2 {
		t.Fatalf("members of 一组: %+v, %v", page, err)
	}
	for _, d := range page.Employees {
		if len(d.Departments) != 1 || !d.Departments[0].IsMain || !d.MustChangePassword || *d.WeComUserID != strings.ToLower(d.Login) {
			t.Errorf("created = %+v", d)
		}
		if err := e.dir.WeChatAccess(e.ctx, d.ID, directory.SystemOA); err != nil {
			t.Errorf("%s has no default role: %v", d.Login, err)
		}
	}
}

// TestAdminRole: an employee is made an admin and a member again; the company's last active admin keeps the role.
func TestAdminRole(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	boss, _, err := e.dir.CreateStaff(e.ctx, directory.NewEmployee{Employee: directory.Employee{Name: "老板", Email: ptr("boss@example.com")}, Login: "boss", Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := e.dir.CreateStaff(e.ctx, directory.NewEmployee{Employee: directory.Employee{Name: "助理", Email: ptr("aide@example.com")}, Login: "aide"})
	if err != nil || d.Role != directory.RoleMember {
		t.Fatalf("created %+v, %v", d.Role, err)
	}
	if _, err := e.dir.UpdateStaff(e.ctx, boss.ID, directory.StaffPatch{Admin: ptr(false)}); err == nil {
		t.Fatal("the last admin lost the role")
	} else {
		wantField(t, err, apperr.Invalid, "admin")
	}
	if got, err := e.dir.UpdateStaff(e.ctx, d.ID, directory.StaffPatch{Admin: ptr(true)}); err != nil || got.Role != directory.RoleAdmin {
		t.Fatalf("made admin: %+v, %v", got.Role, err)
	}
	if got, err := e.dir.UpdateStaff(e.ctx, boss.ID, directory.StaffPatch{Admin: ptr(false)}); err != nil || got.Role != directory.RoleMember {
		t.Errorf("with another admin, the boss steps down: %+v, %v", got.Role, err)
	}
}
