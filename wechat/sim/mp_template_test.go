package sim_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qiao-hq/qiao/wechat/sim"
)

func (e *env) mpSend(tb testing.TB, tok, body string) mpAnswer {
	tb.Helper()
	return e.mp(tb, "POST", "/cgi-bin/message/template/send?access_token="+tok, body)
}

func mpLeaveBody(to, clientMsgID string) string {
	b, _ := json.Marshal(map[string]any{
		"touser": to, "template_id": mpTplLeave, "url": "https://h5.example/leave/1", "client_msg_id": clientMsgID,
		"data": map[string]any{"thing1": map[string]string{"value": "Alice asks for 2 days"}, "time2": map[string]string{"value": "2026-03-02 09:00"}},
	})
	return string(b)
}

func TestMPTemplateSendChecks(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, e *env)
		body  string
		code  int
	}{
		{"OK", nil, mpLeaveBody("o-alice", ""), 0},
		{"ErrNotJSON", nil, `{"touser":`, 47001},
		{"ErrNoOpenID", nil, mpLeaveBody("", ""), 40003},
		{"ErrUnknownOpenID", nil, mpLeaveBody("o-nobody", ""), 40003},
		{"ErrOtherAccountsOpenID", func(t *testing.T, e *env) {
			if err := e.sim.AddFollower(mpOther, "o-carol", "Carol"); err != nil {
				t.Fatal(err)
			}
		}, mpLeaveBody("o-carol", ""), 40003},
		{"ErrUnsubscribed", func(t *testing.T, e *env) {
			if err := e.sim.SetSubscribed(mpApp, "o-alice", false); err != nil {
				t.Fatal(err)
			}
		}, mpLeaveBody("o-alice", ""), 43004},
		{"ErrUnknownTemplate", nil, strings.Replace(mpLeaveBody("o-alice", ""), mpTplLeave, "tpl-nope", 1), 40037},
		{"ErrNoData", nil, `{"touser":"o-alice","template_id":"tpl-leave"}`, 47003},
		{"ErrValueNotString", nil, `{"touser":"o-alice","template_id":"tpl-leave","data":{"thing1":{"value":3}}}`, 47003},
		{"ErrMiniProgramWithoutAppID", nil, `{"touser":"o-alice","template_id":"tpl-leave","miniprogram":{"pagepath":"index"},"data":{"thing1":{"value":"x"}}}`, 47003},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustMPEnv(t, 0)
			if tt.setup != nil {
				tt.setup(t, e)
			}
			out := e.mpSend(t, e.mpMustStable(t, false), tt.body)
			if out.ErrCode != tt.code {
				t.Fatalf("errcode = %d, want %d (%s)", out.ErrCode, tt.code, out.ErrMsg)
			}
			got := len(e.sim.TemplateMessages(mpApp, "o-alice"))
			if tt.code == 0 && (out.MsgID == 0 || out.ErrMsg != "ok" || got != 1) {
				t.Errorf("answer %+v, alice got %d messages", out, got)
			}
			if tt.code != 0 && (got != 0 || slices.ContainsFunc(e.sim.MPEvents(mpApp), func(ev sim.MPEvent) bool {
				return ev.Event == "TEMPLATESENDJOBFINISH"
			})) {
				t.Errorf("refused send delivered %d messages or recorded a job-finish event", got)
			}
		})
	}
}

func TestMPTemplateDelivery(t *testing.T) {
	e := mustMPEnv(t, 0)
	tok := e.mpMustStable(t, false)
	long := "审批人：张三，请于今天下班前处理这张请假单，谢谢配合"
	body, _ := json.Marshal(map[string]any{
		"touser": "o-bob", "template_id": mpTplLeave, "url": "https://h5.example/leave/2",
		"miniprogram": map[string]string{"appid": "wxmini", "pagepath": "pages/leave?id=2"},
		"data": map[string]any{
			"thing1": map[string]string{"value": long, "color": "#173177"},
			"time2":  map[string]string{"value": "3月2日\n09:00 🎉"},
			"extra9": map[string]string{"value": "not in the template"},
		},
	})
	out := e.mpSend(t, tok, string(body))
	if out.ErrCode != 0 {
		t.Fatalf("send: %+v", out)
	}
	msgs := e.sim.TemplateMessages(mpApp, "o-bob")
	want := []sim.TemplateMessage{{
		MsgID: out.MsgID, TemplateID: mpTplLeave, Title: "请假审批提醒", URL: "https://h5.example/leave/2",
		MiniProgram: &sim.MiniProgramLink{AppID: "wxmini", PagePath: "pages/leave?id=2"}, Opens: "miniprogram",
		Data: map[string]string{"thing1": long, "time2": "3月2日\n09:00 🎉", "extra9": "not in the template"},
		Lines: []sim.TemplateLine{
			{Key: "thing1", Value: string([]rune(long)[:20]) + "…"},
			{Key: "time2", Value: "3月2日 09:00 □"},
		},
		ReceivedAt: e.clock.Now(),
	}}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("bob's messages (-want +got):\n%s", diff)
	}
	events := e.sim.MPEvents(mpApp)
	wantEvents := []sim.MPEvent{{ToUserName: mpApp, FromUserName: "o-bob", CreateTime: e.clock.Now().Unix(),
		MsgType: "event", Event: "TEMPLATESENDJOBFINISH", MsgID: out.MsgID, Status: "success"}}
	if diff := cmp.Diff(wantEvents, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	// Messages come back through the control API too.
	resp, b := e.do(t, "GET", "/_sim/mp/"+mpApp+"/followers/o-bob/messages", "")
	var viaHTTP []sim.TemplateMessage
	if err := json.Unmarshal([]byte(b), &viaHTTP); err != nil || resp.StatusCode != 200 {
		t.Fatalf("messages endpoint: HTTP %d, %v: %s", resp.StatusCode, err, b)
	}
	if diff := cmp.Diff(msgs, viaHTTP, cmpopts.EquateApproxTime(time.Second)); diff != "" {
		t.Errorf("control API messages (-Go +HTTP):\n%s", diff)
	}
}

func TestMPTemplateClientMsgID(t *testing.T) {
	e := mustMPEnv(t, 0)
	tok := e.mpMustStable(t, false)
	first := e.mpSend(t, tok, mpLeaveBody("o-alice", "leave-1"))
	e.clock.Advance(9 * time.Minute)
	repeat := e.mpSend(t, tok, mpLeaveBody("o-alice", "leave-1"))
	if repeat.ErrCode != 0 || repeat.MsgID != first.MsgID {
		t.Errorf("repeat within 10 minutes: %+v, want msgid %d", repeat, first.MsgID)
	}
	if n := len(e.sim.TemplateMessages(mpApp, "o-alice")); n != 1 {
		t.Errorf("alice got %d messages, want 1", n)
	}
	// Deduplication is per openid: bob gets his.
	if bob := e.mpSend(t, tok, mpLeaveBody("o-bob", "leave-1")); bob.MsgID == first.MsgID || bob.ErrCode != 0 {
		t.Errorf("same client_msg_id to another openid: %+v", bob)
	}
	// Without client_msg_id nothing is deduplicated.
	a1, a2 := e.mpSend(t, tok, mpLeaveBody("o-alice", "")), e.mpSend(t, tok, mpLeaveBody("o-alice", ""))
	if a1.MsgID == a2.MsgID {
		t.Error("sends without client_msg_id shared a msgid")
	}
	e.clock.Advance(time.Minute) // 10 minutes after the first
	later := e.mpSend(t, tok, mpLeaveBody("o-alice", "leave-1"))
	if later.MsgID == first.MsgID {
		t.Error("client_msg_id still deduplicated after 10 minutes")
	}
	if n := len(e.sim.TemplateMessages(mpApp, "o-alice")); n != 4 {
		t.Errorf("alice got %d messages, want 4", n)
	}
	if n := len(e.sim.MPEvents(mpApp)); n != 5 {
		t.Errorf("%d TEMPLATESENDJOBFINISH events, want one per delivery (5)", n)
	}
}

func TestMPControlAPI(t *testing.T) {
	e := mustMPEnv(t, 0)
	steps := []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/_sim/mp/accounts", `{"appid":"wxnew","secret":"s3","name":"New"}`, 201},
		{"POST", "/_sim/mp/accounts", `{"appid":"wxnew","secret":"s4"}`, 409},
		{"POST", "/_sim/mp/accounts", `{"appid":"wxnosecret"}`, 400},
		{"POST", "/_sim/mp/accounts", `not json`, 400},
		{"POST", "/_sim/mp/wxnew/followers", `{"openid":"o-dan","nickname":"Dan","unionid":"u-dan"}`, 201},
		{"POST", "/_sim/mp/wxnew/followers", `{"openid":"o-dan"}`, 409},
		{"POST", "/_sim/mp/wxnobody/followers", `{"openid":"o-x"}`, 404},
		{"POST", "/_sim/mp/wxnew/templates", `{"template_id":"t1","title":"T","keys":["thing1"]}`, 201},
		{"POST", "/_sim/mp/wxnew/templates", `{"template_id":"t2","title":"T","keys":[]}`, 400},
		{"POST", "/_sim/mp/wxnew/followers/o-dan/subscription", `{"subscribed":false}`, 204},
		{"POST", "/_sim/mp/wxnew/followers/o-dan/subscription", `{}`, 400},
		{"POST", "/_sim/mp/wxnew/followers/o-nobody/subscription", `{"subscribed":true}`, 404},
		{"GET", "/_sim/mp/wxnew/followers/o-dan/messages", "", 200},
		{"GET", "/_sim/mp/wxnew/followers/o-nobody/messages", "", 404},
		{"GET", "/_sim/mp/wxnew/events", "", 200},
		{"GET", "/_sim/mp/wxnobody/events", "", 404},
	}
	for _, st := range steps {
		resp, b := e.do(t, st.method, st.path, st.body)
		if resp.StatusCode != st.status {
			t.Errorf("%s %s %s: HTTP %d (%s), want %d", st.method, st.path, st.body, resp.StatusCode, b, st.status)
		}
	}
	// What the control API created works through WeChat's API.
	tok := e.mpStableToken(t, "wxnew", "s3", false)
	if tok.ErrCode != 0 {
		t.Fatalf("token of an account made over HTTP: %+v", tok)
	}
	out := e.mpSend(t, tok.AccessToken, `{"touser":"o-dan","template_id":"t1","data":{"thing1":{"value":"hi"}}}`)
	if out.ErrCode != 43004 {
		t.Errorf("send to the unsubscribed follower: errcode %d, want 43004", out.ErrCode)
	}
	if _, b := e.do(t, "GET", "/_sim/mp/wxnew/followers/o-dan/messages", ""); strings.TrimSpace(b) != "[]" {
		t.Errorf("messages of a follower who got none = %s, want []", b)
	}
}
