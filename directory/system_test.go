package directory_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
)

// roleNames returns the names and systems of an account's roles.
func (e *env) roleNames(t *testing.T, accountID uint64) []string {
	t.Helper()
	roles, err := e.dir.SystemRolesOf(e.ctx, accountID)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, r := range roles {
		out = append(out, r.Name+":"+strings.Join(r.Systems, ",")+":"+strconv.FormatBool(r.AllowWeChat))
	}
	return out
}

// forgetSystems deletes the tenant's systems and roles, as for a tenant that predates them.
func (e *env) forgetSystems(t *testing.T) {
	t.Helper()
	for _, table := range []string{"account_system_roles", "system_role_grants", "system_roles", "systems"} {
		if err := e.db.WithContext(e.ctx).Exec("DELETE FROM "+table+" WHERE tenant_id = ?", e.tenant.ID).Error; err != nil {
			t.Fatal(err)
		}
	}
}

const defaultRole = directory.DefaultSystemRoleName + ":OA:true"

func TestEnsureSystems(t *testing.T) {
	t.Run("FreshTenantConcurrent", func(t *testing.T) {
		e := newEnv(t, tenants.SettingsPatch{})
		if list, err := e.dir.Systems(e.ctx); err != nil || len(list) != 0 {
			t.Fatalf("systems before EnsureSystems = %v, %v", list, err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() { errs[i] = e.dir.EnsureSystems(e.ctx) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if err := e.dir.EnsureSystems(e.ctx); err != nil {
			t.Fatal(err)
		}
		list, err := e.dir.Systems(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, s := range list {
			codes = append(codes, s.Code)
			if !s.Enabled || s.HasAPIKey() || s.TenantID != e.tenant.ID {
				t.Errorf("system = %+v", s)
			}
		}
		if diff := cmp.Diff([]string{"OA", "PB", "CRM"}, codes); diff != "" {
			t.Errorf("codes (-want +got):\n%s", diff)
		}
		roles, err := e.dir.SystemRoles(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(roles) != 1 || !roles[0].IsDefault || roles[0].Name != directory.DefaultSystemRoleName ||
			!roles[0].AllowWeChat || !cmp.Equal(roles[0].Systems, []string{"OA"}) {
			t.Errorf("roles = %+v, want exactly the default role", roles)
		}
	})
	t.Run("NewAccountsGetDefaultRole", func(t *testing.T) {
		e := newEnv(t, tenants.SettingsPatch{})
		_, acct := e.mustEmployee(t, "新人", "newbie")
		if diff := cmp.Diff([]string{defaultRole}, e.roleNames(t, acct.ID)); diff != "" {
			t.Errorf("roles of a new account (-want +got):\n%s", diff)
		}
	})
	t.Run("BackfillsAccountsWithoutRoles", func(t *testing.T) {
		e := newEnv(t, tenants.SettingsPatch{})
		_, plain := e.mustEmployee(t, "老员工", "veteran")
		_, custom := e.mustEmployee(t, "特殊", "special")
		e.forgetSystems(t)
		// An admin configured this account before systems were registered.
		crm, err := e.dir.CreateSystemRole(e.ctx, "销售", []string{"CRM"}, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.dir.AssignSystemRoles(e.ctx, custom.ID, []uint64{crm.ID}); err != nil {
			t.Fatal(err)
		}
		if err := e.dir.EnsureSystems(e.ctx); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{defaultRole}, e.roleNames(t, plain.ID)); diff != "" {
			t.Errorf("backfilled roles (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"销售:CRM:true"}, e.roleNames(t, custom.ID)); diff != "" {
			t.Errorf("configured account's roles (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrNoTenant", func(t *testing.T) {
		e := newEnv(t, tenants.SettingsPatch{})
		wantCode(t, e.dir.EnsureSystems(context.Background()), apperr.Internal)
	})
}

func TestSystemRoles(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	_, acct := e.mustEmployee(t, "张三", "zhangsan")
	_, foreignAcct := other.mustEmployee(t, "李四", "lisi")
	foreignRole, err := other.dir.CreateSystemRole(other.ctx, "外部角色", []string{"OA"}, true)
	if err != nil {
		t.Fatal(err)
	}

	var sales directory.SystemRole
	t.Run("Create", func(t *testing.T) {
		sales, err = e.dir.CreateSystemRole(e.ctx, " 销售 ", []string{"crm", "OA", "CRM"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if sales.ID == 0 || sales.Name != "销售" || sales.AllowWeChat || sales.IsDefault || !cmp.Equal(sales.Systems, []string{"OA", "CRM"}) {
			t.Errorf("role = %+v", sales)
		}
	})
	t.Run("ErrCreate", func(t *testing.T) {
		_, err := e.dir.CreateSystemRole(e.ctx, "销售", []string{"OA"}, true)
		wantField(t, err, apperr.Conflict, "name")
		_, err = e.dir.CreateSystemRole(e.ctx, "", []string{"OA"}, true)
		wantField(t, err, apperr.Invalid, "name")
		_, err = e.dir.CreateSystemRole(e.ctx, "空", nil, true)
		wantField(t, err, apperr.Invalid, "systems")
		_, err = e.dir.CreateSystemRole(e.ctx, "错", []string{"OA", "ERP"}, true)
		wantField(t, err, apperr.Invalid, "systems")
		if _, err := other.dir.CreateSystemRole(other.ctx, "销售", []string{"OA"}, true); err != nil {
			t.Errorf("same role name in another tenant: %v", err)
		}
	})
	t.Run("Update", func(t *testing.T) {
		got, err := e.dir.UpdateSystemRole(e.ctx, sales.ID, directory.SystemRolePatch{Systems: &[]string{"PB"}, AllowWeChat: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "销售" || !got.AllowWeChat || !cmp.Equal(got.Systems, []string{"PB"}) {
			t.Errorf("updated role = %+v", got)
		}
		got, err = e.dir.UpdateSystemRole(e.ctx, sales.ID, directory.SystemRolePatch{Name: ptr("销售部")})
		if err != nil || got.Name != "销售部" || !cmp.Equal(got.Systems, []string{"PB"}) {
			t.Errorf("renamed role = %+v, %v", got, err)
		}
		_, err = e.dir.UpdateSystemRole(e.ctx, sales.ID, directory.SystemRolePatch{Name: ptr(directory.DefaultSystemRoleName)})
		wantField(t, err, apperr.Conflict, "name")
		_, err = e.dir.UpdateSystemRole(e.ctx, sales.ID, directory.SystemRolePatch{Systems: &[]string{}})
		wantField(t, err, apperr.Invalid, "systems")
		_, err = e.dir.UpdateSystemRole(e.ctx, foreignRole.ID, directory.SystemRolePatch{AllowWeChat: ptr(false)})
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("Assign", func(t *testing.T) {
		if err := e.dir.AssignSystemRoles(e.ctx, acct.ID, []uint64{sales.ID, sales.ID}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"销售部:PB:true"}, e.roleNames(t, acct.ID)); diff != "" {
			t.Errorf("roles (-want +got):\n%s", diff)
		}
		wantField(t, e.dir.AssignSystemRoles(e.ctx, acct.ID, []uint64{foreignRole.ID}), apperr.Invalid, "roleIds")
		wantCode(t, e.dir.AssignSystemRoles(e.ctx, foreignAcct.ID, []uint64{sales.ID}), apperr.NotFound)
		if diff := cmp.Diff([]string{"销售部:PB:true"}, e.roleNames(t, acct.ID)); diff != "" {
			t.Errorf("a refused assignment changed the roles (-want +got):\n%s", diff)
		}
		if err := e.dir.AssignSystemRoles(e.ctx, acct.ID, nil); err != nil {
			t.Fatal(err)
		}
		if got := e.roleNames(t, acct.ID); len(got) != 0 {
			t.Errorf("roles after removing all: %v", got)
		}
		_, err := e.dir.SystemRolesOf(e.ctx, foreignAcct.ID)
		wantCode(t, err, apperr.NotFound)
	})
}

func TestSystemAPIKey(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	for _, env := range []*env{e, other} {
		if err := env.dir.EnsureSystems(env.ctx); err != nil {
			t.Fatal(err)
		}
	}
	pbKey, err := e.dir.RotateSystemAPIKey(e.ctx, "pb")
	if err != nil {
		t.Fatal(err)
	}
	crmKey, err := e.dir.RotateSystemAPIKey(e.ctx, "CRM")
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := other.dir.RotateSystemAPIKey(other.ctx, "PB")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("Lookup", func(t *testing.T) {
		if want := "qk_" + strconv.FormatUint(e.tenant.ID, 10) + "_PB_"; !strings.HasPrefix(pbKey, want) {
			t.Errorf("key %q, want prefix %q", pbKey, want)
		}
		for key, want := range map[string]string{pbKey: "PB", crmKey: "CRM"} {
			sys, err := e.dir.SystemByAPIKey(context.Background(), key)
			if err != nil {
				t.Fatal(err)
			}
			if sys.TenantID != e.tenant.ID || sys.Code != want {
				t.Errorf("system = %+v, want %s of tenant %d", sys, want, e.tenant.ID)
			}
		}
		// With the right tenant already in ctx (resolved from the Host) it works too.
		if _, err := e.dir.SystemByAPIKey(e.ctx, pbKey); err != nil {
			t.Errorf("lookup on the key's own tenant: %v", err)
		}
		sys, err := e.dir.SystemByAPIKey(context.Background(), otherKey)
		if err != nil || sys.TenantID != other.tenant.ID {
			t.Errorf("other tenant's key = %+v, %v", sys, err)
		}
		if list, _ := e.dir.Systems(e.ctx); !list[1].HasAPIKey() || strings.Contains(*list[1].APIKeyHash, pbKey[len(pbKey)-20:]) {
			t.Errorf("stored PB system = %+v: want a hash, not the key", list[1])
		}
	})
	t.Run("ErrRefused", func(t *testing.T) {
		tid := strconv.FormatUint(e.tenant.ID, 10)
		secret := func(k string) string { return k[strings.LastIndex(k, "_PB_")+4:] }
		flipLast := func(k string) string {
			last := k[len(k)-1]
			if last == 'A' {
				return k[:len(k)-1] + "B"
			}
			return k[:len(k)-1] + "A"
		}
		for name, key := range map[string]string{
			"Wrong":               flipLast(pbKey),
			"Empty":               "",
			"Garbage":             "qk_garbage",
			"NoTenant":            "qk__PB_" + secret(pbKey),
			"OASystem":            "qk_" + tid + "_OA_" + secret(pbKey),
			"CRMKeyAsPB":          strings.Replace(crmKey, "_CRM_", "_PB_", 1),
			"OtherTenantsSecret":  "qk_" + tid + "_PB_" + secret(otherKey),
			"ShortSecret":         "qk_" + tid + "_PB_abc",
			"UnknownTenant":       "qk_987654321_PB_" + secret(pbKey),
			"OtherTenantOnMyHost": otherKey,
		} {
			t.Run(name, func(t *testing.T) {
				_, err := e.dir.SystemByAPIKey(e.ctx, key)
				wantCode(t, err, apperr.Unauthenticated)
				if !errors.Is(err, directory.ErrBadAPIKey) {
					t.Errorf("err = %v, want ErrBadAPIKey", err)
				}
			})
		}
	})
	t.Run("RotatedAway", func(t *testing.T) {
		fresh, err := e.dir.RotateSystemAPIKey(e.ctx, "PB")
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.dir.SystemByAPIKey(context.Background(), pbKey)
		wantCode(t, err, apperr.Unauthenticated)
		if _, err := e.dir.SystemByAPIKey(context.Background(), fresh); err != nil {
			t.Errorf("fresh key: %v", err)
		}
		if _, err := e.dir.SystemByAPIKey(context.Background(), crmKey); err != nil {
			t.Errorf("rotating PB's key broke CRM's: %v", err)
		}
	})
	t.Run("ErrDisabled", func(t *testing.T) {
		if _, err := e.dir.SetSystemEnabled(e.ctx, "CRM", false); err != nil {
			t.Fatal(err)
		}
		_, err := e.dir.SystemByAPIKey(context.Background(), crmKey)
		wantCode(t, err, apperr.Forbidden)
		if _, err := e.dir.SetSystemEnabled(e.ctx, "CRM", true); err != nil {
			t.Fatal(err)
		}
		if _, err := e.dir.SystemByAPIKey(context.Background(), crmKey); err != nil {
			t.Errorf("re-enabled: %v", err)
		}
	})
	t.Run("ErrRotate", func(t *testing.T) {
		_, err := e.dir.RotateSystemAPIKey(e.ctx, "OA")
		wantField(t, err, apperr.Invalid, "code")
		_, err = e.dir.RotateSystemAPIKey(e.ctx, "E_RP")
		wantField(t, err, apperr.Invalid, "code")
		_, err = e.dir.RotateSystemAPIKey(e.ctx, "ERP") // a code the tenant never added
		wantCode(t, err, apperr.NotFound)
		fresh := newEnv(t, tenants.SettingsPatch{})
		_, err = fresh.dir.RotateSystemAPIKey(fresh.ctx, "PB")
		wantCode(t, err, apperr.NotFound)
		_, err = e.dir.RotateSystemAPIKey(context.Background(), "PB")
		wantCode(t, err, apperr.Internal)
	})
}

func TestWeChatAccess(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	staff, staffAcct := e.mustEmployee(t, "员工", "staff")
	pcOnly, _ := e.mustEmployee(t, "仅电脑", "pconly")
	mixed, _ := e.mustEmployee(t, "混合", "mixed")
	none, _ := e.mustEmployee(t, "无权限", "noroles")
	resigned, _ := e.mustEmployee(t, "离职", "resigned")
	frozen, _ := e.mustEmployee(t, "冻结", "frozen")
	stranger, _ := other.mustEmployee(t, "外人", "stranger")
	e.setStatus(t, resigned.ID, directory.StatusResigned)
	e.setStatus(t, frozen.ID, directory.StatusFrozen)

	pcRole, err := e.dir.CreateSystemRole(e.ctx, "仅限电脑", []string{"OA", "PB"}, false)
	if err != nil {
		t.Fatal(err)
	}
	crmRole, err := e.dir.CreateSystemRole(e.ctx, "CRM 移动", []string{"CRM"}, true)
	if err != nil {
		t.Fatal(err)
	}
	assign := func(emp directory.Employee, roles ...uint64) {
		a, err := e.dir.AccountByEmployee(e.ctx, emp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.dir.AssignSystemRoles(e.ctx, a.ID, roles); err != nil {
			t.Fatal(err)
		}
	}
	assign(pcOnly, pcRole.ID)
	def, err := e.dir.SystemRolesOf(e.ctx, staffAcct.ID)
	if err != nil || len(def) != 1 {
		t.Fatalf("default role: %v, %v", def, err)
	}
	assign(mixed, pcRole.ID, def[0].ID, crmRole.ID)
	assign(none)

	for _, tc := range []struct {
		name   string
		emp    uint64
		system string
		cause  error // nil: allowed
	}{
		{"DefaultRoleOA", staff.ID, "OA", nil},
		{"DefaultRoleLowerCase", staff.ID, "oa", nil},
		{"DefaultRoleNotPB", staff.ID, "PB", directory.ErrNoSystemRole},
		{"Resigned", resigned.ID, "OA", directory.ErrResigned},
		{"Frozen", frozen.ID, "OA", directory.ErrFrozen},
		{"NoRoles", none.ID, "OA", directory.ErrNoSystemRole},
		{"AllowWeChatOff", pcOnly.ID, "OA", directory.ErrWeChatNotAllowed},
		{"AllowWeChatOffPB", pcOnly.ID, "PB", directory.ErrWeChatNotAllowed},
		{"AllowWeChatOffNoCRM", pcOnly.ID, "CRM", directory.ErrNoSystemRole},
		{"OneRoleAllowsEnough", mixed.ID, "OA", nil},
		{"OnlyDisallowingRoleGrantsPB", mixed.ID, "PB", directory.ErrWeChatNotAllowed},
		{"CRMByOtherRole", mixed.ID, "CRM", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := e.dir.WeChatAccess(e.ctx, tc.emp, tc.system)
			if tc.cause == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			ae := wantCode(t, err, apperr.Forbidden)
			if !errors.Is(err, tc.cause) {
				t.Errorf("err = %v, want cause %v", err, tc.cause)
			}
			if msg := apperr.MessageOf(err); msg == "" || strings.Contains(msg, " / ") {
				t.Errorf("message %q should be one sentence in Chinese", ae.Msg)
			}
			// The gate's one table names the refusal and words it, the system by its name.
			reason := directory.GateReason(err)
			if want := directory.GateMessage(reason, strings.ToUpper(tc.system)); reason == "" || ae.Msg != want {
				t.Errorf("reason %q, message %q, want %q", reason, ae.Msg, want)
			}
		})
	}
	t.Run("OfActive", func(t *testing.T) {
		// For an employee already known to be active, the gate gives WeChatAccess's answer, in one query when a
		// role grants the system.
		n := testkit.CountStatements(t, e.db)
		for _, tc := range []struct {
			emp    uint64
			system string
			cause  error
		}{
			{staff.ID, "OA", nil}, {staff.ID, "PB", directory.ErrNoSystemRole}, {none.ID, "OA", directory.ErrNoSystemRole},
			{pcOnly.ID, "OA", directory.ErrWeChatNotAllowed}, {mixed.ID, "PB", directory.ErrWeChatNotAllowed},
			{mixed.ID, "CRM", nil},
		} {
			n.Reset()
			err := e.dir.WeChatAccessOfActive(e.ctx, tc.emp, tc.system)
			if !errors.Is(err, tc.cause) || (tc.cause == nil) != (err == nil) {
				t.Errorf("employee %d, %s: %v, want cause %v", tc.emp, tc.system, err, tc.cause)
			}
			if tc.cause == nil && n.Count() != 1 {
				t.Errorf("employee %d, %s allowed in %d statements, want 1", tc.emp, tc.system, n.Count())
			}
		}
		wantField(t, e.dir.WeChatAccessOfActive(e.ctx, staff.ID, "E_RP"), apperr.Invalid, "system")
		if err := e.dir.WeChatAccessOfActive(e.ctx, staff.ID, "ERP"); !errors.Is(err, directory.ErrSystemDisabled) {
			t.Errorf("unknown system: err = %v, want ErrSystemDisabled", err)
		}
		wantCode(t, e.dir.WeChatAccessOfActive(context.Background(), staff.ID, "OA"), apperr.Internal)
	})
	t.Run("ManyAtOnce", func(t *testing.T) {
		// The batch form gives each employee the answer the single form gives, and leaves unknown ids out.
		ids := []uint64{staff.ID, resigned.ID, frozen.ID, none.ID, pcOnly.ID, mixed.ID, 999999}
		got, err := e.dir.WeChatAccessMany(e.ctx, ids, "OA")
		if err != nil {
			t.Fatal(err)
		}
		want := map[uint64]error{staff.ID: nil, resigned.ID: directory.ErrResigned, frozen.ID: directory.ErrFrozen,
			none.ID: directory.ErrNoSystemRole, pcOnly.ID: directory.ErrWeChatNotAllowed, mixed.ID: nil}
		if len(got) != len(want) {
			t.Errorf("%d answers, want %d (unknown ids left out)", len(got), len(want))
		}
		for id, cause := range want {
			r, ok := got[id]
			switch {
			case !ok:
				t.Errorf("employee %d: no answer", id)
			case cause == nil && r != nil:
				t.Errorf("employee %d refused: %v", id, r)
			case cause != nil && !errors.Is(r, cause):
				t.Errorf("employee %d: %v, want cause %v", id, r, cause)
			}
		}
	})
	t.Run("AllowWeChatTurnedOffTakesEffect", func(t *testing.T) {
		if _, err := e.dir.UpdateSystemRole(e.ctx, def[0].ID, directory.SystemRolePatch{AllowWeChat: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		defer func() {
			if _, err := e.dir.UpdateSystemRole(e.ctx, def[0].ID, directory.SystemRolePatch{AllowWeChat: ptr(true)}); err != nil {
				t.Fatal(err)
			}
		}()
		if err := e.dir.WeChatAccess(e.ctx, staff.ID, "OA"); !errors.Is(err, directory.ErrWeChatNotAllowed) {
			t.Errorf("err = %v, want ErrWeChatNotAllowed", err)
		}
	})
	t.Run("SystemDisabled", func(t *testing.T) {
		if _, err := e.dir.SetSystemEnabled(e.ctx, "OA", false); err != nil {
			t.Fatal(err)
		}
		err := e.dir.WeChatAccess(e.ctx, staff.ID, "OA")
		if _, err := e.dir.SetSystemEnabled(e.ctx, "OA", true); err != nil {
			t.Fatal(err)
		}
		wantCode(t, err, apperr.Forbidden)
		if !errors.Is(err, directory.ErrSystemDisabled) {
			t.Errorf("err = %v, want ErrSystemDisabled", err)
		}
	})
	t.Run("TenantWithoutSystemsRegistersThem", func(t *testing.T) {
		legacy := newEnv(t, tenants.SettingsPatch{})
		emp, _ := legacy.mustEmployee(t, "老员工", "veteran")
		legacy.forgetSystems(t)
		if err := legacy.dir.WeChatAccess(legacy.ctx, emp.ID, "OA"); err != nil {
			t.Errorf("legacy tenant's employee refused: %v", err)
		}
	})
	t.Run("ErrOther", func(t *testing.T) {
		wantCode(t, e.dir.WeChatAccess(e.ctx, stranger.ID, "OA"), apperr.NotFound)
		wantField(t, e.dir.WeChatAccess(e.ctx, staff.ID, "E_RP"), apperr.Invalid, "system")
		// A system the tenant never added (or removed) is refused as a disabled one: a message it posted earlier is
		// not sent, and not retried either.
		if err := e.dir.WeChatAccess(e.ctx, staff.ID, "ERP"); !errors.Is(err, directory.ErrSystemDisabled) {
			t.Errorf("unknown system: err = %v, want ErrSystemDisabled", err)
		}
		wantCode(t, e.dir.WeChatAccess(context.Background(), staff.ID, "OA"), apperr.Internal)
		// Another tenant's roles never reach into this one: the other tenant's employee is allowed there only.
		if err := other.dir.WeChatAccess(other.ctx, stranger.ID, "OA"); err != nil {
			t.Errorf("other tenant's employee: %v", err)
		}
	})
}

// TestSystemRolesOfEmployees: the batch gives each employee what SystemRolesOf gives their account, in three
// queries for any number of employees; people without an account, unknown ids and another tenant's people get none.
func TestSystemRolesOfEmployees(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	var emps []directory.Employee
	var accts []directory.Account
	for i := range 6 {
		emp, acct := e.mustEmployee(t, fmt.Sprintf("员工%d", i), fmt.Sprintf("staff%d", i))
		emps, accts = append(emps, emp), append(accts, acct)
	}
	sales, err := e.dir.CreateSystemRole(e.ctx, "销售", []string{"CRM", "OA"}, false)
	if err != nil {
		t.Fatal(err)
	}
	def, err := e.dir.SystemRolesOf(e.ctx, accts[0].ID)
	if err != nil || len(def) != 1 {
		t.Fatalf("default role %v, %v", def, err)
	}
	if err := e.dir.AssignSystemRoles(e.ctx, accts[1].ID, []uint64{sales.ID, def[0].ID}); err != nil {
		t.Fatal(err)
	}
	if err := e.dir.AssignSystemRoles(e.ctx, accts[2].ID, nil); err != nil {
		t.Fatal(err)
	}
	noAccount := directory.Employee{Name: "无账号", Status: directory.StatusActive}
	if err := e.db.WithContext(e.ctx).Create(&noAccount).Error; err != nil {
		t.Fatal(err)
	}
	stranger, _ := other.mustEmployee(t, "外人", "stranger")

	ids := []uint64{noAccount.ID, stranger.ID, 987654321}
	for _, emp := range emps {
		ids = append(ids, emp.ID)
	}
	n := testkit.CountStatements(t, e.db)
	got, err := e.dir.SystemRolesOfEmployees(e.ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if n.Count() != 3 {
		t.Errorf("%d statements for %d employees, want 3", n.Count(), len(ids))
	}
	for i, emp := range emps {
		want, err := e.dir.SystemRolesOf(e.ctx, accts[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got[emp.ID]); diff != "" {
			t.Errorf("%s (-SystemRolesOf +batch):\n%s", emp.Name, diff)
		}
	}
	for _, id := range []uint64{noAccount.ID, stranger.ID, 987654321} {
		if r, ok := got[id]; !ok || len(r) != 0 {
			t.Errorf("employee %d: %v, %v; want an empty list", id, r, ok)
		}
	}
}
