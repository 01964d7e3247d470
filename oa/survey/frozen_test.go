package survey_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
	"github.com/qiao-hq/qiao/oa/survey"
	"github.com/qiao-hq/qiao/outbox"
)

// TestFrozenInAudience: someone frozen at publish time (a lost phone) is a recipient and counted, but is not
// pushed to; once active again they list the survey and vote. Resigned people get nothing.
func TestFrozenInAudience(t *testing.T) {
	env, s := newStore(t)
	tests := []struct {
		name             string
		audience         func(noticetest.Tenant) notice.Audience
		recipients, push func(noticetest.Tenant) []uint64
	}{
		{"AllStaff",
			func(noticetest.Tenant) notice.Audience { return notice.Audience{All: true} },
			func(tn noticetest.Tenant) []uint64 { return tn.ActiveIDs }, // Ben included, frozen
			func(tn noticetest.Tenant) []uint64 { return []uint64{tn.Ann, tn.Cat} }},
		{"Department",
			func(tn noticetest.Tenant) notice.Audience { return notice.Audience{DepartmentIDs: []uint64{tn.Sales}} },
			func(tn noticetest.Tenant) []uint64 { return tn.SalesActiveIDs },
			func(tn noticetest.Tenant) []uint64 { return []uint64{tn.Ann} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tn := env.Tenant(t)
			env.SetStatus(t, tn.Ctx, tn.Ben, directory.StatusFrozen)
			in := input()
			in.Audience = tt.audience(tn)
			v := mustPublish(t, s, tn, in)
			if want := len(tt.recipients(tn)); v.Survey.RecipientCount != want {
				t.Errorf("recipientCount %d, want %d", v.Survey.RecipientCount, want)
			}
			var got []uint64
			if err := env.DB.WithContext(tn.Ctx).Model(&survey.Recipient{}).Where("survey_id = ?", v.Survey.ID).
				Order("employee_id").Pluck("employee_id", &got).Error; err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.recipients(tn), got); diff != "" {
				t.Errorf("recipients (-want +got):\n%s", diff)
			}
			var to []uint64
			for _, m := range env.Outbox(t, tn.Ctx, outbox.KindSurveyPublished) {
				var p outbox.PublishedPayload
				if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
					t.Fatal(err)
				}
				to = append(to, p.ToID)
			}
			if diff := cmp.Diff(tt.push(tn), to); diff != "" {
				t.Errorf("pushed to (-want +got):\n%s", diff)
			}
			if _, err := s.Get(tn.Ctx, tn.Gone, v.Survey.ID); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("resigned employee sees it: %v", err)
			}

			env.SetStatus(t, tn.Ctx, tn.Ben, directory.StatusActive)
			page, err := s.List(tn.Ctx, tn.Ben, 10, "")
			if err != nil || page.TotalCount != 1 || len(page.Entries) != 1 || page.Entries[0].Survey.ID != v.Survey.ID {
				t.Fatalf("Ben's list once unfrozen %+v %v, want the survey", page, err)
			}
			if got, err := s.Get(tn.Ctx, tn.Ben, v.Survey.ID); err != nil || !got.CanVote {
				t.Errorf("Ben's view %+v %v, want canVote", got, err)
			}
			if _, err := s.Vote(tn.Ctx, tn.Ben, v.Survey.ID, choose(v, 1)); err != nil {
				t.Errorf("Ben votes: %v", err)
			}
		})
	}
}

// TestOnlyFrozenInvalid: an audience with nobody active (only frozen and resigned people) is refused and writes
// nothing.
func TestOnlyFrozenInvalid(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	dept := env.AddDepartment(t, tn.Ctx, tn.Ben, tn.Gone)
	env.SetStatus(t, tn.Ctx, tn.Ben, directory.StatusFrozen)
	in := input()
	in.Audience = notice.Audience{DepartmentIDs: []uint64{dept}}
	_, err := s.Publish(tn.Ctx, tn.Admin, directory.RoleAdmin, in)
	wantField(t, err, apperr.Invalid, "audience")
	for _, model := range []any{&survey.Survey{}, &survey.Question{}, &survey.Option{}, &survey.Recipient{}, &outbox.Message{}} {
		if n := env.Count(t, tn.Ctx, model); n != 0 {
			t.Errorf("%T: %d rows written by a refused publish", model, n)
		}
	}
}
