package directory

import (
	"context"
	"strings"

	"github.com/qiao-hq/qiao/apperr"
)

// RosterEntry is one employee as the import compares a spreadsheet's row with the directory: the stored fields,
// the account's login ("" without one) and the employee's departments by ID, main first.
type RosterEntry struct {
	Employee
	Login         string
	DepartmentIDs []uint64
}

// Roster returns every employee of the tenant, of any status, with their logins and departments, in three queries
// whatever their number (the import of a whole company compares every row with it). It returns internal only.
func (s *Store) Roster(ctx context.Context) ([]RosterEntry, error) {
	if _, err := requireTenant(ctx, "load roster"); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var emps []Employee
	if err := db.Order("id").Find(&emps).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load roster")
	}
	var accts []Account
	if err := db.Select("employee_id, login").Where("employee_id IS NOT NULL").Find(&accts).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load roster logins")
	}
	logins := make(map[uint64]string, len(accts))
	for _, a := range accts {
		logins[a.EmployeeID] = a.Login
	}
	var ms []Membership
	if err := db.Order("is_main DESC").Order("department_id").Find(&ms).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load roster departments")
	}
	depts := make(map[uint64][]uint64, len(emps))
	for _, m := range ms {
		depts[m.EmployeeID] = append(depts[m.EmployeeID], m.DepartmentID)
	}
	out := make([]RosterEntry, len(emps))
	for i, e := range emps {
		out[i] = RosterEntry{Employee: e, Login: logins[e.ID], DepartmentIDs: depts[e.ID]}
	}
	return out, nil
}

// DepartmentPathSeparator separates the levels of a department path ("广研/产品中心").
const DepartmentPathSeparator = "/"

// DepartmentPaths maps every department of the tenant to its path from the root, levels joined by
// DepartmentPathSeparator, and back. It returns internal only.
func (s *Store) DepartmentPaths(ctx context.Context) (byID map[uint64]string, byPath map[string]uint64, err error) {
	if _, err := requireTenant(ctx, "load department paths"); err != nil {
		return nil, nil, err
	}
	all, err := allDepartments(s.db.WithContext(ctx))
	if err != nil {
		return nil, nil, apperr.Wrap(err, apperr.Internal, "load department paths")
	}
	parent := make(map[uint64]Department, len(all))
	for _, d := range all {
		parent[d.ID] = d
	}
	byID, byPath = make(map[uint64]string, len(all)), make(map[string]uint64, len(all))
	for _, d := range all {
		var names []string
		for cur, ok := d, true; ok && len(names) <= len(all); {
			names = append(names, cur.Name)
			if cur.ParentID == nil {
				break
			}
			cur, ok = parent[*cur.ParentID]
		}
		for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
			names[i], names[j] = names[j], names[i]
		}
		p := strings.Join(names, DepartmentPathSeparator)
		byID[d.ID], byPath[p] = p, d.ID
	}
	return byID, byPath, nil
}
