package directory

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
)

// ProfilePatch changes the contact details of an employee shown in the staff directory. A nil field is left as
// it is; an empty string clears it.
type ProfilePatch struct {
	Position *string // slash-separated positions
	Mobile   *string
	Email    *string
}

// UpdateProfile applies p to an employee after the rules of Employee.Normalize (positions trimmed and re-joined,
// mobile in the shape WeCom accepts, email well-formed) and returns the employee as stored. Only the fields p sets
// are checked and written, so concurrent patches of different fields do not undo each other. It returns not_found
// for an unknown employee, invalid with Field "position", "mobile" or "email", internal when ctx has no tenant.
// Who may change whose profile is the caller's decision.
func (s *Store) UpdateProfile(ctx context.Context, employeeID uint64, p ProfilePatch) (Employee, error) {
	if _, err := requireTenant(ctx, "update profile"); err != nil {
		return Employee{}, err
	}
	e, err := s.Employee(ctx, employeeID)
	if err != nil {
		return Employee{}, err
	}
	// Only the patched fields are checked, so a value stored before a rule existed (a name from before the text
	// rule) does not block changing another field.
	position, mobile, email, err := normalizeProfile(p.Position, p.Mobile, p.Email)
	if err != nil {
		return Employee{}, err
	}
	e.UpdatedAt = s.now().UTC()
	cols := map[string]any{"updated_at": e.UpdatedAt}
	if p.Position != nil {
		e.Position, cols["position"] = position, position
	}
	if p.Mobile != nil {
		e.Mobile, cols["mobile"] = mobile, mobile
	}
	if p.Email != nil {
		e.Email, cols["email"] = email, email
	}
	if err := s.db.WithContext(ctx).Model(&Employee{}).Where("id = ?", e.ID).UpdateColumns(cols).Error; err != nil {
		return Employee{}, apperr.Wrap(err, apperr.Internal, "update profile")
	}
	return e, nil
}

// EmployeeDetail is an employee as the staff directory shows them: the employee (Positions splits the position),
// their account's login ("" when they have none) and their departments, main first.
type EmployeeDetail struct {
	Employee
	Login       string
	Departments []EmployeeDepartment
	// Branch is the employee's branch company, nil without one; MustChangePassword the account's flag.
	Branch             *Branch
	MustChangePassword bool
	// Role is the account's role ("" without an account).
	Role Role
}

// EmployeeDetail returns the staff-directory view of an employee, whatever their status; not_found when there is
// none in this tenant.
func (s *Store) EmployeeDetail(ctx context.Context, employeeID uint64) (EmployeeDetail, error) {
	e, err := s.Employee(ctx, employeeID)
	if err != nil {
		return EmployeeDetail{}, err
	}
	out, err := s.details(ctx, []Employee{e})
	if err != nil {
		return EmployeeDetail{}, err
	}
	return out[0], nil
}

// details adds logins, departments and branches to emps, in three queries whatever their number.
func (s *Store) details(ctx context.Context, emps []Employee) ([]EmployeeDetail, error) {
	ids := make([]uint64, len(emps))
	for i, e := range emps {
		ids[i] = e.ID
	}
	depts, err := s.DepartmentsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	var accts []Account
	if len(ids) > 0 {
		if err := s.db.WithContext(ctx).Select("employee_id, login, must_change_password, role").Where("employee_id IN ?", ids).Find(&accts).Error; err != nil {
			return nil, apperr.Wrap(err, apperr.Internal, "load logins")
		}
	}
	byEmployee := make(map[uint64]Account, len(accts))
	for _, a := range accts {
		byEmployee[a.EmployeeID] = a
	}
	var branchIDs []uint64
	for _, e := range emps {
		if e.BranchID != nil {
			branchIDs = append(branchIDs, *e.BranchID)
		}
	}
	branches, err := s.BranchesByIDs(ctx, branchIDs)
	if err != nil {
		return nil, err
	}
	out := make([]EmployeeDetail, len(emps))
	for i, e := range emps {
		a := byEmployee[e.ID]
		out[i] = EmployeeDetail{Employee: e, Login: a.Login, Departments: depts[e.ID], MustChangePassword: a.MustChangePassword,
			Role: a.Role}
		if e.BranchID != nil {
			if b, ok := branches[*e.BranchID]; ok {
				out[i].Branch = &b
			}
		}
	}
	return out, nil
}

// SearchInput selects a page of the staff directory.
type SearchInput struct {
	// Query matches an employee whose name contains it, whose account login starts with it or whose mobile starts
	// with it; blank matches everyone. LIKE wildcards in it match literally. At most MaxSearchQuery characters.
	Query string
	// DepartmentID keeps the members of one department; with WithSubDepartments, of it and every department
	// under it.
	DepartmentID       *uint64
	WithSubDepartments bool
	// IncludeInactive lists resigned and frozen employees too (the admin portal); the directory shows active
	// employees only. Only an admin may ask: ViewerRole is the role of whoever asks.
	IncludeInactive bool
	ViewerRole      Role
	// Statuses, with IncludeInactive, keeps the employees in one of these states (all when empty); WeComStatuses
	// those WeCom last reported in one of these (the staff list's filters).
	Statuses      []Status
	WeComStatuses []WeComStatus
	// First is the page size, 1..MaxPageSize; After is the EndCursor of the previous page ("" for the first).
	First int
	After string
}

// EmployeePage is one page of SearchEmployees, ordered by name then ID. TotalCount counts every match, not just
// this page; EndCursor is "" for an empty page.
type EmployeePage struct {
	Employees  []EmployeeDetail
	TotalCount int
	HasNext    bool
	EndCursor  string
}

// Bounds of a search.
const (
	MaxPageSize    = 100
	MaxSearchQuery = 64 // characters
)

// SearchEmployees returns a page of the staff directory (see SearchInput). The order (name, ID) is total, so
// pages neither repeat nor skip anyone while the directory is unchanged.
//
// Matching and indexes: login and mobile match by prefix, which is a range scan on (tenant_id, login) and
// (tenant_id, mobile); the name matches anywhere in it (people type a given name: "小明" finds "王小明"), which
// no B-tree can seek, so it is checked while reading the tenant's slice of (tenant_id, name) — in the page's own
// order, so the scan stops once a page is full. One tenant's directory is thousands of rows, not millions, and
// FULLTEXT is not available on the embedded engine.
//
// It returns invalid with Field "first", "after", "query" or "departmentId" (unknown department), forbidden when
// IncludeInactive is asked by someone not an admin, internal when ctx has no tenant.
func (s *Store) SearchEmployees(ctx context.Context, in SearchInput) (EmployeePage, error) {
	if _, err := requireTenant(ctx, "search employees"); err != nil {
		return EmployeePage{}, err
	}
	if in.IncludeInactive && !in.ViewerRole.AtLeast(RoleAdmin) {
		return EmployeePage{}, apperr.E(apperr.Forbidden, "只有管理员可以查看离职或冻结的员工")
	}
	if in.First <= 0 || in.First > MaxPageSize {
		return EmployeePage{}, apperr.InvalidField("first", "每页 1–%d 条", MaxPageSize)
	}
	after, err := decodeNameCursor(in.After)
	if err != nil {
		return EmployeePage{}, err
	}
	query := strings.TrimSpace(in.Query)
	if utf8.RuneCountInString(query) > MaxSearchQuery {
		return EmployeePage{}, apperr.InvalidField("query", "搜索词最多 %d 个字符", MaxSearchQuery)
	}
	db := s.db.WithContext(ctx)
	filter, err := s.searchFilter(db, query, in)
	if err != nil {
		return EmployeePage{}, err
	}

	var total int64
	if err := filter(db.Model(&Employee{})).Count(&total).Error; err != nil {
		return EmployeePage{}, apperr.Wrap(err, apperr.Internal, "count employees")
	}
	q := filter(db.Model(&Employee{}))
	if after != nil {
		q = q.Where("(employees.name > ? OR (employees.name = ? AND employees.id > ?))", after.Name, after.Name, after.ID)
	}
	var emps []Employee
	if err := q.Order("employees.name").Order("employees.id").Limit(in.First + 1).Find(&emps).Error; err != nil {
		return EmployeePage{}, apperr.Wrap(err, apperr.Internal, "search employees")
	}
	page := EmployeePage{TotalCount: int(total)}
	if len(emps) > in.First {
		emps, page.HasNext = emps[:in.First], true
	}
	if n := len(emps); n > 0 {
		page.EndCursor = encodeNameCursor(emps[n-1].Name, emps[n-1].ID)
	}
	if page.Employees, err = s.details(ctx, emps); err != nil {
		return EmployeePage{}, err
	}
	return page, nil
}

// searchFilter returns the WHERE of a search, applied to a fresh statement each time (count, then page). The
// subqueries are built from db, so the tenancy plugin scopes them to its context's tenant like the main table.
func (s *Store) searchFilter(db *gorm.DB, query string, in SearchInput) (func(*gorm.DB) *gorm.DB, error) {
	var deptIDs []uint64
	if in.DepartmentID != nil {
		deptIDs = []uint64{*in.DepartmentID}
		if in.WithSubDepartments {
			all, err := allDepartments(db)
			if err != nil {
				return nil, apperr.Wrap(err, apperr.Internal, "search employees")
			}
			var missing []uint64
			if deptIDs, missing = subtreeIDs(all, deptIDs); len(missing) > 0 {
				return nil, apperr.InvalidField("departmentId", "部门不存在")
			}
		} else if _, err := findDepartment(db, *in.DepartmentID); err != nil {
			if apperr.Is(err, apperr.NotFound) {
				return nil, apperr.InvalidField("departmentId", "部门不存在")
			}
			return nil, err
		}
	}
	return func(q *gorm.DB) *gorm.DB {
		if !in.IncludeInactive {
			q = q.Where("employees.status = ?", StatusActive)
		} else if len(in.Statuses) > 0 {
			q = q.Where("employees.status IN ?", in.Statuses)
		}
		if len(in.WeComStatuses) > 0 {
			q = q.Where("employees.wecom_status IN ?", in.WeComStatuses)
		}
		if deptIDs != nil {
			q = q.Where("employees.id IN (?)", db.Model(&Membership{}).Select("employee_id").Where("department_id IN ?", deptIDs))
		}
		if query != "" {
			// '!' rather than backslash as the escape, so the pattern means the same under NO_BACKSLASH_ESCAPES.
			// The columns compare bytes (utf8mb4_bin), so names and logins match in lower case ("alice" finds
			// "Alice"). Lower-casing the login costs its index range: the subquery reads the tenant's accounts once.
			like, lower := database.EscapeLike(query), database.EscapeLike(strings.ToLower(query))
			logins := db.Model(&Account{}).Select("employee_id").Where("LOWER(login) LIKE ? ESCAPE '!'", lower+"%")
			mobile, mobileArg := "employees.mobile LIKE ? ESCAPE '!'", any(like+"%")
			if digitsRE.MatchString(query) {
				// A number also finds mobiles stored with a country code ("+86 13800000000" for "138").
				mobile, mobileArg = "employees.mobile REGEXP ?", `^(\+[0-9]{1,4}[ -]?)?`+query
			}
			q = q.Where("(LOWER(employees.name) LIKE ? ESCAPE '!' OR "+mobile+" OR employees.id IN (?) OR employees.employee_no = ?)",
				"%"+lower+"%", mobileArg, logins, query)
		}
		return q
	}, nil
}

// nameCursor points just after the employee (Name, ID) in (name, id) order. It is opaque to clients.
type nameCursor struct {
	Name string `json:"n"`
	ID   uint64 `json:"i"`
}

func encodeNameCursor(name string, id uint64) string {
	return encodeJSONCursor(nameCursor{Name: name, ID: id})
}

// decodeNameCursor returns nil for "" and invalid with Field "after" for anything that is not a cursor.
func decodeNameCursor(c string) (*nameCursor, error) {
	if c == "" {
		return nil, nil
	}
	var nc nameCursor
	if err := decodeJSONCursor(c, &nc); err != nil || nc.ID == 0 {
		return nil, badCursor(c, err)
	}
	return &nc, nil
}

// digitsRE is a search that can only be (part of) a phone number.
var digitsRE = regexp.MustCompile(`^[0-9]{1,20}$`)

// StaffCounts are a tenant's employees at a glance.
type StaffCounts struct{ Total, Active, OnWeCom int }

// CountStaff counts the employees of the tenant in ctx: all of them, the active ones, and the active ones with a
// WeCom userid.
func (s *Store) CountStaff(ctx context.Context) (StaffCounts, error) {
	var c struct{ Total, Active, OnWeCom int }
	err := s.db.WithContext(ctx).Model(&Employee{}).Select(
		"COUNT(*) AS total, COALESCE(SUM(status = ?), 0) AS active, COALESCE(SUM(status = ? AND wecom_userid IS NOT NULL), 0) AS on_we_com",
		StatusActive, StatusActive).Scan(&c).Error
	if err != nil {
		return StaffCounts{}, apperr.Wrap(err, apperr.Internal, "count staff")
	}
	return StaffCounts(c), nil
}
