package notice_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa/notice"
)

// TestReadStatsResigned: someone who resigns after publication drops out of the read stats, so unread can still
// reach 0, while their receipt stays as it was.
func TestReadStatsResigned(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	in := toAll(notice.KindNotice, "离职后统计")
	in.Audience = notice.Audience{DepartmentIDs: []uint64{tn.Sales, tn.Dev}} // Ann, Ben and Cat
	n := mustPublish(t, s, tn, in)
	wantRecipients(t, env, tn, n.ID, []uint64{tn.Ann, tn.Ben, tn.Cat})
	if _, err := s.MarkRead(tn.Ctx, tn.Ann, n.ID); err != nil {
		t.Fatal(err)
	}
	env.SetStatus(t, tn.Ctx, tn.Ben, directory.StatusResigned)

	stats, err := s.ReadStats(tn.Ctx, tn.Admin, directory.RoleAdmin, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(notice.Stats{NoticeID: n.ID, Recipients: 2, Read: 1, Unread: 1}, stats); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	if got := env.Count(t, tn.Ctx, &notice.Receipt{}, "notice_id = ? AND employee_id = ?", n.ID, tn.Ben); got != 1 {
		t.Errorf("%d receipts of the resigned Ben, want 1 kept", got)
	}
}
