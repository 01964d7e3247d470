package directory_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// env is one tenant's directory on the package database.
type env struct {
	db      *gorm.DB
	clock   *testkit.Clock
	tenants *tenants.Store
	dir     *directory.Store
	ctx     context.Context // scoped to the tenant
	tenant  tenants.Tenant
}

func newEnv(t *testing.T, patch tenants.SettingsPatch) *env {
	t.Helper()
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatalf("use tenancy plugin: %v", err)
	}
	e := &env{db: db, clock: testkit.NewClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)), tenants: tenants.NewStore(db, nil)}
	e.dir = directory.NewStore(db, e.clock.Now)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	tn, err := e.tenants.Create(tenancy.System(context.Background()), "d-"+hex.EncodeToString(b), "测试企业")
	if err != nil {
		t.Fatalf("create tenant: %v", err)
	}
	e.tenant, e.ctx = tn, tenancy.WithTenant(context.Background(), tn.ID)
	if _, err := e.tenants.UpdateSettings(e.ctx, patch); err != nil {
		t.Fatalf("tenant settings: %v", err)
	}
	return e
}

const goodPassword = "Passw0rd-2025"

func (e *env) mustEmployee(t *testing.T, name, login string) (directory.Employee, directory.Account) {
	t.Helper()
	emp, acct, err := e.dir.CreateEmployee(e.ctx, directory.Employee{Name: name}, login, goodPassword, directory.RoleMember)
	if err != nil {
		t.Fatalf("create employee %s: %v", login, err)
	}
	return emp, acct
}

func (e *env) setStatus(t *testing.T, employeeID uint64, s directory.Status) {
	t.Helper()
	err := e.db.WithContext(e.ctx).Model(&directory.Employee{}).Where("id = ?", employeeID).Update("status", s).Error
	if err != nil {
		t.Fatalf("set status: %v", err)
	}
}

func wantCode(t *testing.T, err error, code apperr.Code) *apperr.Error {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != code {
		t.Fatalf("err = %v (code %q), want code %q", err, apperr.CodeOf(err), code)
	}
	return ae
}

func ptr[T any](v T) *T { return &v }

func TestCreateEmployee(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})

	t.Run("OK", func(t *testing.T) {
		emp, acct, err := e.dir.CreateEmployee(e.ctx, directory.Employee{
			Name: " 张三 ", WeComUserID: ptr("zhangsan"), Mobile: ptr("13800000000"), Email: ptr(""),
		}, "zhangsan", goodPassword, directory.RoleAdmin)
		if err != nil {
			t.Fatal(err)
		}
		if emp.ID == 0 || emp.TenantID != e.tenant.ID || emp.Name != "张三" || emp.Status != directory.StatusActive || emp.Email != nil {
			t.Errorf("employee = %+v", emp)
		}
		if acct.ID == 0 || acct.EmployeeID != emp.ID || acct.Role != directory.RoleAdmin || acct.TokenVersion != 1 || acct.MustChangePassword {
			t.Errorf("account = %+v", acct)
		}
		if !strings.HasPrefix(acct.PasswordHash, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(acct.PasswordHash, goodPassword) {
			t.Errorf("password hash = %q", acct.PasswordHash)
		}
		got, err := e.dir.AccountByEmployee(e.ctx, emp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(acct.ID, got.ID); diff != "" {
			t.Errorf("AccountByEmployee (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrLoginTaken", func(t *testing.T) {
		_, _, err := e.dir.CreateEmployee(e.ctx, directory.Employee{Name: "张三二"}, "zhangsan", goodPassword, "")
		if ae := wantCode(t, err, apperr.Conflict); ae.Field != "login" {
			t.Errorf("field = %q, want login", ae.Field)
		}
	})
	t.Run("ErrWeComUserIDTaken", func(t *testing.T) {
		_, _, err := e.dir.CreateEmployee(e.ctx, directory.Employee{Name: "李四", WeComUserID: ptr("zhangsan")}, "lisi", goodPassword, "")
		if ae := wantCode(t, err, apperr.Conflict); ae.Field != "wecomUserId" {
			t.Errorf("field = %q, want wecomUserId", ae.Field)
		}
		// The transaction rolled back: the login is still free.
		if _, _, err := e.dir.CreateEmployee(e.ctx, directory.Employee{Name: "李四"}, "lisi", goodPassword, ""); err != nil {
			t.Errorf("login still blocked after a rolled-back create: %v", err)
		}
	})
	t.Run("SameLoginOtherTenant", func(t *testing.T) {
		other := newEnv(t, tenants.SettingsPatch{})
		if _, _, err := other.dir.CreateEmployee(other.ctx, directory.Employee{Name: "张三", WeComUserID: ptr("zhangsan")}, "zhangsan", goodPassword, ""); err != nil {
			t.Errorf("login of another tenant refused: %v", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tc := range []struct {
			name, login, pw string
			role            directory.Role
			field           string
		}{
			{"", "wang", goodPassword, "", "name"},
			{"王五", "w", goodPassword, "", "login"},
			{"王五", "wang wu", goodPassword, "", "login"},
			{"王五", "wangwu", "short1", "", "password"},
			{"王五", "wangwu", goodPassword, "owner", "role"},
		} {
			_, _, err := e.dir.CreateEmployee(e.ctx, directory.Employee{Name: tc.name}, tc.login, tc.pw, tc.role)
			if ae := wantCode(t, err, apperr.Invalid); ae.Field != tc.field {
				t.Errorf("%+v: field = %q, want %q", tc, ae.Field, tc.field)
			}
		}
	})
	t.Run("ErrNoTenant", func(t *testing.T) {
		_, _, err := e.dir.CreateEmployee(context.Background(), directory.Employee{Name: "x"}, "xx", goodPassword, "")
		if !errors.Is(err, tenancy.ErrNoTenant) {
			t.Errorf("err = %v, want ErrNoTenant", err)
		}
	})
}

func TestPasswordPolicyPerTenant(t *testing.T) {
	lax := newEnv(t, tenants.SettingsPatch{})
	strict := newEnv(t, tenants.SettingsPatch{PasswordMinLength: ptr(12), PasswordRequireSymbol: ptr(true)})
	tests := []struct {
		name       string
		env        *env
		pw         string
		wantAccept bool
	}{
		{"LaxShortPlain", lax, "abcd1234", true},
		{"StrictShortPlain", strict, "abcd1234", false},
		{"StrictLongPlain", strict, "abcd1234efgh", false},
		{"StrictLongSymbol", strict, "abcd1234efg!", true},
		{"LaxNoDigit", lax, "abcdefghij", false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			login := "policy" + string(rune('a'+i))
			_, _, err := tt.env.dir.CreateEmployee(tt.env.ctx, directory.Employee{Name: "策略"}, login, tt.pw, "")
			if tt.wantAccept && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.wantAccept {
				wantCode(t, err, apperr.Invalid)
			}
		})
	}
}

func TestMustChangePassword(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{ForcePasswordChange: ptr(true)})
	_, acct := e.mustEmployee(t, "新人", "newbie")
	if !acct.MustChangePassword {
		t.Fatal("MustChangePassword not set on a tenant that forces a change")
	}
	got, err := e.dir.Authenticate(e.ctx, "newbie", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !got.MustChangePassword {
		t.Error("first sign-in does not report MustChangePassword")
	}
	changed, err := e.dir.ChangePassword(e.ctx, acct.ID, goodPassword, "Brand-new-pw1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if changed.MustChangePassword {
		t.Error("MustChangePassword still set after the change")
	}
}

func TestLookups(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	mk := func(env *env, name, login string, wecom *string) directory.Employee {
		emp, _, err := env.dir.CreateEmployee(env.ctx, directory.Employee{Name: name, WeComUserID: wecom}, login, goodPassword, "")
		if err != nil {
			t.Fatal(err)
		}
		return emp
	}
	alice := mk(e, "Alice", "alice", ptr("wx-alice"))
	bob := mk(e, "Bob 50%", "bob", nil)
	mk(e, "Carol_x", "carol", nil)
	dave := mk(e, "Dave", "dave", nil)
	e.setStatus(t, dave.ID, directory.StatusResigned)
	stranger := mk(other, "Alice", "alice", ptr("wx-alice"))

	t.Run("Employee", func(t *testing.T) {
		got, err := e.dir.Employee(e.ctx, alice.ID)
		if err != nil || got.Name != "Alice" {
			t.Fatalf("Employee = %+v, %v", got, err)
		}
		_, err = e.dir.Employee(e.ctx, stranger.ID)
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("EmployeesByIDs", func(t *testing.T) {
		got, err := e.dir.EmployeesByIDs(e.ctx, []uint64{bob.ID, alice.ID, bob.ID, stranger.ID, 999999})
		if err != nil {
			t.Fatal(err)
		}
		ids := slices.Sorted(maps.Keys(got))
		if diff := cmp.Diff(slices.Sorted(slices.Values([]uint64{alice.ID, bob.ID})), ids); diff != "" {
			t.Errorf("ids (-want +got):\n%s", diff)
		}
		empty, err := e.dir.EmployeesByIDs(e.ctx, nil)
		if err != nil || len(empty) != 0 {
			t.Errorf("EmployeesByIDs(nil) = %v, %v", empty, err)
		}
	})
	t.Run("ActiveEmployeeIDs", func(t *testing.T) {
		got, err := e.dir.ActiveEmployeeIDs(e.ctx, []uint64{alice.ID, dave.ID, stranger.ID, alice.ID})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[uint64]bool{alice.ID: true}, got); diff != "" {
			t.Errorf("active (-want +got):\n%s", diff)
		}
	})
	t.Run("EmployeeByWeComUserID", func(t *testing.T) {
		got, err := e.dir.EmployeeByWeComUserID(e.ctx, "wx-alice")
		if err != nil || got.ID != alice.ID {
			t.Fatalf("got %+v, %v; want alice of this tenant", got, err)
		}
		_, err = e.dir.EmployeeByWeComUserID(e.ctx, "nobody")
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("WeComUserIDIgnoresCase", func(t *testing.T) {
		// WeCom holds user IDs unique regardless of case and answers with them lower-cased: an ID typed with
		// capitals is found by any casing, and the same ID in other capitals is the same person (conflict).
		e := newEnv(t, tenants.SettingsPatch{}) // its own tenant: the lookups below list everyone
		mixed, _, err := e.dir.CreateEmployee(e.ctx, directory.Employee{Name: "王五", WeComUserID: ptr(" WangWu ")}, "wangwu", goodPassword, directory.RoleMember)
		if err != nil {
			t.Fatal(err)
		}
		if mixed.WeComUserID == nil || *mixed.WeComUserID != "wangwu" {
			t.Errorf("stored WeCom user ID %v, want wangwu", mixed.WeComUserID)
		}
		for _, id := range []string{"wangwu", "WANGWU", "WangWu"} {
			if got, err := e.dir.EmployeeByWeComUserID(e.ctx, id); err != nil || got.ID != mixed.ID {
				t.Errorf("EmployeeByWeComUserID(%q) = %d, %v; want %d", id, got.ID, err, mixed.ID)
			}
		}
		_, _, err = e.dir.CreateEmployee(e.ctx, directory.Employee{Name: "王五二", WeComUserID: ptr("WANGWU")}, "wangwu2", goodPassword, directory.RoleMember)
		wantCode(t, err, apperr.Conflict)
	})
	t.Run("Colleagues", func(t *testing.T) {
		names := func(search string, limit int) []string {
			t.Helper()
			list, err := e.dir.Colleagues(e.ctx, 0, search, limit)
			if err != nil {
				t.Fatal(err)
			}
			out := []string{}
			for _, c := range list {
				out = append(out, c.Name)
			}
			return out
		}
		for _, tc := range []struct {
			search string
			limit  int
			want   []string
		}{
			{"", 50, []string{"Alice", "Bob 50%", "Carol_x"}}, // Dave resigned, the other tenant's Alice invisible
			{"%", 50, []string{"Bob 50%"}},                    // wildcards match literally
			{"_", 50, []string{"Carol_x"}},
			{"!", 50, []string{}},
			{"li", 50, []string{"Alice"}},
			{"", 0, []string{"Alice"}}, // clamped to at least 1
			{"", 2, []string{"Alice", "Bob 50%"}},
		} {
			if diff := cmp.Diff(tc.want, names(tc.search, tc.limit)); diff != "" {
				t.Errorf("Colleagues(%q, %d) (-want +got):\n%s", tc.search, tc.limit, diff)
			}
		}
	})
	t.Run("Account", func(t *testing.T) {
		a, err := e.dir.AccountByEmployee(e.ctx, alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := e.dir.Account(e.ctx, a.ID); err != nil || got.Login != "alice" {
			t.Errorf("Account = %+v, %v", got, err)
		}
		// Tenant B cannot read tenant A's account, even knowing its id.
		_, err = other.dir.Account(other.ctx, a.ID)
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("ErrNoTenant", func(t *testing.T) {
		for name, run := range map[string]func(context.Context) error{
			"Employee":   func(ctx context.Context) error { _, err := e.dir.Employee(ctx, alice.ID); return err },
			"Colleagues": func(ctx context.Context) error { _, err := e.dir.Colleagues(ctx, 0, "", 10); return err },
			"Account":    func(ctx context.Context) error { _, err := e.dir.Account(ctx, 1); return err },
			"System":     func(ctx context.Context) error { _, err := e.dir.Employee(tenancy.System(ctx), alice.ID); return err },
		} {
			if err := run(context.Background()); !errors.Is(err, tenancy.ErrNoTenant) {
				t.Errorf("%s: err = %v, want ErrNoTenant", name, err)
			}
		}
	})
}

func TestEmployeeIDsByLogin(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	alice, _ := e.mustEmployee(t, "Alice", "alice")
	bob, _ := e.mustEmployee(t, "Bob", "bob")
	other.mustEmployee(t, "Carol", "carol") // another tenant's login is unknown here

	got, err := e.dir.EmployeeIDsByLogin(e.ctx, []string{"alice", "bob", "carol", "nobody"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]uint64{"alice": alice.ID, "bob": bob.ID}
	if len(got) != len(want) || got["alice"] != want["alice"] || got["bob"] != want["bob"] {
		t.Errorf("EmployeeIDsByLogin = %v, want %v", got, want)
	}
	if got, err := e.dir.EmployeeIDsByLogin(e.ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no logins: %v, %v", got, err)
	}
	if _, err := e.dir.EmployeeIDsByLogin(context.Background(), []string{"alice"}); err == nil {
		t.Error("a lookup without a tenant succeeded")
	}
}
