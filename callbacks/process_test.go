package callbacks_test

import (
	"context"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

func ptr[T any](v T) *T { return &v }

// TestExternalContactEvents: change_external_contact keeps the external contacts directory as WeCom has it: an
// added or edited contact is read from WeCom with its followers, a deleted follower goes, and the contact with it
// when nobody follows it any more.
func TestExternalContactEvents(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	sender, approver := tn.userID("sender"), tn.userID("approver")
	now := e.clock.Now()
	followers := func(t *testing.T, id string) map[uint64]string {
		t.Helper()
		c, err := e.dir.ExternalContact(tn.ctx(), id)
		if err != nil {
			t.Fatalf("ExternalContact(%s): %v", id, err)
		}
		out := map[uint64]string{}
		for _, f := range c.Followers {
			out[f.EmployeeID] = ""
			if f.Remark != nil {
				out[f.EmployeeID] = *f.Remark
			}
		}
		return out
	}
	last := func(t *testing.T) callbacks.Event {
		t.Helper()
		rows := e.inbox(t, tn)
		if len(rows) == 0 {
			t.Fatal("inbox empty")
		}
		return rows[0]
	}

	id, err := e.sim.AddExternalContact(tn.CorpID, sender, sim.ExternalContact{Name: "客户甲", Type: 2, CorpName: "甲公司",
		Position: "采购", Gender: 2, Remark: "甲-王总", State: "expo"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Add", func(t *testing.T) {
		e.receive(t, tn, "customers", tn.event("add_external_contact", sender, id, now))
		e.drain(t, tn)
		c, err := e.dir.ExternalContact(tn.ctx(), id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != "客户甲" || c.Type != directory.ContactWeCom || *c.CorpName != "甲公司" || c.Gender != directory.GenderFemale ||
			len(c.Followers) != 1 || c.Followers[0].EmployeeID != tn.Employees["sender"].ID || *c.Followers[0].State != "expo" {
			t.Errorf("contact = %+v", c)
		}
		if r := last(t); r.Status != callbacks.StatusProcessed || r.ProcessedAt == nil || r.Receiver != "customers" ||
			r.Event != "change_external_contact" || r.ChangeType != "add_external_contact" {
			t.Errorf("inbox row = %+v", r)
		}
	})
	t.Run("AddHalfByAnotherMember", func(t *testing.T) {
		if _, err := e.sim.AddExternalContact(tn.CorpID, approver, sim.ExternalContact{ExternalUserID: id, Remark: "王总"}); err != nil {
			t.Fatal(err)
		}
		e.receive(t, tn, "oa", tn.event("add_half_external_contact", approver, id, now.Add(1)))
		e.drain(t, tn)
		if got := followers(t, id); len(got) != 2 || got[tn.Employees["approver"].ID] != "王总" {
			t.Errorf("followers = %v", got)
		}
	})
	t.Run("Edit", func(t *testing.T) {
		if err := e.sim.EditExternalContact(tn.CorpID, sender, id, sim.FollowEdit{Remark: ptr("甲-王总(VIP)")}); err != nil {
			t.Fatal(err)
		}
		ev := tn.event("edit_external_contact", sender, id, now)
		ev.CreateTime++ // another event than the add
		e.receive(t, tn, "customers", ev)
		e.drain(t, tn)
		if got := followers(t, id)[tn.Employees["sender"].ID]; got != "甲-王总(VIP)" {
			t.Errorf("sender's remark = %q", got)
		}
	})
	t.Run("DelFollowUser", func(t *testing.T) {
		if err := e.sim.DeleteFollowUser(tn.CorpID, id, approver); err != nil {
			t.Fatal(err)
		}
		e.receive(t, tn, "customers", tn.event("del_follow_user", approver, id, now))
		e.drain(t, tn)
		if got := followers(t, id); len(got) != 1 {
			t.Errorf("followers after del_follow_user = %v", got)
		}
		if r := last(t); r.Status != callbacks.StatusProcessed || *r.Reason != "已移除跟进人" {
			t.Errorf("inbox row = %+v", r)
		}
	})
	t.Run("DelExternalContact", func(t *testing.T) {
		if err := e.sim.DeleteExternalContact(tn.CorpID, sender, id); err != nil {
			t.Fatal(err)
		}
		e.receive(t, tn, "customers", tn.event("del_external_contact", sender, id, now))
		e.drain(t, tn)
		if _, err := e.dir.ExternalContact(tn.ctx(), id); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("contact after its last follower went: %v, want not_found", err)
		}
	})
	t.Run("EditOfAContactWeComNoLongerHas", func(t *testing.T) {
		if _, err := e.dir.UpsertExternalContact(tn.ctx(), directory.ExternalContact{ExternalUserID: "wmGone", Name: "旧客户",
			Type: directory.ContactWeChat, Followers: []directory.ExternalFollower{{EmployeeID: tn.Employees["sender"].ID}}}); err != nil {
			t.Fatal(err)
		}
		e.receive(t, tn, "customers", tn.event("edit_external_contact", sender, "wmGone", now))
		e.drain(t, tn)
		if _, err := e.dir.ExternalContact(tn.ctx(), "wmGone"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("contact WeCom answers 40096 for: %v, want not_found", err)
		}
	})
}

// TestOutcomes: what each kind of event becomes, unknown ones included.
func TestOutcomes(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	now := e.clock.Now()
	base := wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", CreateTime: now.Unix(), MsgType: "event"}
	with := func(f func(*wxcrypt.Event)) wxcrypt.Event { ev := base; f(&ev); return ev }
	cases := []struct {
		name   string
		ev     wxcrypt.Event
		status callbacks.Status
		reason string
	}{
		{"CreateUserKeptForTheSync", with(func(e *wxcrypt.Event) { e.Event, e.ChangeType, e.UserID = "change_contact", "create_user", "new1" }),
			callbacks.StatusKept, "留待通讯录同步"},
		{"DeletePartyKept", with(func(e *wxcrypt.Event) { e.Event, e.ChangeType, e.Id = "change_contact", "delete_party", 9 }),
			callbacks.StatusKept, "留待通讯录同步"},
		{"StatusOfAnEmployee", with(func(e *wxcrypt.Event) {
			e.Event, e.ChangeType, e.UserID, e.Status = "change_contact", "update_user", tn.userID("sender"), "2"
		}), callbacks.StatusProcessed, "企业微信状态记为 disabled"},
		{"UnknownStatusKept", with(func(e *wxcrypt.Event) {
			e.Event, e.ChangeType, e.UserID, e.Status = "change_contact", "update_user", tn.userID("sender"), "9"
		}), callbacks.StatusKept, "成员状态 9 未知"},
		{"StatusOfAStranger", with(func(e *wxcrypt.Event) {
			e.Event, e.ChangeType, e.UserID, e.Status = "change_contact", "update_user", "stranger", "5"
		}), callbacks.StatusIgnored, "不是本企业员工"},
		{"EnterAgent", with(func(e *wxcrypt.Event) {
			e.Event, e.FromUserName, e.AgentID = "enter_agent", tn.userID("approver"), tn.AgentID
		}), callbacks.StatusProcessed, "进入应用：" + tn.userID("approver") + " 的企业微信状态记为 active"},
		// Opening the app again changes nothing, and an older status change arriving late does not undo it.
		{"EnterAgentAgain", with(func(e *wxcrypt.Event) {
			e.Event, e.FromUserName, e.AgentID, e.CreateTime = "enter_agent", tn.userID("approver"), tn.AgentID, now.Unix()+1
		}), callbacks.StatusIgnored, "无变化"},
		{"OlderStatusChange", with(func(e *wxcrypt.Event) {
			e.Event, e.ChangeType, e.UserID, e.Status, e.CreateTime = "change_contact", "update_user", tn.userID("approver"), "4", now.Unix()-60
		}), callbacks.StatusIgnored, "事件早于已记录的状态"},
		{"UnknownEvent", with(func(e *wxcrypt.Event) { e.Event = "some_future_event" }), callbacks.StatusIgnored, "some_future_event"},
		{"TextMessage", with(func(e *wxcrypt.Event) { e.MsgType, e.Content, e.MsgId = "text", "你好", "1234" }),
			callbacks.StatusIgnored, "text"},
		{"TransferFail", with(func(e *wxcrypt.Event) {
			e.Event, e.ChangeType, e.ExternalUserID, e.UserID = "change_external_contact", "transfer_fail", "wm1", "u"
		}), callbacks.StatusIgnored, "transfer_fail"},
		{"DeleteByAStranger", with(func(e *wxcrypt.Event) {
			e.Event, e.ChangeType, e.ExternalUserID, e.UserID = "change_external_contact", "del_follow_user", "wm1", "stranger"
		}), callbacks.StatusIgnored, "不是本企业员工"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.receive(t, tn, "oa", tc.ev)
			e.drain(t, tn)
			got, err := e.svc.Get(tn.ctx(), r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tc.status || got.Reason == nil || !strings.Contains(*got.Reason, tc.reason) || got.Error != nil {
				t.Errorf("row = status %s reason %v error %v, want %s with %q", got.Status, deref(got.Reason), deref(got.Error),
					tc.status, tc.reason)
			}
		})
	}
	for who, want := range map[string]directory.WeComStatus{"approver": directory.WeComActive, "sender": directory.WeComDisabled} {
		emp, err := e.dir.EmployeeByWeComUserID(tn.ctx(), tn.userID(who))
		if err != nil || emp.WeComStatus == nil || *emp.WeComStatus != want {
			t.Errorf("%s's WeCom state = %v (%v), want %s", who, emp.WeComStatus, err, want)
		}
	}
}

func deref(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// TestFailureAndReplay: a failure trying again may mend is recorded and retried; one it cannot is recorded failed
// and ends; Replay reopens any row through a new outbox message.
func TestFailureAndReplay(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	sender := tn.userID("sender")
	id, err := e.sim.AddExternalContact(tn.CorpID, sender, sim.ExternalContact{Name: "客户乙"})
	if err != nil {
		t.Fatal(err)
	}
	r := e.receive(t, tn, "customers", tn.event("add_external_contact", sender, id, e.clock.Now()))
	var m outbox.Message
	if err := e.db.WithContext(tn.ctx()).Where("kind = ? AND done_at IS NULL", outbox.KindWeComEvent).Take(&m).Error; err != nil {
		t.Fatal(err)
	}

	t.Run("Transient", func(t *testing.T) {
		if err := e.sim.InjectFault(sim.Fault{Path: "/cgi-bin/externalcontact/get", ErrCode: 60020, Count: 1}); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Process(tn.ctx(), m.ID); err == nil {
			t.Fatal("Process with WeCom refusing = nil, want an error for the queue to retry")
		}
		got, _ := e.svc.Get(tn.ctx(), r.ID)
		if got.Status != callbacks.StatusFailed || got.Attempts != 1 || got.Error == nil || !strings.Contains(*got.Error, "60020") {
			t.Errorf("row after a failure = %+v", got)
		}
		if mm, _ := e.outbox.Get(tn.ctx(), m.ID); mm.DoneAt != nil {
			t.Error("outbox message done after a failure that is retried")
		}
		if err := e.svc.Process(tn.ctx(), m.ID); err != nil {
			t.Fatalf("retry: %v", err)
		}
		got, _ = e.svc.Get(tn.ctx(), r.ID)
		if got.Status != callbacks.StatusProcessed || got.Attempts != 2 || got.Error != nil {
			t.Errorf("row after the retry = %+v", got)
		}
	})
	t.Run("Replay", func(t *testing.T) {
		if err := e.sim.EditExternalContact(tn.CorpID, sender, id, sim.FollowEdit{Remark: ptr("重放后")}); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Replay(tn.ctx(), r.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.svc.Get(tn.ctx(), r.ID); got.Status != callbacks.StatusReceived || got.Replays != 1 {
			t.Errorf("row after Replay = %+v", got)
		}
		if n := e.drain(t, tn); n != 1 {
			t.Errorf("outbox messages after Replay = %d, want 1", n)
		}
		got, _ := e.svc.Get(tn.ctx(), r.ID)
		c, err := e.dir.ExternalContact(tn.ctx(), id)
		if err != nil || got.Status != callbacks.StatusProcessed || got.Attempts != 3 || *c.Followers[0].Remark != "重放后" {
			t.Errorf("after the replay: row %+v, contact %+v, %v", got, c, err)
		}
		if err := e.svc.Replay(tn.ctx(), 999999999); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Replay of an unknown row = %v, want not_found", err)
		}
	})
	t.Run("Permanent", func(t *testing.T) {
		bad, err := e.sim.AddExternalContact(tn.CorpID, sender, sim.ExternalContact{Name: "客户\u202e丙"})
		if err != nil {
			t.Fatal(err)
		}
		r := e.receive(t, tn, "customers", tn.event("add_external_contact", sender, bad, e.clock.Now()))
		e.drain(t, tn)
		got, _ := e.svc.Get(tn.ctx(), r.ID)
		if got.Status != callbacks.StatusFailed || got.Error == nil || got.Attempts != 1 {
			t.Errorf("row of a contact the directory refuses = %+v", got)
		}
		if n := e.drain(t, tn); n != 0 {
			t.Errorf("a permanent failure left %d outbox messages open", n)
		}
	})
	t.Run("OtherTenantCannotReplay", func(t *testing.T) {
		other := e.tenant(t)
		if err := e.svc.Replay(other.ctx(), r.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Replay from another tenant = %v, want not_found", err)
		}
		if _, err := e.svc.Get(other.ctx(), r.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Get from another tenant = %v, want not_found", err)
		}
	})
	if _, err := e.svc.List(context.Background(), callbacks.Filter{}, 10, ""); apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("List without a tenant = %v, want internal", err)
	}
}
