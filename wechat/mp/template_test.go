package mp_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/mp"
	"github.com/qiao-hq/qiao/wechat/sim"
)

func TestSendTemplate(t *testing.T) {
	e := mustEnv(t, envOpts{})
	twenty := strings.Repeat("审", 20)
	msg := mp.TemplateMessage{ToUser: "o-bob", TemplateID: tplLeave, URL: "https://qiao.example/h5/leave/7",
		MiniProgram: &mp.MiniProgram{AppID: "wxmini", PagePath: "pages/leave?id=7"},
		Data:        map[string]string{"thing1": twenty, "time2": "2026-03-02 09:00"}}
	id, err := e.client.SendTemplate(context.Background(), acct, msg)
	if err != nil || id == 0 {
		t.Fatalf("SendTemplate = %d, %v", id, err)
	}
	got := e.sim.TemplateMessages(appID, "o-bob")
	if len(got) != 1 {
		t.Fatalf("bob got %d messages, want 1", len(got))
	}
	want := []sim.TemplateLine{{Key: "thing1", Value: twenty}, {Key: "time2", Value: "2026-03-02 09:00"}}
	if m := got[0]; m.MsgID != id || m.Opens != "miniprogram" || m.URL != msg.URL || m.MiniProgram.PagePath != "pages/leave?id=7" {
		t.Errorf("delivered %+v", m)
	}
	if diff := cmp.Diff(want, got[0].Lines); diff != "" {
		t.Errorf("what bob's phone shows (-want +got):\n%s", diff)
	}
	events := e.sim.MPEvents(appID)
	if len(events) != 1 || events[0].Event != "TEMPLATESENDJOBFINISH" || events[0].MsgID != id || events[0].Status != "success" {
		t.Errorf("events = %+v, want one TEMPLATESENDJOBFINISH for msgid %d", events, id)
	}
}

func TestSendTemplateValidation(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(m *mp.TemplateMessage)
		field string
	}{
		{"ErrNoOpenID", func(m *mp.TemplateMessage) { m.ToUser = "" }, "touser"},
		{"ErrNoTemplate", func(m *mp.TemplateMessage) { m.TemplateID = "" }, "template_id"},
		{"ErrNoData", func(m *mp.TemplateMessage) { m.Data = nil }, "data"},
		{"ErrTooLong", func(m *mp.TemplateMessage) { m.Data["thing1"] = strings.Repeat("审", 21) }, "data.thing1.value"},
		{"ErrNewline", func(m *mp.TemplateMessage) { m.Data["time2"] = "3月2日\n09:00" }, "data.time2.value"},
		{"ErrCarriageReturn", func(m *mp.TemplateMessage) { m.Data["time2"] = "a\rb" }, "data.time2.value"},
		{"ErrNotUTF8", func(m *mp.TemplateMessage) { m.Data["thing1"] = "\xff" }, "data.thing1.value"},
		{"ErrMiniProgramAppID", func(m *mp.TemplateMessage) { m.MiniProgram = &mp.MiniProgram{PagePath: "index"} }, "miniprogram.appid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, envOpts{})
			m := leave("o-alice")
			tt.edit(&m)
			_, err := e.client.SendTemplate(context.Background(), acct, m)
			var ve *mp.ValidationError
			if !errors.Is(err, mp.ErrInvalid) || !errors.As(err, &ve) || ve.Field != tt.field {
				t.Fatalf("err = %v, want a ValidationError on %s", err, tt.field)
			}
			if stable, send := e.calls(); stable != 0 || send != 0 {
				t.Errorf("a refused message made calls: stable_token %d, template/send %d", stable, send)
			}
		})
	}
}

func TestSendTemplateRefused(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, e *env)
		msg   mp.TemplateMessage
		code  int
	}{
		{"ErrNotFollowing", func(t *testing.T, e *env) {
			if err := e.sim.SetSubscribed(appID, "o-alice", false); err != nil {
				t.Fatal(err)
			}
		}, leave("o-alice"), mp.CodeNotSubscribed},
		{"ErrUnknownOpenID", nil, leave("o-nobody"), mp.CodeInvalidOpenID},
		{"ErrUnknownTemplate", nil, func() mp.TemplateMessage { m := leave("o-alice"); m.TemplateID = "tpl-nope"; return m }(), mp.CodeInvalidTemplateID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, envOpts{})
			if tt.setup != nil {
				tt.setup(t, e)
			}
			_, err := e.client.SendTemplate(context.Background(), acct, tt.msg)
			var we *mp.Error
			if !errors.As(err, &we) || we.Code != tt.code || we.API != "message/template/send" || we.Service != "mp" {
				t.Fatalf("err = %v, want mp message/template/send errcode %d", err, tt.code)
			}
			if _, send := e.calls(); send != 1 {
				t.Errorf("template/send calls = %d, want 1 (not retried)", send)
			}
		})
	}
}

func TestSendTemplateClientMsgID(t *testing.T) {
	e := mustEnv(t, envOpts{})
	m := leave("o-alice")
	m.ClientMsgID = "leave-1:approver-7"
	first, err := e.client.SendTemplate(context.Background(), acct, m)
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.client.SendTemplate(context.Background(), acct, m)
	if err != nil || again != first {
		t.Errorf("repeat = %d, %v; want the first msgid %d", again, err, first)
	}
	if n := len(e.sim.TemplateMessages(appID, "o-alice")); n != 1 {
		t.Errorf("alice got %d messages, want 1", n)
	}
}

func TestSendTemplateBusy(t *testing.T) {
	tests := []struct {
		name        string
		clientMsgID string
		sends       int
		delivered   int
	}{
		// With client_msg_id a repeat cannot deliver twice: retried.
		{"RetriedWithClientMsgID", "leave-1", 2, 1},
		// Without it the -1 is returned: the caller decides.
		{"NotRetriedWithout", "", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, envOpts{})
			if err := e.sim.InjectFault(sim.Fault{Path: "/mp/cgi-bin/message/template/send", ErrCode: -1, Count: 1}); err != nil {
				t.Fatal(err)
			}
			m := leave("o-alice")
			m.ClientMsgID = tt.clientMsgID
			_, err := e.client.SendTemplate(context.Background(), acct, m)
			if (tt.delivered == 1) != (err == nil) || (err != nil && mp.CodeOf(err) != mp.CodeBusy) {
				t.Errorf("err = %v", err)
			}
			if _, send := e.calls(); send != tt.sends {
				t.Errorf("template/send calls = %d, want %d", send, tt.sends)
			}
			if n := len(e.sim.TemplateMessages(appID, "o-alice")); n != tt.delivered {
				t.Errorf("alice got %d messages, want %d", n, tt.delivered)
			}
		})
	}
}

func TestSendTemplateRateLimited(t *testing.T) {
	e := mustEnv(t, envOpts{})
	if err := e.sim.InjectFault(sim.Fault{Path: "/mp/cgi-bin/message/template/send", ErrCode: mp.CodeRateLimited, Count: 1}); err != nil {
		t.Fatal(err)
	}
	m := leave("o-alice")
	m.ClientMsgID = "leave-limited"
	_, err := e.client.SendTemplate(context.Background(), acct, m)
	if !errors.Is(err, mp.ErrRateLimited) {
		t.Fatalf("err = %v, want a rate limit", err)
	}
	if wait, ok := mp.RetryAfterOf(err); !ok || wait != time.Minute {
		t.Errorf("RetryAfterOf = %v, %v; want a minute", wait, ok)
	}
	if _, send := e.calls(); send != 1 {
		t.Errorf("template/send calls = %d, want 1 (a rate limit is not retried)", send)
	}
}

// TestTemplates lists the account's templates with their keywords in order, against the simulator, and reads
// WeChat's content lines with labels ("项目名称:{{thing1.DATA}}") as well as the simulator's bare ones.
func TestTemplates(t *testing.T) {
	e := mustEnv(t, envOpts{})
	if err := e.sim.AddTemplate(appID, "tpl-notice", "公告通知", []string{"thing3", "time4", "thing5"}); err != nil {
		t.Fatal(err)
	}
	got, err := e.client.Templates(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	want := []mp.Template{
		{ID: tplLeave, Title: "请假审批提醒", Keywords: []mp.Keyword{{Key: "thing1"}, {Key: "time2"}}},
		{ID: "tpl-notice", Title: "公告通知", Keywords: []mp.Keyword{{Key: "thing3"}, {Key: "time4"}, {Key: "thing5"}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("templates (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		content string
		want    []mp.Keyword
	}{
		{"项目名称:{{thing1.DATA}}\n审批时间：{{time2.DATA}}\n", []mp.Keyword{{Key: "thing1", Label: "项目名称"}, {Key: "time2", Label: "审批时间"}}},
		{"{{first.DATA}}\n单号：{{ character_string3.DATA }}\n{{remark.DATA}}", []mp.Keyword{{Key: "first"}, {Key: "character_string3", Label: "单号"}, {Key: "remark"}}},
		{"没有字段", nil},
	} {
		if diff := cmp.Diff(c.want, mp.KeywordsOf(c.content)); diff != "" {
			t.Errorf("keywords of %q (-want +got):\n%s", c.content, diff)
		}
	}
}
