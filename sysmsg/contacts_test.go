package sysmsg_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/sysmsg"
)

// TestPostToContacts: a customer's contact named by login is accepted beside employees; their message is kept whole
// for their list and its outbox row names the account; a retry tells nobody twice; a frozen contact is unknown;
// a contact reads only their own messages, and opening one marks it read.
func TestPostToContacts(t *testing.T) {
	e := newEnv(t, mustDB(t, dsn), time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC))
	m := msg("quote-7", "报价单 7 已确认", "sender", "client", "frozen")
	res, err := e.svc.Post(e.ctx, "PB", m)
	if err != nil {
		t.Fatal(err)
	}
	want := sysmsg.Result{Accepted: []string{"sender", "client"}, Unknown: []string{"frozen"}, Refused: []sysmsg.Refusal{}}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Fatalf("result (-want +got):\n%s", diff)
	}
	rows := e.outboxRows(t)
	p, ok := rows[outbox.SystemContactKey("PB", "quote-7", client)]
	if len(rows) != 2 || !ok {
		t.Fatalf("outbox rows %v, want the employee's and the contact's", rows)
	}
	if p.ToAccount != client || p.ToID != 0 || p.Kept == 0 {
		t.Fatalf("contact's payload %+v, want to_account %d, no employee, the kept message", p, client)
	}
	// A retry writes nothing new.
	if _, err := e.svc.Post(e.ctx, "PB", m); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, "contact_messages"); n != 1 {
		t.Fatalf("%d kept messages after a retry, want 1", n)
	}
	if n := len(e.outboxRows(t)); n != 2 {
		t.Fatalf("%d outbox rows after a retry, want 2", n)
	}
	if _, err := e.svc.Post(e.ctx, "PB", msg("quote-8", "报价单 8 已确认", "client")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Post(e.ctx, "PB", msg("delivery-2", "送货单 2 待签收", "client2")); err != nil {
		t.Fatal(err)
	}

	list, more, unread, err := e.svc.Inbox(e.ctx, client, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || more || unread != 2 || list[0].Title != "报价单 8 已确认" || list[1].Content != "请审核" ||
		list[1].URL == nil || *list[1].URL != "https://pb.example/orders/9" {
		t.Fatalf("inbox %+v more %v unread %d, want both messages, newest first, whole, unread", list, more, unread)
	}
	others, _, _, err := e.svc.Inbox(e.ctx, client2, 10, 0)
	if err != nil || len(others) != 1 || others[0].Title != "送货单 2 待签收" {
		t.Fatalf("the other contact's inbox %+v, %v; want only their own message", others, err)
	}
	if _, err := e.svc.Read(e.ctx, client2, list[0].ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("reading another's message: %v, want not_found", err)
	}
	got, err := e.svc.Read(e.ctx, client, list[0].ID)
	if err != nil || got.ReadAt == nil {
		t.Fatalf("read %+v, %v; want it marked read", got, err)
	}
	if _, _, unread, _ := e.svc.Inbox(e.ctx, client, 10, 0); unread != 1 {
		t.Fatalf("%d unread after reading one, want 1", unread)
	}
}
