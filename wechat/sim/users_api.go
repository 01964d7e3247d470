package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// The user APIs under /cgi-bin/user/.

func (s *Server) userCreateLocked(r *http.Request, body []byte) (map[string]any, *apiError) {
	c, e := s.contactAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var m Member
	var invite struct {
		ToInvite *bool `json:"to_invite"`
	}
	if json.Unmarshal(body, &m) != nil || json.Unmarshal(body, &invite) != nil {
		return nil, wrongJSON()
	}
	m.Status = 0
	// sim: writes through the contact-sync secret post no change_contact
	// event; WeCom does not echo a caller's own writes back to it.
	u, e := c.createUserLocked(m, true)
	if e != nil {
		return nil, e
	}
	// WeCom invites a member made through the API unless to_invite is
	// false (by WeChat's service notice, SMS or email). sim: the member is
	// active at once all the same; Invitations counts the invitation.
	if invite.ToInvite == nil || *invite.ToInvite {
		u.invitations++
	}
	return map[string]any{"errmsg": "created"}, nil
}

func (s *Server) userUpdateLocked(r *http.Request, body []byte) (map[string]any, *apiError) {
	c, e := s.contactAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var id struct {
		UserID string `json:"userid"`
	}
	if json.Unmarshal(body, &id) != nil {
		return nil, wrongJSON()
	}
	if id.UserID == "" {
		return nil, apiErr(41009, "missing userid")
	}
	u := c.users[strings.ToLower(id.UserID)]
	if u == nil {
		return nil, apiErr(60111, "userid not found")
	}
	m, e := mergeUserUpdate(u, body)
	if e != nil {
		return nil, e
	}
	m.UserID = u.id // the case it was created with stays
	if _, e := c.updateUserLocked(u, m, true); e != nil {
		return nil, e
	}
	return map[string]any{"errmsg": "updated"}, nil
}

func (s *Server) userDeleteLocked(r *http.Request, _ []byte) (map[string]any, *apiError) {
	c, e := s.contactAuthLocked(r)
	if e != nil {
		return nil, e
	}
	id := r.URL.Query().Get("userid")
	if id == "" {
		return nil, apiErr(41009, "missing userid")
	}
	u := c.users[strings.ToLower(id)]
	if u == nil {
		return nil, apiErr(60111, "userid not found")
	}
	c.deleteUserLocked(u)
	return map[string]any{"errmsg": "deleted"}, nil
}

// maxBatchDelete is how many userids one user/batchdelete takes.
const maxBatchDelete = 200

func (s *Server) userBatchDeleteLocked(r *http.Request, body []byte) (map[string]any, *apiError) {
	c, e := s.contactAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var in struct {
		UserIDList []string `json:"useridlist"`
	}
	if json.Unmarshal(body, &in) != nil {
		return nil, wrongJSON()
	}
	if len(in.UserIDList) == 0 || len(in.UserIDList) > maxBatchDelete {
		return nil, apiErr(40032, "invalid userid list size: 1-200")
	}
	// One bad id fails the whole call, and nothing is deleted.
	us := make([]*user, 0, len(in.UserIDList))
	for _, id := range in.UserIDList {
		u := c.users[strings.ToLower(id)]
		if u == nil {
			return nil, apiErr(60111, fmt.Sprintf("userid not found: %s", id))
		}
		us = append(us, u)
	}
	for _, u := range us {
		c.deleteUserLocked(u)
	}
	return map[string]any{"errmsg": "deleted"}, nil
}

func (s *Server) userGetLocked(r *http.Request, _ []byte) (map[string]any, *apiError) {
	c, a, e := s.authLocked(r)
	if e != nil {
		return nil, e
	}
	id := r.URL.Query().Get("userid")
	if id == "" {
		return nil, apiErr(41009, "missing userid")
	}
	u := c.users[strings.ToLower(id)]
	if u == nil {
		return nil, apiErr(60111, "userid not found")
	}
	if a != nil && !a.sees(c, u) {
		return nil, apiErr(60011, "no privilege to access/modify contact/party/agent")
	}
	// sim: apps are taken as created after 2022-06-20, which no longer
	// get mobile and email from user/get.
	return memberFields(u.member(a == nil)), nil
}

// memberFields turns a Member into answer fields.
func memberFields(m Member) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

// listedUsersLocked resolves user/list and user/simplelist's department
// (and fetch_child) to the members an answer shows.
func (s *Server) listedUsersLocked(r *http.Request) (*corp, *app, []*user, *apiError) {
	c, a, e := s.authLocked(r)
	if e != nil {
		return nil, nil, nil, e
	}
	q := r.URL.Query()
	id, ok := parseID(q.Get("department_id"))
	if !ok || c.dir.depts[id] == nil {
		return nil, nil, nil, apiErr(60123, "invalid department id")
	}
	if a != nil && !c.deptVisible(&a.scope, id) {
		return nil, nil, nil, apiErr(60011, "no privilege to access/modify contact/party/agent")
	}
	child := q.Get("fetch_child") == "1"
	var out []*user
	for _, u := range c.sortedUsers() {
		for _, d := range u.depts {
			if d == id || child && c.isUnder(d, id) {
				out = append(out, u)
				break
			}
		}
	}
	return c, a, out, nil
}

func (s *Server) userSimpleListLocked(r *http.Request, _ []byte) (map[string]any, *apiError) {
	_, _, us, e := s.listedUsersLocked(r)
	if e != nil {
		return nil, e
	}
	list := make([]map[string]any, len(us))
	for i, u := range us {
		list[i] = map[string]any{"userid": u.id, "name": u.name, "department": slices.Clone(u.depts)}
	}
	return map[string]any{"userlist": list}, nil
}

func (s *Server) userListLocked(r *http.Request, _ []byte) (map[string]any, *apiError) {
	_, a, us, e := s.listedUsersLocked(r)
	if e != nil {
		return nil, e
	}
	list := make([]Member, len(us))
	for i, u := range us {
		list[i] = u.member(a == nil)
	}
	return map[string]any{"userlist": list}, nil
}

// list_id limits: WeCom takes 1–10000 a page. sim: the default page when
// limit is absent is not documented; 1000 is plausible.
const (
	maxListIDLimit     = 10000
	defaultListIDLimit = 1000
)

func (s *Server) userListIDLocked(r *http.Request, body []byte) (map[string]any, *apiError) {
	c, e := s.contactAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var in struct {
		Cursor string  `json:"cursor"`
		Limit  flexInt `json:"limit"`
	}
	if len(body) > 0 && json.Unmarshal(body, &in) != nil {
		return nil, wrongJSON()
	}
	limit := int(in.Limit)
	if limit == 0 {
		limit = defaultListIDLimit
	}
	if limit < 1 || limit > maxListIDLimit {
		return nil, apiErr(40058, "invalid parameter: limit is 1-10000")
	}
	type pair struct {
		UserID     string `json:"userid"`
		Department int64  `json:"department"`
	}
	var all []pair
	for _, u := range c.sortedUsers() {
		for _, d := range u.depts {
			all = append(all, pair{u.id, d})
		}
	}
	// sim: the cursor is the next position; WeCom's is opaque.
	start := 0
	if in.Cursor != "" {
		n, ok := parseID(in.Cursor)
		if !ok || n > int64(len(all)) {
			return nil, apiErr(40058, "invalid parameter: cursor")
		}
		start = int(n)
	}
	end := min(start+limit, len(all))
	next := ""
	if end < len(all) {
		next = fmt.Sprint(end)
	}
	page := all[start:end]
	if page == nil {
		page = []pair{}
	}
	return map[string]any{"next_cursor": next, "dept_user": page}, nil
}
