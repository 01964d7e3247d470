package wecom_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

const contactSecret = "contact-secret-do-not-leak"

// contacts is the contact-sync secret of the test corp, an App with
// AgentID 0.
var contacts = wecom.App{CorpID: corpID, Secret: contactSecret}

// mustContactEnv is mustEnv with the contact-sync secret set; it waits for
// the simulator's background jobs at the end.
func mustContactEnv(tb testing.TB) *env {
	tb.Helper()
	e := mustEnv(tb, nil)
	if err := e.sim.SetContactSecret(corpID, contactSecret); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := e.sim.WaitIdle(ctx); err != nil {
			tb.Error(err)
		}
	})
	return e
}

func (e *env) mustDept(tb testing.TB, name string, parent int64) int64 {
	tb.Helper()
	id, err := e.client.CreateDepartment(context.Background(), contacts, wecom.Department{Name: name, ParentID: parent})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func TestUserLifecycle(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	sales := e.mustDept(t, "Sales", wecom.RootDepartment)
	carol := wecom.User{
		UserID: "carol", Name: "Carol", Alias: "cc", Mobile: "+86 13800000001", Email: "carol@example.com",
		Departments: []int64{1, sales}, Orders: []int64{3, 4}, LeaderInDept: []bool{false, true},
		MainDepartment: sales, Position: "Rep", Gender: wecom.GenderFemale,
	}
	if err := e.client.CreateUser(ctx, contacts, carol); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	got, err := e.client.GetUser(ctx, contacts, "CAROL")
	if err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	carol.Status = wecom.UserActive
	if diff := cmp.Diff(carol, got); diff != "" {
		t.Errorf("GetUser (-want +got):\n%s", diff)
	}

	// Only the fields set change; Alias set to "" is cleared, Email left
	// nil is kept.
	err = e.client.UpdateUser(ctx, contacts, wecom.UserUpdate{UserID: "carol", Position: new("Lead"), Alias: new(""),
		Disabled: new(true)})
	if err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	got, _ = e.client.GetUser(ctx, contacts, "carol")
	want := carol
	want.Position, want.Alias, want.Disabled, want.Status = "Lead", "", true, wecom.UserDisabled
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after UpdateUser (-want +got):\n%s", diff)
	}
	err = e.client.UpdateUser(ctx, contacts, wecom.UserUpdate{UserID: "carol", Departments: []int64{sales},
		LeaderInDept: []bool{true}})
	if err != nil {
		t.Fatalf("UpdateUser departments: %v", err)
	}
	got, _ = e.client.GetUser(ctx, contacts, "carol")
	if !slices.Equal(got.Departments, []int64{sales}) || !slices.Equal(got.LeaderInDept, []bool{true}) ||
		got.MainDepartment != sales || got.Email != "carol@example.com" {
		t.Errorf("after moving: %+v", got)
	}

	if err := e.client.DeleteUser(ctx, contacts, "carol"); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	if _, err := e.client.GetUser(ctx, contacts, "carol"); wecom.CodeOf(err) != wecom.CodeUserNotFound {
		t.Errorf("GetUser after delete: %v, want 60111", err)
	}
	if err := e.client.DeleteUser(ctx, contacts, "carol"); wecom.CodeOf(err) != wecom.CodeUserNotFound {
		t.Errorf("DeleteUser twice: %v, want 60111", err)
	}
}

func TestUserWeComErrors(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	base := wecom.User{UserID: "carol", Name: "Carol", Mobile: "13800000001", Departments: []int64{1}}
	if err := e.client.CreateUser(ctx, contacts, base); err != nil {
		t.Fatal(err)
	}
	with := func(f func(*wecom.User)) wecom.User {
		u := base
		f(&u)
		return u
	}
	cases := []struct {
		name string
		app  wecom.App
		u    wecom.User
		code int
	}{
		{"ErrUserExists", contacts, with(func(u *wecom.User) { u.UserID, u.Mobile = "Carol", "13800000002" }), wecom.CodeUserExists},
		{"ErrMobileExists", contacts, with(func(u *wecom.User) { u.UserID = "dave" }), wecom.CodeMobileExists},
		{"ErrBadDepartment", contacts, with(func(u *wecom.User) { u.UserID, u.Mobile, u.Departments = "dave", "13800000002", []int64{404} }), wecom.CodeBadDepartment},
		{"ErrAppSecret", app, with(func(u *wecom.User) { u.UserID, u.Mobile = "dave", "13800000002" }), wecom.CodeNotAllowed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := e.client.CreateUser(ctx, c.app, c.u)
			if wecom.CodeOf(err) != c.code {
				t.Errorf("CreateUser: %v, want errcode %d", err, c.code)
			}
			if err != nil && (strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), contactSecret)) {
				t.Errorf("error carries a secret: %v", err)
			}
		})
	}
	if err := e.client.UpdateUser(ctx, contacts, wecom.UserUpdate{UserID: "ghost", Name: new("G")}); wecom.CodeOf(err) != wecom.CodeUserNotFound {
		t.Errorf("UpdateUser unknown: %v, want 60111", err)
	}
}

// TestContactValidation: bad input fails before any request.
func TestContactValidation(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	good := wecom.User{UserID: "carol", Name: "Carol", Email: "c@example.com", Departments: []int64{1}}
	with := func(f func(*wecom.User)) wecom.User {
		u := good
		f(&u)
		return u
	}
	many := make([]int64, 101)
	for i := range many {
		many[i] = int64(i + 1)
	}
	ids201 := make([]string, 201)
	for i := range ids201 {
		ids201[i] = fmt.Sprint("u", i)
	}
	cases := []struct {
		name string
		call func() error
	}{
		{"CreateUserID", func() error {
			return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.UserID = "a b" }))
		}},
		{"CreateUserIDLong", func() error {
			return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.UserID = strings.Repeat("a", 65) }))
		}},
		{"CreateName", func() error { return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.Name = "" })) }},
		{"CreateNoContact", func() error { return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.Email = "" })) }},
		{"CreateEmail", func() error {
			return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.Email = "nope" }))
		}},
		{"CreateNoDepartment", func() error {
			return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.Departments = nil }))
		}},
		{"CreateTooManyDepartments", func() error {
			return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.Departments = many }))
		}},
		{"CreateDuplicateDepartment", func() error {
			return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.Departments = []int64{1, 1} }))
		}},
		{"CreateOrders", func() error {
			return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.Orders = []int64{1, 2} }))
		}},
		{"CreateLeaders", func() error {
			return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.LeaderInDept = []bool{} }))
		}},
		{"CreateMainDepartment", func() error {
			return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.MainDepartment = 2 }))
		}},
		{"CreateGender", func() error { return e.client.CreateUser(ctx, contacts, with(func(u *wecom.User) { u.Gender = "M" })) }},
		{"UpdateUserID", func() error { return e.client.UpdateUser(ctx, contacts, wecom.UserUpdate{UserID: ""}) }},
		{"UpdateName", func() error {
			return e.client.UpdateUser(ctx, contacts, wecom.UserUpdate{UserID: "carol", Name: new("")})
		}},
		{"UpdateOrdersAlone", func() error {
			return e.client.UpdateUser(ctx, contacts, wecom.UserUpdate{UserID: "carol", Orders: []int64{1}})
		}},
		{"UpdateEmail", func() error {
			return e.client.UpdateUser(ctx, contacts, wecom.UserUpdate{UserID: "carol", Email: new("x")})
		}},
		{"UpdateMain", func() error {
			return e.client.UpdateUser(ctx, contacts, wecom.UserUpdate{UserID: "carol", Departments: []int64{1}, MainDepartment: new(int64(2))})
		}},
		{"Delete", func() error { return e.client.DeleteUser(ctx, contacts, "") }},
		{"BatchDeleteNone", func() error { return e.client.BatchDeleteUsers(ctx, contacts, nil) }},
		{"BatchDelete201", func() error { return e.client.BatchDeleteUsers(ctx, contacts, ids201) }},
		{"BatchDeleteBadID", func() error { return e.client.BatchDeleteUsers(ctx, contacts, []string{"ok", "not ok"}) }},
		{"Get", func() error { _, err := e.client.GetUser(ctx, contacts, "a|b"); return err }},
		{"ListIDLimit", func() error { _, err := e.client.ListUserIDs(ctx, contacts, "", 10001); return err }},
		{"SimpleListDepartment", func() error { _, err := e.client.ListUsersSimple(ctx, contacts, 0, false); return err }},
		{"ListDepartment", func() error { _, err := e.client.ListUsers(ctx, contacts, -1, true); return err }},
		{"CreateDeptName", func() error {
			_, err := e.client.CreateDepartment(ctx, contacts, wecom.Department{Name: "a*b", ParentID: 1})
			return err
		}},
		{"CreateDeptNameEn", func() error {
			_, err := e.client.CreateDepartment(ctx, contacts, wecom.Department{Name: "ab", NameEn: strings.Repeat("x", 65), ParentID: 1})
			return err
		}},
		{"CreateDeptParent", func() error {
			_, err := e.client.CreateDepartment(ctx, contacts, wecom.Department{Name: "ab"})
			return err
		}},
		{"CreateDeptRootID", func() error {
			_, err := e.client.CreateDepartment(ctx, contacts, wecom.Department{ID: 1, Name: "ab", ParentID: 1})
			return err
		}},
		{"CreateDeptOrder", func() error {
			_, err := e.client.CreateDepartment(ctx, contacts, wecom.Department{Name: "ab", ParentID: 1, Order: 1 << 32})
			return err
		}},
		{"UpdateDeptID", func() error { return e.client.UpdateDepartment(ctx, contacts, wecom.DepartmentUpdate{}) }},
		{"UpdateDeptSelfParent", func() error {
			return e.client.UpdateDepartment(ctx, contacts, wecom.DepartmentUpdate{ID: 2, ParentID: new(int64(2))})
		}},
		{"UpdateDeptName", func() error {
			return e.client.UpdateDepartment(ctx, contacts, wecom.DepartmentUpdate{ID: 2, Name: new("")})
		}},
		{"DeleteDept", func() error { return e.client.DeleteDepartment(ctx, contacts, 0) }},
		{"GetDept", func() error { _, err := e.client.GetDepartment(ctx, contacts, 0); return err }},
		{"InviteNobody", func() error { _, err := e.client.Invite(ctx, contacts, wecom.Invitation{}); return err }},
		{"InviteTooMany", func() error {
			_, err := e.client.Invite(ctx, contacts, wecom.Invitation{Departments: make([]int64, 101)})
			return err
		}},
		{"InviteBadUser", func() error {
			_, err := e.client.Invite(ctx, contacts, wecom.Invitation{Users: []string{"a b"}})
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); err == nil || wecom.CodeOf(err) != 0 {
				t.Errorf("got %v, want a validation error", err)
			}
		})
	}
	if n := e.sim.CallCount("/cgi-bin/gettoken"); n != 0 {
		t.Errorf("validation failures reached WeCom: %d gettoken calls", n)
	}
}

func TestBatchDeleteUsers(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	for _, id := range []string{"u1", "u2"} {
		if err := e.client.CreateUser(ctx, contacts, wecom.User{UserID: id, Name: id, Email: id + "@example.com", Departments: []int64{1}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.client.BatchDeleteUsers(ctx, contacts, []string{"u1", "ghost"}); wecom.CodeOf(err) != wecom.CodeUserNotFound {
		t.Errorf("with an unknown id: %v, want 60111", err)
	}
	if _, err := e.client.GetUser(ctx, contacts, "u1"); err != nil {
		t.Errorf("a failed batch delete removed u1: %v", err)
	}
	if err := e.client.BatchDeleteUsers(ctx, contacts, []string{"u1", "U2"}); err != nil {
		t.Fatalf("BatchDeleteUsers: %v", err)
	}
	us, _ := e.sim.ListUsers(corpID)
	if len(us) != 2 {
		t.Errorf("%d members left, want alice and bob", len(us))
	}
}

func TestListUsers(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	sales := e.mustDept(t, "Sales", 1)
	east := e.mustDept(t, "East", sales)
	if err := e.client.CreateUser(ctx, contacts, wecom.User{UserID: "carol", Name: "Carol", Mobile: "13800000001",
		Departments: []int64{east}}); err != nil {
		t.Fatal(err)
	}
	brief, err := e.client.ListUsersSimple(ctx, contacts, sales, true)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]wecom.UserBrief{{UserID: "carol", Name: "Carol", Departments: []int64{east}}}, brief); diff != "" {
		t.Errorf("ListUsersSimple with children (-want +got):\n%s", diff)
	}
	if brief, _ := e.client.ListUsersSimple(ctx, contacts, sales, false); len(brief) != 0 {
		t.Errorf("ListUsersSimple without children: %+v", brief)
	}
	root, err := e.client.ListUsers(ctx, contacts, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(root) != 2 || root[0].UserID != "alice" || root[0].Status != wecom.UserActive {
		t.Errorf("ListUsers root: %+v", root)
	}

	// An app reads only inside its visible range and gets no mobile.
	if err := e.sim.SetVisibleScope(corpID, agentID, sim.Scope{Departments: []int64{sales}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.ListUsersSimple(ctx, app, 1, false); wecom.CodeOf(err) != 60011 {
		t.Errorf("app lists root: %v, want 60011", err)
	}
	if _, err := e.client.GetUser(ctx, app, "alice"); wecom.CodeOf(err) != 60011 {
		t.Errorf("app gets alice: %v, want 60011", err)
	}
	u, err := e.client.GetUser(ctx, app, "carol")
	if err != nil || u.Mobile != "" || u.Name != "Carol" {
		t.Errorf("app gets carol: %+v, %v", u, err)
	}
	if _, err := e.client.ListUserIDs(ctx, app, "", 0); wecom.CodeOf(err) != wecom.CodeNotAllowed {
		t.Errorf("app ListUserIDs: %v, want 48002", err)
	}
}

func TestListUserIDs(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	sales := e.mustDept(t, "Sales", 1)
	if err := e.client.CreateUser(ctx, contacts, wecom.User{UserID: "carol", Name: "Carol", Mobile: "13800000001",
		Departments: []int64{1, sales}}); err != nil {
		t.Fatal(err)
	}
	var all []wecom.DeptUser
	cursor, pages := "", 0
	for {
		page, err := e.client.ListUserIDs(ctx, contacts, cursor, 1)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		all = append(all, page.Users...)
		if cursor = page.NextCursor; cursor == "" || pages > 10 {
			break
		}
	}
	want := []wecom.DeptUser{{"alice", 1}, {"bob", 1}, {"carol", 1}, {"carol", sales}}
	if diff := cmp.Diff(want, all); diff != "" || pages != 4 {
		t.Errorf("%d pages (want 4) of (-want +got):\n%s", pages, diff)
	}
	page, err := e.client.ListUserIDs(ctx, contacts, "", 0)
	if err != nil || len(page.Users) != 4 || page.NextCursor != "" {
		t.Errorf("default page: %+v, %v", page, err)
	}
}

func TestDepartments(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	sales, err := e.client.CreateDepartment(ctx, contacts, wecom.Department{Name: "Sales", NameEn: "Sales", ParentID: 1, Order: 9})
	if err != nil {
		t.Fatal(err)
	}
	east, err := e.client.CreateDepartment(ctx, contacts, wecom.Department{ID: 20, Name: "East", ParentID: sales})
	if err != nil || east != 20 {
		t.Fatalf("explicit id: %d, %v", east, err)
	}
	hr := e.mustDept(t, "HR", 1)
	if _, err := e.client.CreateDepartment(ctx, contacts, wecom.Department{Name: "HR", ParentID: 1}); wecom.CodeOf(err) != 60008 {
		t.Errorf("sibling name: %v, want 60008", err)
	}
	if _, err := e.client.CreateDepartment(ctx, contacts, wecom.Department{Name: "X", ParentID: 404}); wecom.CodeOf(err) != wecom.CodeBadDepartment {
		t.Errorf("unknown parent: %v, want 60123", err)
	}

	if err := e.client.UpdateDepartment(ctx, contacts, wecom.DepartmentUpdate{ID: east, Name: new("East China"),
		ParentID: new(hr), Order: new(int64(3))}); err != nil {
		t.Fatal(err)
	}
	if err := e.client.UpdateDepartment(ctx, contacts, wecom.DepartmentUpdate{ID: hr, ParentID: new(east)}); wecom.CodeOf(err) != 60010 {
		t.Errorf("move under own child: %v, want 60010", err)
	}
	d, err := e.client.GetDepartment(ctx, contacts, east)
	if diff := cmp.Diff(wecom.Department{ID: east, Name: "East China", ParentID: hr, Order: 3}, d); diff != "" || err != nil {
		t.Errorf("GetDepartment (-want +got):\n%s %v", diff, err)
	}

	all, err := e.client.ListDepartments(ctx, contacts, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, d := range all {
		ids = append(ids, d.ID)
	}
	if !slices.Equal(ids, []int64{1, sales, east, hr}) { // by id
		t.Errorf("ListDepartments: %v", ids)
	}
	refs, err := e.client.ListDepartmentsSimple(ctx, contacts, hr)
	if diff := cmp.Diff([]wecom.DepartmentRef{{east, hr, 3}, {hr, 1, 0}}, refs); diff != "" || err != nil {
		t.Errorf("ListDepartmentsSimple(hr) (-want +got):\n%s %v", diff, err)
	}

	if err := e.client.CreateUser(ctx, contacts, wecom.User{UserID: "carol", Name: "Carol", Mobile: "13800000001",
		Departments: []int64{east}, LeaderInDept: []bool{true}}); err != nil {
		t.Fatal(err)
	}
	if d, _ := e.client.GetDepartment(ctx, contacts, east); !slices.Equal(d.Leaders, []string{"carol"}) {
		t.Errorf("leaders of East: %v", d.Leaders)
	}
	for _, c := range []struct {
		id   int64
		code int
	}{{1, 60007}, {hr, 60006}, {east, 60005}, {404, 60003}} {
		if err := e.client.DeleteDepartment(ctx, contacts, c.id); wecom.CodeOf(err) != c.code {
			t.Errorf("DeleteDepartment(%d): %v, want %d", c.id, err, c.code)
		}
	}
	if err := e.client.DeleteDepartment(ctx, contacts, sales); err != nil {
		t.Errorf("DeleteDepartment(empty): %v", err)
	}
	if err := e.client.DeleteDepartment(ctx, app, hr); wecom.CodeOf(err) != wecom.CodeNotAllowed {
		t.Errorf("DeleteDepartment with an app secret: %v, want 48002", err)
	}
}

func TestInvite(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	sales := e.mustDept(t, "Sales", 1)
	tag, err := e.sim.CreateTag(corpID, sim.Tag{Name: "Managers", Users: []string{"bob"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.client.Invite(ctx, contacts, wecom.Invitation{Users: []string{"alice", "ghost"},
		Departments: []int64{sales, 404}, Tags: []int64{tag, 99}})
	if err != nil {
		t.Fatal(err)
	}
	want := wecom.InviteResult{InvalidUsers: []string{"ghost"}, InvalidDepartments: []int64{404}, InvalidTags: []int64{99}}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("Invite (-want +got):\n%s", diff)
	}
	res, err = e.client.Invite(ctx, app, wecom.Invitation{Users: []string{"alice"}})
	if err != nil || res.InvalidUsers != nil {
		t.Errorf("Invite by an app that sees everyone: %+v, %v", res, err)
	}
}
