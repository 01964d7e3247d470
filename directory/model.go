// Package directory holds a tenant's people and their logins: employees, accounts, roles, password rules and
// hashing, and sign-in with lockout; the staff directory (the department tree, memberships, positions and search);
// external contacts from WeCom customer contact; and the associated systems (OA, PB, CRM) with the system roles
// that grant them and the WeChat gate (WeChatAccess). Every statement is tenant-scoped by the tenancy plugin.
package directory

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/text"
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
	// Position is the employee's positions (职位), slash-separated when there are several ("产品经理/项目经理");
	// Positions splits it.
	Position *string
	Status   Status
	// WeComStatus is the person's state in WeCom as its events last reported it (WeComActive, …), nil before any
	// event; WeComStatusAt is that event's time.
	WeComStatus   *WeComStatus `gorm:"column:wecom_status"`
	WeComStatusAt *time.Time   `gorm:"column:wecom_status_at"`
	// EmployeeNo is the employee number (工号), unique in the tenant; BranchID the branch company (分公司) they
	// belong to, if any.
	EmployeeNo *string
	BranchID   *uint64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// TableName implements gorm's tabler.
func (Employee) TableName() string { return "employees" }

// WeComStatus is a member's state in WeCom.
type WeComStatus string

// The states WeCom reports: its user Status 1 (active), 2 (disabled), 4 (not yet activated), 5 (exited).
const (
	WeComActive    WeComStatus = "active"
	WeComDisabled  WeComStatus = "disabled"
	WeComNotJoined WeComStatus = "not_joined"
	WeComExited    WeComStatus = "exited"
)

// WeComStatusOf maps WeCom's user Status ("1", "2", "4", "5") to a WeComStatus; false for any other.
func WeComStatusOf(code string) (WeComStatus, bool) {
	switch code {
	case "1":
		return WeComActive, true
	case "2":
		return WeComDisabled, true
	case "4":
		return WeComNotJoined, true
	case "5":
		return WeComExited, true
	}
	return "", false
}

// Role is what an account may do across the tenant. Roles are ordered: admin implies member.
type Role string

// The roles, weakest first. A contact (contact.go) is a customer's or supplier's contact person: no employee, and
// none of a member's rights.
const (
	RoleContact Role = "contact"
	RoleMember  Role = "member"
	RoleAdmin   Role = "admin"
)

func (r Role) rank() int {
	switch r {
	case RoleContact:
		return 1
	case RoleMember:
		return 2
	case RoleAdmin:
		return 3
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

// checkOptional checks an optional text the caller trimmed under text.Line's rule.
func checkOptional(field, label string, p *string) error {
	if p == nil {
		return nil
	}
	return text.CheckLine(field, label, *p)
}

// Positions returns e's positions, in order; none when Position is unset.
func (e Employee) Positions() []string {
	if e.Position == nil {
		return nil
	}
	return strings.Split(*e.Position, PositionSeparator)
}

// PositionSeparator separates several positions in Employee.Position (the glossary's "multiple positions are
// slash-separated").
const PositionSeparator = "/"

// Limits of Employee.Position.
const (
	MaxPositionLength  = 64  // one position, in characters
	MaxPositionsLength = 255 // the whole slash-separated text, in characters (the column is VARCHAR(255))
)

// mobileRE is the shape WeCom accepts for a member's mobile ("13800000000", "+86 13800000000"); refusing anything
// else here keeps the contact sync from failing on it later.
var mobileRE = regexp.MustCompile(`^(\+[0-9]{1,4}[ -]?)?[0-9]{5,20}$`)

// emailRE is deliberately loose (one @, a dot in the domain, no spaces): the mail server is the real judge.
var emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// normalizePositions trims every slash-separated position, checks it under text.Line's rule and drops empty ones;
// nil when none remain.
func normalizePositions(p *string) (*string, error) {
	if p == nil {
		return nil, nil
	}
	var parts []string
	for part := range strings.SplitSeq(*p, PositionSeparator) {
		part, err := text.Line("position", "职位", part)
		if err != nil {
			return nil, err
		}
		if part == "" {
			continue
		}
		if utf8.RuneCountInString(part) > MaxPositionLength {
			return nil, apperr.InvalidField("position", "每个职位最多 %d 个字符", MaxPositionLength)
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	v := strings.Join(parts, PositionSeparator)
	if utf8.RuneCountInString(v) > MaxPositionsLength {
		return nil, apperr.InvalidField("position", "职位合计最多 %d 个字符", MaxPositionsLength)
	}
	return &v, nil
}

// normalizeProfile trims and checks what a profile holds besides the name (UpdateProfile patches these alone):
// positions as normalizePositions does, a mobile in the shape WeCom accepts, a well-formed email under text.Line's
// rule. Blank becomes nil. It returns invalid with Field "position", "mobile" or "email".
func normalizeProfile(position, mobile, email *string) (*string, *string, *string, error) {
	position, err := normalizePositions(position)
	if err != nil {
		return nil, nil, nil, err
	}
	mobile, email = trimOptional(mobile), trimOptional(email)
	if mobile != nil {
		m := NormalizeMobile(*mobile)
		mobile = &m
	}
	if mobile != nil && !mobileRE.MatchString(*mobile) {
		return nil, nil, nil, apperr.InvalidField("mobile", "手机号格式不正确")
	}
	// emailRE refuses only white space and a second @; the rule refuses what would disguise the address.
	if err := checkOptional("email", "邮箱", email); err != nil {
		return nil, nil, nil, err
	}
	if email != nil && (len(*email) > 128 || !emailRE.MatchString(*email)) {
		return nil, nil, nil, apperr.InvalidField("email", "邮箱格式不正确")
	}
	return position, mobile, email, nil
}

// Normalize trims e's fields, defaults its status to active and checks it: the name, each position and the email
// under text.Line's rule. Several positions are trimmed one by one and re-joined with PositionSeparator. The WeCom
// user ID is lower-cased: WeCom treats user IDs as one regardless of case and answers with them lower-cased, so
// "ZhangSan" and "zhangsan" are one person there and must be one here (see NormalizeWeComUserID). It returns
// invalid naming the field.
func (e Employee) Normalize() (Employee, error) {
	var err error
	if e.Name, err = text.Line("name", "姓名", e.Name); err != nil {
		return e, err
	}
	e.WeComUserID = trimOptional(e.WeComUserID)
	if e.WeComUserID != nil {
		id := NormalizeWeComUserID(*e.WeComUserID)
		e.WeComUserID = &id
	}
	if e.Position, e.Mobile, e.Email, err = normalizeProfile(e.Position, e.Mobile, e.Email); err != nil {
		return e, err
	}
	if e.EmployeeNo, err = normalizeEmployeeNo(e.EmployeeNo); err != nil {
		return e, err
	}
	if e.Status == "" {
		e.Status = StatusActive
	}
	switch {
	case e.Name == "":
		return e, apperr.InvalidField("name", "姓名不能为空")
	case utf8.RuneCountInString(e.Name) > 64:
		return e, apperr.InvalidField("name", "姓名最多 64 个字符")
	case e.WeComUserID != nil && !ValidWeComUserID(*e.WeComUserID):
		return e, apperr.InvalidField("wecomUserId", "企业微信账号须为 1–64 位字母、数字或 _ - @ .，以字母或数字开头")
	case !e.Status.Valid():
		return e, apperr.InvalidField("status", "未知的员工状态 %q", e.Status)
	}
	return e, nil
}

// NormalizeWeComUserID is the form of a WeCom user ID Qiao stores and looks up: trimmed and lower-cased, because
// WeCom's user IDs are unique regardless of case.
func NormalizeWeComUserID(id string) string { return strings.ToLower(strings.TrimSpace(id)) }

// wecomUserIDRE is WeCom's rule for a member's userid (user/create): 1–64 letters, digits and _ - @ ., a letter or
// digit first.
var wecomUserIDRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z_@.-]{0,63}$`)

// ValidWeComUserID reports whether id follows WeCom's rule for a userid.
func ValidWeComUserID(id string) bool { return wecomUserIDRE.MatchString(id) }

// cnMobileRE is a mainland mobile written with its country code: +86, 0086 or 86, with or without a space or dash.
var cnMobileRE = regexp.MustCompile(`^(?:\+86|0086|86)[ -]?(1[0-9]{10})$`)

// NormalizeMobile writes a mainland mobile as WeCom shows it, its 11 digits without +86 ("+86 138 0000 0000"'s
// spacing aside, which mobileRE refuses), so one number is one person whichever way it was typed; other numbers keep
// their country code.
func NormalizeMobile(m string) string {
	m = strings.TrimSpace(m)
	if sub := cnMobileRE.FindStringSubmatch(m); sub != nil {
		return sub[1]
	}
	return m
}

// MaxEmployeeNo bounds an employee number (the column holds 32).
const MaxEmployeeNo = 32

// normalizeEmployeeNo trims an employee number and checks it: one line under text.Line's rule, at most
// MaxEmployeeNo characters; blank becomes nil. Invalid with Field "employeeNo".
func normalizeEmployeeNo(p *string) (*string, error) {
	if p == nil {
		return nil, nil
	}
	v, err := text.Line("employeeNo", "工号", *p)
	if err != nil {
		return nil, err
	}
	if v == "" {
		return nil, nil
	}
	if utf8.RuneCountInString(v) > MaxEmployeeNo {
		return nil, apperr.InvalidField("employeeNo", "工号最多 %d 个字符", MaxEmployeeNo)
	}
	return &v, nil
}
