package directory_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

// TestStaffIDs: the audiences of published items (StaffEmployeeIDs, DepartmentStaffIDs) keep frozen people with
// their status and drop resigned ones, while collab department expansion (DepartmentMemberIDs) still keeps the
// active only, on the same people.
func TestStaffIDs(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	other := newEnv(t, tenants.SettingsPatch{})
	root := e.mustDept(t, "总部", nil, 0)
	leaf := e.mustDept(t, "基层", &root, 0)
	empty := e.mustDept(t, "空部门", nil, 0)
	foreign := other.mustDept(t, "外部", nil, 0)
	emp := func(name, login string, st directory.Status, depts ...uint64) uint64 {
		x, _ := e.mustEmployee(t, name, login)
		e.mustSetDepts(t, x, 0, depts...)
		e.setStatus(t, x.ID, st)
		return x.ID
	}
	boss := emp("老板", "boss", directory.StatusActive, root.ID)
	worker := emp("员工", "worker", directory.StatusActive, leaf.ID)
	frozen := emp("冻结", "frozen", directory.StatusFrozen, leaf.ID)
	resigned := emp("离职", "resigned", directory.StatusResigned, leaf.ID)
	loner := emp("无部门", "loner", directory.StatusFrozen)
	stranger, _ := other.mustEmployee(t, "外人", "stranger")
	other.mustSetDepts(t, stranger, 0, foreign.ID)
	const (
		active = directory.StatusActive
		frz    = directory.StatusFrozen
	)

	for _, tc := range []struct {
		name string
		got  func() (map[uint64]directory.Status, error)
		want map[uint64]directory.Status
	}{
		{"AllStaff", func() (map[uint64]directory.Status, error) { return e.dir.StaffEmployeeIDs(e.ctx) },
			map[uint64]directory.Status{boss: active, worker: active, frozen: frz, loner: frz}},
		{"WholeTree", func() (map[uint64]directory.Status, error) {
			return e.dir.DepartmentStaffIDs(e.ctx, []uint64{root.ID, leaf.ID})
		}, map[uint64]directory.Status{boss: active, worker: active, frozen: frz}},
		{"Leaf", func() (map[uint64]directory.Status, error) { return e.dir.DepartmentStaffIDs(e.ctx, []uint64{leaf.ID}) },
			map[uint64]directory.Status{worker: active, frozen: frz}},
		{"EmptyDepartment", func() (map[uint64]directory.Status, error) {
			return e.dir.DepartmentStaffIDs(e.ctx, []uint64{empty.ID})
		}, map[uint64]directory.Status{}},
		{"OtherTenant", func() (map[uint64]directory.Status, error) { return other.dir.StaffEmployeeIDs(other.ctx) },
			map[uint64]directory.Status{stranger.ID: active}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.got()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("staff (-want +got):\n%s", diff)
			}
			if _, ok := got[resigned]; ok {
				t.Errorf("resigned %d is on staff", resigned)
			}
		})
	}
	t.Run("CollabStillActiveOnly", func(t *testing.T) {
		got, err := e.dir.DepartmentMemberIDs(e.ctx, []uint64{root.ID})
		if err != nil || !cmp.Equal([]uint64{boss, worker}, got) {
			t.Errorf("collab members = %v, %v, want the active %v only", got, err, []uint64{boss, worker})
		}
	})
	t.Run("ErrUnknownDepartment", func(t *testing.T) {
		for _, ids := range [][]uint64{{root.ID, 987654321}, {foreign.ID}, {0}} {
			_, err := e.dir.DepartmentStaffIDs(e.ctx, ids)
			wantField(t, err, apperr.Invalid, "departmentIds")
		}
	})
	t.Run("ErrNoTenant", func(t *testing.T) {
		_, err := e.dir.StaffEmployeeIDs(context.Background())
		wantCode(t, err, apperr.Internal)
		_, err = e.dir.DepartmentStaffIDs(context.Background(), []uint64{root.ID})
		wantCode(t, err, apperr.Internal)
	})
}
