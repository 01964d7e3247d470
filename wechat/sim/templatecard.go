package sim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// responseCodeTTL is how long an interactive template card can be updated:
// WeCom's response_code is good once, for 72 hours.
const responseCodeTTL = 72 * time.Hour

// cardCode is an unused response_code.
type cardCode struct {
	msgID   string
	agentID int64
	expires time.Time
}

// taskKey names a template card task: task_ids are unique per app.
type taskKey struct {
	agentID int64
	taskID  string
}

// taskConflict refuses a task_id the app already used for another card, or
// for the same card to other recipients. sim: resending the identical card
// to the same recipients (a retry under the duplicate check) is not a
// conflict; WeCom's code for a reused task_id is not documented, and
// 42014 is its "invalid task_id".
func (m *messaging) taskConflict(agentID int64, taskID string, sum [32]byte) *apiError {
	if prev, ok := m.tasks[taskKey{agentID: agentID, taskID: taskID}]; ok && taskID != "" && prev != sum {
		return apiErr(42014, "invalid task_id: already used by this app")
	}
	return nil
}

type updateCardBody struct {
	UserIDs      []string  `json:"userids"`
	PartyIDs     []flexInt `json:"partyids"`
	TagIDs       []flexInt `json:"tagids"`
	AtAll        flexInt   `json:"atall"`
	AgentID      flexInt   `json:"agentid"`
	ResponseCode string    `json:"response_code"`
	Button       *struct {
		ReplaceName string `json:"replace_name"`
	} `json:"button"`
	TemplateCard json.RawMessage `json:"template_card"`
}

// updateCardLocked, POST /cgi-bin/message/update_template_card, replaces the card (or only its buttons) in the inboxes
// of the chosen recipients of the message a response_code belongs to.
// The code is spent by a successful update. Recipients named in userids
// who did not get the message come back in invaliduser (an array here,
// unlike message/send).
func (s *Server) updateCardLocked(r *http.Request, raw []byte, readErr error) (map[string]any, *apiError) {
	c, a, e := s.appAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var req updateCardBody
	if readErr != nil || json.Unmarshal(raw, &req) != nil {
		return nil, wrongJSON()
	}
	if req.AgentID == 0 {
		return nil, apiErr(41011, "missing agentid")
	}
	if int64(req.AgentID) != a.agentID {
		return nil, apiErr(301002, "not allow operate another agent with this accesstoken.")
	}
	code := c.msg.codes[req.ResponseCode]
	if code == nil || code.agentID != a.agentID || !s.now().Before(code.expires) {
		return nil, apiErr(60140, "invalid response_code")
	}
	var newCard json.RawMessage
	switch {
	case (req.Button == nil) == (len(req.TemplateCard) == 0):
		return nil, apiErr(40058, "invalid parameter: give either button or template_card")
	case req.Button != nil && req.Button.ReplaceName == "":
		return nil, apiErr(40058, "invalid parameter: button.replace_name missing")
	case req.Button == nil:
		p, e := checkTemplateCard(req.TemplateCard)
		if e != nil {
			return nil, e
		}
		newCard = p.payload
	}
	switch {
	case len(req.UserIDs) > maxRecipients:
		return nil, apiErr(40032, "invalid userid list size: more than 1000 users")
	case len(req.PartyIDs) > maxParties:
		return nil, apiErr(82002, "invalid partyid list size: more than 100 parties")
	case len(req.TagIDs) > maxTags:
		return nil, apiErr(82003, "invalid tagid list size: more than 100 tags")
	case req.AtAll != 1 && len(req.UserIDs)+len(req.PartyIDs)+len(req.TagIDs) == 0:
		return nil, apiErr(82001, "user & party & tag all empty")
	}

	sent := c.msg.sent[code.msgID]
	got := make(map[*user]bool, len(sent.refs))
	for _, ref := range sent.refs {
		got[ref.u] = true
	}
	targets := map[*user]bool{}
	invalid := []string{}
	for _, id := range req.UserIDs {
		key := strings.ToLower(strings.TrimSpace(id))
		if u := c.users[key]; u != nil && got[u] {
			targets[u] = true
		} else {
			invalid = append(invalid, key)
		}
	}
	if len(req.PartyIDs)+len(req.TagIDs) > 0 {
		members, _, _ := c.expandRecipients(idStrings(req.PartyIDs), idStrings(req.TagIDs))
		for _, u := range members {
			if got[u] {
				targets[u] = true
			}
		}
	}
	for _, ref := range sent.refs {
		if req.AtAll != 1 && !targets[ref.u] {
			continue
		}
		m := &ref.u.inbox[ref.i]
		if m.Duplicate {
			// sim: the duplicate check kept this copy off the phone; its code changes the card the member sees,
			// the original it repeated (WeCom does not document what a suppressed send's code does).
			if o := originalOf(ref.u, *m); o != nil {
				m = o
			}
		}
		m.Updated = true
		if newCard != nil {
			m.Payload, m.ReplaceName = newCard, ""
		} else {
			m.ReplaceName = req.Button.ReplaceName
		}
	}
	delete(c.msg.codes, req.ResponseCode)
	return map[string]any{"invaliduser": invalid}, nil
}

// originalOf is the message of u's inbox that duplicate d repeated: the latest one shown of the same app, type
// and payload.
func originalOf(u *user, d Message) *Message {
	for i := len(u.inbox) - 1; i >= 0; i-- {
		m := &u.inbox[i]
		if !m.Duplicate && m.AgentID == d.AgentID && m.MsgType == d.MsgType && bytes.Equal(m.Payload, d.Payload) {
			return m
		}
	}
	return nil
}

func idStrings(ids []flexInt) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(int64(id), 10)
	}
	return out
}
