package wecom_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

func TestSendMessage(t *testing.T) {
	tooMany := make([]string, wecom.MaxRecipients+1)
	for i := range tooMany {
		tooMany[i] = "u"
	}
	tests := []struct {
		name      string
		msg       wecom.Message
		code      int  // WeCom errcode
		localErr  bool // refused before any request
		want      wecom.SendResult
		delivered map[string]string // userid → payload JSON
	}{
		{name: "OKTextCard", msg: card("alice", "bob"), delivered: map[string]string{
			"alice": `{"title":"Leave request","description":"Alice asks for 2 days","url":"https://qiao.example/h5/item/1","btntxt":"Open"}`,
			"bob":   `{"title":"Leave request","description":"Alice asks for 2 days","url":"https://qiao.example/h5/item/1","btntxt":"Open"}`,
		}},
		{name: "OKText", msg: wecom.Message{ToUser: []string{"bob"}, MsgType: wecom.MsgTypeText, Text: &wecom.Text{Content: "你好"}},
			delivered: map[string]string{"bob": `{"content":"你好"}`}},
		{name: "OKPartlyInvalid", msg: card("alice", "Ghost", "nobody"),
			want: wecom.SendResult{InvalidUser: []string{"ghost", "nobody"}}, delivered: map[string]string{
				"alice": `{"title":"Leave request","description":"Alice asks for 2 days","url":"https://qiao.example/h5/item/1","btntxt":"Open"}`,
			}},
		{name: "ErrAllInvalid", msg: card("ghost", "nobody"), code: 81013,
			want: wecom.SendResult{InvalidUser: []string{"ghost", "nobody"}}},
		{name: "ErrNoRecipients", msg: card(), localErr: true},
		{name: "ErrTooMany", msg: card(tooMany...), localErr: true},
		{name: "ErrPipeInID", msg: card("a|b"), localErr: true},
		{name: "ErrMsgType", msg: wecom.Message{ToUser: []string{"alice"}, MsgType: "voice"}, localErr: true},
		{name: "ErrNoPayload", msg: wecom.Message{ToUser: []string{"alice"}, MsgType: wecom.MsgTypeText}, localErr: true},
		{name: "ErrCardNoURL", msg: wecom.Message{ToUser: []string{"alice"}, MsgType: wecom.MsgTypeTextCard,
			TextCard: &wecom.TextCard{Title: "t", Description: "d"}}, localErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, nil)
			res, err := e.client.SendMessage(context.Background(), app, tt.msg)
			switch {
			case tt.localErr:
				if err == nil || wecom.CodeOf(err) != 0 {
					t.Fatalf("err = %v, want a local validation error", err)
				}
				if get, send := e.calls(); get+send != 0 {
					t.Errorf("made %d requests for an invalid message", get+send)
				}
				return
			case wecom.CodeOf(err) != tt.code:
				t.Fatalf("err = %v, want errcode %d", err, tt.code)
			}
			if diff := cmp.Diff(tt.want, res, cmpopts.IgnoreFields(wecom.SendResult{}, "MsgID")); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			if (tt.code == 0) != (res.MsgID != "") {
				t.Errorf("msgid %q with errcode %d", res.MsgID, tt.code)
			}
			got := map[string]string{}
			for _, u := range []string{"alice", "bob"} {
				for _, m := range e.sim.Messages(corpID, u) {
					if m.MsgID != res.MsgID || m.AgentID != agentID || m.MsgType != tt.msg.MsgType {
						t.Errorf("%s got %+v", u, m)
					}
					got[u] = string(m.Payload)
				}
			}
			if diff := cmp.Diff(tt.delivered, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("delivered payloads (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSendDuplicateCheck(t *testing.T) {
	e := mustEnv(t, nil)
	msg := card("alice")
	msg.EnableDuplicateCheck, msg.DuplicateCheckInterval = true, 600
	for _, advance := range []time.Duration{0, 599 * time.Second, time.Second} {
		e.clock.Advance(advance)
		if _, err := e.client.SendMessage(context.Background(), app, msg); err != nil {
			t.Fatal(err)
		}
	}
	var dup []bool
	for _, m := range e.sim.Messages(corpID, "alice") {
		dup = append(dup, m.Duplicate)
	}
	// The second is within 600s of the first; the third is 600s after the
	// first delivery, so it is delivered again.
	if diff := cmp.Diff([]bool{false, true, false}, dup); diff != "" {
		t.Errorf("duplicate flags (-want +got):\n%s", diff)
	}
}

func TestSendRecipientsAndFlags(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	dept, err := e.sim.CreateDepartment(corpID, sim.Department{Name: "Sales", ParentID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.sim.CreateUser(corpID, sim.Member{UserID: "carol", Name: "Carol", Department: []int64{dept}}); err != nil {
		t.Fatal(err)
	}
	tag, err := e.sim.CreateTag(corpID, sim.Tag{Name: "oncall", Users: []string{"bob"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.client.SendMessage(ctx, app, wecom.Message{
		ToUser: []string{"Ghost"}, ToParty: []string{fmt.Sprint(dept), "999"}, ToTag: []string{fmt.Sprint(tag), "77"},
		MsgType: wecom.MsgTypeText, Text: &wecom.Text{Content: "hi $userName=carol$"}, Safe: 1, EnableIDTrans: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := wecom.SendResult{InvalidUser: []string{"ghost"}, InvalidParty: []string{"999"}, InvalidTag: []string{"77"}}
	if diff := cmp.Diff(want, res, cmpopts.IgnoreFields(wecom.SendResult{}, "MsgID")); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	for _, u := range []string{"bob", "carol"} {
		got := e.sim.Messages(corpID, u)
		if len(got) != 1 || got[0].Safe != 1 || !got[0].EnableIDTrans {
			t.Errorf("%s got %+v", u, got)
		}
	}
	if got := e.sim.Messages(corpID, "alice"); len(got) != 0 {
		t.Errorf("alice got %+v", got)
	}

	// @all reaches everyone in the app's range.
	if err := e.sim.SetVisibleScope(corpID, agentID, sim.Scope{Users: []string{"alice", "carol"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.SendMessage(ctx, app, wecom.Message{ToAll: true, MsgType: "text", Text: &wecom.Text{Content: "all"}}); err != nil {
		t.Fatal(err)
	}
	for u, n := range map[string]int{"alice": 1, "bob": 1, "carol": 2} {
		if got := len(e.sim.Messages(corpID, u)); got != n {
			t.Errorf("%s has %d messages, want %d", u, got, n)
		}
	}
}

// TestSendNotRepeated: with the duplicate check on, a send that timed out
// or lost its answer is still never repeated, since WeCom may have acted
// on it; only -1, where WeCom did not act, is retried.
func TestSendNotRepeated(t *testing.T) {
	dupCard := func() wecom.Message {
		m := card("alice")
		m.EnableDuplicateCheck = true
		return m
	}
	tests := []struct {
		name      string
		fault     sim.Fault
		check     bool
		sends     int
		delivered int
		errIs     func(error) bool
	}{
		{"Timeout", sim.Fault{Path: "/cgi-bin/message/send", LatencyMS: 1000, Count: 1}, true, 1, 0,
			func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
		{"AnswerLost", sim.Fault{Path: "/cgi-bin/message/send", DropAfter: true, Count: 1}, true, 1, 1,
			func(err error) bool { return err != nil && wecom.CodeOf(err) == 0 }},
		{"BusyWithCheck", sim.Fault{Path: "/cgi-bin/message/send", ErrCode: -1, Count: 1}, true, 2, 1,
			func(err error) bool { return err == nil }},
		{"BusyWithoutCheck", sim.Fault{Path: "/cgi-bin/message/send", ErrCode: -1, Count: 1}, false, 1, 0,
			func(err error) bool { return wecom.CodeOf(err) == wecom.CodeBusy }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, nil)
			c := e.newClient(t, 300*time.Millisecond)
			if _, err := c.AccessToken(context.Background(), app); err != nil {
				t.Fatal(err)
			}
			if err := e.sim.InjectFault(tt.fault); err != nil {
				t.Fatal(err)
			}
			m := dupCard()
			m.EnableDuplicateCheck = tt.check
			_, err := c.SendMessage(context.Background(), app, m)
			if !tt.errIs(err) {
				t.Fatalf("err = %v", err)
			}
			if _, send := e.calls(); send != tt.sends {
				t.Errorf("message/send calls = %d, want %d", send, tt.sends)
			}
			if got := len(e.sim.Messages(corpID, "alice")); got != tt.delivered {
				t.Errorf("alice has %d messages, want %d", got, tt.delivered)
			}
		})
	}
}

func TestRecallMessage(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	res := e.mustSend(t, e.client)
	if err := e.client.RecallMessage(ctx, otherApp, res.MsgID); wecom.CodeOf(err) != 40058 {
		t.Errorf("recall by another app: %v, want errcode 40058", err)
	}
	if err := e.client.RecallMessage(ctx, app, res.MsgID); err != nil {
		t.Fatal(err)
	}
	if m := e.sim.Messages(corpID, "alice")[0]; !m.Recalled {
		t.Errorf("not recalled: %+v", m)
	}
	late := e.mustSend(t, e.client)
	e.clock.Advance(24 * time.Hour)
	if err := e.client.RecallMessage(ctx, app, late.MsgID); wecom.CodeOf(err) != 42052 {
		t.Errorf("recall after 24h: %v, want errcode 42052", err)
	}
	if err := e.client.RecallMessage(ctx, app, ""); err == nil || wecom.CodeOf(err) != 0 {
		t.Errorf("empty msgid: %v, want a local error", err)
	}
}
