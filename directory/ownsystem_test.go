package directory_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

func systemCodesOf(t *testing.T, e *env) []string {
	t.Helper()
	list, err := e.dir.Systems(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range list {
		out = append(out, s.Code)
	}
	return out
}

// TestOwnSystems: a tenant adds message-only systems of its own (HR, ERP, seed 001 §5), which then work as PB and
// CRM do (roles, the WeChat gate, API keys), and removes them again; built-in systems stay.
func TestOwnSystems(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	staff, acct := e.mustEmployee(t, "员工", "staff")

	t.Run("ErrAdd", func(t *testing.T) {
		if _, err := e.dir.AddSystem(e.ctx, "ERP", "企业资源计划"); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name, code, sysName, field string
			want                       apperr.Code
		}{
			{"OneLetter", "H", "人事", "code", apperr.Invalid},
			{"DigitFirst", "1HR", "人事", "code", apperr.Invalid},
			{"Underscore", "H_R", "人事", "code", apperr.Invalid},
			{"Dash", "HR-1", "人事", "code", apperr.Invalid},
			{"Chinese", "人事", "人事", "code", apperr.Invalid},
			{"TooLong", strings.Repeat("A", 9), "人事", "code", apperr.Invalid},
			{"ReservedReceiverName", "contacts", "通讯录", "code", apperr.Invalid},
			{"BuiltinTaken", "oa", "协同", "code", apperr.Conflict},
			{"OwnTaken", " erp ", "又一个", "code", apperr.Conflict},
			{"NoName", "HR", "  ", "name", apperr.Invalid},
			{"NameTooLong", "HR", strings.Repeat("人", directory.MaxSystemName+1), "name", apperr.Invalid},
			{"NameLineBreak", "HR", "人事\n系统", "name", apperr.Invalid},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := e.dir.AddSystem(e.ctx, tc.code, tc.sysName)
				wantField(t, err, tc.want, tc.field)
			})
		}
		if got, want := systemCodesOf(t, e), []string{"OA", "PB", "CRM", "ERP"}; !slices.Equal(got, want) {
			t.Errorf("systems after refusals = %v, want %v", got, want)
		}
		_, err := e.dir.AddSystem(context.Background(), "HR", "人事")
		wantCode(t, err, apperr.Internal)
	})

	var key string
	t.Run("WorksAsPBDoes", func(t *testing.T) {
		hr, err := e.dir.AddSystem(e.ctx, " hr ", " 人力资源 ")
		if err != nil {
			t.Fatal(err)
		}
		if hr.Code != "HR" || hr.Name != "人力资源" || !hr.Enabled || hr.HasAPIKey() || hr.Builtin() {
			t.Errorf("added = %+v", hr)
		}
		if got, want := systemCodesOf(t, e), []string{"OA", "PB", "CRM", "ERP", "HR"}; !slices.Equal(got, want) {
			t.Errorf("systems = %v, want %v (built-in first, then by code)", got, want)
		}
		// The gate: no role grants HR yet, then one does.
		if err := e.dir.WeChatAccess(e.ctx, staff.ID, "HR"); !errors.Is(err, directory.ErrNoSystemRole) {
			t.Errorf("before a role grants HR: %v", err)
		}
		role, err := e.dir.CreateSystemRole(e.ctx, "人事专员", []string{"hr", "OA"}, true)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(role.Systems, []string{"OA", "HR"}) {
			t.Errorf("role systems = %v", role.Systems)
		}
		if err := e.dir.AssignSystemRoles(e.ctx, acct.ID, []uint64{role.ID}); err != nil {
			t.Fatal(err)
		}
		if err := e.dir.WeChatAccess(e.ctx, staff.ID, "HR"); err != nil {
			t.Errorf("granted HR: %v", err)
		}
		if key, err = e.dir.RotateSystemAPIKey(e.ctx, "HR"); err != nil {
			t.Fatal(err)
		}
		sys, err := e.dir.SystemByAPIKey(context.Background(), key)
		if err != nil || sys.Code != "HR" || sys.TenantID != e.tenant.ID {
			t.Errorf("HR's key = %+v, %v", sys, err)
		}
	})

	t.Run("OtherTenantUntouched", func(t *testing.T) {
		_, err := other.dir.System(other.ctx, "HR")
		wantCode(t, err, apperr.NotFound)
		if _, err := other.dir.SystemByAPIKey(other.ctx, key); !errors.Is(err, directory.ErrBadAPIKey) {
			t.Errorf("HR's key on the other tenant: %v", err)
		}
		if _, err := other.dir.AddSystem(other.ctx, "HR", "人事"); err != nil {
			t.Errorf("the same code in another tenant: %v", err)
		}
		err = other.dir.RemoveSystem(other.ctx, "ERP")
		wantCode(t, err, apperr.NotFound)
	})

	t.Run("ErrRemove", func(t *testing.T) {
		for _, code := range []string{"OA", "pb", "CRM"} {
			wantField(t, e.dir.RemoveSystem(e.ctx, code), apperr.Invalid, "code")
		}
		wantField(t, e.dir.RemoveSystem(e.ctx, "H_R"), apperr.Invalid, "code")
		wantCode(t, e.dir.RemoveSystem(e.ctx, "XYZ"), apperr.NotFound)
		wantCode(t, e.dir.RemoveSystem(context.Background(), "HR"), apperr.Internal)
	})

	t.Run("Remove", func(t *testing.T) {
		if err := e.dir.RemoveSystem(e.ctx, "hr"); err != nil {
			t.Fatal(err)
		}
		if got, want := systemCodesOf(t, e), []string{"OA", "PB", "CRM", "ERP"}; !slices.Equal(got, want) {
			t.Errorf("systems = %v, want %v", got, want)
		}
		if got := e.roleNames(t, acct.ID); !slices.Equal(got, []string{"人事专员:OA:true"}) {
			t.Errorf("roles after removal = %v, want HR's grant gone", got)
		}
		if _, err := e.dir.SystemByAPIKey(context.Background(), key); !errors.Is(err, directory.ErrBadAPIKey) {
			t.Errorf("removed system's key: %v", err)
		}
		if err := e.dir.WeChatAccess(e.ctx, staff.ID, "HR"); !errors.Is(err, directory.ErrSystemDisabled) {
			t.Errorf("removed system over WeChat: %v", err)
		}
		wantCode(t, e.dir.RemoveSystem(e.ctx, "HR"), apperr.NotFound)
		// Added again, it starts afresh: no key, no grant.
		hr, err := e.dir.AddSystem(e.ctx, "HR", "人事")
		if err != nil || hr.HasAPIKey() {
			t.Errorf("re-added = %+v, %v", hr, err)
		}
		if err := e.dir.WeChatAccess(e.ctx, staff.ID, "HR"); !errors.Is(err, directory.ErrNoSystemRole) {
			t.Errorf("re-added system over WeChat: %v", err)
		}
	})
}
