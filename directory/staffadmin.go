package directory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
)

// An admin's management of staff (seed 001, 000 §2.4; issue 12): creating an employee with a one-time password,
// editing every field, freezing, resigning and reinstating, and resetting a password.

// NewEmployee is what an admin fills in for a new employee (CreateStaff). Employee carries the name, WeCom userid
// (the login when empty), mobile, email, positions, employee number and branch.
type NewEmployee struct {
	Employee
	Login string
	Admin bool
	// Hidden, when set, is the account's password instead of a one-time one: a password nobody knows, for people
	// who sign in through WeCom (an import), made once for many accounts since hashing is the costly part of
	// creating one. An admin who wants them to have a password resets it.
	Hidden *HiddenPassword
	// DepartmentIDs are the employee's departments; MainDepartmentID the main one (0: the first).
	DepartmentIDs    []uint64
	MainDepartmentID uint64
	// InWeCom says the person is a WeCom member already (added in WeCom's console): the mobile-or-email rule,
	// which is there for WeCom's invitation, does not apply.
	InWeCom bool
}

// errNoContact: WeCom creates a member only with a mobile or an email (seed 000: "手机和邮箱不能同时为空").
func errNoContact() error {
	return apperr.InvalidField("mobile", "手机和邮箱至少填写一项：企业微信需要其中之一来邀请成员")
}

// CreateStaff adds an employee with an account whose one-time password it returns: the person must change it at
// the first sign-in. The WeCom userid defaults to the login (lower-cased). Everything is checked before anything
// is written. It returns invalid naming the field (CreateEmployee's, "mobile" when mobile and email are both
// empty, "branchId", "departmentIds", "mainDepartmentId"), conflict naming the field when the login, WeCom userid,
// employee number, mobile or email is another current employee's, internal when ctx has no tenant.
func (s *Store) CreateStaff(ctx context.Context, in NewEmployee) (EmployeeDetail, string, error) {
	if _, err := requireTenant(ctx, "create employee"); err != nil {
		return EmployeeDetail{}, "", err
	}
	e, err := s.checkNew(in)
	if err != nil {
		return EmployeeDetail{}, "", err
	}
	db := s.db.WithContext(ctx)
	if e.BranchID != nil {
		if _, err := findBranch(db, *e.BranchID); apperr.Is(err, apperr.NotFound) {
			return EmployeeDetail{}, "", apperr.InvalidField("branchId", "分公司不存在")
		} else if err != nil {
			return EmployeeDetail{}, "", err
		}
	}
	if err := s.checkDepartments(ctx, in.DepartmentIDs, in.MainDepartmentID); err != nil {
		return EmployeeDetail{}, "", err
	}
	role := RoleMember
	if in.Admin {
		role = RoleAdmin
	}
	var (
		created  Employee
		acct     Account
		password string
	)
	if in.Hidden != nil {
		tid, _ := requireTenant(ctx, "create employee")
		created, acct, err = s.createHashed(ctx, tid, e, strings.TrimSpace(in.Login), in.Hidden.hash, role, true)
	} else {
		settings, serr := s.settings(ctx)
		if serr != nil {
			return EmployeeDetail{}, "", serr
		}
		if password, err = OneTimePassword(PolicyOf(settings).MinLength); err != nil {
			return EmployeeDetail{}, "", apperr.Wrap(err, apperr.Internal, "one-time password")
		}
		created, acct, err = s.CreateEmployee(ctx, e, in.Login, password, role)
	}
	if err != nil {
		return EmployeeDetail{}, "", err
	}
	if len(in.DepartmentIDs) > 0 {
		if err := s.SetEmployeeDepartments(ctx, created.ID, in.DepartmentIDs, in.MainDepartmentID); err != nil {
			return EmployeeDetail{}, "", err
		}
	}
	if err := s.RequirePasswordChange(ctx, acct.ID); err != nil {
		return EmployeeDetail{}, "", err
	}
	d, err := s.EmployeeDetail(ctx, created.ID)
	return d, password, err
}

// checkDepartments checks that ids name departments of the tenant and main is among them (or 0), with
// SetEmployeeDepartments' fields, before an employee exists to give them to.
func (s *Store) checkDepartments(ctx context.Context, ids []uint64, main uint64) error {
	if len(ids) == 0 {
		if main != 0 {
			return apperr.InvalidField("mainDepartmentId", "主部门须是所选部门之一")
		}
		return nil
	}
	found, err := s.DepartmentsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, ok := found[id]; !ok {
			return apperr.InvalidField("departmentIds", "部门 %d 不存在", id)
		}
	}
	if _, ok := found[main]; main != 0 && !ok {
		return apperr.InvalidField("mainDepartmentId", "主部门须是所选部门之一")
	}
	return nil
}

// checkTaken refuses, with conflict naming the field, an employee number, mobile or email that another employee
// (other than exceptID) already has: a number names one person of the tenant, and WeCom refuses a mobile or an
// email two of its members share (seed 000: 手机号、邮箱不允许重复). Resigned employees leave WeCom, so theirs are
// free again; their number is not.
func checkTaken(tx *gorm.DB, e Employee, exceptID uint64) error {
	taken := func(field, msg string, q *gorm.DB) error {
		var n int64
		if err := q.Model(&Employee{}).Where("id <> ?", exceptID).Limit(1).Count(&n).Error; err != nil {
			return fmt.Errorf("check %s: %w", field, err)
		}
		if n > 0 {
			return &apperr.Error{Code: apperr.Conflict, Field: field, Msg: msg}
		}
		return nil
	}
	if e.EmployeeNo != nil {
		if err := taken("employeeNo", fmt.Sprintf("工号 %s 已被其他员工使用", *e.EmployeeNo),
			tx.Where("employee_no = ?", *e.EmployeeNo)); err != nil {
			return err
		}
	}
	if e.Mobile != nil {
		if err := taken("mobile", fmt.Sprintf("手机号 %s 已被其他员工使用", *e.Mobile),
			tx.Where("mobile = ? AND status <> ?", *e.Mobile, StatusResigned)); err != nil {
			return err
		}
	}
	if e.Email != nil {
		if err := taken("email", fmt.Sprintf("邮箱 %s 已被其他员工使用", *e.Email),
			tx.Where("email = ? AND status <> ?", *e.Email, StatusResigned)); err != nil {
			return err
		}
	}
	return nil
}

// StaffPatch changes an employee; a nil field is left as it is, an empty string clears an optional one.
// BranchID 0 clears the branch. DepartmentIDs, when set, replaces the departments (MainDepartmentID as
// SetEmployeeDepartments takes it).
type StaffPatch struct {
	Name, WeComUserID, Mobile, Email, Position, EmployeeNo *string
	BranchID                                               *uint64
	DepartmentIDs                                          *[]uint64
	MainDepartmentID                                       uint64
	// Admin, when set, makes the account an admin of the tenant or a member; the tenant keeps at least one admin.
	Admin *bool
}

// UpdateStaff applies p to employee id under Employee.Normalize's rules, only the fields p sets being checked, and
// returns the employee as the staff list shows them. It returns not_found for an unknown employee, invalid naming
// the field (also "mobile" when mobile and email would both be empty), conflict naming the field as CreateStaff,
// internal when ctx has no tenant.
func (s *Store) UpdateStaff(ctx context.Context, id uint64, p StaffPatch) (EmployeeDetail, error) {
	if _, err := requireTenant(ctx, "update employee"); err != nil {
		return EmployeeDetail{}, err
	}
	if p.DepartmentIDs != nil {
		if err := s.checkDepartments(ctx, *p.DepartmentIDs, p.MainDepartmentID); err != nil {
			return EmployeeDetail{}, err
		}
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var e Employee
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&e).Error; err != nil {
			return database.NotFoundOr(err, "员工不存在", "load employee")
		}
		cols, err := s.patchColumns(tx, &e, p)
		if err != nil {
			return err
		}
		if err := checkTaken(tx, e, e.ID); err != nil {
			return err
		}
		err = tx.Model(&Employee{}).Where("id = ?", id).UpdateColumns(cols).Error
		if database.IsDuplicate(err) {
			return &apperr.Error{Code: apperr.Conflict, Field: "wecomUserId", Err: err, Msg: "该企业微信账号已关联其他员工"}
		}
		if err != nil || p.Admin == nil {
			return err
		}
		return setAdmin(tx, id, *p.Admin, s.now().UTC())
	})
	if err != nil {
		return EmployeeDetail{}, apperr.OrInternal(err, "update employee")
	}
	if p.DepartmentIDs != nil {
		if err := s.SetEmployeeDepartments(ctx, id, *p.DepartmentIDs, p.MainDepartmentID); err != nil {
			return EmployeeDetail{}, err
		}
	}
	return s.EmployeeDetail(ctx, id)
}

// patchColumns applies p to e, checking each field p sets, and returns the columns to write.
func (s *Store) patchColumns(tx *gorm.DB, e *Employee, p StaffPatch) (map[string]any, error) {
	// Checked through Normalize on a copy holding only the patched values, so a value stored before a rule existed
	// does not block changing another field.
	probe := Employee{Name: "-", Status: StatusActive, Position: p.Position, Mobile: p.Mobile, Email: p.Email,
		EmployeeNo: p.EmployeeNo}
	if p.Name != nil {
		probe.Name = *p.Name
	}
	if p.WeComUserID != nil {
		probe.WeComUserID = p.WeComUserID
	}
	probe, err := probe.Normalize()
	if err != nil {
		return nil, err
	}
	e.UpdatedAt = s.now().UTC()
	cols := map[string]any{"updated_at": e.UpdatedAt}
	set := func(col string, given bool, dst **string, v *string) {
		if given {
			*dst, cols[col] = v, v
		}
	}
	if p.Name != nil {
		e.Name, cols["name"] = probe.Name, probe.Name
	}
	if p.WeComUserID != nil && probe.WeComUserID == nil {
		return nil, apperr.InvalidField("wecomUserId", "企业微信账号不能为空")
	}
	set("wecom_userid", p.WeComUserID != nil, &e.WeComUserID, probe.WeComUserID)
	set("mobile", p.Mobile != nil, &e.Mobile, probe.Mobile)
	set("email", p.Email != nil, &e.Email, probe.Email)
	set("position", p.Position != nil, &e.Position, probe.Position)
	set("employee_no", p.EmployeeNo != nil, &e.EmployeeNo, probe.EmployeeNo)
	if e.Mobile == nil && e.Email == nil && (p.Mobile != nil || p.Email != nil) {
		return nil, errNoContact()
	}
	if p.BranchID != nil {
		e.BranchID = nil
		if *p.BranchID != 0 {
			// Shared lock: a branch being deleted meanwhile waits, or this waits for it and finds it gone.
			var b Branch
			err := tx.Clauses(clause.Locking{Strength: "SHARE"}).Where("id = ?", *p.BranchID).Take(&b).Error
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return nil, apperr.InvalidField("branchId", "分公司不存在")
			}
			if err != nil {
				return nil, fmt.Errorf("load branch: %w", err)
			}
			e.BranchID = &b.ID
		}
		cols["branch_id"] = e.BranchID
	}
	return cols, nil
}

// StaffAction is what an admin does to an employee's standing.
type StaffAction string

// The actions: freezing (a lost phone, seed 001) and resigning (离职) end every session; WeCom disables a frozen
// member and deletes a resigned one at the next sync.
const (
	ActionFreeze    StaffAction = "freeze"
	ActionUnfreeze  StaffAction = "unfreeze"
	ActionResign    StaffAction = "resign"
	ActionReinstate StaffAction = "reinstate"
)

// transitions: for each action, the states it applies to and the state it leaves.
var transitions = map[StaffAction]struct {
	from []Status
	to   Status
	// revoke ends the account's sessions.
	revoke bool
	// notFrom is the refusal for any other state.
	notFrom string
}{
	ActionFreeze:    {[]Status{StatusActive}, StatusFrozen, true, "只能冻结在职员工"},
	ActionUnfreeze:  {[]Status{StatusFrozen}, StatusActive, false, "只能解冻已冻结的员工"},
	ActionResign:    {[]Status{StatusActive, StatusFrozen}, StatusResigned, true, "该员工已离职"},
	ActionReinstate: {[]Status{StatusResigned}, StatusActive, false, "只能恢复已离职的员工"},
}

// MaxStaffBatch bounds the employees of one ChangeStanding.
const MaxStaffBatch = 200

// StandingResult is what ChangeStanding did to one employee: Err is nil when the action applied.
type StandingResult struct {
	EmployeeID uint64
	Err        error
}

// ChangeStanding applies action to each of ids (1..MaxStaffBatch) on its own, in order: one that cannot (an
// unknown employee, a state the action does not apply to, the acting admin freezing or resigning themselves) gets
// its error, and the rest are done. A freeze or a resignation ends the account's sessions in the same transaction.
// Its own error is for the whole call: invalid (Field "action" or "ids"), internal.
func (s *Store) ChangeStanding(ctx context.Context, actorEmployeeID uint64, ids []uint64, action StaffAction) ([]StandingResult, error) {
	if _, err := requireTenant(ctx, "change staff"); err != nil {
		return nil, err
	}
	t, ok := transitions[action]
	if !ok {
		return nil, apperr.InvalidField("action", "未知的操作 %q", action)
	}
	if len(ids) == 0 || len(ids) > MaxStaffBatch {
		return nil, apperr.InvalidField("ids", "一次选择 1–%d 名员工", MaxStaffBatch)
	}
	out := make([]StandingResult, 0, len(ids))
	for _, id := range ids {
		r := StandingResult{EmployeeID: id}
		if id == actorEmployeeID && t.revoke {
			r.Err = apperr.E(apperr.Invalid, "不能冻结自己或为自己办理离职")
		} else {
			r.Err = s.changeOne(ctx, id, t.from, t.to, t.revoke, t.notFrom)
		}
		if r.Err != nil && apperr.CodeOf(r.Err) == apperr.Internal {
			return nil, r.Err
		}
		out = append(out, r)
	}
	return out, nil
}

func (s *Store) changeOne(ctx context.Context, id uint64, from []Status, to Status, revoke bool, notFrom string) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var e Employee
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&e).Error; err != nil {
			return database.NotFoundOr(err, "员工不存在", "load employee")
		}
		if !slices.Contains(from, e.Status) {
			return apperr.E(apperr.Conflict, "员工%s：%s", e.Name, notFrom)
		}
		if to == StatusActive && (e.Mobile != nil || e.Email != nil) {
			// Back among the current staff: their mobile or email may have gone to someone else meanwhile.
			if err := checkTaken(tx, Employee{Mobile: e.Mobile, Email: e.Email}, e.ID); err != nil {
				return err
			}
		}
		now := s.now().UTC()
		if err := tx.Model(&Employee{}).Where("id = ?", id).
			UpdateColumns(map[string]any{"status": to, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("set status: %w", err)
		}
		if !revoke {
			return nil
		}
		// Seed 004 §4: taking the account back on resignation unbinds its WeChat. A freeze is temporary (a lost
		// phone): the gate refuses the frozen, and the binding waits for the unfreeze.
		if to == StatusResigned {
			if err := endWeChatBindings(ctx, tx, now, UnbindResigned, "employee_id = ?", id); err != nil {
				return err
			}
		}
		return tx.Model(&Account{}).Where("employee_id = ?", id).
			UpdateColumns(map[string]any{"token_version": gorm.Expr("token_version + 1"), "updated_at": now}).Error
	})
	return apperr.OrInternal(err, "change staff")
}

// ResetPassword gives employee id's account a one-time password, which it returns and the person must change at
// the next sign-in; every session of the account ends, and its WeChat binding. It returns not_found when the employee or their account
// does not exist, internal when ctx has no tenant.
func (s *Store) ResetPassword(ctx context.Context, employeeID uint64) (string, error) {
	return s.resetPassword(ctx, "employee_id = ?", []any{employeeID}, "该员工没有账号")
}

// resetPassword gives the account cond selects a one-time password (see ResetPassword); missing is the not_found
// message when there is none.
func (s *Store) resetPassword(ctx context.Context, cond string, args []any, missing string) (string, error) {
	if _, err := requireTenant(ctx, "reset password"); err != nil {
		return "", err
	}
	settings, err := s.settings(ctx)
	if err != nil {
		return "", err
	}
	password, err := OneTimePassword(PolicyOf(settings).MinLength)
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "one-time password")
	}
	hash, err := hashPassword(password)
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "hash password")
	}
	now := s.now().UTC()
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ids []uint64
		if err := tx.Model(&Account{}).Where(cond, args...).Pluck("id", &ids).Error; err != nil {
			return apperr.Wrap(err, apperr.Internal, "reset password")
		}
		if len(ids) != 1 {
			return apperr.E(apperr.NotFound, "%s", missing)
		}
		res := tx.Model(&Account{}).Where("id = ?", ids[0]).UpdateColumns(map[string]any{
			"password_hash": hash, "must_change_password": true, "token_version": gorm.Expr("token_version + 1"),
			"updated_at": now,
		})
		if res.Error != nil {
			return apperr.Wrap(res.Error, apperr.Internal, "reset password")
		}
		// Seed 004 §4: a password an admin sets unbinds the account's WeChat too.
		return endWeChatBindings(ctx, tx, now, UnbindPasswordReset, "account_id = ?", ids[0])
	})
	if err != nil {
		return "", apperr.OrInternal(err, "reset password")
	}
	return password, nil
}

// HiddenPassword is a password nobody knows, hashed once (NewHiddenPassword) and given to many accounts.
type HiddenPassword struct{ hash string }

// NewHiddenPassword makes a HiddenPassword from a random secret that is thrown away.
func NewHiddenPassword() (*HiddenPassword, error) {
	secret, err := OneTimePassword(64)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "hidden password")
	}
	hash, err := hashPassword(secret)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "hidden password")
	}
	return &HiddenPassword{hash: hash}, nil
}

// setAdmin makes employee id's account an admin or a member. Taking the role from the tenant's last active admin is
// refused (invalid, Field "admin"): nobody could administer the company any more. Role changes apply from the
// account's next request (authentication reads the role every time).
func setAdmin(tx *gorm.DB, employeeID uint64, admin bool, now time.Time) error {
	var a Account
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("employee_id = ?", employeeID).Take(&a).Error; err != nil {
		return database.NotFoundOr(err, "该员工没有账号", "load account")
	}
	role := RoleMember
	if admin {
		role = RoleAdmin
	}
	if a.Role == role {
		return nil
	}
	if !admin {
		var others int64
		err := tx.Model(&Account{}).Joins("JOIN employees ON employees.tenant_id = accounts.tenant_id AND employees.id = accounts.employee_id").
			Where("accounts.role = ? AND accounts.id <> ? AND employees.status = ?", RoleAdmin, a.ID, StatusActive).Count(&others).Error
		if err != nil {
			return fmt.Errorf("count admins: %w", err)
		}
		if others == 0 {
			return apperr.InvalidField("admin", "这是企业唯一的管理员，不能取消其管理员身份")
		}
	}
	return tx.Model(&Account{}).Where("id = ?", a.ID).UpdateColumns(map[string]any{"role": role, "updated_at": now}).Error
}
