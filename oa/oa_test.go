package oa_test

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// TestConcurrentHandle: the same approver handling one item from several phones at once records one decision;
// every other call is a conflict and writes nothing.
func TestConcurrentHandle(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "race")
	ctx := tn.Ctx()
	item, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: "t", Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}})
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			action := oa.ActionApprove
			if i%2 == 1 {
				action = oa.ActionReject
			}
			_, errs[i] = env.OA.Handle(ctx, tn.Approver.EmployeeID, item.ID, action, "")
		}()
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
	var handled int64
	if err := env.DB.WithContext(ctx).Model(&outbox.Message{}).Where("kind = ?", outbox.KindCollabHandled).Count(&handled).Error; err != nil || handled != 1 {
		t.Errorf("handled pushes = %d (%v), want 1", handled, err)
	}
}

// TestRules: all must approve; a rejection ends the item and closes the others' rows; who may handle.
func TestRules(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "rules")
	ctx := tn.Ctx()
	uid := "rules-third"
	third, _, err := env.Directory.CreateEmployee(ctx, directory.Employee{Name: "第三人", WeComUserID: &uid, Status: directory.StatusActive}, "third", apptest.Password, directory.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	two := []uint64{tn.Approver.EmployeeID, third.ID}
	send := func(t *testing.T) oa.Item {
		it, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: "t", Body: "b", RecipientIDs: two})
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	t.Run("AllMustApprove", func(t *testing.T) {
		it := send(t)
		got, err := env.OA.Handle(ctx, tn.Approver.EmployeeID, it.ID, oa.ActionApprove, "ok")
		if err != nil || got.Status != oa.StatusPending {
			t.Fatalf("after one approval: %v %v, want pending", got.Status, err)
		}
		got, err = env.OA.Handle(ctx, third.ID, it.ID, oa.ActionApprove, "")
		if err != nil || got.Status != oa.StatusApproved {
			t.Fatalf("after both: %v %v, want approved", got.Status, err)
		}
	})
	t.Run("RejectionEnds", func(t *testing.T) {
		it := send(t)
		got, err := env.OA.Handle(ctx, tn.Approver.EmployeeID, it.ID, oa.ActionReject, "不同意")
		if err != nil || got.Status != oa.StatusRejected {
			t.Fatalf("after rejection: %v %v, want rejected", got.Status, err)
		}
		if _, err := env.OA.Handle(ctx, third.ID, it.ID, oa.ActionApprove, ""); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("handling an ended item: %v, want conflict", err)
		}
		v, err := env.OA.Get(ctx, third.ID, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		states := map[uint64]oa.State{}
		for _, r := range v.Recipients {
			states[r.RecipientID] = r.State
		}
		want := map[uint64]oa.State{tn.Approver.EmployeeID: oa.StateRejected, third.ID: oa.StateClosed}
		if diff := cmp.Diff(want, states); diff != "" || len(v.Actions) != 0 {
			t.Errorf("states (-want +got):\n%s actions %v", diff, v.Actions)
		}
		page, err := env.OA.List(ctx, third.ID, oa.BoxTodo, 20, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			if p.ID == it.ID {
				t.Error("an ended item stays in the todo list")
			}
		}
	})
	t.Run("WhoMayHandle", func(t *testing.T) {
		it := send(t)
		cases := []struct {
			name   string
			viewer uint64
			code   apperr.Code
		}{
			{"Sender", tn.Sender.EmployeeID, apperr.Forbidden},
			{"Stranger", tn.Admin.EmployeeID, apperr.NotFound},
		}
		for _, c := range cases {
			if _, err := env.OA.Handle(ctx, c.viewer, it.ID, oa.ActionApprove, ""); !apperr.Is(err, c.code) {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
			if _, err := env.OA.Get(ctx, tn.Admin.EmployeeID, it.ID); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("stranger can see the item: %v", err)
			}
		}
	})
}

// TestPagination walks the sent list page by page: every item once, newest first, with a stable total.
func TestPagination(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "pages")
	ctx := tn.Ctx()
	var want []uint64
	for range 7 {
		it, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: "t", Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}})
		if err != nil {
			t.Fatal(err)
		}
		want = append([]uint64{it.ID}, want...)
	}
	for _, box := range []struct {
		box    oa.Box
		viewer uint64
	}{{oa.BoxSent, tn.Sender.EmployeeID}, {oa.BoxTodo, tn.Approver.EmployeeID}} {
		var got []uint64
		after := ""
		for {
			p, err := env.OA.List(ctx, box.viewer, box.box, 3, after)
			if err != nil {
				t.Fatal(err)
			}
			if p.TotalCount != 7 {
				t.Errorf("%s total = %d", box.box, p.TotalCount)
			}
			for _, it := range p.Items {
				got = append(got, it.ID)
			}
			if !p.HasNext {
				break
			}
			after = p.EndCursor
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s pages (-want +got):\n%s", box.box, diff)
		}
	}
}
