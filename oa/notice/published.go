package notice

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
)

// This file holds what every published item (notices and news here, surveys and discussions in their own
// packages) shares, so the three behave alike: the audience, titles and rich-text bodies, cursors.

// Audience is who a published item is for: all staff, or the members of some departments and their
// sub-departments. It is stored on the item as chosen and expanded to people once, at publish time.
type Audience struct {
	All           bool
	DepartmentIDs []uint64
}

// MaxDepartments caps the departments of one audience (WeCom's message/send takes at most 100 too).
const MaxDepartments = 100

// Normalize sorts and de-duplicates the departments and checks the choice: exactly one of all staff or at least
// one department. Errors: invalid (field "audience" or "departmentIds").
func (a Audience) Normalize() (Audience, error) {
	ids := oa.SortedSet(a.DepartmentIDs)
	switch {
	case a.All && len(ids) > 0:
		return a, apperr.InvalidField("audience", "请选择全体员工或部门，不能同时选择")
	case a.All:
		return Audience{All: true, DepartmentIDs: []uint64{}}, nil
	case len(ids) == 0:
		return a, apperr.InvalidField("audience", "请选择发布范围")
	case ids[0] == 0:
		return a, apperr.InvalidField("departmentIds", "部门不存在")
	case len(ids) > MaxDepartments:
		return a, apperr.InvalidField("departmentIds", "部门不能超过 %d 个", MaxDepartments)
	}
	return Audience{DepartmentIDs: ids}, nil
}

// Directory is what published items need from the staff directory of the tenant in ctx.
type Directory interface {
	// StaffEmployeeIDs returns every employee still on staff (active or frozen, not resigned) with their status.
	StaffEmployeeIDs(ctx context.Context) (map[uint64]directory.Status, error)
	// DepartmentStaffIDs returns the members still on staff of the departments and their sub-departments, with
	// their status; an unknown department (another tenant's included) is apperr.InvalidField("departmentIds").
	DepartmentStaffIDs(ctx context.Context, departmentIDs []uint64) (map[uint64]directory.Status, error)
}

// People is an audience expanded to people.
type People struct {
	// IDs are everyone the item is for, sorted: the active and the frozen. Freezing is temporary (a lost phone),
	// and the audience is fixed at publish time, so someone frozen then must still find the item once unfrozen.
	IDs []uint64
	// Active are those of IDs who are active at publish time: only they are pushed to.
	Active map[uint64]bool
}

// Expand returns the people of a normalized audience. Errors: invalid (an unknown department, or nobody active in
// the audience: an item nobody can read now is a mistake); internal when the directory fails.
func Expand(ctx context.Context, dir Directory, a Audience) (People, error) {
	if dir == nil {
		return People{}, apperr.E(apperr.Internal, "expand audience: no directory")
	}
	var byID map[uint64]directory.Status
	var err error
	if a.All {
		byID, err = dir.StaffEmployeeIDs(ctx)
	} else {
		byID, err = dir.DepartmentStaffIDs(ctx, a.DepartmentIDs)
	}
	if err != nil {
		return People{}, apperr.OrInternal(err, "expand audience")
	}
	p := People{IDs: make([]uint64, 0, len(byID)), Active: make(map[uint64]bool, len(byID))}
	for id, st := range byID {
		switch st {
		case directory.StatusActive:
			p.Active[id] = true
			p.IDs = append(p.IDs, id)
		case directory.StatusFrozen:
			p.IDs = append(p.IDs, id)
		}
	}
	slices.Sort(p.IDs)
	if len(p.Active) == 0 {
		return People{}, apperr.InvalidField("audience", "发布范围内没有在职员工")
	}
	return p, nil
}

// MaxBodyBytes bounds a notice's body, in bytes of sanitised HTML (the column is a MEDIUMTEXT). Its title follows
// oa.Title.
const MaxBodyBytes = 200_000

// Body sanitises a rich-text body (with oa.NewPublishedBodyPolicy) and checks it is text of several lines
// (text.Block) before and after, non-empty (when required) and at most maxBytes once sanitised. field names the
// input in errors. Errors: invalid.
func Body(field, s string, required bool, maxBytes int) (string, error) {
	s, err := oa.SanitizeBlock(oa.NewPublishedBodyPolicy(), field, "正文", s)
	if err != nil {
		return s, err
	}
	switch {
	case required && s == "":
		return s, apperr.InvalidField(field, "正文不能为空")
	case len(s) > maxBytes:
		return s, apperr.InvalidField(field, "正文太长：连同格式不能超过 %d 字节", maxBytes)
	}
	return s, nil
}

// Now returns now() as the database stores it: UTC, whole microseconds (DATETIME(6)).
func Now(now func() time.Time) time.Time { return now().UTC().Truncate(time.Microsecond) }

// errf wraps err with the operation for the log, keeping any apperr code.
func errf(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("notice: %s: %w", op, err)
}

// IDPage is one page of item ids read from a per-person table (survey recipients, discussion members), newest
// first, with the total the person has.
type IDPage struct {
	IDs     []uint64
	Total   int
	HasNext bool
}

// PageIDs reads the page of idColumn values of mine (a query already narrowed to one person) that comes after the
// cursor after, newest (highest id) first. Errors: invalid (first out of range, malformed cursor), and the query's.
func PageIDs(mine func() *gorm.DB, idColumn string, first int, after string) (IDPage, error) {
	if err := oa.CheckFirst(first); err != nil {
		return IDPage{}, err
	}
	before, err := oa.ParseCursor(after)
	if err != nil {
		return IDPage{}, err
	}
	var total int64
	if err := mine().Count(&total).Error; err != nil {
		return IDPage{}, fmt.Errorf("count: %w", err)
	}
	q := mine()
	if before > 0 {
		q = q.Where(idColumn+" < ?", before)
	}
	var ids []uint64
	if err := q.Order(idColumn+" DESC").Limit(first+1).Pluck(idColumn, &ids).Error; err != nil {
		return IDPage{}, fmt.Errorf("page: %w", err)
	}
	p := IDPage{IDs: ids, Total: int(total)}
	if len(ids) > first {
		p.IDs, p.HasNext = ids[:first], true
	}
	return p, nil
}
