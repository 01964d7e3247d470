package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// user is a member of a corp. id keeps the case it was created with;
// corp.users is keyed by its lower-cased form.
type user struct {
	id    string
	name  string
	inbox []Message

	alias, mobile, email, position string
	gender                         string // "0" unset, "1" male, "2" female
	depts                          []int64
	orders                         []int64 // per department, as depts
	leader                         []int   // per department, 1 = leads it
	mainDept                       int64
	enabled                        bool
	// pending is a member who has not activated (joined WeCom) yet:
	// status 4 while enabled (activation.go).
	pending bool
	// invitations counts the invitations batch/invite sent the member.
	invitations int
}

// Member is a corp member as WeCom's user/get shows it and user/create
// takes it; the control API and the Go control methods use it too.
type Member struct {
	UserID string `json:"userid"`
	Name   string `json:"name"`
	Alias  string `json:"alias,omitempty"`
	// Mobile and Email: WeCom's API needs at least one; the control API
	// (an admin in the console, fixtures) does not.
	Mobile string `json:"mobile,omitempty"`
	Email  string `json:"email,omitempty"`
	// Department lists the member's departments (at most 100); empty
	// means the root department 1. Order and IsLeaderInDept, when given,
	// have one entry per department.
	Department     []int64 `json:"department"`
	Order          []int64 `json:"order"`
	IsLeaderInDept []int   `json:"is_leader_in_dept"`
	// MainDepartment must be one of Department; 0 means the first.
	MainDepartment int64  `json:"main_department"`
	Position       string `json:"position,omitempty"`
	// Gender is "1" (male), "2" (female) or "0"/"" (unset).
	Gender string `json:"gender,omitempty"`
	// Enable is 1 (active) or 0 (disabled); nil means 1.
	Enable *int `json:"enable,omitempty"`
	// Status is output only: 1 active, 2 disabled, 4 not yet activated
	// (only members CreateUser made with Status 4, until ActivateUser).
	// sim: WeCom's API-created members are 4 until they join; the
	// simulator's are active at once.
	Status int `json:"status,omitempty"`
}

// fitDepartments resets Order, IsLeaderInDept and MainDepartment when the
// department list differs from before and they no longer match it: an
// edit that moves a member need not restate them.
func (m *Member) fitDepartments(before []int64) {
	if slices.Equal(m.Department, before) {
		return
	}
	if len(m.Order) != len(m.Department) {
		m.Order = nil
	}
	if len(m.IsLeaderInDept) != len(m.Department) {
		m.IsLeaderInDept = nil
	}
	if !slices.Contains(m.Department, m.MainDepartment) {
		m.MainDepartment = 0
	}
}

// validUserID is WeCom's userid rule: 1–64 bytes of [0-9A-Za-z_-@.].
var validUserID = regexp.MustCompile(`^[0-9A-Za-z_@.-]{1,64}$`)

// validMobile accepts "13800000000" and "+86 13800000000". sim: WeCom's
// exact mobile grammar is not documented.
var validMobile = regexp.MustCompile(`^(\+[0-9]{1,4}[ -]?)?[0-9]{5,20}$`)

// maxUserDepartments is how many departments one member may be in.
const maxUserDepartments = 100

// member renders u as Member; withPrivate false leaves out mobile and
// email, which WeCom no longer returns to apps (only to the contact-sync
// secret).
func (u *user) member(withPrivate bool) Member {
	enable, status := 1, 1
	switch {
	case !u.enabled:
		enable, status = 0, 2
	case u.pending:
		status = statusPending
	}
	m := Member{
		UserID: u.id, Name: u.name, Alias: u.alias, Position: u.position, Gender: u.gender,
		Department: slices.Clone(u.depts), Order: slices.Clone(u.orders), IsLeaderInDept: slices.Clone(u.leader),
		MainDepartment: u.mainDept, Enable: &enable, Status: status,
	}
	if withPrivate {
		m.Mobile, m.Email = u.mobile, u.email
	}
	return m
}

// checkMember validates and normalises m (defaults filled in) for
// creating a user, or for replacing self's fields when self is not nil.
// requireContact applies WeCom's API rule that a member has a mobile or an
// email. It returns WeCom's errcode for the first problem found.
func (c *corp) checkMember(m *Member, self *user, requireContact bool) *apiError {
	switch {
	case m.UserID == "":
		return apiErr(41009, "missing userid")
	case !validUserID.MatchString(m.UserID):
		// sim: WeCom answers 40003 or 40058 depending on the defect.
		return apiErr(40003, "invalid userid: 1-64 bytes of 0-9A-Za-z_-@.")
	}
	if n := utf8.RuneCountInString(m.Name); n < 1 || n > 64 {
		return apiErr(60112, "invalid name: 1-64 characters")
	}
	m.Mobile, m.Email = strings.TrimSpace(m.Mobile), strings.TrimSpace(m.Email)
	if m.Mobile != "" && !validMobile.MatchString(m.Mobile) {
		return apiErr(60103, "invalid mobile")
	}
	if m.Email != "" && !validEmail(m.Email) {
		return apiErr(60105, "invalid email")
	}
	if requireContact && m.Mobile == "" && m.Email == "" {
		return apiErr(60129, "mobile and email are both empty")
	}
	if len(m.Department) == 0 {
		// sim: WeCom's docs mark department optional without saying where
		// such a member goes; the root is the plausible place.
		m.Department = []int64{rootDepartment}
	}
	if len(m.Department) > maxUserDepartments {
		return apiErr(60110, "too many departments: at most 100")
	}
	for i, d := range m.Department {
		if c.dir.depts[d] == nil {
			return apiErr(60123, fmt.Sprintf("invalid department id %d", d))
		}
		if slices.Contains(m.Department[:i], d) {
			return apiErr(40066, fmt.Sprintf("invalid department list: %d twice", d))
		}
	}
	if len(m.Order) == 0 {
		m.Order = make([]int64, len(m.Department))
	} else if len(m.Order) != len(m.Department) {
		// sim: the code for this mismatch is not documented.
		return apiErr(40058, "invalid parameter: order needs one entry per department")
	}
	if len(m.IsLeaderInDept) == 0 {
		m.IsLeaderInDept = make([]int, len(m.Department))
	} else if len(m.IsLeaderInDept) != len(m.Department) {
		return apiErr(60132, "is_leader_in_dept and department differ in length")
	}
	for _, l := range m.IsLeaderInDept {
		if l != 0 && l != 1 {
			return apiErr(40058, "invalid parameter: is_leader_in_dept entries are 0 or 1")
		}
	}
	if m.MainDepartment == 0 {
		m.MainDepartment = m.Department[0]
	} else if !slices.Contains(m.Department, m.MainDepartment) {
		// sim: the code is not documented.
		return apiErr(40058, "invalid parameter: main_department is not one of department")
	}
	switch m.Gender {
	case "", "0", "1", "2":
	default:
		return apiErr(40058, `invalid parameter: gender is "1" or "2"`)
	}
	if m.Enable == nil {
		m.Enable = new(1)
	} else if *m.Enable != 0 && *m.Enable != 1 {
		return apiErr(40058, "invalid parameter: enable is 0 or 1")
	}
	if utf8.RuneCountInString(m.Position) > 128 || utf8.RuneCountInString(m.Alias) > 64 {
		return apiErr(40058, "invalid parameter: position or alias too long")
	}
	other := func(o *user) bool { return o != nil && o != self }
	switch {
	case other(c.users[strings.ToLower(m.UserID)]):
		return apiErr(60102, "userid existed")
	case m.Mobile != "" && other(c.byMobile[mobileKey(m.Mobile)]):
		return apiErr(60104, "mobile existed")
	case m.Email != "" && other(c.byEmail[strings.ToLower(m.Email)]):
		return apiErr(60106, "email existed")
	}
	return nil
}

// index files u under its mobile and email; unindex takes it out (before its fields change).
func (c *corp) index(u *user) {
	if u.mobile != "" {
		c.byMobile[mobileKey(u.mobile)] = u
	}
	if u.email != "" {
		c.byEmail[strings.ToLower(u.email)] = u
	}
}

func (c *corp) unindex(u *user) {
	if k := mobileKey(u.mobile); u.mobile != "" && c.byMobile[k] == u {
		delete(c.byMobile, k)
	}
	if k := strings.ToLower(u.email); u.email != "" && c.byEmail[k] == u {
		delete(c.byEmail, k)
	}
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 64
}

var mobileSpacing = strings.NewReplacer(" ", "", "-", "")

// mobileKey compares mobiles as numbers: "+86 138…" is "138…".
func mobileKey(m string) string {
	return strings.TrimPrefix(mobileSpacing.Replace(m), "+86")
}

// apply copies a checked Member into u.
func (u *user) apply(m Member) {
	u.id, u.name, u.alias, u.mobile, u.email = m.UserID, m.Name, m.Alias, m.Mobile, m.Email
	u.position, u.gender = m.Position, m.Gender
	u.depts, u.orders, u.leader = slices.Clone(m.Department), slices.Clone(m.Order), slices.Clone(m.IsLeaderInDept)
	u.mainDept = m.MainDepartment
	u.enabled = *m.Enable == 1
}

// createUserLocked adds a checked member. requireContact: see checkMember.
func (c *corp) createUserLocked(m Member, requireContact bool) (*user, *apiError) {
	if e := c.checkMember(&m, nil, requireContact); e != nil {
		return nil, e
	}
	u := &user{}
	u.apply(m)
	c.users[strings.ToLower(u.id)] = u
	c.index(u)
	return u, nil
}

// updateUserLocked replaces u's fields by m (u's current fields with some
// overwritten). It reports whether anything changed.
func (c *corp) updateUserLocked(u *user, m Member, requireContact bool) (bool, *apiError) {
	if !strings.EqualFold(m.UserID, u.id) {
		return false, apiErr(40058, "invalid parameter: userid cannot change")
	}
	if e := c.checkMember(&m, u, requireContact); e != nil {
		return false, e
	}
	before := u.member(true)
	c.unindex(u)
	u.apply(m)
	c.index(u)
	after := u.member(true)
	return !memberEqual(before, after), nil
}

func memberEqual(a, b Member) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// deleteUserLocked removes u from the corp and from every tag and scope.
func (c *corp) deleteUserLocked(u *user) {
	key := strings.ToLower(u.id)
	delete(c.users, key)
	c.unindex(u)
	for _, t := range c.dir.tags {
		t.users = slices.DeleteFunc(t.users, func(k string) bool { return k == key })
	}
	for _, a := range c.apps {
		a.scope.users = slices.DeleteFunc(a.scope.users, func(k string) bool { return k == key })
	}
}

// mergeUserUpdate overlays a user/update body on u's current fields: keys
// the body omits stay as they are. A new department list without order or
// is_leader_in_dept resets those, and a main department that is no longer
// listed moves to the first.
func mergeUserUpdate(u *user, raw []byte) (Member, *apiError) {
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil {
		return Member{}, wrongJSON()
	}
	m := u.member(true)
	if err := json.Unmarshal(raw, &m); err != nil {
		return Member{}, wrongJSON()
	}
	if _, ok := keys["department"]; ok {
		if _, ok := keys["order"]; !ok {
			m.Order = nil
		}
		if _, ok := keys["is_leader_in_dept"]; !ok {
			m.IsLeaderInDept = nil
		}
		if _, ok := keys["main_department"]; !ok && !slices.Contains(m.Department, m.MainDepartment) {
			m.MainDepartment = 0
		}
	}
	m.Status = 0
	return m, nil
}

// AddUser adds a member with the given userid and name (the userid when
// empty) to the root department, as an admin would in the console: the
// change_contact event is posted. It returns ErrNotFound for an unknown
// corp, ErrInvalid for a userid WeCom would refuse, and ErrConflict if the
// userid exists (compared case-insensitively, as WeCom does).
func (s *Server) AddUser(corpID, userID, name string) error {
	if name == "" {
		name = userID
	}
	return s.CreateUser(corpID, Member{UserID: userID, Name: name})
}

func (s *Server) userLocked(corpID, userID string) *user {
	c := s.corps[corpID]
	if c == nil {
		return nil
	}
	return c.users[strings.ToLower(userID)]
}

// sortedUsers lists the corp's users by userid, for stable pages.
func (c *corp) sortedUsers() []*user {
	us := make([]*user, 0, len(c.users))
	for _, u := range c.users {
		us = append(us, u)
	}
	slices.SortFunc(us, func(a, b *user) int { return strings.Compare(a.id, b.id) })
	return us
}

// directory is a corp's contact data beyond its users: departments, tags,
// uploaded media, batch jobs, and the background work (callbacks, jobs)
// it started.
type directory struct {
	depts map[int64]*department
	tags  map[int64]*tag
	media map[string]*mediaFile
	jobs  jobStore
	pace  batchPace
	// contactCallback is the contact-sync (通讯录同步) callback server.
	contactCallback *callbackTarget
	hub             *eventHub
}

func newDirectory() directory {
	return directory{
		depts: map[int64]*department{rootDepartment: {id: rootDepartment, name: rootName}},
		tags:  map[int64]*tag{},
		media: map[string]*mediaFile{},
		jobs:  newJobStore(),
		pace:  batchPace{wake: make(chan struct{})},
		hub:   newEventHub(),
	}
}

// routesContacts registers the contact, batch and media APIs and their
// control endpoints.
func (s *Server) routesContacts(m *http.ServeMux) {
	m.HandleFunc("POST /cgi-bin/user/create", s.contactHandler(s.userCreateLocked))
	m.HandleFunc("POST /cgi-bin/user/update", s.contactHandler(s.userUpdateLocked))
	m.HandleFunc("GET /cgi-bin/user/delete", s.contactHandler(s.userDeleteLocked))
	m.HandleFunc("POST /cgi-bin/user/batchdelete", s.contactHandler(s.userBatchDeleteLocked))
	m.HandleFunc("GET /cgi-bin/user/get", s.contactHandler(s.userGetLocked))
	m.HandleFunc("GET /cgi-bin/user/simplelist", s.contactHandler(s.userSimpleListLocked))
	m.HandleFunc("GET /cgi-bin/user/list", s.contactHandler(s.userListLocked))
	m.HandleFunc("POST /cgi-bin/user/list_id", s.contactHandler(s.userListIDLocked))
	m.HandleFunc("POST /cgi-bin/department/create", s.contactHandler(s.deptCreateLocked))
	m.HandleFunc("POST /cgi-bin/department/update", s.contactHandler(s.deptUpdateLocked))
	m.HandleFunc("GET /cgi-bin/department/delete", s.contactHandler(s.deptDeleteLocked))
	m.HandleFunc("GET /cgi-bin/department/get", s.contactHandler(s.deptGetLocked))
	m.HandleFunc("GET /cgi-bin/department/list", s.contactHandler(s.deptListLocked))
	m.HandleFunc("GET /cgi-bin/department/simplelist", s.contactHandler(s.deptSimpleListLocked))
	m.HandleFunc("POST /cgi-bin/batch/invite", s.contactHandler(s.inviteLocked))
	m.HandleFunc("POST /cgi-bin/batch/syncuser", s.contactHandler(s.batchLocked(jobSyncUser)))
	m.HandleFunc("POST /cgi-bin/batch/replaceuser", s.contactHandler(s.batchLocked(jobReplaceUser)))
	m.HandleFunc("POST /cgi-bin/batch/replaceparty", s.contactHandler(s.batchLocked(jobReplaceParty)))
	m.HandleFunc("GET /cgi-bin/batch/getresult", s.contactHandler(s.jobResultLocked))
	m.HandleFunc("POST /cgi-bin/media/upload", s.handleMediaUpload)
	s.routesContactControl(m)
}

// contactHandler wraps a contact API in apiHandler. Unlike the other
// APIs, these answer a body that cannot be read before the token.
func (s *Server) contactHandler(f func(r *http.Request, body []byte) (map[string]any, *apiError)) http.HandlerFunc {
	return s.apiHandler(func(r *http.Request, body []byte, readErr error) (map[string]any, *apiError) {
		if readErr != nil {
			return nil, wrongJSON()
		}
		return f(r, body)
	})
}
