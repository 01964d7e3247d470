package sim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestUpdateTemplateCard(t *testing.T) {
	card := func(task string) string {
		return `{"touser":"alice|bob","msgtype":"template_card","agentid":1000002,"template_card":{"card_type":"button_interaction",` +
			`"task_id":"` + task + `","main_title":{"title":"Approve leave?"},"button_list":[{"text":"Approve","key":"ok"},{"text":"Reject","key":"no"}]}}`
	}
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	out, code := e.call(t, tok, "POST", "/cgi-bin/message/send", card("leave-1"))
	rc, _ := out["response_code"].(string)
	if code != 0 || rc == "" {
		t.Fatalf("send: %v", out)
	}
	if _, code := e.call(t, tok, "POST", "/cgi-bin/message/send", strings.Replace(card("leave-1"), "Approve leave?", "Other", 1)); code != 42014 {
		t.Errorf("reused task_id: errcode %d, want 42014", code)
	}

	update := func(tok, body string) (map[string]any, int) {
		return e.call(t, tok, "POST", "/cgi-bin/message/update_template_card", body)
	}
	for _, tt := range []struct {
		name, tok, body string
		code            int
	}{
		{"ErrOtherAgent", tok, `{"agentid":1000003,"response_code":"` + rc + `","atall":1,"button":{"replace_name":"x"}}`, 301002},
		{"ErrOtherApp", e.mustToken(t, otherSecret), `{"agentid":1000003,"response_code":"` + rc + `","atall":1,"button":{"replace_name":"x"}}`, 60140},
		{"ErrUnknownCode", tok, `{"agentid":1000002,"response_code":"nope","atall":1,"button":{"replace_name":"x"}}`, 60140},
		{"ErrNothing", tok, `{"agentid":1000002,"response_code":"` + rc + `","atall":1}`, 40058},
		{"ErrNoTargets", tok, `{"agentid":1000002,"response_code":"` + rc + `","button":{"replace_name":"x"}}`, 82001},
		{"ErrBadCard", tok, `{"agentid":1000002,"response_code":"` + rc + `","atall":1,"template_card":{"card_type":"text_notice"}}`, 40058},
	} {
		if out, code := update(tt.tok, tt.body); code != tt.code {
			t.Errorf("%s: errcode %d, want %d (%v)", tt.name, code, tt.code, out["errmsg"])
		}
	}

	out, code = update(tok, `{"agentid":1000002,"response_code":"`+rc+`","userids":["ALICE","ghost"],"button":{"replace_name":"Approved"}}`)
	if code != 0 {
		t.Fatalf("update: %v", out)
	}
	if diff := cmp.Diff([]any{"ghost"}, out["invaliduser"]); diff != "" {
		t.Errorf("invaliduser (-want +got):\n%s", diff)
	}
	alice, bob := e.sim.Messages(corpID, "alice")[0], e.sim.Messages(corpID, "bob")[0]
	if !alice.Updated || alice.ReplaceName != "Approved" || bob.Updated {
		t.Errorf("after update alice = %+v, bob = %+v", alice, bob)
	}
	if _, code := update(tok, `{"agentid":1000002,"response_code":"`+rc+`","atall":1,"button":{"replace_name":"x"}}`); code != 60140 {
		t.Errorf("reused response_code: errcode %d, want 60140", code)
	}
	_, page := e.do(t, "GET", "/_sim/inbox/wwcorp/alice", "")
	if !strings.Contains(page, `data-testid="sim-updated"`) || !strings.Contains(page, `data-testid="sim-card-disabled"`) ||
		!strings.Contains(page, ">Approved<") || strings.Contains(page, ">Reject<") {
		t.Errorf("inbox after update:\n%s", page)
	}

	// A whole new card, for everyone.
	out, _ = e.call(t, tok, "POST", "/cgi-bin/message/send", card("leave-2"))
	rc2, _ := out["response_code"].(string)
	newCard := `{"card_type":"text_notice","main_title":{"title":"Leave approved"},"card_action":{"type":1,"url":"https://h5.example/9"}}`
	if out, code := update(tok, `{"agentid":"1000002","response_code":"`+rc2+`","atall":1,"template_card":`+newCard+`}`); code != 0 {
		t.Fatalf("update with a card: %v", out)
	}
	for _, u := range []string{"alice", "bob"} {
		m := e.sim.Messages(corpID, u)[1]
		if !m.Updated || !strings.Contains(string(m.Payload), "Leave approved") {
			t.Errorf("%s's card = %+v", u, m)
		}
	}

	// Codes expire after 72 hours.
	out, _ = e.call(t, tok, "POST", "/cgi-bin/message/send", card("leave-3"))
	e.clock.Advance(72 * time.Hour)
	tok = e.mustToken(t, secret)
	if _, code := update(tok, `{"agentid":1000002,"response_code":"`+out["response_code"].(string)+`","atall":1,"button":{"replace_name":"x"}}`); code != 60140 {
		t.Errorf("expired response_code: errcode %d, want 60140", code)
	}
}

// TestTaskIDResend shows a resend of the identical card (a retry under the
// duplicate check) is not a task_id conflict.
func TestTaskIDResend(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	body := `{"touser":"alice","msgtype":"template_card","agentid":1000002,"enable_duplicate_check":1,"template_card":` +
		`{"card_type":"button_interaction","task_id":"t1","main_title":{"title":"Q"},"button_list":[{"text":"A","key":"a"}]}}`
	for i := range 2 {
		if _, code := e.call(t, tok, "POST", "/cgi-bin/message/send", body); code != 0 {
			t.Fatalf("send %d: errcode %d", i, code)
		}
	}
	if diff := cmp.Diff([]string{"ok", "dup"}, e.marks("alice")); diff != "" {
		t.Errorf("marks (-want +got):\n%s", diff)
	}
}

// TestTaskIDOtherRecipients: a task_id names one card to its recipients: the same card to someone else under the
// same task_id is refused, as a reused task_id. A resend the duplicate check kept off the phone answers a code that
// changes the card the member does see.
func TestTaskIDOtherRecipients(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	body := func(to string) string {
		return `{"touser":"` + to + `","msgtype":"template_card","agentid":1000002,"enable_duplicate_check":1,"template_card":` +
			`{"card_type":"button_interaction","task_id":"t2","main_title":{"title":"Q"},"button_list":[{"text":"A","key":"a"}]}}`
	}
	if _, code := e.call(t, tok, "POST", "/cgi-bin/message/send", body("alice")); code != 0 {
		t.Fatalf("send: errcode %d", code)
	}
	if _, code := e.call(t, tok, "POST", "/cgi-bin/message/send", body("bob")); code != 42014 {
		t.Errorf("the task to another member: errcode %d, want 42014", code)
	}
	out, code := e.call(t, tok, "POST", "/cgi-bin/message/send", body("alice"))
	rc, _ := out["response_code"].(string)
	if code != 0 || rc == "" {
		t.Fatalf("resend: %v", out)
	}
	if _, code := e.call(t, tok, "POST", "/cgi-bin/message/update_template_card",
		`{"agentid":1000002,"response_code":"`+rc+`","userids":["alice"],"button":{"replace_name":"done"}}`); code != 0 {
		t.Fatalf("update with the resend's code: errcode %d", code)
	}
	ms := e.sim.Messages(corpID, "alice")
	if len(ms) != 2 || ms[0].Duplicate || ms[0].ReplaceName != "done" {
		t.Errorf("alice's inbox %+v: want the card she sees changed", ms)
	}
}
