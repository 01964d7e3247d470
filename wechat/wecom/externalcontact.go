package wecom

import (
	"context"
	"fmt"
	"net/url"
)

// External contacts (客户联系). The app must be allowed to use them in the
// admin console (客户联系 → 可调用接口的应用).

// Errcodes of the external contact APIs.
const (
	// CodeNoExternalContact (84061): the member has no external contacts
	// (ListExternalContacts turns it into an empty list).
	CodeNoExternalContact = 84061
	// CodeInvalidExternalUserID (40096): unknown external_userid, or none
	// of its followers is in the app's visible range.
	CodeInvalidExternalUserID = 40096
)

// Limits of BatchGetExternalContacts.
const (
	MaxBatchUsers = 100
	MaxBatchLimit = 100
)

// ExternalContact is a customer: Type 1 is a WeChat user, 2 a WeCom user
// of another corp (CorpName). Gender 0 unknown, 1 male, 2 female.
type ExternalContact struct {
	ExternalUserID string `json:"external_userid"`
	Name           string `json:"name"`
	Type           int    `json:"type"`
	Avatar         string `json:"avatar,omitempty"`
	Gender         int    `json:"gender"`
	CorpName       string `json:"corp_name,omitempty"`
	CorpFullName   string `json:"corp_full_name,omitempty"`
	Position       string `json:"position,omitempty"`
	UnionID        string `json:"unionid,omitempty"`
}

// FollowUser is a member's relationship with a customer: the member's
// Remark and Description, when they added them (CreateTime, Unix
// seconds), the State of the contact-me link used and how (AddWay).
type FollowUser struct {
	UserID      string   `json:"userid"`
	Remark      string   `json:"remark"`
	Description string   `json:"description"`
	CreateTime  int64    `json:"createtime"`
	State       string   `json:"state,omitempty"`
	OperUserID  string   `json:"oper_userid,omitempty"`
	AddWay      int      `json:"add_way"`
	TagIDs      []string `json:"tag_id,omitempty"`
}

// ListExternalContacts returns the external_userids of the member's
// customers (GET /cgi-bin/externalcontact/list); a member without any
// gives an empty list, not CodeNoExternalContact.
func (c *Client) ListExternalContacts(ctx context.Context, app App, userID string) ([]string, error) {
	const api = "externalcontact/list"
	if userID == "" {
		return nil, fmt.Errorf("wecom %s: empty userid", api)
	}
	var out struct {
		ExternalUserID []string `json:"external_userid"`
	}
	err := c.call(ctx, app, get(api, url.Values{"userid": {userID}}), &out)
	if CodeOf(err) == CodeNoExternalContact {
		return nil, nil
	}
	return out.ExternalUserID, err
}

// ExternalContactDetail is one page of externalcontact/get.
type ExternalContactDetail struct {
	Contact ExternalContact
	// FollowUsers are the members (in the app's visible range) who added
	// the customer, at most 500 a page.
	FollowUsers []FollowUser
	// NextCursor is "" on the last page; pass it to GetExternalContact
	// for the next.
	NextCursor string
}

// GetExternalContact returns a customer and one page of their followers
// (GET /cgi-bin/externalcontact/get); cursor is "" for the first page.
func (c *Client) GetExternalContact(ctx context.Context, app App, externalUserID, cursor string) (ExternalContactDetail, error) {
	const api = "externalcontact/get"
	if externalUserID == "" {
		return ExternalContactDetail{}, fmt.Errorf("wecom %s: empty external_userid", api)
	}
	q := url.Values{"external_userid": {externalUserID}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var out struct {
		ExternalContact ExternalContact `json:"external_contact"`
		FollowUser      []FollowUser    `json:"follow_user"`
		NextCursor      string          `json:"next_cursor"`
	}
	if err := c.call(ctx, app, get(api, q), &out); err != nil {
		return ExternalContactDetail{}, err
	}
	return ExternalContactDetail{Contact: out.ExternalContact, FollowUsers: out.FollowUser, NextCursor: out.NextCursor}, nil
}

// ExternalContactFollow is a customer with one member's follow-up record.
type ExternalContactFollow struct {
	Contact ExternalContact `json:"external_contact"`
	Follow  FollowUser      `json:"follow_info"`
}

// ExternalContactBatch is one page of batch/get_by_user.
type ExternalContactBatch struct {
	Contacts []ExternalContactFollow
	// NextCursor is "" on the last page.
	NextCursor string
	// UnlicensedUsers lists members WeCom skipped for want of a license.
	UnlicensedUsers []string
}

// BatchGetExternalContacts returns the customers of up to MaxBatchUsers
// members, one (customer, member) pair per entry, limit pairs a page (at
// most MaxBatchLimit; 0 is WeCom's default of 50), from cursor ("" for the
// first page). POST /cgi-bin/externalcontact/batch/get_by_user.
func (c *Client) BatchGetExternalContacts(ctx context.Context, app App, userIDs []string, cursor string, limit int) (ExternalContactBatch, error) {
	const api = "externalcontact/batch/get_by_user"
	switch {
	case len(userIDs) == 0 || len(userIDs) > MaxBatchUsers:
		return ExternalContactBatch{}, fmt.Errorf("wecom %s: 1 to %d userids, not %d", api, MaxBatchUsers, len(userIDs))
	case limit < 0 || limit > MaxBatchLimit:
		return ExternalContactBatch{}, fmt.Errorf("wecom %s: limit %d outside 0..%d", api, limit, MaxBatchLimit)
	}
	r, err := post(api, struct {
		UserIDList []string `json:"userid_list"`
		Cursor     string   `json:"cursor,omitempty"`
		Limit      int      `json:"limit,omitempty"`
	}{userIDs, cursor, limit})
	if err != nil {
		return ExternalContactBatch{}, err
	}
	var out struct {
		List       []ExternalContactFollow `json:"external_contact_list"`
		NextCursor string                  `json:"next_cursor"`
		FailInfo   struct {
			Unlicensed []string `json:"unlicensed_userid_list"`
		} `json:"fail_info"`
	}
	if err := c.call(ctx, app, r, &out); err != nil {
		return ExternalContactBatch{}, err
	}
	return ExternalContactBatch{Contacts: out.List, NextCursor: out.NextCursor, UnlicensedUsers: out.FailInfo.Unlicensed}, nil
}
