package directory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/text"
)

// SystemRole is a role of the admin portal's system permissions (角色, table system_roles): the systems it grants
// and whether they may be used over WeChat (是否允许使用微信企业号, seed 000 §4). It is not Role, the account's
// admin/member rank in Qiao itself. IsDefault marks the role new accounts get (see EnsureSystems).
type SystemRole struct {
	ID          uint64 `gorm:"primaryKey"`
	TenantID    uint64
	Name        string
	AllowWeChat bool `gorm:"column:allow_wechat"`
	IsDefault   bool
	CreatedAt   time.Time
	UpdatedAt   time.Time

	// Systems are the codes the role grants, in SystemCodes order.
	Systems []string `gorm:"-"`
}

// TableName implements gorm's tabler.
func (SystemRole) TableName() string { return "system_roles" }

type systemRoleGrant struct {
	TenantID   uint64 `gorm:"primaryKey;autoIncrement:false"`
	RoleID     uint64 `gorm:"primaryKey;autoIncrement:false"`
	SystemCode string `gorm:"primaryKey"`
}

func (systemRoleGrant) TableName() string { return "system_role_grants" }

type accountSystemRole struct {
	TenantID  uint64 `gorm:"primaryKey;autoIncrement:false"`
	AccountID uint64 `gorm:"primaryKey;autoIncrement:false"`
	RoleID    uint64 `gorm:"primaryKey;autoIncrement:false"`
}

func (accountSystemRole) TableName() string { return "account_system_roles" }

// MaxSystemRoleName bounds a role's name, in characters.
const MaxSystemRoleName = 64

// normalizeRoleName trims a role's name and checks it (text.Line's rule among them); invalid with Field "name".
func normalizeRoleName(name string) (string, error) {
	name, err := text.Line("name", "角色名称", name)
	if err != nil {
		return "", err
	}
	if name == "" || utf8.RuneCountInString(name) > MaxSystemRoleName {
		return "", apperr.InvalidField("name", "角色名称须为 1–%d 个字符", MaxSystemRoleName)
	}
	return name, nil
}

// normalizeSystems upper-cases, de-duplicates and orders system codes; invalid with Field "systems" for an unknown
// code or none at all.
func normalizeSystems(systems []string) ([]string, error) {
	var out []string
	for _, c := range systems {
		c, err := normalizeSystemCode("systems", c)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, apperr.InvalidField("systems", "角色至少授予一个系统")
	}
	slices.SortFunc(out, CompareSystemCodes)
	return out, nil
}

func roleNameTaken(name string) error {
	return &apperr.Error{Code: apperr.Conflict, Field: "name", Msg: fmt.Sprintf("角色 %q 已存在", name)}
}

// CreateSystemRole adds a role granting systems (codes of SystemCodes, at least one), usable over WeChat when
// allowWeChat is set. It returns invalid with Field "name" or "systems", conflict (Field "name") when the name is
// taken in this tenant, internal when ctx has no tenant.
func (s *Store) CreateSystemRole(ctx context.Context, name string, systems []string, allowWeChat bool) (SystemRole, error) {
	if _, err := requireTenant(ctx, "create role"); err != nil {
		return SystemRole{}, err
	}
	name, err := normalizeRoleName(name)
	if err != nil {
		return SystemRole{}, err
	}
	if systems, err = normalizeSystems(systems); err != nil {
		return SystemRole{}, err
	}
	now := s.now().UTC()
	r := SystemRole{Name: name, AllowWeChat: allowWeChat, CreatedAt: now, UpdatedAt: now}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&r).Error; err != nil {
			if database.IsDuplicate(err) {
				return roleNameTaken(name)
			}
			return fmt.Errorf("insert role: %w", err)
		}
		return setGrants(tx, r.ID, systems)
	})
	if err != nil {
		return SystemRole{}, apperr.OrInternal(err, "create role")
	}
	r.Systems = systems
	return r, nil
}

// SystemRolePatch changes a role; nil fields are left as they are.
type SystemRolePatch struct {
	Name        *string
	Systems     *[]string
	AllowWeChat *bool
}

// UpdateSystemRole applies p to a role. The change holds for every account with the role from their next request
// on (WeChat sessions re-check their roles each time). It returns not_found for an unknown role, invalid with Field
// "name" or "systems", conflict when the name is taken, internal when ctx has no tenant.
func (s *Store) UpdateSystemRole(ctx context.Context, id uint64, p SystemRolePatch) (SystemRole, error) {
	if _, err := requireTenant(ctx, "update role"); err != nil {
		return SystemRole{}, err
	}
	var name string
	var systems []string
	var err error
	if p.Name != nil {
		if name, err = normalizeRoleName(*p.Name); err != nil {
			return SystemRole{}, err
		}
	}
	if p.Systems != nil {
		if systems, err = normalizeSystems(*p.Systems); err != nil {
			return SystemRole{}, err
		}
	}
	var r SystemRole
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&r).Error; err != nil {
			return database.NotFoundOr(err, "角色不存在", "load role")
		}
		if p.Name != nil {
			r.Name = name
		}
		if p.AllowWeChat != nil {
			r.AllowWeChat = *p.AllowWeChat
		}
		r.UpdatedAt = s.now().UTC()
		err := tx.Model(&SystemRole{}).Where("id = ?", id).UpdateColumns(map[string]any{
			"name": r.Name, "allow_wechat": r.AllowWeChat, "updated_at": r.UpdatedAt,
		}).Error
		if database.IsDuplicate(err) {
			return roleNameTaken(r.Name)
		}
		if err != nil {
			return fmt.Errorf("update role: %w", err)
		}
		if p.Systems != nil {
			if err := tx.Where("role_id = ?", id).Delete(&systemRoleGrant{}).Error; err != nil {
				return fmt.Errorf("delete grants: %w", err)
			}
			return setGrants(tx, id, systems)
		}
		return nil
	})
	if err != nil {
		return SystemRole{}, apperr.OrInternal(err, "update role")
	}
	list := []SystemRole{r}
	if err := loadGrants(s.db.WithContext(ctx), list); err != nil {
		return SystemRole{}, err
	}
	return list[0], nil
}

// SystemRoles returns the tenant's roles by name, with their systems. It returns internal only.
func (s *Store) SystemRoles(ctx context.Context) ([]SystemRole, error) {
	if _, err := requireTenant(ctx, "list roles"); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var list []SystemRole
	if err := db.Order("name").Order("id").Find(&list).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list roles")
	}
	if err := loadGrants(db, list); err != nil {
		return nil, err
	}
	return list, nil
}

// AssignSystemRoles replaces the roles of an account with roleIDs (duplicates ignored; none leaves the account
// with no system, so it can do nothing over WeChat). It returns not_found for an unknown account, invalid with
// Field "roleIds" for a role that does not exist in this tenant, internal when ctx has no tenant.
func (s *Store) AssignSystemRoles(ctx context.Context, accountID uint64, roleIDs []uint64) error {
	if _, err := requireTenant(ctx, "assign roles"); err != nil {
		return err
	}
	ids := uniqueInOrder(roleIDs)
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The account's row lock serialises assignments to one account, so two admins cannot interleave.
		var a Account
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("id").Where("id = ?", accountID).Take(&a).Error; err != nil {
			return database.NotFoundOr(err, "账号不存在", "load account")
		}
		if len(ids) > 0 {
			var found []uint64
			if err := tx.Model(&SystemRole{}).Where("id IN ?", ids).Pluck("id", &found).Error; err != nil {
				return fmt.Errorf("load roles: %w", err)
			}
			if len(found) != len(ids) {
				return apperr.InvalidField("roleIds", "角色不存在")
			}
		}
		if err := tx.Where("account_id = ?", accountID).Delete(&accountSystemRole{}).Error; err != nil {
			return fmt.Errorf("delete account roles: %w", err)
		}
		rows := make([]accountSystemRole, len(ids))
		for i, id := range ids {
			rows[i] = accountSystemRole{AccountID: accountID, RoleID: id}
		}
		if len(rows) > 0 {
			if err := tx.Create(&rows).Error; err != nil {
				return fmt.Errorf("insert account roles: %w", err)
			}
		}
		return nil
	})
	return apperr.OrInternal(err, "assign roles")
}

// SystemRolesOf returns the roles of an account by name, with their systems. It returns not_found for an
// unknown account, internal when ctx has no tenant.
func (s *Store) SystemRolesOf(ctx context.Context, accountID uint64) ([]SystemRole, error) {
	if _, err := s.Account(ctx, accountID); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var ids []uint64
	if err := db.Model(&accountSystemRole{}).Where("account_id = ?", accountID).Pluck("role_id", &ids).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load account roles")
	}
	return loadRoles(db, ids)
}

// loadRoles loads the roles ids (repeats allowed) with their systems, by name.
func loadRoles(db *gorm.DB, ids []uint64) ([]SystemRole, error) {
	list := []SystemRole{}
	if len(ids) > 0 {
		if err := db.Where("id IN ?", slices.Compact(slices.Sorted(slices.Values(ids)))).Find(&list).Error; err != nil {
			return nil, apperr.Wrap(err, apperr.Internal, "load roles")
		}
	}
	slices.SortFunc(list, func(a, b SystemRole) int { return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	if err := loadGrants(db, list); err != nil {
		return nil, err
	}
	return list, nil
}

// SystemRolesOfEmployees returns the roles of the accounts of employeeIDs, each list by name with its systems, in
// three queries whatever the number of employees (the admin's staff page). An employee without an account, or
// unknown, gets an empty list. It returns internal only (including when ctx has no tenant).
func (s *Store) SystemRolesOfEmployees(ctx context.Context, employeeIDs []uint64) (map[uint64][]SystemRole, error) {
	if _, err := requireTenant(ctx, "load roles"); err != nil {
		return nil, err
	}
	out := make(map[uint64][]SystemRole, len(employeeIDs))
	for _, id := range employeeIDs {
		out[id] = []SystemRole{}
	}
	if len(employeeIDs) == 0 {
		return out, nil
	}
	db := s.db.WithContext(ctx)
	// The join names the tenant: the plugin scopes only account_system_roles.
	var pairs []struct{ EmployeeID, RoleID uint64 }
	if err := db.Model(&accountSystemRole{}).Select("accounts.employee_id AS employee_id, account_system_roles.role_id AS role_id").
		Joins("JOIN accounts ON accounts.tenant_id = account_system_roles.tenant_id AND accounts.id = account_system_roles.account_id").
		Where("accounts.employee_id IN ?", employeeIDs).Scan(&pairs).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load roles")
	}
	if len(pairs) == 0 {
		return out, nil
	}
	roleIDs := make([]uint64, 0, len(pairs))
	for _, p := range pairs {
		roleIDs = append(roleIDs, p.RoleID)
	}
	roles, err := loadRoles(db, roleIDs)
	if err != nil {
		return nil, err
	}
	// roles are by name, so each employee's list, filled in that order, is too.
	for _, r := range roles {
		for _, p := range pairs {
			if p.RoleID == r.ID {
				out[p.EmployeeID] = append(out[p.EmployeeID], r)
			}
		}
	}
	return out, nil
}

// setGrants writes the grants of a role that has none; invalid (Field "systems") when the tenant has not one of
// systems (a code of its own it never added, or removed meanwhile).
func setGrants(tx *gorm.DB, roleID uint64, systems []string) error {
	var have []string
	if err := tx.Model(&System{}).Where("code IN ?", systems).Pluck("code", &have).Error; err != nil {
		return fmt.Errorf("check systems: %w", err)
	}
	for _, c := range systems {
		if !slices.Contains(have, c) && !Builtin(c) { // built-ins are registered on first use
			return apperr.InvalidField("systems", "未知的系统 %q", c)
		}
	}
	rows := make([]systemRoleGrant, len(systems))
	for i, c := range systems {
		rows[i] = systemRoleGrant{RoleID: roleID, SystemCode: c}
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("insert grants: %w", err)
	}
	return nil
}

// loadGrants fills the Systems of roles in one query.
func loadGrants(db *gorm.DB, roles []SystemRole) error {
	if len(roles) == 0 {
		return nil
	}
	ids := make([]uint64, len(roles))
	for i, r := range roles {
		ids[i] = r.ID
	}
	var gs []systemRoleGrant
	if err := db.Where("role_id IN ?", ids).Find(&gs).Error; err != nil {
		return apperr.Wrap(err, apperr.Internal, "load role grants")
	}
	by := make(map[uint64][]string, len(roles))
	for _, g := range gs {
		by[g.RoleID] = append(by[g.RoleID], g.SystemCode)
	}
	for i := range roles {
		sys := by[roles[i].ID]
		slices.SortFunc(sys, CompareSystemCodes)
		roles[i].Systems = sys
	}
	return nil
}
