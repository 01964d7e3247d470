package notice_test

import (
	"errors"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
	"github.com/qiao-hq/qiao/outbox"
)

// TestFrozenInAudience: someone frozen at publish time (a lost phone) gets a receipt and is counted, but is not
// pushed to; once active again they list, open and read the notice. Resigned people get nothing.
func TestFrozenInAudience(t *testing.T) {
	env, s := newStore(t)
	tests := []struct {
		name           string
		kind           notice.Kind
		audience       func(noticetest.Tenant) notice.Audience
		receipts, push func(noticetest.Tenant) []uint64
	}{
		{"AllStaff", notice.KindNotice,
			func(noticetest.Tenant) notice.Audience { return notice.Audience{All: true} },
			func(tn noticetest.Tenant) []uint64 { return tn.ActiveIDs }, // Ben included, frozen
			func(tn noticetest.Tenant) []uint64 { return []uint64{tn.Ann, tn.Cat} }},
		{"Department", notice.KindNews,
			func(tn noticetest.Tenant) notice.Audience { return notice.Audience{DepartmentIDs: []uint64{tn.Sales}} },
			func(tn noticetest.Tenant) []uint64 { return tn.SalesActiveIDs },
			func(tn noticetest.Tenant) []uint64 { return []uint64{tn.Ann} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tn := env.Tenant(t)
			env.SetStatus(t, tn.Ctx, tn.Ben, directory.StatusFrozen)
			in := toAll(tt.kind, "冻结期间发布")
			in.Audience = tt.audience(tn)
			n := mustPublish(t, s, tn, in)
			if want := len(tt.receipts(tn)); n.RecipientCount != want {
				t.Errorf("recipientCount %d, want %d", n.RecipientCount, want)
			}
			wantRecipients(t, env, tn, n.ID, tt.receipts(tn))
			kind := outbox.KindNoticePublished
			if tt.kind == notice.KindNews {
				kind = outbox.KindNewsPublished
			}
			wantPushes(t, env, tn, n.ID, kind, tt.push(tn))
			if _, err := s.Get(tn.Ctx, tn.Gone, n.ID); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("resigned employee sees it: %v", err)
			}

			env.SetStatus(t, tn.Ctx, tn.Ben, directory.StatusActive)
			page, err := s.List(tn.Ctx, tn.Ben, tt.kind, 10, "")
			if err != nil || page.TotalCount != 1 || len(page.Entries) != 1 || page.Entries[0].Notice.ID != n.ID {
				t.Fatalf("Ben's list once unfrozen %+v %v, want the notice", page, err)
			}
			if c, err := s.UnreadCounts(tn.Ctx, tn.Ben); err != nil || c[tt.kind] != 1 {
				t.Errorf("Ben's unread %v %v, want 1", c, err)
			}
			if e, err := s.MarkRead(tn.Ctx, tn.Ben, n.ID); err != nil || e.ReadAt == nil {
				t.Errorf("Ben marks read: %+v %v", e, err)
			}
		})
	}
}

// TestOnlyFrozenInvalid: an audience with nobody active (only frozen and resigned people) is refused and writes
// nothing, though frozen people count as the audience otherwise.
func TestOnlyFrozenInvalid(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	dept := env.AddDepartment(t, tn.Ctx, tn.Ben, tn.Gone)
	env.SetStatus(t, tn.Ctx, tn.Ben, directory.StatusFrozen)
	in := toAll(notice.KindNotice, "无人在职")
	in.Audience = notice.Audience{DepartmentIDs: []uint64{dept}}
	_, err := s.Publish(tn.Ctx, tn.Admin, directory.RoleAdmin, in)
	var ae *apperr.Error
	if !apperr.Is(err, apperr.Invalid) || !errors.As(err, &ae) || ae.Field != "audience" {
		t.Fatalf("err = %v, want invalid on audience", err)
	}
	if n := env.Count(t, tn.Ctx, &notice.Notice{}) + env.Count(t, tn.Ctx, &notice.Receipt{}) + env.Count(t, tn.Ctx, &outbox.Message{}); n != 0 {
		t.Errorf("%d rows written by a refused publish", n)
	}
}
