package directory_test

import (
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

const testAppID = "wx0000000000000abc"

// bind binds openID to acct as the person would, failing the test on error.
func (e *env) bind(t *testing.T, openID string, acct directory.Account) directory.WeChatBinding {
	t.Helper()
	ctx := audit.WithActor(e.ctx, audit.Actor{Kind: audit.Employee, ID: acct.Login})
	b, err := e.dir.BindWeChat(ctx, testAppID, openID, acct)
	if err != nil {
		t.Fatalf("bind %s: %v", openID, err)
	}
	return b
}

// bound lists the tenant's bindings as "openid→login".
func (e *env) bound(t *testing.T) map[string]uint64 {
	t.Helper()
	rows, _, err := e.dir.WeChatBindings(e.ctx, 100, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]uint64{}
	for _, b := range rows {
		out[b.OpenID] = b.AccountID
	}
	return out
}

// unbindReasons are the reasons of the tenant's wechat.unbind audit entries, oldest first.
func (e *env) unbindReasons(t *testing.T) []string {
	t.Helper()
	var out []string
	var entries []audit.Entry
	if err := e.db.WithContext(e.ctx).Where("action = ?", "wechat.unbind").Order("id").Find(&entries).Error; err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		s := string(en.Changes)
		i := strings.Index(s, `"reason":"`)
		out = append(out, strings.SplitN(s[i+len(`"reason":"`):], `"`, 2)[0])
	}
	return out
}

// TestWeChatBindingEndings: one WeChat an account and one account a WeChat (binding anew ends the other); a
// password change ends the account's bindings but for the one the change owed at a first sign-in is made from; a
// reset and a resignation end them, a freeze does not; each ending is audited with its reason.
func TestWeChatBindingEndings(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	zs, zsAcct := e.mustEmployee(t, "张三", "zhangsan")
	_, lsAcct := e.mustEmployee(t, "李四", "lisi")

	e.bind(t, "o-1", zsAcct)
	e.bind(t, "o-1", lsAcct) // the same WeChat, another account
	if got := e.bound(t); len(got) != 1 || got["o-1"] != lsAcct.ID {
		t.Fatalf("after binding o-1 to 李四: %v", got)
	}
	e.bind(t, "o-2", lsAcct) // the same account, another WeChat
	if got := e.bound(t); len(got) != 1 || got["o-2"] != lsAcct.ID {
		t.Fatalf("after binding o-2 to 李四: %v", got)
	}

	// A password change ends the account's binding.
	if _, err := e.dir.ChangePassword(e.ctx, lsAcct.ID, goodPassword, "New-passw0rd", 0); err != nil {
		t.Fatal(err)
	}
	if got := e.bound(t); len(got) != 0 {
		t.Fatalf("after a password change: %v", got)
	}

	// The change owed at a first sign-in keeps the binding it is made from, and ends any other.
	if err := e.dir.RequirePasswordChange(e.ctx, zsAcct.ID); err != nil {
		t.Fatal(err)
	}
	mine := e.bind(t, "o-3", zsAcct)
	if _, err := e.dir.ChangePassword(e.ctx, zsAcct.ID, goodPassword, "New-passw0rd", mine.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.bound(t); len(got) != 1 || got["o-3"] != zsAcct.ID {
		t.Errorf("after the owed change from the bound WeChat: %v", got)
	}
	if err := e.dir.RequirePasswordChange(e.ctx, zsAcct.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.dir.ChangePassword(e.ctx, zsAcct.ID, "New-passw0rd", "Newer-passw0rd", 0); err != nil {
		t.Fatal(err)
	}
	if got := e.bound(t); len(got) != 0 {
		t.Errorf("after an owed change made elsewhere: %v", got)
	}

	// A freeze keeps it; a reset and a resignation end it.
	e.bind(t, "o-4", zsAcct)
	if _, err := e.dir.ChangeStanding(e.ctx, 0, []uint64{zs.ID}, directory.ActionFreeze); err != nil {
		t.Fatal(err)
	}
	if got := e.bound(t); len(got) != 1 {
		t.Errorf("after a freeze: %v", got)
	}
	if _, err := e.dir.ChangeStanding(e.ctx, 0, []uint64{zs.ID}, directory.ActionUnfreeze); err != nil {
		t.Fatal(err)
	}
	if _, err := e.dir.ResetPassword(e.ctx, zs.ID); err != nil {
		t.Fatal(err)
	}
	e.bind(t, "o-5", zsAcct)
	if _, err := e.dir.ChangeStanding(e.ctx, 0, []uint64{zs.ID}, directory.ActionResign); err != nil {
		t.Fatal(err)
	}
	if got := e.bound(t); len(got) != 0 {
		t.Errorf("after resigning: %v", got)
	}
	want := []string{"rebound", "rebound", "password_changed", "password_changed", "password_reset", "resigned"}
	if got := e.unbindReasons(t); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("audited endings %v, want %v", got, want)
	}
	if err := e.dir.UnbindWeChat(e.ctx, 999999, directory.UnbindAdmin); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("ending a binding that is gone: %v", err)
	}
}

// TestLoginBy: the login of the current employee an employee number or a mobile (any way of writing it) names; none
// for a resigned one, an unknown value or a mobile two people share.
func TestLoginBy(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	no, mobile := "E-007", "13800000007"
	emp, _, err := e.dir.CreateEmployee(e.ctx, directory.Employee{Name: "王五", EmployeeNo: &no, Mobile: &mobile}, "wangwu", goodPassword, directory.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		byNumber bool
		value    string
		want     string
	}{
		{true, "E-007", "wangwu"},
		{true, " E-007 ", "wangwu"},
		{false, "13800000007", "wangwu"},
		{false, "+86 13800000007", "wangwu"},
		{true, "E-008", ""},
		{false, "13800000008", ""},
	} {
		got, ok, err := e.dir.LoginBy(e.ctx, tc.byNumber, tc.value)
		if err != nil || got != tc.want || ok != (tc.want != "") {
			t.Errorf("LoginBy(%v, %q) = %q, %v, %v; want %q", tc.byNumber, tc.value, got, ok, err, tc.want)
		}
	}
	e.setStatus(t, emp.ID, directory.StatusResigned)
	if _, ok, _ := e.dir.LoginBy(e.ctx, true, "E-007"); ok {
		t.Error("a resigned employee's number still signs in")
	}
}
