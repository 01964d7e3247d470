package callbacks_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// openMessages returns the IDs of t's event messages not done, by ID.
func (e *env) openMessages(tb testing.TB, t tenant) []uint64 {
	tb.Helper()
	var ids []uint64
	err := e.db.WithContext(t.ctx()).Model(&outbox.Message{}).Where("kind = ? AND done_at IS NULL", outbox.KindWeComEvent).
		Order("id").Pluck("id", &ids).Error
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}

// row is what a test compares of an inbox row.
type row struct {
	Status    callbacks.Status
	Reason    string // a part of it
	Error     string // a part of it
	Attempts  int
	Processed bool // processed_at set
}

// rowOf reads inbox row id as a row, its reason and error replaced by want's parts when they contain them.
func (e *env) rowOf(tb testing.TB, t tenant, id uint64, want row) row {
	tb.Helper()
	got, err := e.svc.Get(t.ctx(), id)
	if err != nil {
		tb.Fatal(err)
	}
	part := func(s *string, p string) string {
		switch {
		case s == nil:
			return ""
		case p != "" && strings.Contains(*s, p):
			return p
		}
		return *s
	}
	return row{Status: got.Status, Reason: part(got.Reason, want.Reason), Error: part(got.Error, want.Error),
		Attempts: got.Attempts, Processed: got.ProcessedAt != nil}
}

// TestProcessBatchOutcomes: events of every outcome processed as one batch each get their own, in one transaction,
// in the order of their messages whatever the order they are named in; the same batch run again acts on none.
func TestProcessBatchOutcomes(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	now := e.clock.Now()
	approver := tn.userID("approver")
	base := wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", CreateTime: now.Unix(), MsgType: "event"}
	with := func(f func(*wxcrypt.Event)) wxcrypt.Event { ev := base; f(&ev); return ev }
	bad, err := e.sim.AddExternalContact(tn.CorpID, tn.userID("sender"), sim.ExternalContact{Name: "客户\u202e丁"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		ev   wxcrypt.Event
		want row
	}{
		{"Kept", with(func(e *wxcrypt.Event) { e.Event, e.ChangeType, e.UserID = "change_contact", "create_user", "new1" }),
			row{Status: callbacks.StatusKept, Reason: "留待通讯录同步", Attempts: 1, Processed: true}},
		// The approver's two changes in the order they came: the first is not undone by the second seen as older.
		{"EnterAgentFirst", with(func(e *wxcrypt.Event) {
			e.Event, e.FromUserName, e.AgentID, e.CreateTime = "enter_agent", approver, tn.AgentID, now.Unix()+1
		}), row{Status: callbacks.StatusProcessed, Reason: "记为 active", Attempts: 1, Processed: true}},
		{"DisabledAfter", with(func(e *wxcrypt.Event) {
			e.Event, e.ChangeType, e.UserID, e.Status, e.CreateTime = "change_contact", "update_user", approver, "2", now.Unix()+2
		}), row{Status: callbacks.StatusProcessed, Reason: "记为 disabled", Attempts: 1, Processed: true}},
		{"Ignored", with(func(e *wxcrypt.Event) { e.Event = "some_future_event" }),
			row{Status: callbacks.StatusIgnored, Reason: "some_future_event", Attempts: 1, Processed: true}},
		{"FailedForGood", tn.event("add_external_contact", tn.userID("sender"), bad, now),
			row{Status: callbacks.StatusFailed, Error: "U+202E", Attempts: 1}},
	}
	ids := make([]uint64, len(cases))
	for i, tc := range cases {
		ids[i] = e.receive(t, tn, "oa", tc.ev).ID
	}
	msgs := e.openMessages(t, tn)
	slices.Reverse(msgs)
	for run := range 2 {
		if err := e.svc.ProcessBatch(tn.ctx(), msgs, false); err != nil {
			t.Fatalf("run %d: ProcessBatch = %v", run, err)
		}
		for i, tc := range cases {
			if diff := cmp.Diff(tc.want, e.rowOf(t, tn, ids[i], tc.want)); diff != "" {
				t.Errorf("run %d, %s (-want +got):\n%s", run, tc.name, diff)
			}
		}
		if open := e.openMessages(t, tn); len(open) != 0 {
			t.Errorf("run %d: messages left open %v", run, open)
		}
	}
}

// TestProcessBatchRetry: an event of a batch failing in a way trying again may mend is recorded failed and its
// message left open while the others are recorded and done; the retry handles it alone, and the last try gives it
// up (failed, its message done). Each event is acted on once in all.
func TestProcessBatchRetry(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	sender := tn.userID("sender")
	contact, err := e.sim.AddExternalContact(tn.CorpID, sender, sim.ExternalContact{Name: "客户戊"})
	if err != nil {
		t.Fatal(err)
	}
	now := e.clock.Now()
	created := func(u string) wxcrypt.Event {
		return wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", CreateTime: now.Unix(), MsgType: "event",
			Event: "change_contact", ChangeType: "create_user", UserID: u}
	}
	rows := []uint64{
		e.receive(t, tn, "contacts", created("a")).ID,
		e.receive(t, tn, "customers", tn.event("add_external_contact", sender, contact, now)).ID,
		e.receive(t, tn, "contacts", created("b")).ID,
	}
	msgs := e.openMessages(t, tn)
	if err := e.sim.InjectFault(sim.Fault{Path: "/cgi-bin/externalcontact/get", ErrCode: -1}); err != nil {
		t.Fatal(err)
	}
	kept := row{Status: callbacks.StatusKept, Reason: "留待通讯录同步", Attempts: 1, Processed: true}
	failed := func(n int) row { return row{Status: callbacks.StatusFailed, Error: "-1", Attempts: n} }
	steps := []struct {
		name    string
		final   bool
		wantErr bool
		want    []row
		open    []uint64
	}{
		{"FirstTry", false, true, []row{kept, failed(1), kept}, msgs[1:2]},
		{"Retry", false, true, []row{kept, failed(2), kept}, msgs[1:2]},
		{"LastTry", true, false, []row{kept, failed(3), kept}, nil},
		{"RunAgain", true, false, []row{kept, failed(3), kept}, nil},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			err := e.svc.ProcessBatch(tn.ctx(), msgs, s.final)
			if s.wantErr != (err != nil) || (err != nil && !apperr.Is(err, apperr.Internal)) {
				t.Errorf("ProcessBatch = %v, want an internal error: %v", err, s.wantErr)
			}
			for i, id := range rows {
				if diff := cmp.Diff(s.want[i], e.rowOf(t, tn, id, s.want[i])); diff != "" {
					t.Errorf("event %d (-want +got):\n%s", i, diff)
				}
			}
			if diff := cmp.Diff(s.open, e.openMessages(t, tn), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("open messages (-want +got):\n%s", diff)
			}
		})
	}
}
