package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Contact APIs (users, departments, batch jobs) write with the
// contact-sync secret (通讯录同步): pass an App with AgentID 0 and that
// secret. An app's secret gets an *Error with code 48002 for writes, and
// reads with it are limited to the app's visible range (60011 outside).

// Limits of the user APIs.
const (
	// MaxUserDepartments is how many departments one member may be in.
	MaxUserDepartments = 100
	// MaxBatchDelete is how many userids one BatchDeleteUsers takes.
	MaxBatchDelete = 200
	// MaxListIDLimit is the largest page ListUserIDs asks for.
	MaxListIDLimit = 10000
)

// Gender values of User.Gender.
const (
	GenderMale   = "1"
	GenderFemale = "2"
)

// UserStatus is a member's state as user/get reports it.
type UserStatus int

// Member states.
const (
	UserActive   UserStatus = 1
	UserDisabled UserStatus = 2
	UserInactive UserStatus = 4 // invited, not yet joined
	UserLeft     UserStatus = 5
)

// User is a member (成员) as CreateUser takes it and GetUser returns it.
type User struct {
	// UserID is 1–64 bytes of [0-9A-Za-z_-@.], unique in the corp
	// regardless of case.
	UserID string
	// Name is 1–64 characters.
	Name  string
	Alias string
	// Mobile and Email: CreateUser needs at least one. Apps created after
	// 2022-06-20 do not get them back from GetUser.
	Mobile string
	Email  string
	// Departments lists the member's department ids (1–100). Orders and
	// LeaderInDept, when set, have one entry per department (a larger
	// order sorts first within that department).
	Departments  []int64
	Orders       []int64
	LeaderInDept []bool
	// MainDepartment must be one of Departments; 0 lets WeCom take the
	// first.
	MainDepartment int64
	Position       string
	// Gender is GenderMale, GenderFemale or "" (unset).
	Gender string
	// Disabled creates the member disabled (WeCom's enable=0).
	Disabled bool
	// Status is set by GetUser and ListUsers only.
	Status UserStatus
}

// UserUpdate changes some fields of a member: nil fields (and nil
// slices) are left as they are, so "not set" differs from "set to empty".
// Orders and LeaderInDept need Departments (one entry per department).
// Build pointers with new(value).
type UserUpdate struct {
	UserID         string
	Name           *string
	Alias          *string
	Mobile         *string
	Email          *string
	Position       *string
	Gender         *string
	Departments    []int64
	Orders         []int64
	LeaderInDept   []bool
	MainDepartment *int64
	Disabled       *bool
}

// UserBrief is a member as ListUsersSimple lists it.
type UserBrief struct {
	UserID      string
	Name        string
	Departments []int64
}

// DeptUser is one (member, department) pair of ListUserIDs.
type DeptUser struct {
	UserID     string
	Department int64
}

// UserIDPage is one page of ListUserIDs; NextCursor is "" after the last.
type UserIDPage struct {
	NextCursor string
	Users      []DeptUser
}

var validUserID = regexp.MustCompile(`^[0-9A-Za-z_@.-]{1,64}$`)

// ValidUserID reports whether id is a userid WeCom accepts: 1–64 bytes of
// [0-9A-Za-z_-@.].
func ValidUserID(id string) bool { return validUserID.MatchString(id) }

// userWire is user/create's body and user/get's answer.
type userWire struct {
	UserID         string  `json:"userid"`
	Name           string  `json:"name"`
	Alias          string  `json:"alias,omitempty"`
	Mobile         string  `json:"mobile,omitempty"`
	Email          string  `json:"email,omitempty"`
	Department     []int64 `json:"department,omitempty"`
	Order          []int64 `json:"order,omitempty"`
	IsLeaderInDept []int   `json:"is_leader_in_dept,omitempty"`
	MainDepartment int64   `json:"main_department,omitempty"`
	Position       string  `json:"position,omitempty"`
	Gender         string  `json:"gender,omitempty"`
	Enable         *int    `json:"enable,omitempty"`
	Status         int     `json:"status,omitempty"`
}

func (w userWire) user() User {
	u := User{
		UserID: w.UserID, Name: w.Name, Alias: w.Alias, Mobile: w.Mobile, Email: w.Email,
		Departments: w.Department, Orders: w.Order, MainDepartment: w.MainDepartment,
		Position: w.Position, Gender: w.Gender, Status: UserStatus(w.Status),
		Disabled: w.Enable != nil && *w.Enable == 0 || w.Status == int(UserDisabled),
	}
	if u.Gender == "0" {
		u.Gender = ""
	}
	for _, l := range w.IsLeaderInDept {
		u.LeaderInDept = append(u.LeaderInDept, l == 1)
	}
	return u
}

func leaderFlags(ls []bool) []int {
	var out []int
	for _, l := range ls {
		if l {
			out = append(out, 1)
		} else {
			out = append(out, 0)
		}
	}
	return out
}

func checkName(name string) error {
	if n := utf8.RuneCountInString(name); n < 1 || n > 64 {
		return errors.New("name must be 1-64 characters")
	}
	return nil
}

func checkEmail(email string) error {
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 64 {
		return fmt.Errorf("invalid email %q", email)
	}
	return nil
}

func checkGender(g string) error {
	if g != "" && g != GenderMale && g != GenderFemale {
		return fmt.Errorf("gender must be %q, %q or empty", GenderMale, GenderFemale)
	}
	return nil
}

// checkDepartments checks a department list and the per-department lists
// that go with it.
func checkDepartments(depts, orders []int64, leaders []bool, main int64) error {
	if len(depts) == 0 || len(depts) > MaxUserDepartments {
		return fmt.Errorf("a member needs 1-%d departments", MaxUserDepartments)
	}
	for i, d := range depts {
		if d < 1 {
			return fmt.Errorf("invalid department id %d", d)
		}
		if slices.Contains(depts[:i], d) {
			return fmt.Errorf("department %d listed twice", d)
		}
	}
	if orders != nil && len(orders) != len(depts) {
		return errors.New("orders need one entry per department")
	}
	if leaders != nil && len(leaders) != len(depts) {
		return errors.New("leader flags need one entry per department")
	}
	if main != 0 && !slices.Contains(depts, main) {
		return fmt.Errorf("main department %d is not one of the departments", main)
	}
	return nil
}

// Validate reports whether WeCom's user/create would take u, without a request.
func (u User) Validate() error { return u.validate() }

// ValidateExisting is Validate for a member WeCom has already (an update, or a row of an import file): it needs
// no mobile or email, as WeCom keeps the ones it has.
func (u User) ValidateExisting() error { return u.check(false) }

// validate applies WeCom's user/create rules.
func (u User) validate() error { return u.check(true) }

func (u User) check(needContact bool) error {
	if !ValidUserID(u.UserID) {
		return fmt.Errorf("invalid userid %q: 1-64 bytes of 0-9A-Za-z_-@.", u.UserID)
	}
	if err := checkName(u.Name); err != nil {
		return err
	}
	if needContact && u.Mobile == "" && u.Email == "" {
		return errors.New("a member needs a mobile or an email")
	}
	if u.Email != "" {
		if err := checkEmail(u.Email); err != nil {
			return err
		}
	}
	if err := checkGender(u.Gender); err != nil {
		return err
	}
	return checkDepartments(u.Departments, u.Orders, u.LeaderInDept, u.MainDepartment)
}

func (u User) wire() userWire {
	w := userWire{
		UserID: u.UserID, Name: u.Name, Alias: u.Alias, Mobile: u.Mobile, Email: u.Email,
		Department: u.Departments, Order: u.Orders, IsLeaderInDept: leaderFlags(u.LeaderInDept),
		MainDepartment: u.MainDepartment, Position: u.Position, Gender: u.Gender,
	}
	if u.Disabled {
		w.Enable = new(0)
	}
	return w
}

// CreateUser adds a member (POST /cgi-bin/user/create); WeCom invites
// them to join. It needs the contact-sync secret. WeCom errors include
// 60102 (userid taken, CodeUserExists), 60104 (mobile taken,
// CodeMobileExists) and 60123 (unknown department, CodeBadDepartment). An
// invalid u is rejected before any request is made.
func (c *Client) CreateUser(ctx context.Context, app App, u User) error {
	const api = "user/create"
	if err := u.validate(); err != nil {
		return fmt.Errorf("wecom %s: %w", api, err)
	}
	r, err := post(api, u.wire())
	if err != nil {
		return err
	}
	return c.call(ctx, app, r, nil)
}

// body renders user/update's body with only the fields that are set.
func (u UserUpdate) body() (map[string]any, error) {
	if !ValidUserID(u.UserID) {
		return nil, fmt.Errorf("invalid userid %q", u.UserID)
	}
	b := map[string]any{"userid": u.UserID}
	str := func(key string, v *string, check func(string) error) error {
		if v == nil {
			return nil
		}
		if check != nil {
			if err := check(*v); err != nil {
				return err
			}
		}
		b[key] = *v
		return nil
	}
	checkMail := func(s string) error {
		if s == "" {
			return nil
		}
		return checkEmail(s)
	}
	for _, err := range []error{
		str("name", u.Name, checkName), str("alias", u.Alias, nil), str("mobile", u.Mobile, nil),
		str("email", u.Email, checkMail), str("position", u.Position, nil), str("gender", u.Gender, checkGender),
	} {
		if err != nil {
			return nil, err
		}
	}
	if u.Departments != nil {
		var main int64
		if u.MainDepartment != nil {
			main = *u.MainDepartment
		}
		if err := checkDepartments(u.Departments, u.Orders, u.LeaderInDept, main); err != nil {
			return nil, err
		}
		b["department"] = u.Departments
		if u.Orders != nil {
			b["order"] = u.Orders
		}
		if u.LeaderInDept != nil {
			b["is_leader_in_dept"] = leaderFlags(u.LeaderInDept)
		}
	} else if u.Orders != nil || u.LeaderInDept != nil {
		return nil, errors.New("orders and leader flags need the departments they go with")
	}
	if u.MainDepartment != nil {
		if *u.MainDepartment < 1 {
			return nil, errors.New("invalid main department")
		}
		b["main_department"] = *u.MainDepartment
	}
	if u.Disabled != nil {
		b["enable"] = 1
		if *u.Disabled {
			b["enable"] = 0
		}
	}
	return b, nil
}

// UpdateUser changes the fields of a member that u sets (POST
// /cgi-bin/user/update); the others stay. It needs the contact-sync
// secret; 60111 (CodeUserNotFound) means no such member. An invalid u is
// rejected before any request is made.
func (c *Client) UpdateUser(ctx context.Context, app App, u UserUpdate) error {
	const api = "user/update"
	b, err := u.body()
	if err != nil {
		return fmt.Errorf("wecom %s: %w", api, err)
	}
	r, err := post(api, b)
	if err != nil {
		return err
	}
	return c.call(ctx, app, r, nil)
}

// DeleteUser removes a member (GET /cgi-bin/user/delete). It needs the
// contact-sync secret; 60111 means no such member.
func (c *Client) DeleteUser(ctx context.Context, app App, userID string) error {
	const api = "user/delete"
	if !ValidUserID(userID) {
		return fmt.Errorf("wecom %s: invalid userid %q", api, userID)
	}
	return c.call(ctx, app, get(api, url.Values{"userid": {userID}}), nil)
}

// BatchDeleteUsers removes 1–200 members at once (POST
// /cgi-bin/user/batchdelete). One unknown userid fails the whole call and
// nothing is deleted. It needs the contact-sync secret.
func (c *Client) BatchDeleteUsers(ctx context.Context, app App, userIDs []string) error {
	const api = "user/batchdelete"
	if len(userIDs) == 0 || len(userIDs) > MaxBatchDelete {
		return fmt.Errorf("wecom %s: %d userids, want 1-%d", api, len(userIDs), MaxBatchDelete)
	}
	for _, id := range userIDs {
		if !ValidUserID(id) {
			return fmt.Errorf("wecom %s: invalid userid %q", api, id)
		}
	}
	r, err := post(api, map[string][]string{"useridlist": userIDs})
	if err != nil {
		return err
	}
	return c.call(ctx, app, r, nil)
}

// GetUser reads a member (GET /cgi-bin/user/get). With an app's secret
// the member must be in the app's visible range (60011 otherwise), and
// newer apps get no mobile or email.
func (c *Client) GetUser(ctx context.Context, app App, userID string) (User, error) {
	const api = "user/get"
	if !ValidUserID(userID) {
		return User{}, fmt.Errorf("wecom %s: invalid userid %q", api, userID)
	}
	var out userWire
	if err := c.call(ctx, app, get(api, url.Values{"userid": {userID}}), &out); err != nil {
		return User{}, err
	}
	return out.user(), nil
}

func deptQuery(departmentID int64, fetchChild bool) url.Values {
	q := url.Values{"department_id": {strconv.FormatInt(departmentID, 10)}}
	if fetchChild {
		q.Set("fetch_child", "1")
	}
	return q
}

// ListUsersSimple lists the members of a department (GET
// /cgi-bin/user/simplelist), and of its sub-departments when fetchChild.
// WeCom has deprecated fetch_child and may answer a large list with 45029;
// walk the departments (ListDepartmentsSimple) to be safe.
func (c *Client) ListUsersSimple(ctx context.Context, app App, departmentID int64, fetchChild bool) ([]UserBrief, error) {
	const api = "user/simplelist"
	if departmentID < 1 {
		return nil, fmt.Errorf("wecom %s: invalid department id %d", api, departmentID)
	}
	var out struct {
		UserList []struct {
			UserID     string  `json:"userid"`
			Name       string  `json:"name"`
			Department []int64 `json:"department"`
		} `json:"userlist"`
	}
	if err := c.call(ctx, app, get(api, deptQuery(departmentID, fetchChild)), &out); err != nil {
		return nil, err
	}
	users := make([]UserBrief, len(out.UserList))
	for i, u := range out.UserList {
		users[i] = UserBrief{UserID: u.UserID, Name: u.Name, Departments: u.Department}
	}
	return users, nil
}

// ListUsers is ListUsersSimple with every field of each member (GET
// /cgi-bin/user/list).
func (c *Client) ListUsers(ctx context.Context, app App, departmentID int64, fetchChild bool) ([]User, error) {
	const api = "user/list"
	if departmentID < 1 {
		return nil, fmt.Errorf("wecom %s: invalid department id %d", api, departmentID)
	}
	var out struct {
		UserList []userWire `json:"userlist"`
	}
	if err := c.call(ctx, app, get(api, deptQuery(departmentID, fetchChild)), &out); err != nil {
		return nil, err
	}
	users := make([]User, len(out.UserList))
	for i, w := range out.UserList {
		users[i] = w.user()
	}
	return users, nil
}

// ListUserIDs reads one page of every (member, department) pair of the
// corp (POST /cgi-bin/user/list_id); pass the previous page's NextCursor,
// "" for the first. limit is 1–MaxListIDLimit, or 0 for WeCom's default.
// Only the contact-sync secret may call it.
func (c *Client) ListUserIDs(ctx context.Context, app App, cursor string, limit int) (UserIDPage, error) {
	const api = "user/list_id"
	if limit < 0 || limit > MaxListIDLimit {
		return UserIDPage{}, fmt.Errorf("wecom %s: limit %d, want 0-%d", api, limit, MaxListIDLimit)
	}
	in := struct {
		Cursor string `json:"cursor,omitempty"`
		Limit  int    `json:"limit,omitempty"`
	}{cursor, limit}
	r, err := post(api, in)
	if err != nil {
		return UserIDPage{}, err
	}
	var out struct {
		NextCursor string `json:"next_cursor"`
		DeptUser   []struct {
			UserID     string `json:"userid"`
			Department int64  `json:"department"`
		} `json:"dept_user"`
	}
	if err := c.call(ctx, app, r, &out); err != nil {
		return UserIDPage{}, err
	}
	page := UserIDPage{NextCursor: out.NextCursor, Users: make([]DeptUser, len(out.DeptUser))}
	for i, p := range out.DeptUser {
		page.Users[i] = DeptUser{UserID: p.UserID, Department: p.Department}
	}
	return page, nil
}
