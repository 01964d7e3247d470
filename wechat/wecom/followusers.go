package wecom

import "context"

// ListFollowUsers returns the members who may have customers, as userids (GET
// /cgi-bin/externalcontact/get_follow_user_list): the customer-contact secret's
// or an app's token allowed to use customer contact. A full pull of external
// contacts starts from it.
func (c *Client) ListFollowUsers(ctx context.Context, app App) ([]string, error) {
	var out struct {
		FollowUser []string `json:"follow_user"`
	}
	if err := c.call(ctx, app, get("externalcontact/get_follow_user_list", nil), &out); err != nil {
		return nil, err
	}
	return out.FollowUser, nil
}
