package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
)

// Store reads and writes the directory of the tenant in ctx (tenancy.WithTenant). Every method fails with internal
// when ctx carries no tenant (SystemByAPIKey excepted: the key names its tenant): a System context is refused too,
// because a directory is always one tenant's.
type Store struct {
	db  *gorm.DB
	now func() time.Time

	// dummyHash is verified against when a login is unknown, so "no such login" costs as much as "wrong
	// password" and response times do not reveal which logins exist.
	dummyOnce sync.Once
	dummyHash string
	// checks counts password verifications, real and dummy: each is the argon2id cost a sign-in pays.
	checks atomic.Int64
	// hashing holds a slot per password verification running: each takes argon2id's 19 MiB and a core for tens of
	// milliseconds, so a burst of sign-ins waits for a slot instead of taking the process's memory.
	hashing chan struct{}
}

// passwordChecksAtOnce is how many passwords one Store verifies at the same time: two per core keeps every core
// busy, and caps argon2id's memory at about 40 MiB a core.
func passwordChecksAtOnce() int { return 2 * runtime.GOMAXPROCS(0) }

// PasswordChecks returns how many passwords this Store has checked (real and decoy): a sign-in's CPU cost, for
// metrics, and for showing that every sign-in path pays it.
func (s *Store) PasswordChecks() int64 { return s.checks.Load() }

// SpendPasswordCheck checks password against a decoy hash and discards the result: a caller that refuses a
// sign-in before reaching an account (an unknown tenant) pays what a wrong password costs, so response times do
// not tell which tenants exist.
func (s *Store) SpendPasswordCheck(ctx context.Context, password string) {
	_, _ = s.verify(ctx, s.dummy(), password)
}

// verify is verifyPassword, counted, in one of the Store's hashing slots. It returns ctx's error when ctx ends
// while it waits for a slot.
func (s *Store) verify(ctx context.Context, hash, password string) (bool, error) {
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return false, context.Cause(ctx)
	}
	defer func() { <-s.hashing }()
	s.checks.Add(1)
	return verifyPassword(hash, password)
}

// NewStore returns a Store on db, which must have tenancy.Plugin registered. now is the clock for lockouts and
// password timestamps; nil means time.Now.
func NewStore(db *gorm.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now, hashing: make(chan struct{}, passwordChecksAtOnce())}
}

// Bounds of Colleagues' limit.
const (
	MinColleagues = 1
	MaxColleagues = 200
)

// CreateEmployee adds an employee and their account in one transaction. The password must satisfy the tenant's
// policy; the account must change it at first sign-in when the tenant's ForcePasswordChange is set. e's ID,
// TenantID and timestamps are ignored; an empty Status means active and an empty role means member. The account
// gets the tenant's default system role (OA, usable over WeChat), created by EnsureSystems if need be.
//
// It returns invalid for a bad name, login, role or password (Field names the input), conflict when the login or
// the WeCom user ID is taken in this tenant, internal when ctx has no tenant.
func (s *Store) CreateEmployee(ctx context.Context, e Employee, login, password string, role Role) (Employee, Account, error) {
	tid, err := requireTenant(ctx, "create employee")
	if err != nil {
		return Employee{}, Account{}, err
	}
	e, err = e.Normalize()
	if err != nil {
		return Employee{}, Account{}, err
	}
	login = strings.TrimSpace(login)
	if !ValidLogin(login) {
		return Employee{}, Account{}, apperr.InvalidField("login", "账号只能包含字母、数字和 _ . @ -，长度 2–64")
	}
	if role == "" {
		role = RoleMember
	}
	if !role.AtLeast(RoleMember) {
		// An employee's account is a member's or an admin's; a contact has no employee.
		return Employee{}, Account{}, apperr.InvalidField("role", "未知的角色 %q", role)
	}
	settings, err := s.settings(ctx)
	if err != nil {
		return Employee{}, Account{}, err
	}
	if err := CheckPassword(PolicyOf(settings), password); err != nil {
		return Employee{}, Account{}, err
	}
	// Hash before the transaction: it is the slow part and needs no lock.
	hash, err := hashPassword(password)
	if err != nil {
		return Employee{}, Account{}, apperr.Wrap(err, apperr.Internal, "hash password")
	}
	return s.createHashed(ctx, tid, e, login, hash, role, settings.ForcePasswordChange)
}

// createHashed is CreateEmployee for e, login and role checked, with the account's password hash already made.
func (s *Store) createHashed(ctx context.Context, tid tenancy.ID, e Employee, login, hash string, role Role, mustChange bool) (Employee, Account, error) {
	// The default role must exist before the account can get it; after the tenant's first employee this is two
	// cheap reads.
	if err := s.EnsureSystems(ctx); err != nil {
		return Employee{}, Account{}, err
	}

	now := s.now().UTC()
	e.ID, e.TenantID, e.CreatedAt, e.UpdatedAt = 0, tid, now, now
	a := Account{
		TenantID:           tid,
		Login:              login,
		PasswordHash:       hash,
		Role:               role,
		TokenVersion:       1,
		MustChangePassword: mustChange,
		CreatedAt:          now,
		UpdatedAt:          now,
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := checkTaken(tx, e, 0); err != nil {
			return err
		}
		if err := tx.Create(&e).Error; err != nil {
			if database.IsDuplicate(err) {
				return &apperr.Error{Code: apperr.Conflict, Field: "wecomUserId", Err: err,
					Msg: "该企业微信账号已关联其他员工"}
			}
			return fmt.Errorf("insert employee: %w", err)
		}
		a.EmployeeID = e.ID
		if err := tx.Create(&a).Error; err != nil {
			if database.IsDuplicate(err) {
				return &apperr.Error{Code: apperr.Conflict, Field: "login", Err: err,
					Msg: fmt.Sprintf("账号 %q 已被使用", login)}
			}
			return fmt.Errorf("insert account: %w", err)
		}
		return giveDefaultRole(tx, a.ID)
	})
	if err != nil {
		return Employee{}, Account{}, apperr.OrInternal(err, "create employee")
	}
	return e, a, nil
}

// Employee returns the employee with id; not_found when there is none in this tenant.
func (s *Store) Employee(ctx context.Context, id uint64) (Employee, error) {
	if _, err := requireTenant(ctx, "load employee"); err != nil {
		return Employee{}, err
	}
	var e Employee
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&e).Error; err != nil {
		return Employee{}, database.NotFoundOr(err, "员工不存在", "load employee")
	}
	return e, nil
}

// EmployeesByIDs returns the employees among ids that exist in this tenant, keyed by ID; missing IDs are simply
// absent (the dataloader's contract). It returns internal only.
//
// Every page with people on it (an item's sender, its recipients) reads them here, so the rows are scanned by hand
// (database.EachRow) instead of by gorm's reflection: the columns are Employee's fields, in their order.
func (s *Store) EmployeesByIDs(ctx context.Context, ids []uint64) (map[uint64]Employee, error) {
	tid, err := requireTenant(ctx, "load employees")
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]Employee, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	uniq := slices.Compact(slices.Sorted(slices.Values(ids)))
	err = database.EachRow(s.db.WithContext(ctx), func(r *sql.Rows) error {
		var e Employee
		if err := r.Scan(&e.ID, &e.TenantID, &e.Name, &e.WeComUserID, &e.Mobile, &e.Email, &e.Position, &e.Status,
			&e.WeComStatus, &e.WeComStatusAt, &e.EmployeeNo, &e.BranchID, &e.CreatedAt, &e.UpdatedAt); err != nil {
			return err
		}
		out[e.ID] = e
		return nil
	}, `SELECT id, tenant_id, name, wecom_userid, mobile, email, position, status, wecom_status, wecom_status_at,
		employee_no, branch_id, created_at, updated_at FROM employees WHERE tenant_id = ? AND id IN ?`, tid, uniq)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load employees")
	}
	return out, nil
}

// EmployeeByWeComUserID returns the employee bound to a WeCom user ID (as WeCom's OAuth and callbacks name them,
// in any case); not_found when nobody in this tenant has it.
func (s *Store) EmployeeByWeComUserID(ctx context.Context, userID string) (Employee, error) {
	if _, err := requireTenant(ctx, "load employee"); err != nil {
		return Employee{}, err
	}
	userID = NormalizeWeComUserID(userID)
	if userID == "" {
		return Employee{}, apperr.E(apperr.NotFound, "员工不存在")
	}
	var e Employee
	if err := s.db.WithContext(ctx).Where("wecom_userid = ?", userID).Take(&e).Error; err != nil {
		return Employee{}, database.NotFoundOr(err, "员工不存在", "load employee by wecom user id")
	}
	return e, nil
}

// Colleagues lists viewerID's active colleagues (not viewerID: nobody sends an item to themselves) ordered by name,
// those whose name contains search when it is not blank (LIKE wildcards in search match literally). limit is
// clamped to MinColleagues..MaxColleagues. It returns internal only.
func (s *Store) Colleagues(ctx context.Context, viewerID uint64, search string, limit int) ([]Employee, error) {
	if _, err := requireTenant(ctx, "list colleagues"); err != nil {
		return nil, err
	}
	limit = min(max(limit, MinColleagues), MaxColleagues)
	q := s.db.WithContext(ctx).Where("status = ? AND id <> ?", StatusActive, viewerID)
	if search = strings.TrimSpace(search); search != "" {
		// '!' rather than backslash as the escape, so the pattern means the same under NO_BACKSLASH_ESCAPES.
		q = q.Where("name LIKE ? ESCAPE '!'", "%"+database.EscapeLike(search)+"%")
	}
	var out []Employee
	if err := q.Order("name").Order("id").Limit(limit).Find(&out).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list colleagues")
	}
	return out, nil
}

// Account returns the account with id; not_found when there is none in this tenant.
func (s *Store) Account(ctx context.Context, id uint64) (Account, error) {
	if _, err := requireTenant(ctx, "load account"); err != nil {
		return Account{}, err
	}
	return s.account(s.db.WithContext(ctx), "id = ?", id)
}

// AccountByEmployee returns the account of an employee; not_found when the employee has none in this tenant.
func (s *Store) AccountByEmployee(ctx context.Context, employeeID uint64) (Account, error) {
	if _, err := requireTenant(ctx, "load account"); err != nil {
		return Account{}, err
	}
	return s.account(s.db.WithContext(ctx), "employee_id = ?", employeeID)
}

func (s *Store) account(tx *gorm.DB, cond string, arg any) (Account, error) {
	var a Account
	if err := tx.Where(cond, arg).Take(&a).Error; err != nil {
		return Account{}, database.NotFoundOr(err, "账号不存在", "load account")
	}
	return a, nil
}

// settings loads the account rules of the tenant in ctx.
func (s *Store) settings(ctx context.Context) (tenants.Settings, error) {
	// Settings need no sealer.
	return tenants.NewStore(s.db, nil).Settings(ctx)
}

// dummy returns a hash of a random password, made once per Store.
func (s *Store) dummy() string {
	s.dummyOnce.Do(func() {
		h, err := hashPassword("dummy-password-0")
		if err == nil {
			s.dummyHash = h
		}
	})
	return s.dummyHash
}

func requireTenant(ctx context.Context, op string) (tenancy.ID, error) {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return 0, apperr.Wrap(err, apperr.Internal, "%s", op)
	}
	return tid, nil
}

// giveDefaultRole gives a new account the tenant's default system role.
func giveDefaultRole(tx *gorm.DB, accountID uint64) error {
	var ids []uint64
	if err := tx.Model(&SystemRole{}).Where("is_default = ?", true).Order("id").Limit(1).Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("find default role: %w", err)
	}
	if len(ids) == 0 {
		return errors.New("tenant has no default system role")
	}
	if err := tx.Create(&accountSystemRole{AccountID: accountID, RoleID: ids[0]}).Error; err != nil {
		return fmt.Errorf("give default role: %w", err)
	}
	return nil
}

// AccountAndStatus returns what checking a bearer token needs of an account (its ids, role, token version and
// must-change-password flag; the other fields are zero) with its employee's status (a contact's own), in one query run on every
// request; not_found when the account does not exist in this tenant. Because every request runs it, its row is
// scanned by hand (database.EachRow) rather than by gorm's reflection.
func (s *Store) AccountAndStatus(ctx context.Context, id uint64) (Account, Status, error) {
	tid, err := requireTenant(ctx, "load account")
	if err != nil {
		return Account{}, "", err
	}
	var a Account
	var status Status
	err = database.EachRow(s.db.WithContext(ctx), func(r *sql.Rows) error {
		return r.Scan(&a.ID, &a.TenantID, &a.EmployeeID, &a.Role, &a.TokenVersion, &a.MustChangePassword, &status)
	}, `SELECT a.id, a.tenant_id, COALESCE(a.employee_id, 0), a.role, a.token_version, a.must_change_password,
			COALESCE(e.status, c.status)
		FROM accounts a
		LEFT JOIN employees e ON e.tenant_id = a.tenant_id AND e.id = a.employee_id
		LEFT JOIN party_contacts c ON c.tenant_id = a.tenant_id AND c.account_id = a.id AND a.employee_id IS NULL
		WHERE a.tenant_id = ? AND a.id = ? AND (e.id IS NOT NULL OR c.account_id IS NOT NULL) LIMIT 1`, tid, id)
	if err != nil {
		return Account{}, "", apperr.Wrap(err, apperr.Internal, "load account")
	}
	if a.ID == 0 {
		return Account{}, "", apperr.E(apperr.NotFound, "账号不存在")
	}
	return a, status, nil
}

// NamesByWeComUserID returns the names of the tenant's employees with the given WeCom userids, keyed by the userid
// in lower case; userids nobody has are left out.
func (s *Store) NamesByWeComUserID(ctx context.Context, userIDs []string) (map[string]string, error) {
	if _, err := requireTenant(ctx, "load employee names"); err != nil {
		return nil, err
	}
	out := map[string]string{}
	var ids []string
	for _, u := range userIDs {
		if u = NormalizeWeComUserID(u); u != "" && !slices.Contains(ids, u) {
			ids = append(ids, u)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Employee
	if err := s.db.WithContext(ctx).Select("wecom_userid", "name").Where("wecom_userid IN ?", ids).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load employee names")
	}
	for _, e := range rows {
		if e.WeComUserID != nil {
			out[strings.ToLower(*e.WeComUserID)] = e.Name
		}
	}
	return out, nil
}

// SetWeComStatus records the WeCom state of the employee with WeCom userid userID as an event of time at reported
// it. An event older than the one already recorded changes nothing (WeCom's events may arrive out of order), nor does
// one repeating the state. It reports whether the employee's state changed; not_found when nobody has the userid.
func (s *Store) SetWeComStatus(ctx context.Context, userID string, st WeComStatus, at time.Time) (bool, error) {
	e, err := s.EmployeeByWeComUserID(ctx, userID)
	if err != nil {
		return false, err
	}
	res := s.db.WithContext(ctx).Model(&Employee{}).
		Where("id = ? AND (wecom_status_at IS NULL OR wecom_status_at <= ?) AND (wecom_status IS NULL OR wecom_status <> ?)", e.ID, at.UTC(), st).
		Updates(map[string]any{"wecom_status": st, "wecom_status_at": at.UTC()})
	if res.Error != nil {
		return false, apperr.Wrap(res.Error, apperr.Internal, "set wecom status")
	}
	return res.RowsAffected > 0, nil
}

// NameOf is the name of employee id of the tenant in ctx, read on db, for system work that holds no Store (saying
// who acted in a push); not_found when there is none.
func NameOf(ctx context.Context, db *gorm.DB, id uint64) (string, error) {
	if _, err := requireTenant(ctx, "load employee name"); err != nil {
		return "", err
	}
	var names []string
	if err := db.WithContext(ctx).Model(&Employee{}).Where("id = ?", id).Limit(1).Pluck("name", &names).Error; err != nil {
		return "", apperr.OrInternal(err, "load employee name")
	}
	if len(names) == 0 {
		return "", apperr.E(apperr.NotFound, "员工不存在")
	}
	return names[0], nil
}
