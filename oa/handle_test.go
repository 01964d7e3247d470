package oa_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
)

// TestRules: all must approve, or any one approves; a rejection ends either; the others' rows close.
func TestRules(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	two := []uint64{a.approver, a.third}
	send := func(t *testing.T, rule oa.Rule) oa.Item {
		return e.send(t, a, oa.SendInput{Rule: rule, RecipientIDs: two})
	}
	handle := func(t *testing.T, who, id uint64, act oa.Action, want oa.Status) {
		t.Helper()
		got, err := e.oa.Handle(a.ctx, who, id, act, "ok")
		if err != nil || got.Status != want {
			t.Fatalf("%s by %d: status %v err %v, want %v", act, who, got.Status, err, want)
		}
	}
	t.Run("AllMustApprove", func(t *testing.T) {
		it := send(t, oa.RuleAll)
		handle(t, a.approver, it.ID, oa.ActionApprove, oa.StatusPending)
		handle(t, a.third, it.ID, oa.ActionApprove, oa.StatusApproved)
	})
	t.Run("AnyOneApproves", func(t *testing.T) {
		it := send(t, oa.RuleAny)
		handle(t, a.approver, it.ID, oa.ActionApprove, oa.StatusApproved)
		want := map[uint64]oa.State{a.approver: oa.StateApproved, a.third: oa.StateClosed}
		if diff := cmp.Diff(want, e.states(t, a, it.ID)); diff != "" {
			t.Errorf("states (-want +got):\n%s", diff)
		}
		_, err := e.oa.Handle(a.ctx, a.third, it.ID, oa.ActionReject, "")
		wantCode(t, err, apperr.Conflict)
	})
	for _, rule := range []oa.Rule{oa.RuleAll, oa.RuleAny} {
		t.Run("RejectionEnds/"+string(rule), func(t *testing.T) {
			it := send(t, rule)
			handle(t, a.approver, it.ID, oa.ActionReject, oa.StatusRejected)
			before := e.snapshot(t, a)
			_, err := e.oa.Handle(a.ctx, a.third, it.ID, oa.ActionApprove, "")
			wantCode(t, err, apperr.Conflict)
			if after := e.snapshot(t, a); after != before {
				t.Errorf("wrote %+v → %+v", before, after)
			}
			want := map[uint64]oa.State{a.approver: oa.StateRejected, a.third: oa.StateClosed}
			if diff := cmp.Diff(want, e.states(t, a, it.ID)); diff != "" {
				t.Errorf("states (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("HandledPushToSender", func(t *testing.T) {
		it := send(t, oa.RuleAll)
		handle(t, a.approver, it.ID, oa.ActionApprove, oa.StatusPending)
		var m outbox.Message
		if err := e.db.WithContext(a.ctx).Where("dedup_key = ?", key(outbox.KindCollabHandled, it.ID, a.approver)).First(&m).Error; err != nil {
			t.Fatalf("no handled push: %v", err)
		}
		if m.Kind != outbox.KindCollabHandled {
			t.Errorf("kind %q", m.Kind)
		}
		var p outbox.CollabPayload
		if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
			t.Fatal(err)
		}
		if p.State != string(oa.StateApproved) || p.Status != string(oa.StatusPending) {
			t.Errorf("payload state %q status %q, want the approval and the item still pending", p.State, p.Status)
		}
	})
}

// TestWhoMayHandle: handling twice, the sender, someone not sent the item and another tenant all get typed errors
// and write nothing.
func TestWhoMayHandle(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenant(t), e.tenant(t)
	it := e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver, a.third}})
	if _, err := e.oa.Handle(a.ctx, a.approver, it.ID, oa.ActionApprove, "同意"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		tn     tenant
		viewer uint64
		action oa.Action
		code   apperr.Code
	}{
		{"Twice", a, a.approver, oa.ActionApprove, apperr.Conflict},
		{"TwiceOtherWay", a, a.approver, oa.ActionReject, apperr.Conflict},
		{"CommentAfterDeciding", a, a.approver, oa.ActionComment, apperr.Conflict},
		{"Sender", a, a.sender, oa.ActionApprove, apperr.Forbidden},
		{"SenderComments", a, a.sender, oa.ActionComment, apperr.Forbidden},
		{"NotSent", a, a.outside, oa.ActionApprove, apperr.NotFound},
		{"NotSentComments", a, a.outside, oa.ActionComment, apperr.NotFound},
		{"OtherTenant", b, b.approver, oa.ActionApprove, apperr.NotFound},
		{"UnknownAction", a, a.third, "forward", apperr.Invalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.snapshot(t, a)
			_, err := e.oa.Handle(c.tn.ctx, c.viewer, it.ID, c.action, "意见")
			wantCode(t, err, c.code)
			if after := e.snapshot(t, a); after != before {
				t.Errorf("wrote %+v → %+v", before, after)
			}
		})
	}
}

// TestComment: a comment keeps everyone's state, may be repeated while pending, and tells the sender each time.
func TestComment(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	it := e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver}})
	t.Run("ErrEmpty", func(t *testing.T) {
		_, err := e.oa.Handle(a.ctx, a.approver, it.ID, oa.ActionComment, "  ")
		wantField(t, err, "opinion")
	})
	for _, text := range []string{"请补充预算明细", "已收到补充"} {
		got, err := e.oa.Handle(a.ctx, a.approver, it.ID, oa.ActionComment, text)
		if err != nil || got.Status != oa.StatusPending {
			t.Fatalf("comment: %v %v", got.Status, err)
		}
	}
	if diff := cmp.Diff(map[uint64]oa.State{a.approver: oa.StatePending}, e.states(t, a, it.ID)); diff != "" {
		t.Errorf("a comment changed the state (-want +got):\n%s", diff)
	}
	v, err := e.oa.Get(a.ctx, a.sender, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	var texts, keys []string
	for _, c := range v.Comments {
		if c.AuthorID != a.approver {
			t.Errorf("comment author %d", c.AuthorID)
		}
		texts = append(texts, c.Body)
		keys = append(keys, key(outbox.KindCollabCommented, it.ID, c.ID))
	}
	if diff := cmp.Diff([]string{"请补充预算明细", "已收到补充"}, texts); diff != "" {
		t.Errorf("comments (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(keys, e.outboxKeys(t, a, outbox.KindCollabCommented)); diff != "" {
		t.Errorf("commented pushes (-want +got):\n%s", diff)
	}
	// The item can still be decided after comments.
	if got, err := e.oa.Handle(a.ctx, a.approver, it.ID, oa.ActionApprove, ""); err != nil || got.Status != oa.StatusApproved {
		t.Fatalf("approve after comments: %v %v", got.Status, err)
	}
}

// TestWithdraw: the sender takes an unhandled item back; the recipients' rows close and each is told. Once anyone
// has decided or commented, or for anyone but the sender, it is refused and nothing is written.
func TestWithdraw(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenant(t), e.tenant(t)
	two := []uint64{a.approver, a.third}
	t.Run("OK", func(t *testing.T) {
		it := e.send(t, a, oa.SendInput{RecipientIDs: two})
		got, err := e.oa.Withdraw(a.ctx, a.sender, it.ID)
		if err != nil || got.Status != oa.StatusWithdrawn {
			t.Fatalf("withdraw: %v %v", got.Status, err)
		}
		want := map[uint64]oa.State{a.approver: oa.StateClosed, a.third: oa.StateClosed}
		if diff := cmp.Diff(want, e.states(t, a, it.ID)); diff != "" {
			t.Errorf("states (-want +got):\n%s", diff)
		}
		n := e.rows(t, a, &outbox.Message{}, "dedup_key IN ?", []string{key(outbox.KindCollabWithdrawn, it.ID, a.approver), key(outbox.KindCollabWithdrawn, it.ID, a.third)})
		if n != 2 {
			t.Errorf("%d withdrawn pushes, want 2", n)
		}
		page, err := e.oa.Search(a.ctx, a.approver, oa.ListQuery{Box: oa.BoxTodo, First: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			if p.ID == it.ID {
				t.Error("a withdrawn item stays in todo")
			}
		}
		before := e.snapshot(t, a)
		_, err = e.oa.Handle(a.ctx, a.approver, it.ID, oa.ActionApprove, "")
		wantCode(t, err, apperr.Conflict)
		_, err = e.oa.Handle(a.ctx, a.approver, it.ID, oa.ActionComment, "x")
		wantCode(t, err, apperr.Conflict)
		_, err = e.oa.Withdraw(a.ctx, a.sender, it.ID)
		wantCode(t, err, apperr.Conflict)
		if after := e.snapshot(t, a); after != before {
			t.Errorf("wrote %+v → %+v", before, after)
		}
	})
	refused := []struct {
		name   string
		before func(t *testing.T, id uint64)
		tn     tenant
		viewer uint64
		code   apperr.Code
	}{
		{"ErrCommented", func(t *testing.T, id uint64) { mustHandle(t, e, a, a.approver, id, oa.ActionComment) }, a, a.sender, apperr.Conflict},
		{"ErrApproved", func(t *testing.T, id uint64) { mustHandle(t, e, a, a.approver, id, oa.ActionApprove) }, a, a.sender, apperr.Conflict},
		{"ErrRejected", func(t *testing.T, id uint64) { mustHandle(t, e, a, a.third, id, oa.ActionReject) }, a, a.sender, apperr.Conflict},
		{"ErrRecipient", nil, a, a.approver, apperr.Forbidden},
		{"ErrStranger", nil, a, a.outside, apperr.NotFound},
		{"ErrOtherTenant", nil, b, b.sender, apperr.NotFound},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			it := e.send(t, a, oa.SendInput{RecipientIDs: two})
			if c.before != nil {
				c.before(t, it.ID)
			}
			before := e.snapshot(t, a)
			_, err := e.oa.Withdraw(c.tn.ctx, c.viewer, it.ID)
			wantCode(t, err, c.code)
			if after := e.snapshot(t, a); after != before {
				t.Errorf("wrote %+v → %+v", before, after)
			}
			if got, _ := e.oa.Lookup(a.ctx, it.ID); got.Status == oa.StatusWithdrawn {
				t.Error("item withdrawn")
			}
		})
	}
}

func mustHandle(t *testing.T, e *env, tn tenant, who, id uint64, act oa.Action) {
	t.Helper()
	if _, err := e.oa.Handle(tn.ctx, who, id, act, "意见"); err != nil {
		t.Fatalf("%s: %v", act, err)
	}
}

// TestConcurrentHandle: the same approver handling one item from several phones at once records one decision;
// every other call is a conflict and writes nothing.
func TestConcurrentHandle(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	it := e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver, a.third}})
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			action := oa.ActionApprove
			if i%2 == 1 {
				action = oa.ActionReject
			}
			_, errs[i] = e.oa.Handle(a.ctx, a.approver, it.ID, action, "")
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !apperr.Is(err, apperr.Conflict):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d handles succeeded, want exactly 1", ok)
	}
	if got := e.outboxKeys(t, a, outbox.KindCollabHandled); len(got) != 1 {
		t.Errorf("handled pushes %v, want 1", got)
	}
	if s := e.states(t, a, it.ID)[a.approver]; s != oa.StateApproved && s != oa.StateRejected {
		t.Errorf("approver state %s", s)
	}
}

// TestConcurrentWithdrawAndComment: a withdrawal racing a comment: exactly one wins, and the loser leaves no trace.
func TestConcurrentWithdrawAndComment(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	for range 5 {
		it := e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver}})
		var wg sync.WaitGroup
		var werr, cerr error
		wg.Go(func() { _, werr = e.oa.Withdraw(a.ctx, a.sender, it.ID) })
		wg.Go(func() { _, cerr = e.oa.Handle(a.ctx, a.approver, it.ID, oa.ActionComment, "稍等") })
		wg.Wait()
		if (werr == nil) == (cerr == nil) {
			t.Fatalf("withdraw err %v, comment err %v: want exactly one to succeed", werr, cerr)
		}
		comments := e.rows(t, a, &oa.Comment{}, "item_id = ?", it.ID)
		got, _ := e.oa.Lookup(a.ctx, it.ID)
		if werr == nil {
			wantCode(t, cerr, apperr.Conflict)
			if comments != 0 || got.Status != oa.StatusWithdrawn {
				t.Errorf("withdrawn, yet %d comments, status %s", comments, got.Status)
			}
		} else {
			wantCode(t, werr, apperr.Conflict)
			if comments != 1 || got.Status != oa.StatusPending {
				t.Errorf("commented, yet %d comments, status %s", comments, got.Status)
			}
		}
	}
}

// TestRepeatedComment: a double tap sends the same comment twice at once; one is kept and pushed, the other is a
// conflict that writes nothing. The same text is a new comment again once RepeatCommentWindow has passed.
func TestRepeatedComment(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	it := e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver, a.third}})
	const text = "请补充预算明细"
	t.Run("ErrConcurrentSame", func(t *testing.T) {
		const n = 2
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { _, errs[i] = e.oa.Handle(a.ctx, a.approver, it.ID, oa.ActionComment, text) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !apperr.Is(err, apperr.Conflict):
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d comments accepted, want exactly 1 (errors %v)", ok, errs)
		}
		if got := e.rows(t, a, &oa.Comment{}, "item_id = ?", it.ID); got != 1 {
			t.Errorf("%d comment rows, want 1", got)
		}
		if got := e.outboxKeys(t, a, outbox.KindCollabCommented); len(got) != 1 {
			t.Errorf("commented pushes %v, want 1", got)
		}
	})
	t.Run("OtherPersonSameText", func(t *testing.T) {
		mustComment(t, e, a, a.third, it.ID, text)
	})
	t.Run("ErrSameWithinWindow", func(t *testing.T) {
		e.clock.Advance(oa.RepeatCommentWindow - time.Second)
		before := e.snapshot(t, a)
		_, err := e.oa.Handle(a.ctx, a.approver, it.ID, oa.ActionComment, "  "+text+" ")
		wantCode(t, err, apperr.Conflict)
		if after := e.snapshot(t, a); after != before {
			t.Errorf("wrote %+v → %+v", before, after)
		}
	})
	t.Run("SameAfterWindow", func(t *testing.T) {
		e.clock.Advance(time.Second)
		mustComment(t, e, a, a.approver, it.ID, text)
		if got := e.rows(t, a, &oa.Comment{}, "item_id = ? AND author_id = ?", it.ID, a.approver); got != 2 {
			t.Errorf("%d comments by the approver, want 2", got)
		}
	})
}

func mustComment(t *testing.T, e *env, tn tenant, who, id uint64, text string) {
	t.Helper()
	if _, err := e.oa.Handle(tn.ctx, who, id, oa.ActionComment, text); err != nil {
		t.Fatalf("comment: %v", err)
	}
}
