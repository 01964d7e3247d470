// Package directory holds a tenant's people and their logins: employees, accounts, roles, password rules and
// hashing, and sign-in with lockout. Every statement is tenant-scoped by the tenancy plugin.
package directory

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qiao-hq/qiao/apperr"
)

// Status is an employee's state. Only active employees sign in, receive pushes or appear as colleagues.
type Status string

// The employee states.
const (
	StatusActive   Status = "active"
	StatusResigned Status = "resigned" // left the company
	StatusFrozen   Status = "frozen"   // blocked by an admin, e.g. after a lost phone
)

// Valid reports whether s is one of the known states.
func (s Status) Valid() bool {
	return s == StatusActive || s == StatusResigned || s == StatusFrozen
}

// Employee is a person in a tenant's directory (table employees).
type Employee struct {
	ID          uint64 `gorm:"primaryKey"`
	TenantID    uint64
	Name        string
	WeComUserID *string `gorm:"column:wecom_userid"`
	Mobile      *string
	Email       *string
	Status      Status
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName implements gorm's tabler.
func (Employee) TableName() string { return "employees" }

// Role is what an account may do across the tenant. Roles are ordered: admin implies member.
type Role string

// The roles, weakest first.
const (
	RoleMember Role = "member"
	RoleAdmin  Role = "admin"
)

func (r Role) rank() int {
	switch r {
	case RoleMember:
		return 1
	case RoleAdmin:
		return 2
	}
	return 0
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r grants everything min grants. Unknown roles grant nothing and are satisfied by
// nothing, so a typo fails closed.
func (r Role) AtLeast(min Role) bool {
	return min.Valid() && r.rank() >= min.rank()
}

// Account is an employee's login (table accounts). TokenVersion is carried in every access token; bumping it
// revokes every token issued before.
type Account struct {
	ID                 uint64 `gorm:"primaryKey"`
	TenantID           uint64
	EmployeeID         uint64
	Login              string
	PasswordHash       string `json:"-"`
	Role               Role
	TokenVersion       int
	FailedLogins       int
	LockedUntil        *time.Time
	MustChangePassword bool
	PasswordChangedAt  *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// TableName implements gorm's tabler.
func (Account) TableName() string { return "accounts" }

// loginRE is the shape of a login name; it is matched exactly (the column's collation is binary).
var loginRE = regexp.MustCompile(`^[A-Za-z0-9_.@-]{2,64}$`)

// ValidLogin reports whether s has the shape of a login name ([A-Za-z0-9_.@-]{2,64}).
func ValidLogin(s string) bool { return loginRE.MatchString(s) }

// trimOptional trims an optional text field; blank becomes nil so unique keys ignore it.
func trimOptional(p *string) *string {
	if p == nil {
		return nil
	}
	v := strings.TrimSpace(*p)
	if v == "" {
		return nil
	}
	return &v
}

// Normalize trims e's fields, defaults its status to active and checks it. It returns invalid naming the field.
func (e Employee) Normalize() (Employee, error) {
	e.Name = strings.TrimSpace(e.Name)
	e.WeComUserID = trimOptional(e.WeComUserID)
	e.Mobile = trimOptional(e.Mobile)
	e.Email = trimOptional(e.Email)
	if e.Status == "" {
		e.Status = StatusActive
	}
	switch {
	case e.Name == "":
		return e, apperr.InvalidField("name", "姓名不能为空 / name is required")
	case utf8.RuneCountInString(e.Name) > 64:
		return e, apperr.InvalidField("name", "姓名最多 64 个字符 / name must be at most 64 characters")
	case e.WeComUserID != nil && len(*e.WeComUserID) > 64:
		return e, apperr.InvalidField("wecomUserId", "企业微信账号最多 64 个字符 / WeCom user ID must be at most 64 characters")
	case e.Mobile != nil && len(*e.Mobile) > 32:
		return e, apperr.InvalidField("mobile", "手机号最多 32 个字符 / mobile must be at most 32 characters")
	case e.Email != nil && (len(*e.Email) > 128 || !strings.Contains(*e.Email, "@")):
		return e, apperr.InvalidField("email", "邮箱格式不正确 / email is malformed")
	case !e.Status.Valid():
		return e, apperr.InvalidField("status", "未知的员工状态 %q / unknown employee status %q", e.Status, e.Status)
	}
	return e, nil
}
