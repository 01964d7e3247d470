package sim

import (
	"fmt"
	"net/http"
	"strconv"
)

// statusPending is WeCom's member status "not yet activated" (未激活): the
// member exists in the directory but has not joined WeCom.
const statusPending = 4

// ActivateUser is the member joining WeCom (activating their account, as
// by scanning the join QR code or the invitation): status goes from 4 to
// 1 and update_user with Status 1 is posted to the contact-sync callback
// and to the callbacks of apps that see the member. Errors: ErrNotFound
// for an unknown corp or member, ErrConflict for a member who is not
// waiting to activate.
func (s *Server) ActivateUser(corpID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, u, err := s.memberLocked(corpID, userID)
	if err != nil {
		return err
	}
	if !u.pending {
		return fmt.Errorf("%w: %s has activated already", ErrConflict, u.id)
	}
	u.pending = false
	ev := s.contactEvent(c, "update_user")
	ev.UserID, ev.Status = u.id, strconv.Itoa(u.member(false).Status)
	s.notifyLocked(c, ev, func(a *app) bool { return a.sees(c, u) })
	return nil
}

// POST /_sim/corps/{corpid}/users/{userid}/activate → 204, 404 or 409.
func (s *Server) handleActivateUser(w http.ResponseWriter, r *http.Request) {
	noContent(w, s.ActivateUser(r.PathValue("corpid"), r.PathValue("userid")))
}
