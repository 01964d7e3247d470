package sim

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// External contacts (客户联系): customers members have added. sim: every
// app may call these APIs; WeCom requires the app to be listed under 客户联系
// "可调用接口的应用".

// followUserPage is how many follow_user entries externalcontact/get
// returns per page, as WeCom documents.
const followUserPage = 500

// ExternalContact is a customer as the control API adds one: the contact
// and the follow-up record of the member adding them.
type ExternalContact struct {
	// ExternalUserID, when set, names an existing contact that another
	// member now adds too; the contact fields below are then ignored.
	ExternalUserID string `json:"external_userid,omitempty"`
	Name           string `json:"name"`
	// Type is 1 for a WeChat user (the default), 2 for a WeCom user, who
	// has a CorpName.
	Type     int    `json:"type,omitempty"`
	CorpName string `json:"corp_name,omitempty"`
	Position string `json:"position,omitempty"`
	Gender   int    `json:"gender,omitempty"`
	// The member's follow-up record: Remark and Description are the
	// member's notes, State the "state" of the contact-me link used.
	Remark      string `json:"remark,omitempty"`
	Description string `json:"description,omitempty"`
	State       string `json:"state,omitempty"`
	AddWay      int    `json:"add_way,omitempty"`
}

type externalContact struct {
	id, name, corpName, position string
	typ, gender                  int
	follow                       []*follower // in the order members added the contact
}

// follower is one member's follow-up record of a contact.
type follower struct {
	userKey                    string // lower-cased userid
	remark, description, state string
	createTime                 int64
	addWay                     int
}

type externalContacts struct {
	byID   map[string]*externalContact
	byUser map[string][]*externalContact // by lower-cased userid, in the order added
	// callback is the corp's customer-contact event server
	// (externalevents.go), nil until configured.
	callback *callbackTarget
}

func newExternalContacts() externalContacts {
	return externalContacts{byID: map[string]*externalContact{}, byUser: map[string][]*externalContact{}}
}

// AddExternalContact records that the member added a customer, as a member
// does on the phone, and posts change_external_contact/add_external_contact
// to the customer-contact callback and to the callback of every app that
// has one and sees the member. It returns the contact's external_userid.
// Errors: ErrNotFound for an
// unknown corp, member or ExternalUserID; ErrInvalid without a name or
// with a type other than 1 or 2; ErrConflict when the member already
// follows the contact.
func (s *Server) AddExternalContact(corpID, userID string, ec ExternalContact) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addExternalLocked(corpID, userID, ec)
}

func (s *Server) addExternalLocked(corpID, userID string, ec ExternalContact) (string, error) {
	c := s.corps[corpID]
	if c == nil {
		return "", fmt.Errorf("%w: corp %q", ErrNotFound, corpID)
	}
	key := strings.ToLower(userID)
	u := c.users[key]
	if u == nil {
		return "", fmt.Errorf("%w: member %q", ErrNotFound, userID)
	}
	xc := &c.msg.external
	var x *externalContact
	if ec.ExternalUserID != "" {
		if x = xc.byID[ec.ExternalUserID]; x == nil {
			return "", fmt.Errorf("%w: external contact %q", ErrNotFound, ec.ExternalUserID)
		}
		for _, f := range x.follow {
			if f.userKey == key {
				return "", fmt.Errorf("%w: %s already follows %s", ErrConflict, userID, x.id)
			}
		}
	} else {
		if ec.Type == 0 {
			ec.Type = 1
		}
		if ec.Name == "" || (ec.Type != 1 && ec.Type != 2) {
			return "", fmt.Errorf("%w: an external contact needs a name and type 1 or 2", ErrInvalid)
		}
		// WeCom's external_userids start with "wm" or "wo".
		x = &externalContact{id: "wm" + newID(), name: ec.Name, corpName: ec.CorpName, position: ec.Position,
			typ: ec.Type, gender: ec.Gender}
		xc.byID[x.id] = x
	}
	now := s.now()
	x.follow = append(x.follow, &follower{userKey: key, remark: ec.Remark, description: ec.Description,
		state: ec.State, createTime: now.Unix(), addWay: ec.AddWay})
	xc.byUser[key] = append(xc.byUser[key], x)

	s.externalEventLocked(c, u, "add_external_contact", x.id, func(ev *wxcrypt.Event) {
		ev.State, ev.WelcomeCode = ec.State, newID()
	})
	return x.id, nil
}

// POST /_sim/corps/{corpid}/users/{userid}/external-contacts
// ExternalContact → 201 {"external_userid"}.
func (s *Server) handleAddExternalContact(w http.ResponseWriter, r *http.Request) {
	var in ExternalContact
	if !decodeControl(w, r, &in) {
		return
	}
	id, err := s.AddExternalContact(r.PathValue("corpid"), r.PathValue("userid"), in)
	if err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"external_userid": id})
}

func (x *externalContact) fields() map[string]any {
	f := map[string]any{"external_userid": x.id, "name": x.name, "type": x.typ, "gender": x.gender}
	if x.corpName != "" {
		f["corp_name"] = x.corpName
	}
	if x.position != "" {
		f["position"] = x.position
	}
	return f
}

func (f *follower) fields(userID string) map[string]any {
	return map[string]any{"userid": userID, "remark": f.remark, "description": f.description,
		"createtime": f.createTime, "state": f.state, "add_way": f.addWay, "oper_userid": userID, "tag_id": []string{}}
}

// cursors are opaque to clients; the simulator's hold an offset.
func encodeCursor(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("sim:" + strconv.Itoa(n)))
}

func decodeCursor(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !strings.HasPrefix(string(b), "sim:") {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "sim:"))
	return n, err == nil && n >= 0
}

// memberFor finds a member the app may see for the external contact
// APIs. sim: an unknown userid is 40003 and one outside the app's scope
// 60011.
func memberFor(c *corp, a *app, userID string) (*user, *apiError) {
	if userID == "" {
		return nil, apiErr(41009, "missing userid")
	}
	u := c.users[strings.ToLower(userID)]
	if u == nil {
		return nil, apiErr(40003, "invalid userid")
	}
	if !a.sees(c, u) {
		return nil, apiErr(60011, "no privilege to access/modify contact/party/agent")
	}
	return u, nil
}

// externalListLocked is GET /cgi-bin/externalcontact/list?userid= →
// {"external_userid":[…]}; 84061 when the member has no customers.
func (s *Server) externalListLocked(r *http.Request) (map[string]any, *apiError) {
	c, a, e := s.appAuthLocked(r)
	if e != nil {
		return nil, e
	}
	u, e := memberFor(c, a, r.URL.Query().Get("userid"))
	if e != nil {
		return nil, e
	}
	xs := c.msg.external.byUser[strings.ToLower(u.id)]
	if len(xs) == 0 {
		return nil, apiErr(84061, "not external contact")
	}
	ids := make([]string, len(xs))
	for i, x := range xs {
		ids[i] = x.id
	}
	return map[string]any{"external_userid": ids}, nil
}

// externalGetLocked is GET
// /cgi-bin/externalcontact/get?external_userid=&cursor= →
// {"external_contact", "follow_user":[…], "next_cursor"}. Only followers
// the app sees are listed, followUserPage at a time; a contact none of
// whose followers the app sees is 40096, as WeCom documents.
func (s *Server) externalGetLocked(r *http.Request) (map[string]any, *apiError) {
	c, a, e := s.appAuthLocked(r)
	if e != nil {
		return nil, e
	}
	q := r.URL.Query()
	id := q.Get("external_userid")
	if id == "" {
		return nil, apiErr(41035, "missing external_userid")
	}
	x := c.msg.external.byID[id]
	var follow []map[string]any
	if x != nil {
		for _, f := range x.follow {
			if u := c.users[f.userKey]; u != nil && a.sees(c, u) {
				follow = append(follow, f.fields(u.id))
			}
		}
	}
	if len(follow) == 0 {
		return nil, apiErr(40096, "invalid external userid")
	}
	from, ok := decodeCursor(q.Get("cursor"))
	if !ok || from > len(follow) {
		// sim: WeCom's code for a bad cursor is not documented.
		return nil, apiErr(40058, "invalid parameter: cursor")
	}
	to := min(from+followUserPage, len(follow))
	next := ""
	if to < len(follow) {
		next = encodeCursor(to)
	}
	return map[string]any{"external_contact": x.fields(), "follow_user": follow[from:to], "next_cursor": next}, nil
}

type externalBatchBody struct {
	UserIDList []string `json:"userid_list"`
	Cursor     string   `json:"cursor"`
	Limit      flexInt  `json:"limit"`
}

// externalBatchLocked is POST /cgi-bin/externalcontact/batch/get_by_user
// → one entry per (contact, follower) pair of the listed members, limit
// (≤100, default 50) at a time. sim: members that are unknown or outside
// the app's scope contribute nothing, and the list limits are 40058.
func (s *Server) externalBatchLocked(r *http.Request, body []byte, readErr error) (map[string]any, *apiError) {
	c, a, e := s.appAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var req externalBatchBody
	if readErr != nil || json.Unmarshal(body, &req) != nil {
		return nil, wrongJSON()
	}
	switch {
	case len(req.UserIDList) == 0 || len(req.UserIDList) > 100:
		return nil, apiErr(40058, "invalid parameter: userid_list holds 1 to 100 members")
	case req.Limit < 0 || req.Limit > 100:
		return nil, apiErr(40058, "invalid parameter: limit is at most 100")
	}
	limit := int(req.Limit)
	if limit == 0 {
		limit = 50
	}
	from, ok := decodeCursor(req.Cursor)
	if !ok {
		return nil, apiErr(40058, "invalid parameter: cursor")
	}
	var list []map[string]any
	n := 0
	seen := map[string]bool{}
	for _, id := range req.UserIDList {
		key := strings.ToLower(id)
		u := c.users[key]
		if u == nil || seen[key] || !a.sees(c, u) {
			continue
		}
		seen[key] = true
		for _, x := range c.msg.external.byUser[key] {
			if n >= from && len(list) < limit {
				list = append(list, map[string]any{"external_contact": x.fields(), "follow_info": x.followerOf(key).fields(u.id)})
			}
			n++
		}
	}
	if from > n {
		return nil, apiErr(40058, "invalid parameter: cursor")
	}
	next := ""
	if from+len(list) < n {
		next = encodeCursor(from + len(list))
	}
	if list == nil {
		list = []map[string]any{}
	}
	return map[string]any{"external_contact_list": list, "next_cursor": next,
		"fail_info": map[string]any{"unlicensed_userid_list": []string{}}}, nil
}

func (x *externalContact) followerOf(userKey string) *follower {
	for _, f := range x.follow {
		if f.userKey == userKey {
			return f
		}
	}
	return &follower{userKey: userKey}
}
