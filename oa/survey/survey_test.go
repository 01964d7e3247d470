package survey_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
	"github.com/qiao-hq/qiao/oa/survey"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

func newStore(t *testing.T) (*noticetest.Env, *survey.Store) {
	t.Helper()
	env := noticetest.New(t, dsn)
	return env, survey.NewStore(env.DB, env.Dir, env.Clock.Now)
}

// input is a survey for all staff: Q1 single choice, required (甲 乙 丙); Q2 multiple choice, optional, one or two
// of X Y Z.
func input() survey.PublishInput {
	return survey.PublishInput{
		Title: "午餐调查", Body: "<p>请投票</p>", Audience: notice.Audience{All: true},
		Questions: []survey.QuestionInput{
			{Text: "主食", Kind: survey.Single, Required: true, Options: []string{"甲", "乙", "丙"}},
			{Text: "饮料", Kind: survey.Multiple, MinChoices: 1, MaxChoices: 2, Options: []string{"X", "Y", "Z"}},
		},
	}
}

func mustPublish(t *testing.T, s *survey.Store, tn noticetest.Tenant, in survey.PublishInput) survey.View {
	t.Helper()
	v, err := s.Publish(tn.Ctx, tn.Admin, directory.RoleAdmin, in)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	return v
}

// opt returns the id of option j of question i.
func opt(v survey.View, i, j int) uint64 { return v.Questions[i].Options[j].ID }

func choose(v survey.View, q1 int, q2 ...int) []survey.Choice {
	cs := []survey.Choice{{QuestionID: v.Questions[0].ID, OptionIDs: []uint64{opt(v, 0, q1)}}}
	if len(q2) > 0 {
		c := survey.Choice{QuestionID: v.Questions[1].ID}
		for _, j := range q2 {
			c.OptionIDs = append(c.OptionIDs, opt(v, 1, j))
		}
		cs = append(cs, c)
	}
	return cs
}

func wantField(t *testing.T, err error, code apperr.Code, field string) {
	t.Helper()
	var ae *apperr.Error
	if !apperr.Is(err, code) || !errors.As(err, &ae) || ae.Field != field {
		t.Fatalf("err = %v, want %s on %q", err, code, field)
	}
}

// TestPublish: what is stored, for whom, and the pushes.
func TestPublish(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	in := input()
	in.Audience = notice.Audience{DepartmentIDs: []uint64{tn.Sales}}
	v := mustPublish(t, s, tn, in)
	if v.Survey.ResultsVisibility != survey.ResultsToVoters || v.State != survey.StateOpen || v.Survey.ClosesAt != nil {
		t.Errorf("defaults: %+v", v.Survey)
	}
	if v.CanVote || !v.CanSeeResults {
		t.Errorf("publisher outside the audience: canVote %v canSeeResults %v, want false true", v.CanVote, v.CanSeeResults)
	}
	if len(v.Questions) != 2 || len(v.Questions[1].Options) != 3 || v.Questions[1].MaxChoices != 2 || v.Questions[0].MaxChoices != 1 {
		t.Fatalf("questions %+v", v.Questions)
	}
	got, err := s.Get(tn.Ctx, tn.Ann, v.Survey.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(v.Questions, got.Questions); diff != "" {
		t.Errorf("stored questions (-published +read):\n%s", diff)
	}
	if !got.CanVote || got.CanSeeResults || got.Voted {
		t.Errorf("Ann before voting: %+v", got)
	}
	var to []uint64
	for _, m := range env.Outbox(t, tn.Ctx, outbox.KindSurveyPublished) {
		var p outbox.PublishedPayload
		if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
			t.Fatal(err)
		}
		if m.DedupKey != fmt.Sprintf("survey:%d:to:%d", v.Survey.ID, p.ToID) || p.ItemID != v.Survey.ID {
			t.Errorf("push %s %+v", m.DedupKey, p)
		}
		to = append(to, p.ToID)
	}
	if diff := cmp.Diff(tn.SalesActiveIDs, to); diff != "" {
		t.Errorf("pushed to (-want +got):\n%s", diff)
	}
	for _, who := range []uint64{tn.Cat, tn.Gone} {
		if _, err := s.Get(tn.Ctx, who, v.Survey.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%d outside the audience sees it: %v", who, err)
		}
		if _, err := s.Vote(tn.Ctx, who, v.Survey.ID, choose(v, 0)); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%d outside the audience votes: %v", who, err)
		}
	}
	_, err = s.Vote(tn.Ctx, tn.Admin, v.Survey.ID, choose(v, 0))
	noticetest.WantCode(t, err, apperr.Forbidden)
}

// TestPublishRefused: members may not publish; bad input is invalid naming its field; nothing is written.
func TestPublishRefused(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	_, err := s.Publish(tn.Ctx, tn.Ann, directory.RoleMember, input())
	noticetest.WantCode(t, err, apperr.Forbidden)

	now := env.Clock.Now()
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	with := func(f func(*survey.PublishInput)) survey.PublishInput {
		in := input()
		in.Questions = append([]survey.QuestionInput(nil), in.Questions...)
		f(&in)
		return in
	}
	q := func(f func(*survey.QuestionInput)) func(*survey.PublishInput) {
		return func(in *survey.PublishInput) { f(&in.Questions[1]) }
	}
	tests := []struct {
		name  string
		in    survey.PublishInput
		field string
	}{
		{"NoTitle", with(func(in *survey.PublishInput) { in.Title = "" }), "title"},
		{"NoAudience", with(func(in *survey.PublishInput) { in.Audience = notice.Audience{} }), "audience"},
		{"UnknownVisibility", with(func(in *survey.PublishInput) { in.ResultsVisibility = "boss" }), "resultsVisibility"},
		{"ClosesBeforeOpens", with(func(in *survey.PublishInput) { in.OpensAt, in.ClosesAt = at(2*time.Hour), at(time.Hour) }), "closesAt"},
		{"ClosesInThePast", with(func(in *survey.PublishInput) { in.OpensAt, in.ClosesAt = at(-2*time.Hour), at(-time.Hour) }), "closesAt"},
		{"NoQuestions", with(func(in *survey.PublishInput) { in.Questions = nil }), "questions"},
		{"UnknownKind", with(q(func(q *survey.QuestionInput) { q.Kind = "ranking" })), "questions[1].kind"},
		{"EmptyQuestion", with(q(func(q *survey.QuestionInput) { q.Text = " " })), "questions[1].text"},
		{"OneOption", with(q(func(q *survey.QuestionInput) { q.Options = []string{"X"}; q.MaxChoices = 1 })), "questions[1].options"},
		{"EmptyOption", with(q(func(q *survey.QuestionInput) { q.Options = []string{"X", " ", "Z"} })), "questions[1].options"},
		{"RepeatedOption", with(q(func(q *survey.QuestionInput) { q.Options = []string{"X", "X ", "Z"} })), "questions[1].options"},
		{"LongOption", with(q(func(q *survey.QuestionInput) { q.Options = []string{"X", strings.Repeat("长", 201)} })), "questions[1].options"},
		{"MinAboveMax", with(q(func(q *survey.QuestionInput) { q.MinChoices, q.MaxChoices = 3, 2 })), "questions[1].maxChoices"},
		{"MaxAboveOptions", with(q(func(q *survey.QuestionInput) { q.MaxChoices = 4 })), "questions[1].maxChoices"},
		{"SingleTakingTwo", with(q(func(q *survey.QuestionInput) { q.Kind = survey.Single })), "questions[1].maxChoices"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Publish(tn.Ctx, tn.Admin, directory.RoleAdmin, tt.in)
			wantField(t, err, apperr.Invalid, tt.field)
		})
	}
	for _, model := range []any{&survey.Survey{}, &survey.Question{}, &survey.Option{}, &survey.Recipient{}, &outbox.Message{}} {
		if n := env.Count(t, tn.Ctx, model); n != 0 {
			t.Errorf("%T: %d rows written by refused publishes", model, n)
		}
	}
}

// TestPublishAtomic: a failure writing options or pushes leaves no survey, question, recipient or push behind.
func TestPublishAtomic(t *testing.T) {
	for _, table := range []string{"survey_options", "outbox"} {
		t.Run(table, func(t *testing.T) {
			env, s := newStore(t)
			tn := env.Tenant(t)
			env.FailInserts(t, table)
			if _, err := s.Publish(tn.Ctx, tn.Admin, directory.RoleAdmin, input()); !apperr.Is(err, apperr.Internal) {
				t.Fatalf("publish: %v, want internal", err)
			}
			for _, model := range []any{&survey.Survey{}, &survey.Question{}, &survey.Option{}, &survey.Recipient{}, &outbox.Message{}} {
				if n := env.Count(t, tn.Ctx, model); n != 0 {
					t.Errorf("%T: %d rows left behind", model, n)
				}
			}
		})
	}
}

// TestList: a person's surveys, newest first, with their vote and state; only surveys they are in the audience of.
func TestList(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	var ids []uint64
	for i := range 5 {
		in := input()
		in.Title = fmt.Sprint("调查", i)
		if i == 2 {
			in.Audience = notice.Audience{DepartmentIDs: []uint64{tn.Dev}}
		}
		v := mustPublish(t, s, tn, in)
		if i != 2 {
			ids = append([]uint64{v.Survey.ID}, ids...)
		}
		if i == 3 {
			if _, err := s.Vote(tn.Ctx, tn.Ann, v.Survey.ID, choose(v, 1)); err != nil {
				t.Fatal(err)
			}
		}
	}
	var got []uint64
	voted := map[uint64]bool{}
	after := ""
	for range 5 {
		p, err := s.List(tn.Ctx, tn.Ann, 3, after)
		if err != nil {
			t.Fatal(err)
		}
		if p.TotalCount != 4 {
			t.Errorf("total %d, want 4", p.TotalCount)
		}
		for _, e := range p.Entries {
			got = append(got, e.Survey.ID)
			voted[e.Survey.ID] = e.Voted
			if e.State != survey.StateOpen || e.Survey.Body != "" {
				t.Errorf("entry %+v", e)
			}
		}
		if !p.HasNext {
			break
		}
		after = p.EndCursor
	}
	if diff := cmp.Diff(ids, got); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
	// ids[1] is survey 3, the one Ann voted in.
	if voted[ids[0]] || !voted[ids[1]] {
		t.Errorf("voted flags %v", voted)
	}
}

// TestTenantIsolation: another tenant cannot see, vote in or read the results of a survey, and its lists are empty.
func TestTenantIsolation(t *testing.T) {
	env, s := newStore(t)
	a, b := env.Tenant(t), env.Tenant(t)
	in := input()
	in.ResultsVisibility = survey.ResultsToEveryone
	v := mustPublish(t, s, a, in)
	if _, err := s.Get(b.Ctx, a.Ann, v.Survey.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("get across tenants: %v", err)
	}
	if _, err := s.Vote(b.Ctx, b.Ann, v.Survey.ID, choose(v, 0)); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("vote across tenants: %v", err)
	}
	if _, err := s.Results(b.Ctx, b.Admin, v.Survey.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("results across tenants: %v", err)
	}
	if p, err := s.List(b.Ctx, a.Ann, 10, ""); err != nil || p.TotalCount != 0 {
		t.Errorf("list across tenants: %+v %v", p, err)
	}
	if n := env.Count(t, b.Ctx, &survey.Ballot{}) + len(env.Outbox(t, b.Ctx, outbox.KindSurveyPublished)); n != 0 {
		t.Errorf("%d rows in tenant B", n)
	}
}
