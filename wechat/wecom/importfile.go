package wecom

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The batch import files are CSV in UTF-8 with WeCom's template header.
// UNCONFIRMED: the official template file was not retrieved; these
// headers are the ones third-party code uses (see wechat-reference.md §1).
// What WeCom does document: lists in a cell (departments, per-department
// order and leader flags) are separated by ";", department ids are
// numeric, the root is 1, and a department row needs name, id and parent.
var (
	// UsersCSVHeader is the member template's header row.
	UsersCSVHeader = []string{"姓名", "帐号", "手机号", "邮箱", "所在部门", "职位", "性别", "是否部门内领导", "排序",
		"别名", "地址", "座机", "禁用", "禁用项说明：(0-启用;1-禁用)"}
	// DepartmentsCSVHeader is the department template's header row.
	DepartmentsCSVHeader = []string{"部门名称", "部门ID", "父部门ID", "排序"}
)

func joinInts(vs []int64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.FormatInt(v, 10)
	}
	return strings.Join(parts, ";")
}

func genderCell(g string) string {
	switch g {
	case GenderMale:
		return "男"
	case GenderFemale:
		return "女"
	}
	return ""
}

// WriteUsersCSV writes a member import file for SyncUsers or
// ReplaceUsers. Every user must pass CreateUser's rules but the mobile or
// email, which a member WeCom has already needs not repeat (WeCom refuses
// a new member without either in that row's result); nothing is written
// when one does not.
func WriteUsersCSV(w io.Writer, users []User) error {
	for i, u := range users {
		if err := u.ValidateExisting(); err != nil {
			return fmt.Errorf("wecom users csv: row %d (%s): %w", i+1, u.UserID, err)
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(UsersCSVHeader); err != nil {
		return fmt.Errorf("wecom users csv: %w", err)
	}
	for _, u := range users {
		leaders := ""
		if u.LeaderInDept != nil {
			flags := leaderFlags(u.LeaderInDept)
			parts := make([]string, len(flags))
			for i, f := range flags {
				parts[i] = strconv.Itoa(f)
			}
			leaders = strings.Join(parts, ";")
		}
		disabled := "0"
		if u.Disabled {
			disabled = "1"
		}
		row := []string{u.Name, u.UserID, u.Mobile, u.Email, joinInts(u.Departments), u.Position,
			genderCell(u.Gender), leaders, joinInts(u.Orders), u.Alias, "", "", disabled, ""}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("wecom users csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("wecom users csv: %w", err)
	}
	return nil
}

// WriteDepartmentsCSV writes a department import file for
// ReplaceDepartments. Every department needs an id (the file names
// parents by id), a valid name and a parent; the root (id 1, parent 0)
// may be listed to rename it. Nothing is written when one is invalid.
func WriteDepartmentsCSV(w io.Writer, depts []Department) error {
	for i, d := range depts {
		var err error
		switch {
		case d.ID == RootDepartment:
			err = checkDeptName(d.Name)
		case d.ID < 2:
			err = fmt.Errorf("department needs an id above 1")
		default:
			err = d.validate()
		}
		if err != nil {
			return fmt.Errorf("wecom departments csv: row %d (%d): %w", i+1, d.ID, err)
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(DepartmentsCSVHeader); err != nil {
		return fmt.Errorf("wecom departments csv: %w", err)
	}
	for _, d := range depts {
		order := ""
		if d.Order != 0 {
			order = strconv.FormatInt(d.Order, 10)
		}
		row := []string{d.Name, strconv.FormatInt(d.ID, 10), strconv.FormatInt(d.ParentID, 10), order}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("wecom departments csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("wecom departments csv: %w", err)
	}
	return nil
}
