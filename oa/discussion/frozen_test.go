package discussion_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
	"github.com/qiao-hq/qiao/outbox"
)

// TestFrozenInAudience: someone frozen when a discussion starts (a lost phone) is a member and counted, but is not
// pushed to; once active again they list, open and reply to it. Resigned people get nothing.
func TestFrozenInAudience(t *testing.T) {
	env, s := newStore(t)
	tests := []struct {
		name          string
		author        func(noticetest.Tenant) uint64
		audience      func(noticetest.Tenant) notice.Audience
		members, push func(noticetest.Tenant) []uint64
	}{
		{"AllStaff",
			func(tn noticetest.Tenant) uint64 { return tn.Ann },
			func(noticetest.Tenant) notice.Audience { return notice.Audience{All: true} },
			func(tn noticetest.Tenant) []uint64 { return tn.ActiveIDs }, // Ben included, frozen
			func(tn noticetest.Tenant) []uint64 { return sorted(tn.Admin, tn.Cat) }},
		{"Department",
			func(tn noticetest.Tenant) uint64 { return tn.Cat },
			func(tn noticetest.Tenant) notice.Audience { return notice.Audience{DepartmentIDs: []uint64{tn.Sales}} },
			func(tn noticetest.Tenant) []uint64 { return sorted(tn.Ann, tn.Ben, tn.Cat) },
			func(tn noticetest.Tenant) []uint64 { return []uint64{tn.Ann} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tn := env.Tenant(t)
			env.SetStatus(t, tn.Ctx, tn.Ben, directory.StatusFrozen)
			d := mustStart(t, s, tn, tt.author(tn), tt.audience(tn))
			if want := len(tt.members(tn)); d.MemberCount != want {
				t.Errorf("memberCount %d, want %d", d.MemberCount, want)
			}
			var got []uint64
			if err := env.DB.WithContext(tn.Ctx).Model(&discussion.Member{}).Where("discussion_id = ?", d.ID).
				Order("employee_id").Pluck("employee_id", &got).Error; err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.members(tn), got); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(map[uint64][]uint64{0: tt.push(tn)}, pushes(t, env, tn, outbox.KindDiscussionPublished, d.ID)); diff != "" {
				t.Errorf("start pushes (-want +got):\n%s", diff)
			}
			if _, err := s.Get(tn.Ctx, tn.Gone, d.ID); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("resigned employee sees it: %v", err)
			}

			env.SetStatus(t, tn.Ctx, tn.Ben, directory.StatusActive)
			page, err := s.List(tn.Ctx, tn.Ben, 10, "")
			if err != nil || page.TotalCount != 1 || len(page.Discussions) != 1 || page.Discussions[0].ID != d.ID {
				t.Fatalf("Ben's list once unfrozen %+v %v, want the discussion", page, err)
			}
			if _, err := s.Get(tn.Ctx, tn.Ben, d.ID); err != nil {
				t.Errorf("Ben opens it: %v", err)
			}
			mustReply(t, s, tn, tn.Ben, d.ID, 0)
		})
	}
}

// TestOnlyFrozenInvalid: an audience with nobody active (only frozen and resigned people) is refused, even with an
// active author outside it, and writes nothing.
func TestOnlyFrozenInvalid(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	dept := env.AddDepartment(t, tn.Ctx, tn.Ben, tn.Gone)
	env.SetStatus(t, tn.Ctx, tn.Ben, directory.StatusFrozen)
	_, err := s.Start(tn.Ctx, tn.Cat, discussion.StartInput{Title: "t", Body: "b", Audience: notice.Audience{DepartmentIDs: []uint64{dept}}})
	var ae *apperr.Error
	if !apperr.Is(err, apperr.Invalid) || !errors.As(err, &ae) || ae.Field != "audience" {
		t.Fatalf("err = %v, want invalid on audience", err)
	}
	for _, model := range []any{&discussion.Discussion{}, &discussion.Member{}, &discussion.Participant{}, &outbox.Message{}} {
		if n := env.Count(t, tn.Ctx, model); n != 0 {
			t.Errorf("%T: %d rows written", model, n)
		}
	}
}
