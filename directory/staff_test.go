package directory_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

func TestUpdateProfile(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	emp, _ := e.mustEmployee(t, "张三", "zhangsan")

	t.Run("OK", func(t *testing.T) {
		got, err := e.dir.UpdateProfile(e.ctx, emp.ID, directory.ProfilePatch{
			Position: ptr(" 产品经理 / /项目经理 "), Mobile: ptr(" +86 13800000000 "), Email: ptr("zs@example.com"),
		})
		if err != nil {
			t.Fatal(err)
		}
		// +86 is dropped: one mainland number is one person however it was typed (WeCom shows 11 digits).
		if *got.Position != "产品经理/项目经理" || *got.Mobile != "13800000000" || *got.Email != "zs@example.com" {
			t.Errorf("profile = %q %q %q", *got.Position, *got.Mobile, *got.Email)
		}
		if diff := cmp.Diff([]string{"产品经理", "项目经理"}, got.Positions()); diff != "" {
			t.Errorf("Positions (-want +got):\n%s", diff)
		}
		stored, err := e.dir.Employee(e.ctx, emp.ID)
		if err != nil || stored.Position == nil || *stored.Position != "产品经理/项目经理" {
			t.Errorf("stored = %+v, %v", stored, err)
		}
	})
	t.Run("NilKeepsEmptyClears", func(t *testing.T) {
		got, err := e.dir.UpdateProfile(e.ctx, emp.ID, directory.ProfilePatch{Email: ptr(""), Position: ptr(" / ")})
		if err != nil {
			t.Fatal(err)
		}
		if got.Email != nil || got.Position != nil || got.Mobile == nil || got.Positions() != nil {
			t.Errorf("profile = %+v", got)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		long := string(make([]rune, 65))
		for _, tc := range []struct {
			name  string
			patch directory.ProfilePatch
			field string
		}{
			{"MobileLetters", directory.ProfilePatch{Mobile: ptr("phone")}, "mobile"},
			{"MobileShort", directory.ProfilePatch{Mobile: ptr("1234")}, "mobile"},
			{"EmailNoAt", directory.ProfilePatch{Email: ptr("zs.example.com")}, "email"},
			{"EmailSpace", directory.ProfilePatch{Email: ptr("z s@example.com")}, "email"},
			{"PositionTooLong", directory.ProfilePatch{Position: ptr("经理/" + long)}, "position"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := e.dir.UpdateProfile(e.ctx, emp.ID, tc.patch)
				wantField(t, err, apperr.Invalid, tc.field)
			})
		}
		stored, _ := e.dir.Employee(e.ctx, emp.ID)
		if *stored.Mobile != "13800000000" {
			t.Errorf("a refused patch changed the mobile to %q", *stored.Mobile)
		}
	})
	t.Run("UnpatchedFieldsNotRechecked", func(t *testing.T) {
		// A mobile stored before the rule existed must not block changing the position.
		if err := e.db.WithContext(e.ctx).Model(&directory.Employee{}).Where("id = ?", emp.ID).Update("mobile", "ext. 12").Error; err != nil {
			t.Fatal(err)
		}
		got, err := e.dir.UpdateProfile(e.ctx, emp.ID, directory.ProfilePatch{Position: ptr("总监")})
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := e.dir.Employee(e.ctx, emp.ID)
		if *got.Position != "总监" || *stored.Position != "总监" || *stored.Mobile != "ext. 12" {
			t.Errorf("got %+v, stored %+v", got, stored)
		}
	})
	t.Run("ErrOtherTenant", func(t *testing.T) {
		_, err := other.dir.UpdateProfile(other.ctx, emp.ID, directory.ProfilePatch{Mobile: ptr("13900000000")})
		wantCode(t, err, apperr.NotFound)
	})
}

func TestSearchEmployees(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	sales := e.mustDept(t, "销售部", nil, 0)
	east := e.mustDept(t, "华东", &sales, 0)
	mk := func(env *env, name, login, mobile string) directory.Employee {
		t.Helper()
		emp, _ := env.mustEmployee(t, name, login)
		if mobile != "" {
			var err error
			if emp, err = env.dir.UpdateProfile(env.ctx, emp.ID, directory.ProfilePatch{Mobile: &mobile, Position: ptr("销售/客服")}); err != nil {
				t.Fatal(err)
			}
		}
		return emp
	}
	wang := mk(e, "王小明", "wangxm", "13800001111")
	li := mk(e, "李小明", "lixm", "13900002222")
	mk(e, "赵大", "zhaoda", "13800003333")
	mk(e, "钱二", "qian_2", "")
	sun := mk(e, "孙三", "sunsan", "13800004444")
	e.setStatus(t, sun.ID, directory.StatusResigned)
	mk(other, "王小明", "wangxm", "13800001111")
	mk(e, "Alice Wu", "Alice.Wu", "+86 13700005555")
	e.mustSetDepts(t, wang, 0, sales.ID)
	e.mustSetDepts(t, li, 0, east.ID)
	e.mustSetDepts(t, sun, 0, east.ID)

	names := func(t *testing.T, in directory.SearchInput) []string {
		t.Helper()
		if in.First == 0 {
			in.First = 50
		}
		page, err := e.dir.SearchEmployees(e.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, d := range page.Employees {
			out = append(out, d.Name)
		}
		if page.TotalCount != len(out) || page.HasNext {
			t.Errorf("TotalCount %d, HasNext %v for a single page of %d", page.TotalCount, page.HasNext, len(out))
		}
		return out
	}
	// Expected orders are by name in byte order (the column is utf8mb4_bin): 孙 < 李 < 王 < 赵 < 钱.
	for _, tc := range []struct {
		name string
		in   directory.SearchInput
		want []string
	}{
		{"All", directory.SearchInput{}, []string{"Alice Wu", "李小明", "王小明", "赵大", "钱二"}},
		{"NameAnyCase", directory.SearchInput{Query: "alice"}, []string{"Alice Wu"}},
		{"NameUpperCase", directory.SearchInput{Query: "WU"}, []string{"Alice Wu"}},
		{"LoginAnyCase", directory.SearchInput{Query: "alice.w"}, []string{"Alice Wu"}},
		{"MobileWithCountryCode", directory.SearchInput{Query: "137"}, []string{"Alice Wu"}},
		{"MobileCountryCodeNotInfix", directory.SearchInput{Query: "86"}, []string{}},
		{"NameContains", directory.SearchInput{Query: "小明"}, []string{"李小明", "王小明"}},
		{"NameMiddle", directory.SearchInput{Query: "小"}, []string{"李小明", "王小明"}},
		{"LoginPrefix", directory.SearchInput{Query: "zhao"}, []string{"赵大"}},
		{"LoginNotInfix", directory.SearchInput{Query: "xm"}, []string{}},
		{"LoginWildcardLiteral", directory.SearchInput{Query: "qian_"}, []string{"钱二"}},
		{"LoginUnderscoreNotWildcard", directory.SearchInput{Query: "wang_"}, []string{}},
		{"MobilePrefix", directory.SearchInput{Query: "138"}, []string{"王小明", "赵大"}},
		{"MobileFull", directory.SearchInput{Query: "13900002222"}, []string{"李小明"}},
		{"MobileNotInfix", directory.SearchInput{Query: "2222"}, []string{}},
		{"ResignedWhenAsked", directory.SearchInput{Query: "138", IncludeInactive: true, ViewerRole: directory.RoleAdmin}, []string{"孙三", "王小明", "赵大"}},
		{"Department", directory.SearchInput{DepartmentID: &sales.ID}, []string{"王小明"}},
		{"DepartmentWithSubs", directory.SearchInput{DepartmentID: &sales.ID, WithSubDepartments: true}, []string{"李小明", "王小明"}},
		{"DepartmentAndQuery", directory.SearchInput{DepartmentID: &sales.ID, WithSubDepartments: true, Query: "lixm"}, []string{"李小明"}},
		{"DepartmentWithInactive", directory.SearchInput{DepartmentID: &east.ID, IncludeInactive: true, ViewerRole: directory.RoleAdmin}, []string{"孙三", "李小明"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, names(t, tc.in)); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("Pagination", func(t *testing.T) {
		// Add namesakes, so the order must fall back to the ID to be total.
		for _, login := range []string{"dup1", "dup2", "dup3"} {
			mk(e, "王小明", login, "")
		}
		want := names(t, directory.SearchInput{Query: "明"})
		var got []string
		after, pages := "", 0
		for {
			page, err := e.dir.SearchEmployees(e.ctx, directory.SearchInput{Query: "明", First: 2, After: after})
			if err != nil {
				t.Fatal(err)
			}
			pages++
			if page.TotalCount != len(want) {
				t.Errorf("page %d: TotalCount %d, want %d", pages, page.TotalCount, len(want))
			}
			for _, d := range page.Employees {
				got = append(got, d.Name+"/"+d.Login)
			}
			if !page.HasNext {
				break
			}
			after = page.EndCursor
		}
		if pages != 3 || len(got) != len(want) {
			t.Fatalf("%d pages, %v; want 3 pages of %d", pages, got, len(want))
		}
		seen := map[string]bool{}
		for _, g := range got {
			if seen[g] {
				t.Errorf("%s on two pages", g)
			}
			seen[g] = true
		}
	})
	t.Run("Detail", func(t *testing.T) {
		page, err := e.dir.SearchEmployees(e.ctx, directory.SearchInput{Query: "lixm", First: 1})
		if err != nil || len(page.Employees) != 1 {
			t.Fatalf("page = %+v, %v", page, err)
		}
		d := page.Employees[0]
		if d.Login != "lixm" || len(d.Departments) != 1 || d.Departments[0].Name != "华东" || !d.Departments[0].IsMain {
			t.Errorf("detail = %+v", d)
		}
		if diff := cmp.Diff([]string{"销售", "客服"}, d.Positions()); diff != "" {
			t.Errorf("positions (-want +got):\n%s", diff)
		}
		one, err := e.dir.EmployeeDetail(e.ctx, li.ID)
		if err != nil || one.Login != "lixm" || len(one.Departments) != 1 {
			t.Errorf("EmployeeDetail = %+v, %v", one, err)
		}
		_, err = other.dir.EmployeeDetail(other.ctx, li.ID)
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("OtherTenantSeesOwnOnly", func(t *testing.T) {
		page, err := other.dir.SearchEmployees(other.ctx, directory.SearchInput{First: 50})
		if err != nil || page.TotalCount != 1 || len(page.Employees) != 1 || page.Employees[0].Login != "wangxm" {
			t.Errorf("other tenant's page = %+v, %v", page, err)
		}
		// The login subquery must not find this tenant's logins for the other tenant.
		page, err = other.dir.SearchEmployees(other.ctx, directory.SearchInput{Query: "zhao", First: 50})
		if err != nil || page.TotalCount != 0 {
			t.Errorf("other tenant searching a login of this one = %+v, %v", page, err)
		}
		// Nor may a department of this tenant filter the other's directory.
		_, err = other.dir.SearchEmployees(other.ctx, directory.SearchInput{First: 50, DepartmentID: &sales.ID})
		wantField(t, err, apperr.Invalid, "departmentId")
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		unknown := uint64(987654321)
		for _, tc := range []struct {
			name  string
			in    directory.SearchInput
			field string
		}{
			{"FirstZero", directory.SearchInput{First: 0}, "first"},
			{"FirstTooBig", directory.SearchInput{First: directory.MaxPageSize + 1}, "first"},
			{"BadCursor", directory.SearchInput{First: 10, After: "not-a-cursor"}, "after"},
			{"CursorWithoutID", directory.SearchInput{First: 10, After: "eyJuIjoiYSJ9"}, "after"}, // {"n":"a"}
			{"QueryTooLong", directory.SearchInput{First: 10, Query: string(make([]rune, 65))}, "query"},
			{"UnknownDepartment", directory.SearchInput{First: 10, DepartmentID: &unknown}, "departmentId"},
			{"UnknownDepartmentWithSubs", directory.SearchInput{First: 10, DepartmentID: &unknown, WithSubDepartments: true}, "departmentId"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := e.dir.SearchEmployees(e.ctx, tc.in)
				wantField(t, err, apperr.Invalid, tc.field)
			})
		}
	})
}
