package sim

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	// rootDepartment is the id of every corp's top department.
	rootDepartment int64 = 1
	// rootName names it. sim: WeCom names it after the corp; the
	// simulator does not know corp names.
	rootName = "Root"
	// maxDepth bounds walks up the parent chain; WeCom allows 15 levels.
	maxDepth = 64
)

type department struct {
	id     int64
	name   string
	nameEn string
	parent int64 // 0 for the root
	order  int64 // a larger order sorts first
	// pendingDelete marks a department that a replaceparty file left out
	// while it still had members or children: WeCom deletes it once a
	// later member import empties it.
	pendingDelete bool
}

// Department is a department as WeCom's department/list shows it and
// department/create takes it; the control API uses it too.
type Department struct {
	// ID is assigned when 0 on create.
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	NameEn   string `json:"name_en,omitempty"`
	ParentID int64  `json:"parentid"`
	Order    int64  `json:"order"`
	// DepartmentLeader is output only: the members who lead it.
	DepartmentLeader []string `json:"department_leader"`
}

// tag is a 标签: members and departments under one name.
type tag struct {
	id      int64
	name    string
	users   []string // lower-cased userids
	parties []int64
}

// Tag is a tag as the control API creates it (WeCom's tag/create and
// tag/addtagusers fields).
type Tag struct {
	// ID is assigned when 0.
	ID      int64    `json:"tagid"`
	Name    string   `json:"tagname"`
	Users   []string `json:"userlist"`
	Parties []int64  `json:"partylist"`
}

func parseID(s string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil && n >= 0
}

// isUnder reports whether department id is root or below it.
func (c *corp) isUnder(id, root int64) bool {
	for range maxDepth {
		if id == root {
			return true
		}
		d := c.dir.depts[id]
		if d == nil || d.parent == 0 {
			return false
		}
		id = d.parent
	}
	return false
}

func (c *corp) department(d *department) Department {
	out := Department{ID: d.id, Name: d.name, NameEn: d.nameEn, ParentID: d.parent, Order: d.order,
		DepartmentLeader: []string{}}
	for _, u := range c.sortedUsers() {
		if i := slices.Index(u.depts, d.id); i >= 0 && i < len(u.leader) && u.leader[i] == 1 {
			out.DepartmentLeader = append(out.DepartmentLeader, u.id)
		}
	}
	return out
}

// sortedDepartments lists departments by id. sim: WeCom's list order is
// not documented.
func (c *corp) sortedDepartments() []*department {
	ds := make([]*department, 0, len(c.dir.depts))
	for _, d := range c.dir.depts {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(a, b *department) int { return cmp.Compare(a.id, b.id) })
	return ds
}

// checkDeptName applies WeCom's name rule: 1–64 characters, none of
// \:*?"<>|.
func checkDeptName(name string, required bool) *apiError {
	if name == "" && !required {
		return nil
	}
	if n := utf8.RuneCountInString(name); n < 1 || n > 64 {
		return apiErr(60001, "invalid department name length: 1-64 characters")
	}
	if strings.ContainsAny(name, `\:*?"<>|`) {
		return apiErr(60009, `department name contains one of \:*?"<>|`)
	}
	return nil
}

// siblingNamed finds another department called name under parent.
func (c *corp) siblingNamed(parent int64, name string, self int64) bool {
	for _, d := range c.dir.depts {
		if d.id != self && d.parent == parent && d.name == name {
			return true
		}
	}
	return false
}

// createDeptLocked adds a department and returns its id.
func (c *corp) createDeptLocked(in Department) (int64, *apiError) {
	if e := checkDeptName(in.Name, true); e != nil {
		return 0, e
	}
	if e := checkDeptName(in.NameEn, false); e != nil {
		return 0, e
	}
	if c.dir.depts[in.ParentID] == nil {
		// sim: WeCom's table also has 60004 (no such parent); which one
		// department/create answers is not documented.
		return 0, apiErr(60123, "invalid parent department id")
	}
	if in.Order < 0 || in.ID < 0 || in.ID == rootDepartment {
		return 0, apiErr(40058, "invalid parameter: id and order")
	}
	if in.ID != 0 && c.dir.depts[in.ID] != nil || c.siblingNamed(in.ParentID, in.Name, 0) {
		return 0, apiErr(60008, "department existed")
	}
	id := in.ID
	if id == 0 {
		for _, d := range c.dir.depts {
			id = max(id, d.id)
		}
		id++
	}
	c.dir.depts[id] = &department{id: id, name: in.Name, nameEn: in.NameEn, parent: in.ParentID, order: in.Order}
	return id, nil
}

// deptUpdate is department/update's body: absent fields stay.
type deptUpdate struct {
	ID       int64   `json:"id"`
	Name     *string `json:"name"`
	NameEn   *string `json:"name_en"`
	ParentID *int64  `json:"parentid"`
	Order    *int64  `json:"order"`
}

// updateDeptLocked changes a department and reports whether anything
// changed.
func (c *corp) updateDeptLocked(in deptUpdate) (bool, *apiError) {
	d := c.dir.depts[in.ID]
	if d == nil {
		return false, apiErr(60003, "department not found")
	}
	next := *d
	if in.Name != nil {
		if e := checkDeptName(*in.Name, true); e != nil {
			return false, e
		}
		next.name = *in.Name
	}
	if in.NameEn != nil {
		if e := checkDeptName(*in.NameEn, false); e != nil {
			return false, e
		}
		next.nameEn = *in.NameEn
	}
	if in.Order != nil {
		if *in.Order < 0 {
			return false, apiErr(40058, "invalid parameter: order")
		}
		next.order = *in.Order
	}
	if in.ParentID != nil && *in.ParentID != d.parent {
		p := *in.ParentID
		switch {
		case d.id == rootDepartment:
			return false, apiErr(60010, "the root department cannot move")
		case c.dir.depts[p] == nil:
			return false, apiErr(60123, "invalid parent department id")
		case c.isUnder(p, d.id):
			return false, apiErr(60010, "department loop")
		}
		next.parent = p
	}
	if next.parent != 0 && c.siblingNamed(next.parent, next.name, d.id) {
		return false, apiErr(60008, "department existed")
	}
	changed := next != *d
	*d = next
	return changed, nil
}

// deleteDeptLocked removes an empty department.
func (c *corp) deleteDeptLocked(id int64) *apiError {
	switch {
	case id == rootDepartment:
		return apiErr(60007, "not allow to delete root department")
	case c.dir.depts[id] == nil:
		return apiErr(60003, "department not found")
	case c.hasChildren(id):
		return apiErr(60006, "department contains sub-departments")
	case c.hasMembers(id):
		return apiErr(60005, "department contains members")
	}
	delete(c.dir.depts, id)
	for _, t := range c.dir.tags {
		t.parties = slices.DeleteFunc(t.parties, func(p int64) bool { return p == id })
	}
	for _, a := range c.apps {
		a.scope.depts = slices.DeleteFunc(a.scope.depts, func(p int64) bool { return p == id })
	}
	return nil
}

func (c *corp) hasChildren(id int64) bool {
	for _, d := range c.dir.depts {
		if d.parent == id {
			return true
		}
	}
	return false
}

func (c *corp) hasMembers(id int64) bool {
	for _, u := range c.users {
		if slices.Contains(u.depts, id) {
			return true
		}
	}
	return false
}

func (s *Server) deptCreateLocked(r *http.Request, body []byte) (map[string]any, *apiError) {
	c, e := s.contactAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var in Department
	if json.Unmarshal(body, &in) != nil {
		return nil, wrongJSON()
	}
	id, e := c.createDeptLocked(in)
	if e != nil {
		return nil, e
	}
	return map[string]any{"errmsg": "created", "id": id}, nil
}

func (s *Server) deptUpdateLocked(r *http.Request, body []byte) (map[string]any, *apiError) {
	c, e := s.contactAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var in deptUpdate
	if json.Unmarshal(body, &in) != nil {
		return nil, wrongJSON()
	}
	if in.ID == 0 {
		return nil, apiErr(60003, "department not found")
	}
	if _, e := c.updateDeptLocked(in); e != nil {
		return nil, e
	}
	return map[string]any{"errmsg": "updated"}, nil
}

func (s *Server) deptDeleteLocked(r *http.Request, _ []byte) (map[string]any, *apiError) {
	c, e := s.contactAuthLocked(r)
	if e != nil {
		return nil, e
	}
	id, ok := parseID(r.URL.Query().Get("id"))
	if !ok {
		return nil, apiErr(60003, "department not found")
	}
	if e := c.deleteDeptLocked(id); e != nil {
		return nil, e
	}
	return map[string]any{"errmsg": "deleted"}, nil
}

func (s *Server) deptGetLocked(r *http.Request, _ []byte) (map[string]any, *apiError) {
	c, a, e := s.authLocked(r)
	if e != nil {
		return nil, e
	}
	id, ok := parseID(r.URL.Query().Get("id"))
	d := c.dir.depts[id]
	if !ok || d == nil {
		return nil, apiErr(60123, "invalid department id")
	}
	if a != nil && !c.deptVisible(&a.scope, id) {
		return nil, apiErr(60011, "no privilege to access/modify contact/party/agent")
	}
	return map[string]any{"department": c.department(d)}, nil
}

// listedDeptsLocked resolves department/list's id: that department and
// everything below it, or (no id) every department the caller sees.
func (s *Server) listedDeptsLocked(r *http.Request) (*corp, []*department, *apiError) {
	c, a, e := s.authLocked(r)
	if e != nil {
		return nil, nil, e
	}
	var root int64
	if v := r.URL.Query().Get("id"); v != "" {
		id, ok := parseID(v)
		if !ok || c.dir.depts[id] == nil {
			return nil, nil, apiErr(60123, "invalid department id")
		}
		if a != nil && !c.deptVisible(&a.scope, id) {
			return nil, nil, apiErr(60011, "no privilege to access/modify contact/party/agent")
		}
		root = id
	}
	var out []*department
	for _, d := range c.sortedDepartments() {
		if root != 0 && !c.isUnder(d.id, root) || a != nil && !c.deptVisible(&a.scope, d.id) {
			continue
		}
		out = append(out, d)
	}
	return c, out, nil
}

func (s *Server) deptListLocked(r *http.Request, _ []byte) (map[string]any, *apiError) {
	c, ds, e := s.listedDeptsLocked(r)
	if e != nil {
		return nil, e
	}
	list := make([]Department, len(ds))
	for i, d := range ds {
		list[i] = c.department(d)
	}
	return map[string]any{"department": list}, nil
}

func (s *Server) deptSimpleListLocked(r *http.Request, _ []byte) (map[string]any, *apiError) {
	_, ds, e := s.listedDeptsLocked(r)
	if e != nil {
		return nil, e
	}
	list := make([]map[string]int64, len(ds))
	for i, d := range ds {
		list[i] = map[string]int64{"id": d.id, "parentid": d.parent, "order": d.order}
	}
	return map[string]any{"department_id": list}, nil
}

// createTagLocked adds a tag; errors are control errors.
func (c *corp) createTagLocked(t Tag) (int64, error) {
	if n := utf8.RuneCountInString(t.Name); n < 1 || n > 32 {
		return 0, fmt.Errorf("%w: tag name must be 1-32 characters", ErrInvalid)
	}
	if t.ID < 0 {
		return 0, fmt.Errorf("%w: negative tag id", ErrInvalid)
	}
	for _, o := range c.dir.tags {
		if o.name == t.Name || o.id == t.ID {
			return 0, fmt.Errorf("%w: tag %q or id %d", ErrConflict, t.Name, t.ID)
		}
	}
	nt := &tag{id: t.ID, name: t.Name}
	for _, id := range t.Users {
		u := c.users[strings.ToLower(id)]
		if u == nil {
			return 0, fmt.Errorf("%w: user %q", ErrNotFound, id)
		}
		nt.users = append(nt.users, strings.ToLower(u.id))
	}
	for _, p := range t.Parties {
		if c.dir.depts[p] == nil {
			return 0, fmt.Errorf("%w: department %d", ErrNotFound, p)
		}
		nt.parties = append(nt.parties, p)
	}
	if nt.id == 0 {
		for _, o := range c.dir.tags {
			nt.id = max(nt.id, o.id)
		}
		nt.id++
	}
	c.dir.tags[nt.id] = nt
	return nt.id, nil
}
