package sim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// Invite limits of batch/invite.
const (
	maxInviteUsers   = 1000
	maxInviteParties = 100
	maxInviteTags    = 100
)

// inviteLocked is POST /cgi-bin/batch/invite: it answers which of the
// named members, parties and tags are unknown or outside the app's scope,
// and counts an invitation for each named member still waiting to join
// (Invitations). sim: no SMS or email goes out; members of the named
// parties and tags are not counted.
func (s *Server) inviteLocked(r *http.Request, body []byte) (map[string]any, *apiError) {
	c, a, e := s.authLocked(r)
	if e != nil {
		return nil, e
	}
	var in struct {
		User  []string  `json:"user"`
		Party []flexInt `json:"party"`
		Tag   []flexInt `json:"tag"`
	}
	if json.Unmarshal(body, &in) != nil {
		return nil, wrongJSON()
	}
	switch {
	case len(in.User)+len(in.Party)+len(in.Tag) == 0:
		return nil, apiErr(40035, "invalid parameter: user, party and tag are all empty")
	case len(in.User) > maxInviteUsers || len(in.Party) > maxInviteParties || len(in.Tag) > maxInviteTags:
		// sim: WeCom's code for an over-long list here is not documented.
		return nil, apiErr(40058, "invalid parameter: at most 1000 users, 100 parties and 100 tags")
	}
	fields := map[string]any{}
	var badUsers []string
	for _, id := range in.User {
		u := c.users[strings.ToLower(id)]
		if u == nil || a != nil && !a.sees(c, u) {
			badUsers = append(badUsers, id)
			continue
		}
		if u.pending {
			u.invitations++
		}
	}
	var badParties, badTags []int64
	for _, p := range in.Party {
		id := int64(p)
		if c.dir.depts[id] == nil || a != nil && !c.deptVisible(&a.scope, id) {
			badParties = append(badParties, id)
		}
	}
	for _, tg := range in.Tag {
		t := c.dir.tags[int64(tg)]
		if t == nil || a != nil && a.scope.limited && !slices.Contains(a.scope.tags, t.id) {
			badTags = append(badTags, int64(tg))
		}
	}
	if len(badUsers) > 0 {
		fields["invaliduser"] = badUsers
	}
	if len(badParties) > 0 {
		fields["invalidparty"] = badParties
	}
	if len(badTags) > 0 {
		fields["invalidtag"] = badTags
	}
	return fields, nil
}

// Invitations is how many invitations WeCom has sent member userID of corpID:
// user/create's (unless to_invite is false) and batch/invite's while they
// were waiting to join; 0 for an unknown member.
func (s *Server) Invitations(corpID, userID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, u, err := s.memberLocked(corpID, userID)
	if err != nil {
		return 0
	}
	return u.invitations
}

// GET /_sim/corps/{corpid}/users/{userid}/invitations → {"invitations": n}.
func (s *Server) handleInvitations(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]int{"invitations": s.Invitations(r.PathValue("corpid"), r.PathValue("userid"))})
}
