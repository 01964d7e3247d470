package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
)

// Membership ties an employee to a department (table employee_departments). Every employee with memberships has
// exactly one main one (IsMain); IsLeader marks the department's leaders.
type Membership struct {
	TenantID     uint64 `gorm:"primaryKey;autoIncrement:false"`
	EmployeeID   uint64 `gorm:"primaryKey;autoIncrement:false"`
	DepartmentID uint64 `gorm:"primaryKey;autoIncrement:false"`
	IsLeader     bool
	IsMain       bool
	CreatedAt    time.Time
}

// TableName implements gorm's tabler.
func (Membership) TableName() string { return "employee_departments" }

// EmployeeDepartment is one department of an employee, with the employee's flags in it.
type EmployeeDepartment struct {
	Department
	IsLeader bool
	IsMain   bool
}

// SetEmployeeDepartments replaces the departments of an employee with departmentIDs (duplicates ignored, at most
// MaxDepartmentsPerEmployee), mainID being the main one; 0 means the first listed. Leader flags of memberships that
// remain are kept. An empty list removes every membership (mainID must then be 0).
//
// It returns not_found for an unknown employee; invalid with Field "departmentIds" for unknown departments or too
// many, with Field "mainDepartmentId" when mainID is not among them; internal when ctx has no tenant.
func (s *Store) SetEmployeeDepartments(ctx context.Context, employeeID uint64, departmentIDs []uint64, mainID uint64) error {
	if _, err := requireTenant(ctx, "set employee departments"); err != nil {
		return err
	}
	ids := uniqueInOrder(departmentIDs)
	switch {
	case len(ids) > MaxDepartmentsPerEmployee:
		return apperr.InvalidField("departmentIds", "一名员工最多属于 %d 个部门", MaxDepartmentsPerEmployee)
	case len(ids) == 0 && mainID != 0, len(ids) > 0 && mainID != 0 && !slices.Contains(ids, mainID):
		return apperr.InvalidField("mainDepartmentId", "主部门必须是所属部门之一")
	case len(ids) > 0 && mainID == 0:
		mainID = ids[0]
	}
	if _, err := s.Employee(ctx, employeeID); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if len(ids) > 0 {
			// Locking the departments makes a concurrent DeleteDepartment wait for this commit and then see the
			// membership, or makes this call see the department gone.
			var found []uint64
			err := tx.Model(&Department{}).Clauses(clause.Locking{Strength: "UPDATE"}).
				Where("id IN ?", ids).Pluck("id", &found).Error
			if err != nil {
				return fmt.Errorf("lock departments: %w", err)
			}
			if missing := missingIDs(ids, found); len(missing) > 0 {
				return unknownDepartments(missing)
			}
		}
		var cur []Membership
		if err := tx.Where("employee_id = ?", employeeID).Find(&cur).Error; err != nil {
			return fmt.Errorf("load memberships: %w", err)
		}
		have := make(map[uint64]bool, len(cur))
		for _, m := range cur {
			have[m.DepartmentID] = true
		}
		del := tx.Where("employee_id = ?", employeeID)
		if len(ids) > 0 {
			del = del.Where("department_id NOT IN ?", ids)
		}
		if err := del.Delete(&Membership{}).Error; err != nil {
			return fmt.Errorf("delete memberships: %w", err)
		}
		now := s.now().UTC()
		var add []Membership
		for _, d := range ids {
			if !have[d] {
				add = append(add, Membership{EmployeeID: employeeID, DepartmentID: d, CreatedAt: now})
			}
		}
		if len(add) > 0 {
			if err := tx.Create(&add).Error; err != nil {
				return fmt.Errorf("insert memberships: %w", err)
			}
		}
		if len(ids) > 0 {
			err := tx.Model(&Membership{}).Where("employee_id = ?", employeeID).
				UpdateColumn("is_main", gorm.Expr("department_id = ?", mainID)).Error
			if err != nil {
				return fmt.Errorf("set main department: %w", err)
			}
		}
		return nil
	})
	return apperr.OrInternal(err, "set employee departments")
}

// SetDepartmentLeader marks or unmarks an employee as a leader of one of their departments. It returns not_found
// when the employee is not in that department, internal when ctx has no tenant.
func (s *Store) SetDepartmentLeader(ctx context.Context, departmentID, employeeID uint64, leader bool) error {
	if _, err := requireTenant(ctx, "set department leader"); err != nil {
		return err
	}
	res := s.db.WithContext(ctx).Model(&Membership{}).
		Where("department_id = ? AND employee_id = ?", departmentID, employeeID).
		UpdateColumn("is_leader", leader)
	if res.Error != nil {
		return apperr.Wrap(res.Error, apperr.Internal, "set department leader")
	}
	if res.RowsAffected == 0 {
		// MySQL counts changed rows only: tell "already so" from "no such membership".
		var n int64
		if err := s.db.WithContext(ctx).Model(&Membership{}).
			Where("department_id = ? AND employee_id = ?", departmentID, employeeID).Count(&n).Error; err != nil {
			return apperr.Wrap(err, apperr.Internal, "set department leader")
		}
		if n == 0 {
			return apperr.E(apperr.NotFound, "该员工不在此部门")
		}
	}
	return nil
}

// DepartmentMemberIDs returns the active employees of departmentIDs and of every department under them, each
// once, in ascending order (the OA service expands department recipients with it). Duplicate IDs are fine; an
// empty list gives none. It returns invalid with Field "departmentIds" naming the departments that do not exist in
// this tenant, internal when ctx has no tenant.
func (s *Store) DepartmentMemberIDs(ctx context.Context, departmentIDs []uint64) ([]uint64, error) {
	rows, err := s.departmentMembers(ctx, departmentIDs, []Status{StatusActive})
	if err != nil {
		return nil, err
	}
	out := make([]uint64, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.EmployeeID)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// DepartmentStaffIDs returns the employees still on staff (active or frozen, never resigned) of departmentIDs and
// of every department under them, with their status: the department audience of a notice, survey or discussion,
// which someone frozen when it is published must still find once unfrozen. Duplicate IDs are fine; an empty list
// gives none. Errors as DepartmentMemberIDs.
func (s *Store) DepartmentStaffIDs(ctx context.Context, departmentIDs []uint64) (map[uint64]Status, error) {
	rows, err := s.departmentMembers(ctx, departmentIDs, staffStatuses)
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]Status, len(rows))
	for _, r := range rows {
		out[r.EmployeeID] = r.Status
	}
	return out, nil
}

// departmentMembers returns the memberships, in departmentIDs and every department under them, of the employees
// whose status is among statuses. Errors: invalid (field "departmentIds") for unknown departments, internal.
func (s *Store) departmentMembers(ctx context.Context, departmentIDs []uint64, statuses []Status) ([]memberRow, error) {
	if _, err := requireTenant(ctx, "expand departments"); err != nil {
		return nil, err
	}
	ids := uniqueInOrder(departmentIDs)
	if len(ids) == 0 {
		return nil, nil
	}
	db := s.db.WithContext(ctx)
	all, err := allDepartments(db)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "expand departments")
	}
	subtree, missing := subtreeIDs(all, ids)
	if len(missing) > 0 {
		return nil, unknownDepartments(missing)
	}
	rows, err := memberships(db, subtree, statuses)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "expand departments")
	}
	return rows, nil
}

// DepartmentsOf returns the departments of each of employeeIDs, main department first, then by name; employees
// without departments are absent (a dataloader's contract). It returns internal only.
func (s *Store) DepartmentsOf(ctx context.Context, employeeIDs []uint64) (map[uint64][]EmployeeDepartment, error) {
	if _, err := requireTenant(ctx, "load employee departments"); err != nil {
		return nil, err
	}
	out := make(map[uint64][]EmployeeDepartment, len(employeeIDs))
	ids := uniqueInOrder(employeeIDs)
	if len(ids) == 0 {
		return out, nil
	}
	db := s.db.WithContext(ctx)
	var ms []Membership
	if err := db.Where("employee_id IN ?", ids).Find(&ms).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load employee departments")
	}
	deptIDs := make([]uint64, 0, len(ms))
	for _, m := range ms {
		deptIDs = append(deptIDs, m.DepartmentID)
	}
	var depts []Department
	if len(deptIDs) > 0 {
		if err := db.Where("id IN ?", uniqueInOrder(deptIDs)).Find(&depts).Error; err != nil {
			return nil, apperr.Wrap(err, apperr.Internal, "load employee departments")
		}
	}
	byID := make(map[uint64]Department, len(depts))
	for _, d := range depts {
		byID[d.ID] = d
	}
	for _, m := range ms {
		if d, ok := byID[m.DepartmentID]; ok {
			out[m.EmployeeID] = append(out[m.EmployeeID], EmployeeDepartment{Department: d, IsLeader: m.IsLeader, IsMain: m.IsMain})
		}
	}
	for _, list := range out {
		slices.SortFunc(list, func(a, b EmployeeDepartment) int {
			if a.IsMain != b.IsMain {
				if a.IsMain {
					return -1
				}
				return 1
			}
			return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
	}
	return out, nil
}

// joinEmployees joins a membership to its employee. It names the tenant explicitly: the plugin scopes only the
// main table of a statement.
const joinEmployees = "JOIN employees ON employees.tenant_id = employee_departments.tenant_id AND employees.id = employee_departments.employee_id"

// memberRow is a membership with its employee's status.
type memberRow struct {
	EmployeeID   uint64
	DepartmentID uint64
	Status       Status
}

// activeMemberships returns the memberships of active employees, in departmentIDs when it is not nil.
func activeMemberships(db *gorm.DB, departmentIDs []uint64) ([]memberRow, error) {
	return memberships(db, departmentIDs, []Status{StatusActive})
}

// memberships returns the memberships of employees whose status is among statuses, in departmentIDs when it is
// not nil.
func memberships(db *gorm.DB, departmentIDs []uint64, statuses []Status) ([]memberRow, error) {
	if departmentIDs != nil && len(departmentIDs) == 0 {
		return nil, nil
	}
	q := db.Model(&Membership{}).
		Select("employee_departments.employee_id, employee_departments.department_id, employees.status").
		Joins(joinEmployees).Where("employees.status IN ?", statuses)
	if departmentIDs != nil {
		q = q.Where("employee_departments.department_id IN ?", departmentIDs)
	}
	var out []memberRow
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("load memberships: %w", err)
	}
	return out, nil
}

// uniqueInOrder drops repeats, keeping the first occurrence's order.
func uniqueInOrder(ids []uint64) []uint64 {
	out := make([]uint64, 0, len(ids))
	seen := make(map[uint64]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// missingIDs returns the ids absent from found, in the order of ids.
func missingIDs(ids, found []uint64) []uint64 {
	var out []uint64
	for _, id := range ids {
		if !slices.Contains(found, id) {
			out = append(out, id)
		}
	}
	return out
}
