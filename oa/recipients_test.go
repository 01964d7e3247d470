package oa_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
)

// TestRecipientSummaries: each item's recipient count and its first SummaryRecipients recipients by employee id,
// for a whole page in one call; items of another tenant and unknown ids are left out.
func TestRecipientSummaries(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	more := []uint64{e.employee(t, tn, "钱五", directory.StatusActive), e.employee(t, tn, "孙六", directory.StatusActive)}
	one := e.send(t, tn, oa.SendInput{RecipientIDs: []uint64{tn.approver}})
	three := e.send(t, tn, oa.SendInput{RecipientIDs: []uint64{tn.outside, tn.third, tn.approver}})
	five := e.send(t, tn, oa.SendInput{RecipientIDs: append([]uint64{more[1], more[0], tn.outside, tn.third}, tn.approver)})
	other := e.tenant(t)
	elsewhere := e.send(t, other, oa.SendInput{RecipientIDs: []uint64{other.approver}})

	got, err := e.oa.RecipientSummaries(tn.ctx, []uint64{one.ID, three.ID, five.ID, elsewhere.ID, 999999999})
	if err != nil {
		t.Fatal(err)
	}
	want := map[uint64]oa.RecipientSummary{
		one.ID:   {Count: 1, First: []uint64{tn.approver}},
		three.ID: {Count: 3, First: []uint64{tn.approver, tn.third, tn.outside}},
		five.ID:  {Count: 5, First: []uint64{tn.approver, tn.third, tn.outside}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summaries (-want +got):\n%s", diff)
	}
	if got, err := e.oa.RecipientSummaries(tn.ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no items: %v, %v", got, err)
	}
}
