package sim

import (
	"fmt"
	"slices"
	"strings"
)

// visibleScope is an app's 可见范围: the departments (with everything
// below them), users and tags it may read and message. The zero value sees
// the whole corp.
type visibleScope struct {
	limited bool
	depts   []int64
	users   []string // lower-cased userids
	tags    []int64
}

// Scope is an app's visible range as the control API sets it. An empty
// Scope gives the default: the whole corp.
type Scope struct {
	Departments []int64  `json:"departments"`
	Users       []string `json:"users"`
	Tags        []int64  `json:"tags"`
}

// sees reports whether u is inside a's visible scope.
func (a *app) sees(c *corp, u *user) bool {
	sc := &a.scope
	if !sc.limited {
		return true
	}
	key := strings.ToLower(u.id)
	if slices.Contains(sc.users, key) {
		return true
	}
	for _, d := range u.depts {
		if c.deptVisible(sc, d) {
			return true
		}
	}
	for _, id := range sc.tags {
		if t := c.dir.tags[id]; t != nil && slices.Contains(t.users, key) {
			return true
		}
	}
	return false
}

// deptVisible reports whether department id is inside the scope: below
// one of its departments or of a department one of its tags holds.
func (c *corp) deptVisible(sc *visibleScope, id int64) bool {
	if !sc.limited {
		return true
	}
	for _, root := range sc.depts {
		if c.isUnder(id, root) {
			return true
		}
	}
	for _, tid := range sc.tags {
		if t := c.dir.tags[tid]; t != nil {
			for _, root := range t.parties {
				if c.isUnder(id, root) {
					return true
				}
			}
		}
	}
	return false
}

// expandRecipients resolves message/send's toparty and totag lists (ids as
// sent) to members, and lists the ids that name no department or tag.
// Departments include their sub-departments, as WeCom delivers; a tag
// gives its members and the members of its departments. Members come once
// each, by userid.
func (c *corp) expandRecipients(partyIDs, tagIDs []string) (members []*user, invalidParties, invalidTags []string) {
	var roots []int64
	direct := map[string]bool{}
	for _, p := range partyIDs {
		id, ok := parseID(p)
		if !ok || c.dir.depts[id] == nil {
			invalidParties = append(invalidParties, p)
			continue
		}
		roots = append(roots, id)
	}
	for _, t := range tagIDs {
		id, ok := parseID(t)
		tg := c.dir.tags[id]
		if !ok || tg == nil {
			invalidTags = append(invalidTags, t)
			continue
		}
		roots = append(roots, tg.parties...)
		for _, k := range tg.users {
			direct[k] = true
		}
	}
	for _, u := range c.sortedUsers() {
		if direct[strings.ToLower(u.id)] || c.inAny(u, roots) {
			members = append(members, u)
		}
	}
	return members, invalidParties, invalidTags
}

// inAny reports whether u is in one of roots or below it.
func (c *corp) inAny(u *user, roots []int64) bool {
	for _, d := range u.depts {
		for _, r := range roots {
			if c.isUnder(d, r) {
				return true
			}
		}
	}
	return false
}

// SetVisibleScope sets what app agentID may see and message, as an admin
// does on the app's page in the console. It returns ErrNotFound for an
// unknown corp, app, department, user or tag.
func (s *Server) SetVisibleScope(corpID string, agentID int64, sc Scope) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.corps[corpID]
	if c == nil {
		return fmt.Errorf("%w: corp %q", ErrNotFound, corpID)
	}
	a := c.apps[agentID]
	if a == nil {
		return fmt.Errorf("%w: agentid %d in corp %q", ErrNotFound, agentID, corpID)
	}
	next := visibleScope{limited: len(sc.Departments)+len(sc.Users)+len(sc.Tags) > 0}
	for _, d := range sc.Departments {
		if c.dir.depts[d] == nil {
			return fmt.Errorf("%w: department %d", ErrNotFound, d)
		}
		next.depts = append(next.depts, d)
	}
	for _, id := range sc.Users {
		if c.users[strings.ToLower(id)] == nil {
			return fmt.Errorf("%w: user %q", ErrNotFound, id)
		}
		next.users = append(next.users, strings.ToLower(id))
	}
	for _, t := range sc.Tags {
		if c.dir.tags[t] == nil {
			return fmt.Errorf("%w: tag %d", ErrNotFound, t)
		}
		next.tags = append(next.tags, t)
	}
	a.scope = next
	return nil
}
