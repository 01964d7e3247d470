package oa_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
)

// closedPushes returns the collab.closed messages of item id by recipient, failing the test on a message whose
// dedup key or recipient is not the one the decision path writes.
func (e *env) closedPushes(t *testing.T, tn tenant, id uint64) map[uint64]outbox.CollabPayload {
	t.Helper()
	var ms []outbox.Message
	if err := e.db.WithContext(tn.ctx).Where("kind = ? AND dedup_key LIKE ?", outbox.KindCollabClosed, outbox.KindCollabClosed+":"+itoa(id)+":%").
		Find(&ms).Error; err != nil {
		t.Fatal(err)
	}
	out := map[uint64]outbox.CollabPayload{}
	for _, m := range ms {
		var p outbox.CollabPayload
		if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
			t.Fatal(err)
		}
		if want := key(outbox.KindCollabClosed, id, p.ToID); m.DedupKey != want {
			t.Errorf("dedup key %q, want %q", m.DedupKey, want)
		}
		if _, dup := out[p.ToID]; dup {
			t.Errorf("two collab.closed messages for %d", p.ToID)
		}
		p.EventTime = 0
		out[p.ToID] = p
	}
	return out
}

// TestClosedPush: a decision that ends an item (a rejection under either rule, the first approval under RuleAny)
// tells each recipient whose pending row it closed, once; recipients who had decided are not told, and a decision
// that leaves the item pending tells nobody. The sender is told of the decision as before.
func TestClosedPush(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	three := []uint64{a.approver, a.third, a.outside}
	type step struct {
		who uint64
		act oa.Action
	}
	cases := []struct {
		name   string
		rule   oa.Rule
		steps  []step
		status oa.Status
		closed []uint64 // told, by the last step's decider
	}{
		{"AnyApproves", oa.RuleAny, []step{{a.approver, oa.ActionApprove}}, oa.StatusApproved, []uint64{a.third, a.outside}},
		{"AnyRejects", oa.RuleAny, []step{{a.third, oa.ActionReject}}, oa.StatusRejected, []uint64{a.approver, a.outside}},
		{"AllRejects", oa.RuleAll, []step{{a.outside, oa.ActionReject}}, oa.StatusRejected, []uint64{a.approver, a.third}},
		{"AllRejectsAfterApproval", oa.RuleAll, []step{{a.approver, oa.ActionApprove}, {a.third, oa.ActionReject}},
			oa.StatusRejected, []uint64{a.outside}},
		{"AllApprovesOthersPending", oa.RuleAll, []step{{a.approver, oa.ActionApprove}}, oa.StatusPending, nil},
		{"AllFullyApproved", oa.RuleAll, []step{{a.approver, oa.ActionApprove}, {a.third, oa.ActionApprove},
			{a.outside, oa.ActionApprove}}, oa.StatusApproved, nil},
		{"CommentOnly", oa.RuleAny, []step{{a.approver, oa.ActionComment}}, oa.StatusPending, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it := e.send(t, a, oa.SendInput{Rule: c.rule, RecipientIDs: three})
			var got oa.Item
			for _, s := range c.steps {
				var err error
				if got, err = e.oa.Handle(a.ctx, s.who, it.ID, s.act, "意见"); err != nil {
					t.Fatalf("%s by %d: %v", s.act, s.who, err)
				}
			}
			if got.Status != c.status {
				t.Fatalf("status %s, want %s", got.Status, c.status)
			}
			last := c.steps[len(c.steps)-1]
			want := map[uint64]outbox.CollabPayload{}
			for _, to := range c.closed {
				want[to] = outbox.CollabPayload{ItemID: it.ID, ToID: to, ActorID: last.who, Status: string(c.status)}
			}
			if diff := cmp.Diff(want, e.closedPushes(t, a, it.ID)); diff != "" {
				t.Errorf("closed pushes (-want +got):\n%s", diff)
			}
			if last.act != oa.ActionComment {
				var m outbox.Message
				if err := e.db.WithContext(a.ctx).Where("dedup_key = ?", key(outbox.KindCollabHandled, it.ID, last.who)).First(&m).Error; err != nil {
					t.Fatalf("no handled push: %v", err)
				}
				var p outbox.CollabPayload
				if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
					t.Fatal(err)
				}
				if p.ToID != a.sender || p.Status != string(c.status) {
					t.Errorf("handled push to %d with status %q, want the sender (%d) and %q", p.ToID, p.Status, a.sender, c.status)
				}
			}
			if c.status == oa.StatusPending {
				return
			}
			// Deciding again, by the decider or by someone whose row was closed, is refused and tells nobody again.
			before := e.snapshot(t, a)
			for _, who := range append([]uint64{last.who}, c.closed...) {
				for _, act := range []oa.Action{oa.ActionApprove, oa.ActionReject} {
					_, err := e.oa.Handle(a.ctx, who, it.ID, act, "")
					wantCode(t, err, apperr.Conflict)
				}
			}
			if after := e.snapshot(t, a); after != before {
				t.Errorf("wrote %+v → %+v", before, after)
			}
		})
	}
}

// TestConcurrentClosedPush: every recipient of an item decides at once. Exactly one decision ends the item, and
// each of the others, whose rows it closed, is told exactly once, by that decision.
func TestConcurrentClosedPush(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	three := []uint64{a.approver, a.third, a.outside}
	for i := range 6 {
		rule := oa.RuleAny
		if i%2 == 1 {
			rule = oa.RuleAll
		}
		it := e.send(t, a, oa.SendInput{Rule: rule, RecipientIDs: three})
		errs := make([]error, len(three)*2)
		var wg sync.WaitGroup
		for j := range errs {
			// Each recipient decides from two phones; under RuleAll everyone rejects, so the first ends the item.
			who, act := three[j/2], oa.ActionApprove
			if rule == oa.RuleAll {
				act = oa.ActionReject
			}
			wg.Go(func() { _, errs[j] = e.oa.Handle(a.ctx, who, it.ID, act, "") })
		}
		wg.Wait()
		var winner uint64
		for j, err := range errs {
			switch {
			case err == nil && winner != 0:
				t.Fatalf("%s: %d and %d both decided", rule, winner, three[j/2])
			case err == nil:
				winner = three[j/2]
			case !apperr.Is(err, apperr.Conflict):
				t.Fatalf("%s: unexpected error: %v", rule, err)
			}
		}
		if winner == 0 {
			t.Fatalf("%s: nobody decided", rule)
		}
		status := oa.StatusApproved
		if rule == oa.RuleAll {
			status = oa.StatusRejected
		}
		want := map[uint64]outbox.CollabPayload{}
		for _, to := range three {
			if to != winner {
				want[to] = outbox.CollabPayload{ItemID: it.ID, ToID: to, ActorID: winner, Status: string(status)}
			}
		}
		if diff := cmp.Diff(want, e.closedPushes(t, a, it.ID)); diff != "" {
			t.Errorf("%s: closed pushes (-want +got):\n%s", rule, diff)
		}
	}
}
