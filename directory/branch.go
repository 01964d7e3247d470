package directory

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/text"
)

// Branch is a branch company (分公司, seed 002) of a tenant: a label an employee may carry (Employee.BranchID),
// named in the import template (table branches).
type Branch struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
	// EmployeeCount is how many employees, of any status, carry it (Branches fills it).
	EmployeeCount int `gorm:"-"`
}

// TableName implements gorm's tabler.
func (Branch) TableName() string { return "branches" }

// MaxBranchName bounds a branch's name (the column holds 64).
const MaxBranchName = 64

func normalizeBranchName(name string) (string, error) {
	name, err := text.Line("name", "分公司名称", name)
	if err != nil {
		return "", err
	}
	if name == "" || utf8.RuneCountInString(name) > MaxBranchName {
		return "", apperr.InvalidField("name", "分公司名称须为 1–%d 个字符", MaxBranchName)
	}
	return name, nil
}

func branchTaken(name string) error {
	return &apperr.Error{Code: apperr.Conflict, Field: "name", Msg: fmt.Sprintf("分公司 %q 已存在", name)}
}

// CreateBranch adds a branch. It returns invalid (Field "name"), conflict (Field "name") when the tenant has one of
// that name, internal when ctx has no tenant.
func (s *Store) CreateBranch(ctx context.Context, name string) (Branch, error) {
	tid, err := requireTenant(ctx, "create branch")
	if err != nil {
		return Branch{}, err
	}
	if name, err = normalizeBranchName(name); err != nil {
		return Branch{}, err
	}
	now := s.now().UTC()
	b := Branch{TenantID: tid, Name: name, CreatedAt: now, UpdatedAt: now}
	err = s.db.WithContext(ctx).Create(&b).Error
	if database.IsDuplicate(err) {
		return Branch{}, branchTaken(name)
	}
	if err != nil {
		return Branch{}, apperr.Wrap(err, apperr.Internal, "create branch")
	}
	return b, nil
}

// RenameBranch renames branch id; not_found for an unknown one, otherwise as CreateBranch.
func (s *Store) RenameBranch(ctx context.Context, id uint64, name string) (Branch, error) {
	if _, err := requireTenant(ctx, "rename branch"); err != nil {
		return Branch{}, err
	}
	name, err := normalizeBranchName(name)
	if err != nil {
		return Branch{}, err
	}
	db := s.db.WithContext(ctx)
	b, err := findBranch(db, id)
	if err != nil {
		return Branch{}, err
	}
	b.Name, b.UpdatedAt = name, s.now().UTC()
	err = db.Model(&Branch{}).Where("id = ?", id).UpdateColumns(map[string]any{"name": name, "updated_at": b.UpdatedAt}).Error
	if database.IsDuplicate(err) {
		return Branch{}, branchTaken(name)
	}
	if err != nil {
		return Branch{}, apperr.Wrap(err, apperr.Internal, "rename branch")
	}
	return b, nil
}

// DeleteBranch deletes branch id while no employee carries it: conflict naming how many do otherwise, not_found for
// an unknown one, internal when ctx has no tenant.
func (s *Store) DeleteBranch(ctx context.Context, id uint64) error {
	if _, err := requireTenant(ctx, "delete branch"); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		b, err := findBranch(tx, id)
		if err != nil {
			return err
		}
		// Serialise with an employee being given the branch (setBranch locks it too).
		if err := tx.Exec("SELECT id FROM branches WHERE tenant_id = ? AND id = ? FOR UPDATE", b.TenantID, id).Error; err != nil {
			return fmt.Errorf("lock branch: %w", err)
		}
		var n int64
		if err := tx.Model(&Employee{}).Where("branch_id = ?", id).Count(&n).Error; err != nil {
			return fmt.Errorf("count branch employees: %w", err)
		}
		if n > 0 {
			return apperr.E(apperr.Conflict, "分公司「%s」还有 %d 名员工，请先为他们更换分公司", b.Name, n)
		}
		return tx.Where("id = ?", id).Delete(&Branch{}).Error
	})
	return apperr.OrInternal(err, "delete branch")
}

// Branches lists the tenant's branches by name, each with its EmployeeCount. It returns internal only.
func (s *Store) Branches(ctx context.Context) ([]Branch, error) {
	if _, err := requireTenant(ctx, "list branches"); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var list []Branch
	if err := db.Order("name").Find(&list).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list branches")
	}
	var counts []struct {
		BranchID uint64
		N        int
	}
	if err := db.Model(&Employee{}).Select("branch_id, COUNT(*) AS n").Where("branch_id IS NOT NULL").
		Group("branch_id").Scan(&counts).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "count branch employees")
	}
	by := make(map[uint64]int, len(counts))
	for _, c := range counts {
		by[c.BranchID] = c.N
	}
	for i := range list {
		list[i].EmployeeCount = by[list[i].ID]
	}
	return list, nil
}

// BranchesByIDs returns the branches among ids that exist, by ID (without counts). It returns internal only.
func (s *Store) BranchesByIDs(ctx context.Context, ids []uint64) (map[uint64]Branch, error) {
	out := make(map[uint64]Branch, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var list []Branch
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&list).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load branches")
	}
	for _, b := range list {
		out[b.ID] = b
	}
	return out, nil
}

func findBranch(db *gorm.DB, id uint64) (Branch, error) {
	var b Branch
	if err := db.Where("id = ?", id).Take(&b).Error; err != nil {
		return Branch{}, database.NotFoundOr(err, "分公司不存在", "load branch")
	}
	return b, nil
}
