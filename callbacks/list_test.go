package callbacks_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// TestList: the admin's list, newest first, filtered and paged, scoped to the tenant.
func TestList(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	other := e.tenant(t)
	now := e.clock.Now()
	var ids []uint64 // in the order received
	for i := range 5 {
		ev := wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", CreateTime: now.Unix() + int64(i), MsgType: "event",
			Event: "change_contact", ChangeType: "create_user", UserID: fmt.Sprintf("u%d", i)}
		recv := "contacts"
		if i%2 == 1 {
			ev.Event, ev.ChangeType, ev.UserID = "some_future_event", "", ""
			recv = "oa"
		}
		ids = append(ids, e.receive(t, tn, recv, ev).ID)
	}
	e.receive(t, other, "oa", wxcrypt.Event{ToUserName: other.CorpID, CreateTime: now.Unix(), MsgType: "event", Event: "x"})
	e.drain(t, tn)

	list := func(t *testing.T, f callbacks.Filter, first int, after string) ([]uint64, callbacks.Page) {
		t.Helper()
		p, err := e.svc.List(tn.ctx(), f, first, after)
		if err != nil {
			t.Fatal(err)
		}
		var got []uint64
		for _, ev := range p.Events {
			got = append(got, ev.ID)
		}
		return got, p
	}
	cases := []struct {
		name string
		f    callbacks.Filter
		want []uint64
	}{
		{"All", callbacks.Filter{}, []uint64{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{"Receiver", callbacks.Filter{Receiver: "oa"}, []uint64{ids[3], ids[1]}},
		{"Event", callbacks.Filter{Event: "change_contact"}, []uint64{ids[4], ids[2], ids[0]}},
		{"Status", callbacks.Filter{Status: callbacks.StatusIgnored}, []uint64{ids[3], ids[1]}},
		{"Combined", callbacks.Filter{Receiver: "contacts", Status: callbacks.StatusKept}, []uint64{ids[4], ids[2], ids[0]}},
		{"Nothing", callbacks.Filter{Status: callbacks.StatusFailed}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := list(t, tc.f, 10, "")
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("List (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("Pages", func(t *testing.T) {
		var got []uint64
		after := ""
		for range 3 {
			page, p := list(t, callbacks.Filter{}, 2, after)
			got = append(got, page...)
			if !p.HasNext {
				break
			}
			after = p.EndCursor
		}
		if diff := cmp.Diff([]uint64{ids[4], ids[3], ids[2], ids[1], ids[0]}, got); diff != "" {
			t.Errorf("pages (-want +got):\n%s", diff)
		}
	})
	t.Run("Refusals", func(t *testing.T) {
		for _, c := range []struct {
			field string
			f     callbacks.Filter
			first int
			after string
		}{
			{"first", callbacks.Filter{}, 0, ""},
			{"first", callbacks.Filter{}, callbacks.MaxPageSize + 1, ""},
			{"after", callbacks.Filter{}, 10, "!!"},
			{"status", callbacks.Filter{Status: "done"}, 10, ""},
		} {
			_, err := e.svc.List(tn.ctx(), c.f, c.first, c.after)
			var ae *apperr.Error
			if !apperr.Is(err, apperr.Invalid) || !asAppErr(err, &ae) || ae.Field != c.field {
				t.Errorf("List(%+v, %d, %q) = %v, want invalid on %s", c.f, c.first, c.after, err, c.field)
			}
		}
	})
}

// TestPullExternalContacts: the full pull reads every member's customers, page by page, and writes them with their
// followers; members who are not employees are left out and counted; a second pull changes nothing. (The
// simulator lists as follow users the members who have customers: the admin has none.)
func TestPullExternalContacts(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	sender, approver := tn.userID("sender"), tn.userID("approver")
	if err := e.sim.AddUser(tn.CorpID, "outsider", "外人"); err != nil {
		t.Fatal(err)
	}
	const n = 130 // more than one batch/get_by_user page
	var shared string
	for i := range n {
		id, err := e.sim.AddExternalContact(tn.CorpID, sender, sim.ExternalContact{Name: fmt.Sprintf("客户%03d", i)})
		if err != nil {
			t.Fatal(err)
		}
		if i == 7 {
			shared = id
		}
	}
	for _, u := range []string{approver, "outsider"} {
		if _, err := e.sim.AddExternalContact(tn.CorpID, u, sim.ExternalContact{ExternalUserID: shared, Remark: u}); err != nil {
			t.Fatal(err)
		}
	}
	want := callbacks.PullCounts{Members: 3, Contacts: n, Followers: n + 1, NotEmployees: 1}
	got, err := e.svc.PullExternalContacts(tn.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	page, err := e.dir.ListExternalContacts(tn.ctx(), nil, 10, "")
	if err != nil || page.TotalCount != n {
		t.Fatalf("directory holds %d contacts (%v), want %d", page.TotalCount, err, n)
	}
	c, err := e.dir.ExternalContact(tn.ctx(), shared)
	if err != nil || len(c.Followers) != 2 {
		t.Errorf("shared contact = %+v, %v; want the sender and the approver following", c, err)
	}

	t.Run("AsAQueueTask", func(t *testing.T) {
		if err := e.svc.RequestPull(tn.ctx()); err != nil {
			t.Fatal(err)
		}
		if k := e.drain(t, tn); k != 1 {
			t.Errorf("outbox messages = %d, want the pull's", k)
		}
		if k := e.drain(t, tn); k != 0 {
			t.Errorf("the pull's message is not done: %d open", k)
		}
		page, _ := e.dir.ListExternalContacts(tn.ctx(), nil, 10, "")
		if page.TotalCount != n {
			t.Errorf("after a second pull: %d contacts", page.TotalCount)
		}
	})
	t.Run("RefusedContactCounted", func(t *testing.T) {
		if _, err := e.sim.AddExternalContact(tn.CorpID, sender, sim.ExternalContact{Name: "坏\u202e名"}); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.PullExternalContacts(tn.ctx())
		if err != nil || got.Refused != 1 || got.Contacts != n || got.FirstRefusal == "" {
			t.Errorf("pull = %+v, %v; want one refused and %d written", got, err, n)
		}
	})
	t.Run("GoneFromWeComDeleted", func(t *testing.T) {
		if _, err := e.dir.UpsertExternalContact(tn.ctx(), directory.ExternalContact{ExternalUserID: "wmGONE", Name: "已删除的客户",
			Type: directory.ContactWeChat}); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.PullExternalContacts(tn.ctx())
		if err != nil || got.Deleted != 1 {
			t.Fatalf("pull = %+v, %v; want the contact WeCom no longer lists deleted", got, err)
		}
		if _, err := e.dir.ExternalContact(tn.ctx(), "wmGONE"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("wmGONE after the pull: %v, want not_found", err)
		}
		if _, err := e.dir.ExternalContact(tn.ctx(), shared); err != nil {
			t.Errorf("a contact WeCom lists was deleted: %v", err)
		}
	})
	t.Run("DailyPull", func(t *testing.T) {
		china := time.FixedZone("CST", 8*3600)
		day := e.clock.Now().In(china)
		daily := func() int64 {
			var n int64
			if err := e.db.WithContext(tn.ctx()).Model(&outbox.Message{}).
				Where("kind = ? AND dedup_key LIKE ?", outbox.KindWeComPull, "%:daily:%").Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		e.clock.Set(time.Date(day.Year(), day.Month(), day.Day(), 2, 59, 0, 0, china))
		if _, err := e.svc.RequestDailyPulls(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := daily(); n != 0 {
			t.Fatalf("daily pulls before 03:00: %d", n)
		}
		// Every tenant's time is within an hour after 03:00: at 04:00 each one's has come, once.
		e.clock.Set(time.Date(day.Year(), day.Month(), day.Day(), 4, 0, 0, 0, china))
		for range 2 {
			if _, err := e.svc.RequestDailyPulls(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		if n := daily(); n != 1 {
			t.Errorf("daily pulls at 04:00 after two ticks: %d, want 1", n)
		}
	})
	t.Run("Unbound", func(t *testing.T) {
		ctx := e.unboundTenant(t)
		if _, err := e.svc.PullExternalContacts(ctx); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("pull of an unbound tenant = %v, want not_found", err)
		}
	})
}

// TestPrune: retention deletes processed, ignored and failed rows received before the cutoff, across tenants, and
// keeps the rows waiting for processing and those kept for the directory sync.
func TestPrune(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	now := e.clock.Now()
	ev := func(i int, event string) wxcrypt.Event {
		return wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", CreateTime: now.Unix() + int64(i), MsgType: "event",
			Event: event, ChangeType: "create_user"}
	}
	ignored := e.receive(t, tn, "oa", ev(1, "unknown_event")).ID
	kept := e.receive(t, tn, "contacts", ev(2, "change_contact")).ID
	e.drain(t, tn)
	waiting := e.receive(t, tn, "oa", ev(3, "unknown_event")).ID
	if n, err := e.svc.Prune(context.Background(), now.Add(-time.Hour), 100); err != nil || n != 0 {
		t.Fatalf("Prune before the cutoff = %d, %v", n, err)
	}
	n, err := e.svc.Prune(context.Background(), now.Add(time.Hour), 100) // other tests' rows go too
	if err != nil || n < 1 {
		t.Fatalf("Prune = %d, %v; want the ignored row at least", n, err)
	}
	if _, err := e.svc.Get(tn.ctx(), ignored); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("ignored row after Prune: %v", err)
	}
	for _, id := range []uint64{kept, waiting} {
		if _, err := e.svc.Get(tn.ctx(), id); err != nil {
			t.Errorf("row %d after Prune: %v", id, err)
		}
	}
}
