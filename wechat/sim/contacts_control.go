package sim

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The Go methods below act as an admin in the WeCom console: each change
// posts its change_contact event to the contact-sync callback and to apps
// with a callback whose visible range covers it. Changes through the API
// with the contact-sync secret post none.

func (s *Server) routesContactControl(m *http.ServeMux) {
	m.HandleFunc("POST /_sim/corps/{corpid}/users", s.handleAddUser)
	m.HandleFunc("GET /_sim/corps/{corpid}/users", s.handleListUsers)
	m.HandleFunc("GET /_sim/corps/{corpid}/users/{userid}", s.handleGetUser)
	m.HandleFunc("PATCH /_sim/corps/{corpid}/users/{userid}", s.handlePatchUser)
	m.HandleFunc("DELETE /_sim/corps/{corpid}/users/{userid}", s.handleDeleteUser)
	m.HandleFunc("GET /_sim/corps/{corpid}/users/{userid}/invitations", s.handleInvitations)
	m.HandleFunc("POST /_sim/corps/{corpid}/departments", s.handleCreateDepartment)
	m.HandleFunc("GET /_sim/corps/{corpid}/departments", s.handleListDepartments)
	m.HandleFunc("PATCH /_sim/corps/{corpid}/departments/{id}", s.handlePatchDepartment)
	m.HandleFunc("DELETE /_sim/corps/{corpid}/departments/{id}", s.handleDeleteDepartment)
	m.HandleFunc("POST /_sim/corps/{corpid}/tags", s.handleCreateTag)
	m.HandleFunc("PUT /_sim/corps/{corpid}/contact-secret", s.handleContactSecret)
	m.HandleFunc("PUT /_sim/corps/{corpid}/apps/{agentid}/scope", s.handleScope)
	m.HandleFunc("PUT /_sim/corps/{corpid}/callback-policy", s.handleCallbackPolicy)
	m.HandleFunc("GET /_sim/callbacks", s.handleCallbacks)
	m.HandleFunc("PUT /_sim/corps/{corpid}/batch-pace", s.handleBatchPace)
	m.HandleFunc("POST /_sim/corps/{corpid}/batch-step", s.handleBatchStep)
}

// controlErr maps a WeCom errcode to the control API's errors.
func controlErr(e *apiError) error {
	kind := ErrInvalid
	switch e.code {
	case 60102, 60104, 60106, 60008:
		kind = ErrConflict
	case 60111, 60003:
		kind = ErrNotFound
	}
	return fmt.Errorf("%w: errcode %d: %s", kind, e.code, e.msg)
}

func (s *Server) corpLocked(corpID string) (*corp, error) {
	c := s.corps[corpID]
	if c == nil {
		return nil, fmt.Errorf("%w: corp %q", ErrNotFound, corpID)
	}
	return c, nil
}

// memberLocked finds the corp and its member: ErrNotFound for either
// unknown.
func (s *Server) memberLocked(corpID, userID string) (*corp, *user, error) {
	c, err := s.corpLocked(corpID)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.userOf(c, userID)
	if err != nil {
		return nil, nil, err
	}
	return c, u, nil
}

func (s *Server) userOf(c *corp, userID string) (*user, error) {
	u := c.users[strings.ToLower(userID)]
	if u == nil {
		return nil, fmt.Errorf("%w: user %q in corp %q", ErrNotFound, userID, c.id)
	}
	return u, nil
}

// SetContactSecret sets the corp's contact-sync (通讯录同步) secret, whose
// token may write contacts; "" removes it. Tokens issued for the previous
// secret stop working. It returns ErrNotFound for an unknown corp and
// ErrConflict when an app of the corp has the same secret.
func (s *Server) SetContactSecret(corpID, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.corpLocked(corpID)
	if err != nil {
		return err
	}
	if secret != "" && c.appBySecret(secret) != nil {
		return fmt.Errorf("%w: an app of corp %q has this secret", ErrConflict, corpID)
	}
	for v, t := range s.tokens {
		if t.corpID == corpID && t.agentID == 0 {
			delete(s.tokens, v)
		}
	}
	c.contactSecret, c.contactToken = secret, ""
	return nil
}

// CreateUser adds a member (Member's rules, except that no mobile or email
// is needed) and posts create_user. m.Status 4 makes a member who has not
// activated yet (ActivateUser); any other Status is ignored. It returns ErrNotFound for an unknown
// corp, ErrConflict for a taken userid, mobile or email, and ErrInvalid
// otherwise (the message carries WeCom's errcode).
func (s *Server) CreateUser(corpID string, m Member) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.corpLocked(corpID)
	if err != nil {
		return err
	}
	pending := m.Status == statusPending
	m.Status = 0
	u, e := c.createUserLocked(m, false)
	if e != nil {
		return controlErr(e)
	}
	u.pending = pending
	// sim: contact-sync callbacks set up after 2022-08-15 get only UserID
	// and Department on create_user; new corps are all such.
	ev := s.contactEvent(c, "create_user")
	ev.UserID, ev.Department = u.id, u.depts
	s.notifyLocked(c, ev, func(a *app) bool { return a.sees(c, u) })
	return nil
}

// UpdateUser changes a member through edit, which gets the member's
// current fields; the userid cannot change. A department list changed
// without matching order or is_leader_in_dept resets them. It posts
// update_user when anything changed. Errors are CreateUser's, and
// ErrNotFound for an unknown user. edit runs with the simulator locked, so
// it must not call back into the Server (that would deadlock).
func (s *Server) UpdateUser(corpID, userID string, edit func(*Member)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, u, err := s.memberLocked(corpID, userID)
	if err != nil {
		return err
	}
	m := u.member(true)
	edit(&m)
	m.fitDepartments(u.depts)
	return s.changeUserLocked(c, u, m)
}

// changeUserLocked applies m to u and posts update_user with the fields
// that changed. sim: like create_user, the event leaves out name, mobile
// and email, which WeCom no longer pushes.
func (s *Server) changeUserLocked(c *corp, u *user, m Member) error {
	before := u.member(true)
	sawBefore := map[int64]bool{}
	for _, a := range c.apps {
		sawBefore[a.agentID] = a.sees(c, u)
	}
	m.Status = 0
	changed, e := c.updateUserLocked(u, m, false)
	if e != nil {
		return controlErr(e)
	}
	if !changed {
		return nil
	}
	after := u.member(true)
	ev := s.contactEvent(c, "update_user")
	ev.UserID = u.id
	if !slices.Equal(before.Department, after.Department) {
		ev.Department = after.Department
	}
	if before.MainDepartment != after.MainDepartment {
		ev.MainDepartment = after.MainDepartment
	}
	if !slices.Equal(before.IsLeaderInDept, after.IsLeaderInDept) {
		for _, l := range after.IsLeaderInDept {
			ev.IsLeaderInDept = append(ev.IsLeaderInDept, int64(l))
		}
	}
	if before.Position != after.Position {
		ev.Position = after.Position
	}
	if before.Gender != after.Gender {
		ev.Gender = after.Gender
	}
	if before.Alias != after.Alias {
		ev.Alias = after.Alias
	}
	if before.Status != after.Status {
		ev.Status = strconv.Itoa(after.Status)
	}
	s.notifyLocked(c, ev, func(a *app) bool { return sawBefore[a.agentID] || a.sees(c, u) })
	return nil
}

// DeleteUser removes a member and posts delete_user. It returns
// ErrNotFound for an unknown corp or user.
func (s *Server) DeleteUser(corpID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, u, err := s.memberLocked(corpID, userID)
	if err != nil {
		return err
	}
	saw := map[int64]bool{}
	for _, a := range c.apps {
		saw[a.agentID] = a.sees(c, u)
	}
	c.deleteUserLocked(u)
	ev := s.contactEvent(c, "delete_user")
	ev.UserID = u.id
	s.notifyLocked(c, ev, func(a *app) bool { return saw[a.agentID] })
	return nil
}

// GetUser returns a member with every field. It returns ErrNotFound for
// an unknown corp or user.
func (s *Server) GetUser(corpID, userID string) (Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.corpLocked(corpID)
	if err != nil {
		return Member{}, err
	}
	u, err := s.userOf(c, userID)
	if err != nil {
		return Member{}, err
	}
	return u.member(true), nil
}

// ListUsers returns the corp's members by userid. It returns ErrNotFound
// for an unknown corp.
func (s *Server) ListUsers(corpID string) ([]Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.corpLocked(corpID)
	if err != nil {
		return nil, err
	}
	out := []Member{}
	for _, u := range c.sortedUsers() {
		out = append(out, u.member(true))
	}
	return out, nil
}

// CreateDepartment adds a department (ID 0: the next free id) and posts
// create_party. It returns ErrNotFound for an unknown corp, ErrConflict
// for a taken id or a sibling of the same name, and ErrInvalid otherwise.
func (s *Server) CreateDepartment(corpID string, d Department) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.corpLocked(corpID)
	if err != nil {
		return 0, err
	}
	id, e := c.createDeptLocked(d)
	if e != nil {
		return 0, controlErr(e)
	}
	nd := c.dir.depts[id]
	ev := s.contactEvent(c, "create_party")
	ev.Id, ev.Name, ev.ParentId, ev.Order = nd.id, nd.name, nd.parent, nd.order
	s.notifyLocked(c, ev, func(a *app) bool { return c.deptVisible(&a.scope, id) })
	return id, nil
}

// UpdateDepartment changes a department through edit (ID and
// DepartmentLeader are ignored) and posts update_party when anything
// changed. It returns ErrNotFound for an unknown corp or department, and
// CreateDepartment's errors. edit runs with the simulator locked, so it
// must not call back into the Server (that would deadlock).
func (s *Server) UpdateDepartment(corpID string, id int64, edit func(*Department)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.corpLocked(corpID)
	if err != nil {
		return err
	}
	d := c.dir.depts[id]
	if d == nil {
		return fmt.Errorf("%w: department %d in corp %q", ErrNotFound, id, corpID)
	}
	next := c.department(d)
	edit(&next)
	return s.changeDeptLocked(c, deptUpdate{ID: id, Name: &next.Name, NameEn: &next.NameEn,
		ParentID: &next.ParentID, Order: &next.Order})
}

func (s *Server) changeDeptLocked(c *corp, in deptUpdate) error {
	d := c.dir.depts[in.ID]
	if d == nil {
		return fmt.Errorf("%w: department %d in corp %q", ErrNotFound, in.ID, c.id)
	}
	before := *d
	changed, e := c.updateDeptLocked(in)
	if e != nil || !changed {
		if e != nil {
			return controlErr(e)
		}
		return nil
	}
	ev := s.contactEvent(c, "update_party")
	ev.Id = d.id
	if before.name != d.name {
		ev.Name = d.name
	}
	if before.parent != d.parent {
		ev.ParentId = d.parent
	}
	s.notifyLocked(c, ev, func(a *app) bool { return c.deptVisible(&a.scope, d.id) })
	return nil
}

// DeleteDepartment removes an empty department and posts delete_party. It
// returns ErrNotFound for an unknown corp or department and ErrInvalid for
// the root or a department with members or sub-departments.
func (s *Server) DeleteDepartment(corpID string, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.corpLocked(corpID)
	if err != nil {
		return err
	}
	saw := map[int64]bool{}
	for _, a := range c.apps {
		saw[a.agentID] = c.deptVisible(&a.scope, id)
	}
	if e := c.deleteDeptLocked(id); e != nil {
		return controlErr(e)
	}
	ev := s.contactEvent(c, "delete_party")
	ev.Id = id
	s.notifyLocked(c, ev, func(a *app) bool { return saw[a.agentID] })
	return nil
}

// ListDepartments returns the corp's departments by id. It returns
// ErrNotFound for an unknown corp.
func (s *Server) ListDepartments(corpID string) ([]Department, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.corpLocked(corpID)
	if err != nil {
		return nil, err
	}
	out := []Department{}
	for _, d := range c.sortedDepartments() {
		out = append(out, c.department(d))
	}
	return out, nil
}

// CreateTag adds a tag (ID 0: the next free id) with members and
// departments and returns its id. It returns ErrNotFound for an unknown
// corp, user or department, ErrConflict for a taken name or id, and
// ErrInvalid for a name that is not 1–32 characters. sim: no update_tag
// event is posted.
func (s *Server) CreateTag(corpID string, t Tag) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.corpLocked(corpID)
	if err != nil {
		return 0, err
	}
	return c.createTagLocked(t)
}
