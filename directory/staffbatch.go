package directory

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
)

// CreateStaffBatch creates many employees whose accounts share hidden (an import's), in one transaction of a few
// multi-row statements instead of a dozen statements each: a company's first import creates thousands. Each item
// is checked as CreateStaff checks it (its departments must exist); the result has an error for each item that
// was refused, in order, and nil for each created. A refused item does not stop the others. When the batch as a
// whole cannot be written (a value taken meanwhile by a concurrent writer, which the checks could not see), each
// item is created on its own with CreateStaff instead, so that only the offending one fails. Its own error is
// internal.
func (s *Store) CreateStaffBatch(ctx context.Context, items []NewEmployee, hidden *HiddenPassword) ([]error, error) {
	tid, err := requireTenant(ctx, "create employees")
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(items))
	emps := make([]Employee, len(items))
	for i, in := range items {
		emps[i], errs[i] = s.checkNew(in)
	}
	if err := s.EnsureSystems(ctx); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := takenInBatch(tx, emps, items, errs); err != nil {
			return err
		}
		var ok []int
		for i := range items {
			if errs[i] == nil {
				ok = append(ok, i)
			}
		}
		if len(ok) == 0 {
			return nil
		}
		rows := make([]Employee, len(ok))
		for j, i := range ok {
			rows[j] = emps[i]
			rows[j].ID, rows[j].TenantID, rows[j].CreatedAt, rows[j].UpdatedAt = 0, tid, now, now
		}
		if err := tx.Create(&rows).Error; err != nil {
			return err
		}
		var roleIDs []uint64
		if err := tx.Model(&SystemRole{}).Where("is_default = ?", true).Order("id").Limit(1).Pluck("id", &roleIDs).Error; err != nil {
			return fmt.Errorf("find default role: %w", err)
		}
		accts := make([]Account, len(ok))
		for j, i := range ok {
			role := RoleMember
			if items[i].Admin {
				role = RoleAdmin
			}
			accts[j] = Account{TenantID: tid, EmployeeID: rows[j].ID, Login: strings.TrimSpace(items[i].Login),
				PasswordHash: hidden.hash, Role: role, TokenVersion: 1, MustChangePassword: true, CreatedAt: now, UpdatedAt: now}
		}
		if err := tx.Create(&accts).Error; err != nil {
			return err
		}
		var grants []accountSystemRole
		var members []Membership
		for j, i := range ok {
			if len(roleIDs) > 0 {
				grants = append(grants, accountSystemRole{AccountID: accts[j].ID, RoleID: roleIDs[0]})
			}
			main := items[i].MainDepartmentID
			for k, d := range items[i].DepartmentIDs {
				members = append(members, Membership{EmployeeID: rows[j].ID, DepartmentID: d, CreatedAt: now,
					IsMain: d == main || (main == 0 && k == 0)})
			}
		}
		if len(grants) > 0 {
			if err := tx.Create(&grants).Error; err != nil {
				return fmt.Errorf("give default role: %w", err)
			}
		}
		if len(members) > 0 {
			if err := tx.Create(&members).Error; err != nil {
				return fmt.Errorf("insert memberships: %w", err)
			}
		}
		return nil
	})
	if err == nil {
		return errs, nil
	}
	// One at a time, so the conflict lands on the item that has it.
	for i, in := range items {
		if errs[i] != nil {
			continue
		}
		if _, _, errs[i] = s.CreateStaff(ctx, in); errs[i] != nil && apperr.CodeOf(errs[i]) == apperr.Internal {
			return nil, errs[i]
		}
	}
	return errs, nil
}

// checkNew is CreateStaff's check of one item, before the directory is read: the employee normalised, its WeCom
// userid defaulting to the login, a mobile or an email, at most MaxDepartmentsPerEmployee departments.
func (s *Store) checkNew(in NewEmployee) (Employee, error) {
	login := strings.TrimSpace(in.Login)
	if !ValidLogin(login) {
		return Employee{}, apperr.InvalidField("login", "账号只能包含字母、数字和 _ . @ -，长度 2–64")
	}
	e := in.Employee
	if e.WeComUserID == nil || NormalizeWeComUserID(*e.WeComUserID) == "" {
		id := NormalizeWeComUserID(login)
		e.WeComUserID = &id
	}
	e.Status = StatusActive
	e, err := e.Normalize()
	if err != nil {
		return Employee{}, err
	}
	if e.Mobile == nil && e.Email == nil && !in.InWeCom {
		return Employee{}, errNoContact()
	}
	if len(in.DepartmentIDs) > MaxDepartmentsPerEmployee {
		return Employee{}, apperr.InvalidField("departmentIds", "部门最多 %d 个", MaxDepartmentsPerEmployee)
	}
	return e, nil
}

// takenInBatch sets errs[i] for each item whose login, WeCom userid, employee number, mobile or email another
// employee has or an earlier item of the batch has, in one query per kind whatever the batch's size.
func takenInBatch(tx *gorm.DB, emps []Employee, items []NewEmployee, errs []error) error {
	type kind struct {
		field, label, column string
		value                func(i int) *string
		current              bool // only employees who have not resigned count
	}
	login := func(i int) *string { l := strings.TrimSpace(items[i].Login); return &l }
	kinds := []kind{
		{"wecomUserId", "企业微信账号", "wecom_userid", func(i int) *string { return emps[i].WeComUserID }, false},
		{"employeeNo", "工号", "employee_no", func(i int) *string { return emps[i].EmployeeNo }, false},
		{"mobile", "手机号", "mobile", func(i int) *string { return emps[i].Mobile }, true},
		{"email", "邮箱", "email", func(i int) *string { return emps[i].Email }, true},
	}
	conflict := func(i int, field, label, v string) {
		errs[i] = &apperr.Error{Code: apperr.Conflict, Field: field, Msg: fmt.Sprintf("%s %s 已被其他员工使用", label, v)}
	}
	// Logins live on accounts.
	var logins []string
	for i := range items {
		if errs[i] == nil {
			logins = append(logins, *login(i))
		}
	}
	var takenLogins []string
	if len(logins) > 0 {
		if err := tx.Model(&Account{}).Where("login IN ?", logins).Pluck("login", &takenLogins).Error; err != nil {
			return fmt.Errorf("check logins: %w", err)
		}
	}
	seen := map[string]bool{}
	for _, l := range takenLogins {
		seen[l] = true
	}
	for i := range items {
		if errs[i] != nil {
			continue
		}
		if l := *login(i); seen[l] {
			errs[i] = &apperr.Error{Code: apperr.Conflict, Field: "login", Msg: fmt.Sprintf("账号 %q 已被使用", l)}
		} else {
			seen[l] = true
		}
	}
	for _, k := range kinds {
		var vals []string
		for i := range items {
			if v := k.value(i); errs[i] == nil && v != nil {
				vals = append(vals, *v)
			}
		}
		if len(vals) == 0 {
			continue
		}
		q := tx.Model(&Employee{}).Where(k.column+" IN ?", vals)
		if k.current {
			q = q.Where("status <> ?", StatusResigned)
		}
		var taken []string
		if err := q.Pluck(k.column, &taken).Error; err != nil {
			return fmt.Errorf("check %s: %w", k.column, err)
		}
		used := map[string]bool{}
		for _, v := range taken {
			used[v] = true
		}
		for i := range items {
			v := k.value(i)
			if errs[i] != nil || v == nil {
				continue
			}
			if used[*v] {
				conflict(i, k.field, k.label, *v)
			}
			used[*v] = true
		}
	}
	return nil
}
