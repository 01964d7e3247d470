package sim

import (
	"net/http"
	"slices"
	"strings"
)

// followUsersLocked is GET /cgi-bin/externalcontact/get_follow_user_list →
// {"follow_user":[userid…]}: the members in the app's visible range who have
// customer contact and at least one customer (sim: WeCom lists members with
// the permission; the simulator grants it to everyone, so it lists those
// who follow someone).
func (s *Server) followUsersLocked(r *http.Request) (map[string]any, *apiError) {
	c, a, e := s.appAuthLocked(r)
	if e != nil {
		return nil, e
	}
	ids := []string{}
	for key, xs := range c.msg.external.byUser {
		u := c.users[key]
		if len(xs) == 0 || u == nil || !a.sees(c, u) {
			continue
		}
		ids = append(ids, u.id)
	}
	slices.SortFunc(ids, func(x, y string) int { return strings.Compare(x, y) })
	return map[string]any{"follow_user": ids}, nil
}
