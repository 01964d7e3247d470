package sim

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// Customer-contact (客户联系) changes and the corp's customer-contact event
// server: change_external_contact events go to it and to the callback of
// every app that sees the member.

// SaveExternalContactCallback configures the corp's customer-contact event
// server (客户联系 → 接收事件服务器), verified as SaveCallback verifies an
// app's; an empty url removes it. Errors are SaveCallback's.
func (s *Server) SaveExternalContactCallback(ctx context.Context, corpID, url, token, aesKey string) error {
	return s.saveTarget(ctx, corpID, url, token, aesKey, func() (*corp, **callbackTarget, error) {
		c := s.corps[corpID]
		if c == nil {
			return nil, nil, fmt.Errorf("%w: corp %q", ErrNotFound, corpID)
		}
		return c, &c.msg.external.callback, nil
	})
}

// externalEventLocked posts a change_external_contact event about member
// u and contact id to the customer-contact callback and to every app
// callback that sees u. sim: WeCom sends it to the 客户联系 callback and
// to the apps allowed to use customer contact; every app is allowed here.
// The customer-contact callback's attempts and envelope carry agentid 0.
func (s *Server) externalEventLocked(c *corp, u *user, changeType, id string, edit func(*wxcrypt.Event)) {
	ev := wxcrypt.Event{ToUserName: c.id, FromUserName: "sys", CreateTime: s.now().Unix(), MsgType: "event",
		Event: "change_external_contact", ChangeType: changeType, UserID: u.id, ExternalUserID: id}
	if edit != nil {
		edit(&ev)
	}
	plain := ev.XML()
	s.postEvent(c.msg.external.callback, c.id, 0, plain)
	for _, agentID := range sortedAgentIDs(c) {
		a := c.apps[agentID]
		if a.callback != nil && a.sees(c, u) {
			s.postEvent(a.callback, c.id, a.agentID, plain)
		}
	}
}

// FollowEdit changes a member's follow-up record of a customer; a nil
// field is left as it is.
type FollowEdit struct {
	Remark      *string `json:"remark"`
	Description *string `json:"description"`
}

// followLocked finds member userID's follow-up record of contact id.
func (s *Server) followLocked(corpID, userID, id string) (*corp, *user, *externalContact, *follower, error) {
	c := s.corps[corpID]
	if c == nil {
		return nil, nil, nil, nil, fmt.Errorf("%w: corp %q", ErrNotFound, corpID)
	}
	u := c.users[strings.ToLower(userID)]
	if u == nil {
		return nil, nil, nil, nil, fmt.Errorf("%w: member %q", ErrNotFound, userID)
	}
	x := c.msg.external.byID[id]
	if x == nil {
		return nil, nil, nil, nil, fmt.Errorf("%w: external contact %q", ErrNotFound, id)
	}
	for _, f := range x.follow {
		if f.userKey == strings.ToLower(u.id) {
			return c, u, x, f, nil
		}
	}
	return nil, nil, nil, nil, fmt.Errorf("%w: %s does not follow %s", ErrNotFound, userID, id)
}

// EditExternalContact changes the member's remark or description of a
// customer, as the member does on the phone, and posts
// edit_external_contact. Errors: ErrNotFound for an unknown corp, member or
// contact, or a member who does not follow the contact.
func (s *Server) EditExternalContact(corpID, userID, externalUserID string, edit FollowEdit) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, u, x, f, err := s.followLocked(corpID, userID, externalUserID)
	if err != nil {
		return err
	}
	if edit.Remark != nil {
		f.remark = *edit.Remark
	}
	if edit.Description != nil {
		f.description = *edit.Description
	}
	s.externalEventLocked(c, u, "edit_external_contact", x.id, nil)
	return nil
}

// DeleteExternalContact records that the member deleted the customer
// (del_external_contact); DeleteFollowUser that the customer deleted the
// member (del_follow_user). Either ends the member's follow-up record, and
// a contact nobody follows any more is gone. sim: after del_follow_user
// WeCom keeps a one-sided record the member can still see; the simulator
// drops it. Errors are EditExternalContact's.
func (s *Server) DeleteExternalContact(corpID, userID, externalUserID string) error {
	return s.unfollow(corpID, userID, externalUserID, "del_external_contact")
}

// DeleteFollowUser: see DeleteExternalContact.
func (s *Server) DeleteFollowUser(corpID, externalUserID, userID string) error {
	return s.unfollow(corpID, userID, externalUserID, "del_follow_user")
}

func (s *Server) unfollow(corpID, userID, id, changeType string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, u, x, f, err := s.followLocked(corpID, userID, id)
	if err != nil {
		return err
	}
	xc := &c.msg.external
	x.follow = slices.DeleteFunc(x.follow, func(g *follower) bool { return g == f })
	xc.byUser[f.userKey] = slices.DeleteFunc(xc.byUser[f.userKey], func(y *externalContact) bool { return y == x })
	if len(xc.byUser[f.userKey]) == 0 {
		delete(xc.byUser, f.userKey)
	}
	if len(x.follow) == 0 {
		delete(xc.byID, x.id)
	}
	s.externalEventLocked(c, u, changeType, x.id, nil)
	return nil
}

// PUT /_sim/corps/{corpid}/external-contact-callback {"url","token",
// "encodingaeskey"} → 204 once verified, as the app callback.
func (s *Server) handleExternalCallback(w http.ResponseWriter, r *http.Request) {
	in, ok := decodeCallback(w, r)
	if !ok {
		return
	}
	noContent(w, s.SaveExternalContactCallback(r.Context(), r.PathValue("corpid"), in.URL, in.Token, in.AESKey))
}

// PATCH /_sim/corps/{corpid}/users/{userid}/external-contacts/{external_userid}
// FollowEdit → 204 (edit_external_contact).
func (s *Server) handleEditExternalContact(w http.ResponseWriter, r *http.Request) {
	var in FollowEdit
	if !decodeControl(w, r, &in) {
		return
	}
	noContent(w, s.EditExternalContact(r.PathValue("corpid"), r.PathValue("userid"), r.PathValue("external_userid"), in))
}

// DELETE /_sim/corps/{corpid}/users/{userid}/external-contacts/{external_userid}
// → 204 (del_external_contact: the member deleted the customer).
func (s *Server) handleDeleteExternalContact(w http.ResponseWriter, r *http.Request) {
	noContent(w, s.DeleteExternalContact(r.PathValue("corpid"), r.PathValue("userid"), r.PathValue("external_userid")))
}

// DELETE /_sim/corps/{corpid}/external-contacts/{external_userid}/followers/{userid}
// → 204 (del_follow_user: the customer deleted the member).
func (s *Server) handleDeleteFollowUser(w http.ResponseWriter, r *http.Request) {
	noContent(w, s.DeleteFollowUser(r.PathValue("corpid"), r.PathValue("external_userid"), r.PathValue("userid")))
}

// noContent answers a control call that returns nothing: 204, or the
// error.
func noContent(w http.ResponseWriter, err error) {
	if err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
