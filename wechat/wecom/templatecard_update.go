package wecom

import (
	"context"
	"fmt"
)

// TemplateCardUpdate changes an interactive card already delivered (POST
// /cgi-bin/message/update_template_card). Exactly one of ReplaceName (grey
// out the buttons and show this text) and Card (a whole new card) is set.
// The recipients to update are those of UserIDs, PartyIDs and TagIDs
// among the message's recipients, or all of them with AtAll.
type TemplateCardUpdate struct {
	// ResponseCode comes from SendResult or the template_card_event
	// callback; it is good once, within 72 hours.
	ResponseCode  string
	UserIDs       []string
	PartyIDs      []int64
	TagIDs        []int64
	AtAll         bool
	ReplaceName   string
	Card          TemplateCard
	EnableIDTrans bool
}

type updateCardRequest struct {
	UserIDs       []string          `json:"userids,omitempty"`
	PartyIDs      []int64           `json:"partyids,omitempty"`
	TagIDs        []int64           `json:"tagids,omitempty"`
	AtAll         int               `json:"atall,omitempty"`
	AgentID       int64             `json:"agentid"`
	ResponseCode  string            `json:"response_code"`
	EnableIDTrans int               `json:"enable_id_trans,omitempty"`
	Button        map[string]string `json:"button,omitempty"`
	TemplateCard  TemplateCard      `json:"template_card,omitempty"`
}

// UpdateTemplateCard applies u and returns the userids WeCom could not
// update (lower-cased). A used, unknown or expired response code is an
// *Error with code 60140. An invalid u is rejected before any request.
func (c *Client) UpdateTemplateCard(ctx context.Context, app App, u TemplateCardUpdate) ([]string, error) {
	const api = "message/update_template_card"
	req := updateCardRequest{UserIDs: u.UserIDs, PartyIDs: u.PartyIDs, TagIDs: u.TagIDs, AgentID: app.AgentID,
		ResponseCode: u.ResponseCode, TemplateCard: u.Card}
	switch {
	case u.ResponseCode == "":
		return nil, fmt.Errorf("wecom %s: empty response code", api)
	case (u.ReplaceName == "") == (u.Card == nil):
		return nil, fmt.Errorf("wecom %s: set exactly one of ReplaceName and Card", api)
	case !u.AtAll && len(u.UserIDs)+len(u.PartyIDs)+len(u.TagIDs) == 0:
		return nil, fmt.Errorf("wecom %s: no recipients to update", api)
	case len(u.UserIDs) > MaxRecipients || len(u.PartyIDs) > MaxParties || len(u.TagIDs) > MaxTags:
		return nil, fmt.Errorf("wecom %s: too many recipients", api)
	}
	if u.Card != nil {
		if err := u.Card.validate(); err != nil {
			return nil, fmt.Errorf("wecom %s: template_card %s: %w", api, u.Card.CardType(), err)
		}
	} else {
		req.Button = map[string]string{"replace_name": u.ReplaceName}
	}
	if u.AtAll {
		req.AtAll = 1
	}
	if u.EnableIDTrans {
		req.EnableIDTrans = 1
	}
	r, err := post(api, req)
	if err != nil {
		return nil, err
	}
	var out struct {
		InvalidUser []string `json:"invaliduser"`
	}
	if err := c.call(ctx, app, r, &out); err != nil {
		return nil, err
	}
	return out.InvalidUser, nil
}
