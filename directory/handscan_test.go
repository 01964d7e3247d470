package directory_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
)

// The reads every request makes are scanned by hand (database.EachRow). These tests hold each to what gorm reads
// from the same rows, so a column added to a model and forgotten in a hand-written scan fails here.

// TestEmployeesByIDsMatchesGorm compares EmployeesByIDs with gorm's Find of the same ids, for people with every
// field set, people with the optional fields empty, another tenant's person and an id nobody has.
func TestEmployeesByIDsMatchesGorm(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	full, _ := e.mustEmployee(t, "全字段", "full")
	err := e.db.WithContext(e.ctx).Model(&directory.Employee{}).Where("id = ?", full.ID).Updates(map[string]any{
		"wecom_userid": "full-wx", "mobile": "13800000000", "email": "full@example.com", "position": "产品经理/项目经理",
		"status": directory.StatusFrozen, "wecom_status": directory.WeComDisabled, "wecom_status_at": time.Now().UTC(),
		"employee_no": "E-0001", "branch_id": 7,
	}).Error
	if err != nil {
		t.Fatal(err)
	}
	bare, _ := e.mustEmployee(t, "空字段", "bare")
	stranger, _ := other.mustEmployee(t, "外人", "stranger")

	// The row with every field set must really set every field, or the comparison cannot see a forgotten column.
	var stored directory.Employee
	if err := e.db.WithContext(e.ctx).Take(&stored, full.ID).Error; err != nil {
		t.Fatal(err)
	}
	if stored.Position == nil || *stored.Position != "产品经理/项目经理" {
		t.Fatalf("fixture: position %v", stored.Position)
	}
	for i, v := 0, reflect.ValueOf(stored); i < v.NumField(); i++ {
		if v.Field(i).IsZero() {
			t.Fatalf("fixture: Employee.%s is empty; set it so the comparison covers its column", v.Type().Field(i).Name)
		}
	}

	cases := []struct {
		name string
		ids  []uint64
	}{
		{"OK", []uint64{full.ID, bare.ID}},
		{"Repeated", []uint64{bare.ID, full.ID, bare.ID}},
		{"OtherTenant", []uint64{full.ID, stranger.ID}},
		{"Unknown", []uint64{999999999}},
		{"None", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := e.dir.EmployeesByIDs(e.ctx, c.ids)
			if err != nil {
				t.Fatal(err)
			}
			want := map[uint64]directory.Employee{}
			if len(c.ids) > 0 {
				var rows []directory.Employee
				if err := e.db.WithContext(e.ctx).Where("id IN ?", c.ids).Find(&rows).Error; err != nil {
					t.Fatal(err)
				}
				for _, r := range rows {
					want[r.ID] = r
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("EmployeesByIDs differs from gorm (-gorm +hand):\n%s", diff)
			}
		})
	}
}

// TestAccountAndStatusMatchesGorm compares AccountAndStatus with the same read through gorm's query builder and
// Scan, for an account as created, one with its flags and version changed and its employee frozen, another
// tenant's account and an unknown id.
func TestAccountAndStatusMatchesGorm(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	_, plain := e.mustEmployee(t, "普通", "plain")
	changedEmp, changed := e.mustEmployee(t, "改过", "changed")
	err := e.db.WithContext(e.ctx).Model(&directory.Account{}).Where("id = ?", changed.ID).Updates(map[string]any{
		"role": directory.RoleAdmin, "token_version": 7, "must_change_password": true,
	}).Error
	if err != nil {
		t.Fatal(err)
	}
	e.setStatus(t, changedEmp.ID, directory.StatusFrozen)
	_, stranger := other.mustEmployee(t, "外人", "stranger")

	// byGorm is the read as gorm builds and scans it.
	byGorm := func(id uint64) (directory.Account, directory.Status, error) {
		var row struct {
			directory.Account `gorm:"embedded"`
			EmployeeStatus    directory.Status
		}
		err := e.db.WithContext(e.ctx).Model(&directory.Account{}).
			Select("accounts.id, accounts.tenant_id, accounts.employee_id, accounts.role, accounts.token_version, "+
				"accounts.must_change_password, employees.status AS employee_status").
			Joins("JOIN employees ON employees.tenant_id = accounts.tenant_id AND employees.id = accounts.employee_id").
			Where("accounts.id = ?", id).Limit(1).Scan(&row).Error
		if err == nil && row.ID == 0 {
			err = errNotFound
		}
		return row.Account, row.EmployeeStatus, err
	}
	cases := []struct {
		name string
		id   uint64
	}{
		{"OK", plain.ID},
		{"Changed", changed.ID},
		{"ErrOtherTenant", stranger.ID},
		{"ErrUnknown", 999999999},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantAcct, wantStatus, wantErr := byGorm(c.id)
			acct, status, err := e.dir.AccountAndStatus(e.ctx, c.id)
			if wantErr != nil {
				if !errors.Is(wantErr, errNotFound) {
					t.Fatal(wantErr)
				}
				wantCode(t, err, apperr.NotFound)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantAcct, acct); diff != "" {
				t.Errorf("account differs from gorm (-gorm +hand):\n%s", diff)
			}
			if status != wantStatus {
				t.Errorf("status %q, gorm %q", status, wantStatus)
			}
		})
	}
}

// errNotFound stands for "no row" in the gorm side of a comparison.
var errNotFound = errors.New("no row")

// TestHandScannedReadsNeedTenant: the hand-scanned reads go through gorm, and their SQL names the tenant of the
// context, so without one (a bare or a System context) they are refused before any SQL is sent.
func TestHandScannedReadsNeedTenant(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	emp, acct := e.mustEmployee(t, "某人", "someone")
	for name, ctx := range map[string]context.Context{"Bare": context.Background(), "System": tenancy.System(context.Background())} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := e.dir.AccountAndStatus(ctx, acct.ID); !errors.Is(err, tenancy.ErrNoTenant) {
				t.Errorf("AccountAndStatus: err = %v, want ErrNoTenant", err)
			}
			if _, err := e.dir.EmployeesByIDs(ctx, []uint64{emp.ID}); !errors.Is(err, tenancy.ErrNoTenant) {
				t.Errorf("EmployeesByIDs: err = %v, want ErrNoTenant", err)
			}
		})
	}
}
