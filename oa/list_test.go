package oa_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/oa"
)

// TestPagination walks each box page by page: every item once, newest first, with a stable total.
func TestPagination(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	var want []uint64
	for range 7 {
		it := e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver}})
		mustHandle(t, e, a, a.approver, it.ID, oa.ActionApprove)
		want = append([]uint64{it.ID}, want...)
	}
	for range 7 {
		it := e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.third}})
		want = append([]uint64{it.ID}, want...)
	}
	boxes := []struct {
		box    oa.Box
		viewer uint64
		want   []uint64
	}{
		{oa.BoxSent, a.sender, want},
		{oa.BoxDone, a.approver, want[7:]},
		{oa.BoxTodo, a.third, want[:7]},
	}
	for _, b := range boxes {
		t.Run(string(b.box), func(t *testing.T) {
			var got []uint64
			after := ""
			for {
				p, err := e.oa.Search(a.ctx, b.viewer, oa.ListQuery{Box: b.box, First: 3, After: after})
				if err != nil {
					t.Fatal(err)
				}
				if p.TotalCount != len(b.want) {
					t.Errorf("total = %d, want %d", p.TotalCount, len(b.want))
				}
				for _, it := range p.Items {
					got = append(got, it.ID)
				}
				if !p.HasNext {
					break
				}
				after = p.EndCursor
			}
			if diff := cmp.Diff(b.want, got); diff != "" {
				t.Errorf("pages (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("ErrBadInput", func(t *testing.T) {
		_, err := e.oa.Search(a.ctx, a.sender, oa.ListQuery{Box: oa.BoxSent, First: 0})
		wantField(t, err, "first")
		_, err = e.oa.Search(a.ctx, a.sender, oa.ListQuery{Box: oa.BoxSent, First: 10, After: "!!"})
		wantField(t, err, "after")
		_, err = e.oa.Search(a.ctx, a.sender, oa.ListQuery{Box: "archive", First: 10})
		wantField(t, err, "box")
	})
}

// TestCountsAndSearch: each box's count, and keyword search on title (any case, wildcards literal) and in todo and
// done on the sender's name, with two tenants.
func TestCountsAndSearch(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenant(t), e.tenant(t)
	budget := e.send(t, a, oa.SendInput{Title: "季度预算 Budget", RecipientIDs: []uint64{a.approver}})
	leave := e.send(t, a, oa.SendInput{Title: "请假申请 100%", RecipientIDs: []uint64{a.approver}})
	review, err := e.oa.Send(a.ctx, a.third, oa.SendInput{Title: "budget review", RecipientIDs: []uint64{a.approver}})
	if err != nil {
		t.Fatal(err)
	}
	done := e.send(t, a, oa.SendInput{Title: "已批 budget", RecipientIDs: []uint64{a.approver}})
	mustHandle(t, e, a, a.approver, done.ID, oa.ActionApprove)
	// Another tenant's items with the same words count nowhere in a.
	if _, err := e.oa.Send(b.ctx, b.sender, oa.SendInput{Title: "Budget", RecipientIDs: []uint64{b.approver}}); err != nil {
		t.Fatal(err)
	}

	counts := []struct {
		name   string
		viewer uint64
		want   oa.Counts
	}{
		{"Approver", a.approver, oa.Counts{Todo: 3, Done: 1}},
		{"Sender", a.sender, oa.Counts{Sent: 3}},
		{"Third", a.third, oa.Counts{Sent: 1}},
		{"Outside", a.outside, oa.Counts{}},
	}
	for _, c := range counts {
		t.Run("Counts/"+c.name, func(t *testing.T) {
			got, err := e.oa.Counts(a.ctx, c.viewer)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
		})
	}

	searches := []struct {
		name    string
		viewer  uint64
		box     oa.Box
		keyword string
		want    []uint64
	}{
		{"TodoTitleAnyCase", a.approver, oa.BoxTodo, "BUDGET", []uint64{review.ID, budget.ID}},
		{"TodoChinese", a.approver, oa.BoxTodo, "请假", []uint64{leave.ID}},
		{"TodoSenderName", a.approver, oa.BoxTodo, "王三", []uint64{review.ID}},
		{"TodoPercentIsLiteral", a.approver, oa.BoxTodo, "100%", []uint64{leave.ID}},
		{"TodoWildcardsLiteral", a.approver, oa.BoxTodo, "_", nil},
		{"TodoNoMatch", a.approver, oa.BoxTodo, "报销", nil},
		{"DoneTitle", a.approver, oa.BoxDone, "budget", []uint64{done.ID}},
		{"DoneSenderName", a.approver, oa.BoxDone, "张发起", []uint64{done.ID}},
		{"SentTitle", a.sender, oa.BoxSent, "budget", []uint64{done.ID, budget.ID}},
		{"BlankKeywordIsAll", a.sender, oa.BoxSent, "  ", []uint64{done.ID, leave.ID, budget.ID}},
	}
	for _, s := range searches {
		t.Run("Search/"+s.name, func(t *testing.T) {
			p, err := e.oa.Search(a.ctx, s.viewer, oa.ListQuery{Box: s.box, First: 10, Keyword: s.keyword})
			if err != nil {
				t.Fatal(err)
			}
			var got []uint64
			for _, it := range p.Items {
				got = append(got, it.ID)
			}
			if diff := cmp.Diff(s.want, got); diff != "" || p.TotalCount != len(s.want) {
				t.Errorf("items (-want +got):\n%s total %d", diff, p.TotalCount)
			}
		})
	}
	t.Run("Search/PagesWithKeyword", func(t *testing.T) {
		p, err := e.oa.Search(a.ctx, a.approver, oa.ListQuery{Box: oa.BoxTodo, First: 1, Keyword: "budget"})
		if err != nil || len(p.Items) != 1 || p.Items[0].ID != review.ID || !p.HasNext || p.TotalCount != 2 {
			t.Fatalf("page 1: %+v %v", p, err)
		}
		p, err = e.oa.Search(a.ctx, a.approver, oa.ListQuery{Box: oa.BoxTodo, First: 1, After: p.EndCursor, Keyword: "budget"})
		if err != nil || len(p.Items) != 1 || p.Items[0].ID != budget.ID || p.HasNext {
			t.Fatalf("page 2: %+v %v", p, err)
		}
	})
	t.Run("Search/ErrLongKeyword", func(t *testing.T) {
		_, err := e.oa.Search(a.ctx, a.approver, oa.ListQuery{Box: oa.BoxTodo, First: 1, Keyword: string(bytes.Repeat([]byte("字"), oa.MaxKeywordRunes+1))})
		wantField(t, err, "keyword")
	})
}

// TestActions: the detail offers exactly what this viewer may do now (seed 000 §3.2.1.1).
func TestActions(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	handle := []oa.Action{oa.ActionApprove, oa.ActionReject, oa.ActionComment}
	plain := func(t *testing.T) oa.Item {
		return e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver, a.third}})
	}
	cases := []struct {
		name  string
		setup func(t *testing.T) oa.Item
		want  map[uint64][]oa.Action // viewer → actions; absent viewers get nil
	}{
		{"Fresh", plain, map[uint64][]oa.Action{a.sender: {oa.ActionWithdraw}, a.approver: handle, a.third: handle}},
		{"AfterComment", func(t *testing.T) oa.Item {
			it := plain(t)
			mustHandle(t, e, a, a.approver, it.ID, oa.ActionComment)
			return it
		}, map[uint64][]oa.Action{a.approver: handle, a.third: handle}},
		{"AfterOneApproval", func(t *testing.T) oa.Item {
			it := plain(t)
			mustHandle(t, e, a, a.approver, it.ID, oa.ActionApprove)
			return it
		}, map[uint64][]oa.Action{a.third: handle}},
		{"Rejected", func(t *testing.T) oa.Item {
			it := plain(t)
			mustHandle(t, e, a, a.approver, it.ID, oa.ActionReject)
			return it
		}, nil},
		{"Withdrawn", func(t *testing.T) oa.Item {
			it := plain(t)
			if _, err := e.oa.Withdraw(a.ctx, a.sender, it.ID); err != nil {
				t.Fatal(err)
			}
			return it
		}, nil},
		{"RelatedAndAttachments", func(t *testing.T) oa.Item {
			rel := plain(t)
			return e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver, a.third}, RelatedIDs: []uint64{rel.ID},
				Attachments: []oa.AttachmentInput{textFile("说明.txt", "hello")}})
		}, map[uint64][]oa.Action{
			a.sender:   {oa.ActionWithdraw, oa.ActionRelated, oa.ActionAttachments},
			a.approver: append(handle, oa.ActionRelated, oa.ActionAttachments),
			a.third:    append(handle, oa.ActionRelated, oa.ActionAttachments),
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it := c.setup(t)
			for _, viewer := range []uint64{a.sender, a.approver, a.third} {
				v, err := e.oa.Get(a.ctx, viewer, it.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(c.want[viewer], v.Actions); diff != "" {
					t.Errorf("viewer %d actions (-want +got):\n%s", viewer, diff)
				}
			}
			_, err := e.oa.Get(a.ctx, a.outside, it.ID)
			wantCode(t, err, "not_found")
		})
	}
}
