package sysmsg_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/testkit"
)

// TestPrune: Prune forgets the messageIds of every tenant first posted before the cut, with the people they told,
// a batch at a time, and keeps the younger ones; a forgotten messageId is new to the next post.
func TestPrune(t *testing.T) {
	// A database of its own: Prune serves every tenant, and the package's database holds other tests' records.
	db := mustDB(t, testkit.NewDatabase(t))
	t0 := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	a, b := newEnv(t, db, t0), newEnv(t, db, t0)
	post := func(e *env, id, title string, accounts ...string) error {
		t.Helper()
		_, err := e.svc.Post(e.ctx, "PB", msg(id, title, accounts...))
		return err
	}
	// Seven old messages, the tenants' interleaved in id order, three people each in A; then one young one in A.
	for i := range 5 {
		// A's old messages reach a customer's contact too, whose list keeps them as long as their record.
		if err := post(a, fmt.Sprintf("old-%d", i), "t", "sender", "approver", "third", "client"); err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			if err := post(b, fmt.Sprintf("old-%d", i), "t", "sender"); err != nil {
				t.Fatal(err)
			}
		}
		a.clock.Advance(time.Minute)
		b.clock.Advance(time.Minute)
	}
	cut := t0.Add(time.Hour)
	a.clock.Advance(2 * time.Hour)
	if err := post(a, "young", "t", "sender", "approver", "client"); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	t.Run("ErrLimitNotPositive", func(t *testing.T) {
		if _, err := sysmsg.Prune(ctx, db, cut, 0); err == nil {
			t.Error("Prune with limit 0 succeeded")
		}
	})
	t.Run("Batches", func(t *testing.T) {
		var got []int64
		for range 4 {
			n, err := sysmsg.Prune(ctx, db, cut, 3)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, n)
		}
		if want := []int64{3, 3, 1, 0}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("forgot %v per call, want %v", got, want)
		}
		for _, c := range []struct {
			e                  *env
			name               string
			records, recipents int
		}{{a, "A", 1, 2}, {b, "B", 0, 0}} {
			if n, r := c.e.count(t, "system_messages"), c.e.count(t, "system_message_recipients"); n != c.records || r != c.recipents {
				t.Errorf("%s keeps %d records with %d recipients, want %d with %d", c.name, n, r, c.records, c.recipents)
			}
			if kept := c.e.count(t, "contact_messages"); kept != c.records {
				t.Errorf("%s keeps %d messages for contacts, want %d (the young one's)", c.name, kept, c.records)
			}
		}
	})
	t.Run("Forgotten", func(t *testing.T) {
		a.pruneOutbox(t)
		if err := post(a, "old-0", "another message", "sender"); err != nil {
			t.Errorf("a forgotten messageId with another message: %v", err)
		}
		if p, ok := a.outboxRows(t)[key("old-0", sender)]; !ok || p.Title != "another message" {
			t.Errorf("the sender's row = %+v (present %v), want the new message", p, ok)
		}
		if err := post(a, "young", "another message", "sender"); !errors.Is(err, sysmsg.ErrMessageIDReused) {
			t.Errorf("a kept messageId with another message: %v, want ErrMessageIDReused", err)
		}
	})
}
