package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/text"
)

// Department is one node of a tenant's department tree (table departments). ParentID is nil for a root. Names are
// unique among siblings and never contain "/", which separates the levels of an imported path ("广研/产品中心").
type Department struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	ParentID  *uint64
	Name      string
	SortOrder int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName implements gorm's tabler.
func (Department) TableName() string { return "departments" }

// DepartmentNode is a department in DepartmentTree: its active members directly in it (MemberCount), its active
// members in it or any sub-department, each counted once (TotalMemberCount), and its sub-departments in display
// order.
type DepartmentNode struct {
	Department
	MemberCount      int
	TotalMemberCount int
	Children         []DepartmentNode
}

// Limits of the department tree.
const (
	MaxDepartmentName         = 64 // characters
	MaxDepartmentsPerEmployee = 20 // WeCom's own limit for a member
)

// normalizeDepartmentName trims a department name and checks it (text.Line's rule among them); invalid with Field
// "name".
func normalizeDepartmentName(name string) (string, error) {
	name, err := text.Line("name", "部门名称", name)
	if err != nil {
		return "", err
	}
	switch {
	case name == "":
		return "", apperr.InvalidField("name", "部门名称不能为空")
	case utf8.RuneCountInString(name) > MaxDepartmentName:
		return "", apperr.InvalidField("name", "部门名称最多 %d 个字符", MaxDepartmentName)
	case strings.Contains(name, "/"):
		// Imported paths are slash-separated; a slash in a name would make "A/B" ambiguous.
		return "", apperr.InvalidField("name", "部门名称不能包含 /")
	}
	return name, nil
}

const departmentNotFoundMsg = "部门不存在"

func departmentNotFound() error {
	return apperr.E(apperr.NotFound, departmentNotFoundMsg)
}

func siblingTaken(name string) error {
	return &apperr.Error{Code: apperr.Conflict, Field: "name",
		Msg: fmt.Sprintf("同级部门中已有 %q", name)}
}

// lockTenant takes the tenant's row lock for the rest of tx. Department tree writes hold it so that the checks
// they make (sibling names among roots, which the unique key cannot see because parent_id is NULL; no cycles) stay
// true until they commit. Tree writes are rare admin actions, so serialising them per tenant costs nothing.
func lockTenant(tx *gorm.DB) error {
	var t tenants.Tenant
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("id").Take(&t).Error; err != nil {
		return fmt.Errorf("lock tenant: %w", err)
	}
	return nil
}

// CreateDepartment adds a department under parentID (nil for a root), placed by sortOrder among its siblings
// (ascending, then by name). It returns invalid for a bad name (Field "name") or an unknown parent (Field
// "parentId"), conflict (Field "name") when a sibling has the name, internal when ctx has no tenant.
func (s *Store) CreateDepartment(ctx context.Context, name string, parentID *uint64, sortOrder int) (Department, error) {
	if _, err := requireTenant(ctx, "create department"); err != nil {
		return Department{}, err
	}
	name, err := normalizeDepartmentName(name)
	if err != nil {
		return Department{}, err
	}
	now := s.now().UTC()
	d := Department{ParentID: parentID, Name: name, SortOrder: sortOrder, CreatedAt: now, UpdatedAt: now}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := lockTenant(tx); err != nil {
			return err
		}
		if parentID != nil {
			if _, err := findDepartment(tx, *parentID); err != nil {
				if apperr.Is(err, apperr.NotFound) {
					return apperr.InvalidField("parentId", "上级部门不存在")
				}
				return err
			}
		}
		if err := checkSiblingName(tx, parentID, name, 0); err != nil {
			return err
		}
		if err := tx.Create(&d).Error; err != nil {
			if database.IsDuplicate(err) {
				return siblingTaken(name)
			}
			return fmt.Errorf("insert department: %w", err)
		}
		return nil
	})
	if err != nil {
		return Department{}, apperr.OrInternal(err, "create department")
	}
	return d, nil
}

// RenameDepartment renames a department. It returns not_found for an unknown department, invalid for a bad name,
// conflict when a sibling has the name, internal when ctx has no tenant.
func (s *Store) RenameDepartment(ctx context.Context, id uint64, name string) (Department, error) {
	if _, err := requireTenant(ctx, "rename department"); err != nil {
		return Department{}, err
	}
	name, err := normalizeDepartmentName(name)
	if err != nil {
		return Department{}, err
	}
	return s.updateDepartment(ctx, id, "rename department", func(tx *gorm.DB, d *Department) error {
		if err := checkSiblingName(tx, d.ParentID, name, d.ID); err != nil {
			return err
		}
		d.Name = name
		return nil
	})
}

// MoveDepartment moves a department, with everything under it, under parentID (nil makes it a root). It returns
// not_found for an unknown department; invalid with Field "parentId" for an unknown parent or one that is the
// department itself or lies under it (the tree stays a tree); conflict when a new sibling has its name; internal
// when ctx has no tenant.
func (s *Store) MoveDepartment(ctx context.Context, id uint64, parentID *uint64) (Department, error) {
	if _, err := requireTenant(ctx, "move department"); err != nil {
		return Department{}, err
	}
	return s.updateDepartment(ctx, id, "move department", func(tx *gorm.DB, d *Department) error {
		if parentID != nil {
			all, err := allDepartments(tx)
			if err != nil {
				return err
			}
			// d's own subtree (d included) is where it cannot go: the tree stays a tree.
			sub, _ := subtreeIDs(all, []uint64{d.ID})
			if !slices.ContainsFunc(all, func(x Department) bool { return x.ID == *parentID }) {
				return apperr.InvalidField("parentId", "上级部门不存在")
			}
			if slices.Contains(sub, *parentID) {
				return apperr.InvalidField("parentId", "不能移动到自身或其下级部门之下")
			}
		}
		if err := checkSiblingName(tx, parentID, d.Name, d.ID); err != nil {
			return err
		}
		d.ParentID = parentID
		return nil
	})
}

// SetDepartmentSortOrder places a department among its siblings (ascending, then by name). It returns not_found
// for an unknown department, internal when ctx has no tenant.
func (s *Store) SetDepartmentSortOrder(ctx context.Context, id uint64, sortOrder int) (Department, error) {
	if _, err := requireTenant(ctx, "reorder department"); err != nil {
		return Department{}, err
	}
	return s.updateDepartment(ctx, id, "reorder department", func(_ *gorm.DB, d *Department) error {
		d.SortOrder = sortOrder
		return nil
	})
}

// updateDepartment loads department id under the tenant lock, lets change modify it (or refuse), and saves it.
func (s *Store) updateDepartment(ctx context.Context, id uint64, op string, change func(tx *gorm.DB, d *Department) error) (Department, error) {
	var d Department
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := lockTenant(tx); err != nil {
			return err
		}
		var err error
		if d, err = findDepartment(tx, id); err != nil {
			return err
		}
		if err := change(tx, &d); err != nil {
			return err
		}
		d.UpdatedAt = s.now().UTC()
		err = tx.Model(&Department{}).Where("id = ?", d.ID).UpdateColumns(map[string]any{
			"parent_id": d.ParentID, "name": d.Name, "sort_order": d.SortOrder, "updated_at": d.UpdatedAt,
		}).Error
		if database.IsDuplicate(err) {
			return siblingTaken(d.Name)
		}
		if err != nil {
			return fmt.Errorf("update department: %w", err)
		}
		return nil
	})
	if err != nil {
		return Department{}, apperr.OrInternal(err, op)
	}
	return d, nil
}

// DeleteDepartment deletes an empty department: one without sub-departments and without members who are active or
// frozen. Memberships of resigned employees are history and go with it. It returns not_found for an unknown
// department, conflict when it is not empty, internal when ctx has no tenant.
func (s *Store) DeleteDepartment(ctx context.Context, id uint64) error {
	if _, err := requireTenant(ctx, "delete department"); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := lockTenant(tx); err != nil {
			return err
		}
		// The row lock also waits for SetEmployeeDepartments calls that locked it, so the member count below
		// sees every membership that will ever point here.
		var d Department
		err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&d).Error
		if err != nil {
			return database.NotFoundOr(err, departmentNotFoundMsg, "load department")
		}
		var children int64
		if err := tx.Model(&Department{}).Where("parent_id = ?", id).Count(&children).Error; err != nil {
			return fmt.Errorf("count sub-departments: %w", err)
		}
		if children > 0 {
			return apperr.E(apperr.Conflict, "部门下还有 %d 个子部门，不能删除", children)
		}
		var members int64
		err = tx.Model(&Membership{}).Joins(joinEmployees).
			Where("employee_departments.department_id = ? AND employees.status <> ?", id, StatusResigned).
			Count(&members).Error
		if err != nil {
			return fmt.Errorf("count members: %w", err)
		}
		if members > 0 {
			return apperr.E(apperr.Conflict, "部门下还有 %d 名成员，不能删除", members)
		}
		// Resigned people may still belong here; whoever had this as their main department gets their first
		// remaining one as main, so "exactly one main when there are any" holds for them too.
		var orphaned []uint64
		if err := tx.Model(&Membership{}).Where("department_id = ? AND is_main = ?", id, true).
			Pluck("employee_id", &orphaned).Error; err != nil {
			return fmt.Errorf("find main memberships: %w", err)
		}
		if err := tx.Where("department_id = ?", id).Delete(&Membership{}).Error; err != nil {
			return fmt.Errorf("delete memberships of resigned employees: %w", err)
		}
		for _, emp := range orphaned {
			var next []uint64
			if err := tx.Model(&Membership{}).Where("employee_id = ?", emp).Order("department_id").Limit(1).
				Pluck("department_id", &next).Error; err != nil {
				return fmt.Errorf("find next main department: %w", err)
			}
			if len(next) == 0 {
				continue
			}
			if err := tx.Model(&Membership{}).Where("employee_id = ? AND department_id = ?", emp, next[0]).
				Update("is_main", true).Error; err != nil {
				return fmt.Errorf("set next main department: %w", err)
			}
		}
		if err := tx.Where("id = ?", id).Delete(&Department{}).Error; err != nil {
			return fmt.Errorf("delete department: %w", err)
		}
		return nil
	})
	return apperr.OrInternal(err, "delete department")
}

// Department returns the department with id; not_found when there is none in this tenant.
func (s *Store) Department(ctx context.Context, id uint64) (Department, error) {
	if _, err := requireTenant(ctx, "load department"); err != nil {
		return Department{}, err
	}
	return findDepartment(s.db.WithContext(ctx), id)
}

// DepartmentsByIDs returns the departments of ids that exist in this tenant, by id, in one query; the others are
// left out. It returns internal only (including when ctx has no tenant).
func (s *Store) DepartmentsByIDs(ctx context.Context, ids []uint64) (map[uint64]Department, error) {
	if _, err := requireTenant(ctx, "load departments"); err != nil {
		return nil, err
	}
	out := make(map[uint64]Department, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var ds []Department
	if err := s.db.WithContext(ctx).Where("id IN ?", uniqueInOrder(ids)).Find(&ds).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load departments")
	}
	for _, d := range ds {
		out[d.ID] = d
	}
	return out, nil
}

// DepartmentTree returns the tenant's departments as a forest: roots and every level of children ordered by
// SortOrder, then name, then ID, each with its member counts (active employees only). It returns internal only.
func (s *Store) DepartmentTree(ctx context.Context) ([]DepartmentNode, error) {
	if _, err := requireTenant(ctx, "load department tree"); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	all, err := allDepartments(db)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load department tree")
	}
	pairs, err := activeMemberships(db, nil)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load department tree")
	}
	direct := make(map[uint64][]uint64, len(all))
	for _, p := range pairs {
		direct[p.DepartmentID] = append(direct[p.DepartmentID], p.EmployeeID)
	}
	children := childrenOf(all)
	// build returns the node and the set of active members of its subtree, for the distinct total.
	var build func(d Department, depth int) (DepartmentNode, map[uint64]struct{})
	build = func(d Department, depth int) (DepartmentNode, map[uint64]struct{}) {
		n := DepartmentNode{Department: d, MemberCount: len(direct[d.ID])}
		seen := make(map[uint64]struct{}, len(direct[d.ID]))
		for _, e := range direct[d.ID] {
			seen[e] = struct{}{}
		}
		if depth <= len(all) { // a cycle in the data must not recurse forever
			for _, c := range children[d.ID] {
				cn, cs := build(c, depth+1)
				n.Children = append(n.Children, cn)
				for e := range cs {
					seen[e] = struct{}{}
				}
			}
		}
		n.TotalMemberCount = len(seen)
		return n, seen
	}
	out := []DepartmentNode{}
	for _, root := range children[0] {
		n, _ := build(root, 0)
		out = append(out, n)
	}
	return out, nil
}

// findDepartment loads one department; not_found when absent.
func findDepartment(db *gorm.DB, id uint64) (Department, error) {
	var d Department
	if err := db.Where("id = ?", id).Take(&d).Error; err != nil {
		return Department{}, database.NotFoundOr(err, departmentNotFoundMsg, "load department")
	}
	return d, nil
}

// checkSiblingName returns conflict when a department other than exceptID under parentID is named name.
func checkSiblingName(tx *gorm.DB, parentID *uint64, name string, exceptID uint64) error {
	q := tx.Model(&Department{}).Where("name = ? AND id <> ?", name, exceptID)
	if parentID == nil {
		q = q.Where("parent_id IS NULL")
	} else {
		q = q.Where("parent_id = ?", *parentID)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return fmt.Errorf("check sibling names: %w", err)
	}
	if n > 0 {
		return siblingTaken(name)
	}
	return nil
}

// allDepartments loads the tenant's whole tree. A tenant has hundreds of departments, rarely thousands: one query
// and a walk in memory beat a recursive query per level (and the embedded engine has no recursive CTEs).
func allDepartments(db *gorm.DB) ([]Department, error) {
	var all []Department
	if err := db.Order("id").Find(&all).Error; err != nil {
		return nil, fmt.Errorf("load departments: %w", err)
	}
	return all, nil
}

// childrenOf groups departments by parent (0 for roots), each group in display order.
func childrenOf(all []Department) map[uint64][]Department {
	out := make(map[uint64][]Department)
	for _, d := range all {
		var p uint64
		if d.ParentID != nil {
			p = *d.ParentID
		}
		out[p] = append(out[p], d)
	}
	for _, list := range out {
		slices.SortFunc(list, func(a, b Department) int {
			return cmp.Or(cmp.Compare(a.SortOrder, b.SortOrder), strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
	}
	return out
}

// subtreeIDs returns roots and every department under them, and those of roots that are not in all.
func subtreeIDs(all []Department, roots []uint64) (subtree, missing []uint64) {
	children := childrenOf(all)
	known := make(map[uint64]bool, len(all))
	for _, d := range all {
		known[d.ID] = true
	}
	seen := make(map[uint64]bool)
	queue := []uint64{}
	for _, r := range roots {
		if !known[r] {
			missing = append(missing, r)
		} else if !seen[r] {
			seen[r] = true
			queue = append(queue, r)
		}
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		subtree = append(subtree, id)
		for _, c := range children[id] {
			if !seen[c.ID] {
				seen[c.ID] = true
				queue = append(queue, c.ID)
			}
		}
	}
	return subtree, missing
}

func unknownDepartments(ids []uint64) error {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatUint(id, 10)
	}
	list := strings.Join(s, ", ")
	return apperr.InvalidField("departmentIds", "部门不存在：%s", list)
}
