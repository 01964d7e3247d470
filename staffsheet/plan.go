package staffsheet

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
)

// Action is what importing a row would do.
type Action string

// The actions of a preview.
const (
	ActionCreate Action = "create" // a new employee
	ActionUpdate Action = "update" // an employee with the row's login, changed
	ActionLeave  Action = "leave"  // an employee with the row's login, already as the row says
	ActionBad    Action = "bad"    // not imported: Reasons say why
)

// Planned is one row of a preview: the employee it would write (normalised), and for a bad row every reason.
type Planned struct {
	Line    int
	Action  Action
	Name    string
	Login   string
	Reasons []string
	// Employee is the row's employee under directory's rules; ExistingID the employee it updates or leaves.
	Employee   directory.Employee
	ExistingID uint64
	// Departments are the row's department paths, main first.
	Departments []string
}

// Preview is what importing a sheet would do, row by row, with the departments it would create.
type Preview struct {
	Rows                       []Planned
	Create, Update, Leave, Bad int
	NewDepartments             []string
}

// Directory is what a preview and an export read of the tenant's directory (directory.Store has it).
type Directory interface {
	Roster(ctx context.Context) ([]directory.RosterEntry, error)
	DepartmentPaths(ctx context.Context) (map[uint64]string, map[string]uint64, error)
	Branches(ctx context.Context) ([]directory.Branch, error)
}

// departmentListSeparators separate a person's several departments in one cell.
var departmentListSeparators = []string{";", "；", "\n"}

// Plan previews importing rows into the directory of the tenant in ctx without writing anything: a row whose login
// an employee has updates them (or leaves them, when nothing differs), any other creates one. A row is bad, with
// every reason found, when a required cell is empty, a field breaks directory's rules, mobile and email are both
// empty, the branch is unknown, or its login, WeCom account, mobile, email or 工号 is another row's of the file or
// another current employee's. Departments that do not exist are listed to be created. Errors are internal.
func Plan(ctx context.Context, dir Directory, rows []Row) (Preview, error) {
	roster, err := dir.Roster(ctx)
	if err != nil {
		return Preview{}, err
	}
	deptByID, deptByPath, err := dir.DepartmentPaths(ctx)
	if err != nil {
		return Preview{}, err
	}
	branches, err := dir.Branches(ctx)
	if err != nil {
		return Preview{}, err
	}
	x := newIndex(roster, branches)
	p := Preview{Rows: make([]Planned, 0, len(rows))}
	newDepts := map[string]bool{}
	// The file's own values, for duplicates within it: value → the first line that has it.
	seen := map[string]map[string]int{}
	for _, r := range rows {
		pl := x.plan(r, deptByID, deptByPath, seen)
		switch pl.Action {
		case ActionCreate:
			p.Create++
		case ActionUpdate:
			p.Update++
		case ActionLeave:
			p.Leave++
		case ActionBad:
			p.Bad++
		}
		if pl.Action != ActionBad {
			for _, d := range pl.Departments {
				if _, ok := deptByPath[d]; !ok {
					// Every level that is missing is created, parents first.
					parts := strings.Split(d, directory.DepartmentPathSeparator)
					for i := range parts {
						sub := strings.Join(parts[:i+1], directory.DepartmentPathSeparator)
						if _, ok := deptByPath[sub]; !ok && !newDepts[sub] {
							newDepts[sub] = true
							p.NewDepartments = append(p.NewDepartments, sub)
						}
					}
				}
			}
		}
		p.Rows = append(p.Rows, pl)
	}
	return p, nil
}

// index is the directory as the preview looks values up.
type index struct {
	byLogin       map[string]directory.RosterEntry // lower-cased login
	wecom, no     map[string]uint64                // every employee's
	mobile, email map[string]uint64                // current (not resigned) employees'
	branchByName  map[string]uint64
	branchNames   map[uint64]string
}

func newIndex(roster []directory.RosterEntry, branches []directory.Branch) index {
	x := index{byLogin: map[string]directory.RosterEntry{}, wecom: map[string]uint64{}, no: map[string]uint64{},
		mobile: map[string]uint64{}, email: map[string]uint64{}, branchByName: map[string]uint64{}, branchNames: map[uint64]string{}}
	for _, e := range roster {
		if e.Login != "" {
			x.byLogin[strings.ToLower(e.Login)] = e
		}
		if e.WeComUserID != nil {
			x.wecom[*e.WeComUserID] = e.ID
		}
		if e.EmployeeNo != nil {
			x.no[*e.EmployeeNo] = e.ID
		}
		if e.Status != directory.StatusResigned {
			if e.Mobile != nil {
				x.mobile[*e.Mobile] = e.ID
			}
			if e.Email != nil {
				x.email[*e.Email] = e.ID
			}
		}
	}
	for _, b := range branches {
		x.branchByName[b.Name], x.branchNames[b.ID] = b.ID, b.Name
	}
	return x
}

func (x index) plan(r Row, deptByID map[uint64]string, deptByPath map[string]uint64, seen map[string]map[string]int) Planned {
	pl := Planned{Line: r.Line, Name: r.Get(ColName), Login: r.Get(ColLogin)}
	bad := func(format string, args ...any) { pl.Reasons = append(pl.Reasons, fmt.Sprintf(format, args...)) }
	if pl.Name == "" {
		bad("姓名为空")
	}
	if pl.Login == "" {
		bad("登录名为空")
	} else if !directory.ValidLogin(pl.Login) {
		bad("登录名只能包含字母、数字和 _ . @ -，长度 2–64")
	}
	existing, exists := x.byLogin[strings.ToLower(pl.Login)]
	e := directory.Employee{Name: pl.Name, WeComUserID: opt(r.Get(ColWeComUserID)), Mobile: opt(r.Get(ColMobile)),
		Email: opt(r.Get(ColEmail)), Position: opt(r.Get(ColPosition)), EmployeeNo: opt(r.Get(ColEmployeeNo))}
	if e.WeComUserID == nil {
		if exists && existing.WeComUserID != nil {
			e.WeComUserID = existing.WeComUserID // an existing member keeps their account
		} else if pl.Login != "" {
			e.WeComUserID = opt(directory.NormalizeWeComUserID(pl.Login))
		}
	}
	if pl.Name != "" {
		n, err := e.Normalize()
		if err != nil {
			bad("%s", apperr.MessageOf(err))
		} else {
			e = n
		}
	}
	if e.Mobile == nil && e.Email == nil {
		bad("手机和邮箱都为空（至少填写一项）")
	}
	if b := r.Get(ColBranch); b != "" {
		id, ok := x.branchByName[b]
		if !ok {
			bad("分公司「%s」不存在", b)
		} else {
			e.BranchID = &id
		}
	}
	self := existing.ID // 0 for a new employee
	// Each value once: another employee's first, else an earlier row's. A WeCom account derived from the login is
	// the login's duplicate, said once as the login's.
	check := func(label, kind string, m map[string]uint64, v *string) {
		if v == nil || *v == "" {
			return
		}
		if id, ok := m[*v]; ok && id != self {
			bad("%s %s 已被其他员工使用", label, *v)
			return
		}
		if seen[kind] == nil {
			seen[kind] = map[string]int{}
		}
		key := *v
		if kind == "login" {
			key = strings.ToLower(key)
		}
		if first, ok := seen[kind][key]; ok {
			bad("%s %s 与第 %d 行重复", label, *v, first)
			return
		}
		seen[kind][key] = r.Line
	}
	check("登录名", "login", nil, &pl.Login)
	if r.Get(ColWeComUserID) != "" {
		check("企业微信账号", "wecom", x.wecom, e.WeComUserID)
	} else if id, ok := x.wecom[deref(e.WeComUserID)]; ok && id != self {
		bad("企业微信账号 %s 已被其他员工使用（由登录名而来，请填写该员工的企业微信账号）", *e.WeComUserID)
	}
	check("手机号", "mobile", x.mobile, e.Mobile)
	check("邮箱", "email", x.email, e.Email)
	check("工号", "no", x.no, e.EmployeeNo)
	pl.Departments = departmentPaths(r.Get(ColDepartments))
	if len(pl.Departments) > directory.MaxDepartmentsPerEmployee {
		bad("部门最多 %d 个", directory.MaxDepartmentsPerEmployee)
	}
	pl.Employee = e
	switch {
	case len(pl.Reasons) > 0:
		pl.Action = ActionBad
	case !exists:
		pl.Action = ActionCreate
	default:
		pl.ExistingID = existing.ID
		pl.Action = ActionLeave
		if changed(existing, e, pl.Departments, deptByID, r.Get(ColDepartments) != "") {
			pl.Action = ActionUpdate
		}
	}
	return pl
}

// departmentPaths splits a cell into department paths, each level trimmed, empty ones dropped, duplicates once.
func departmentPaths(cell string) []string {
	for _, sep := range departmentListSeparators[1:] {
		cell = strings.ReplaceAll(cell, sep, departmentListSeparators[0])
	}
	var out []string
	for part := range strings.SplitSeq(cell, departmentListSeparators[0]) {
		var levels []string
		for l := range strings.SplitSeq(part, directory.DepartmentPathSeparator) {
			if l = strings.TrimSpace(l); l != "" {
				levels = append(levels, l)
			}
		}
		if p := strings.Join(levels, directory.DepartmentPathSeparator); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// changed reports whether the row differs from the stored employee; departments only when the cell was filled
// (an empty cell leaves them).
func changed(old directory.RosterEntry, e directory.Employee, depts []string, deptByID map[uint64]string, deptsGiven bool) bool {
	eq := func(a, b *string) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }
	if old.Name != e.Name || !eq(old.WeComUserID, e.WeComUserID) || !eq(old.Mobile, e.Mobile) || !eq(old.Email, e.Email) ||
		!eq(old.Position, e.Position) || !eq(old.EmployeeNo, e.EmployeeNo) {
		return true
	}
	if (old.BranchID == nil) != (e.BranchID == nil) || (old.BranchID != nil && *old.BranchID != *e.BranchID) {
		return true
	}
	if !deptsGiven {
		return false
	}
	cur := make([]string, len(old.DepartmentIDs))
	for i, id := range old.DepartmentIDs {
		cur[i] = deptByID[id]
	}
	return !slices.Equal(cur, depts)
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
