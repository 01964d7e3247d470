package survey_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
	"github.com/qiao-hq/qiao/oa/survey"
)

// TestVoteValidation: each malformed ballot is invalid on "choices" and stores nothing; well-formed ones count.
func TestVoteValidation(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	v := mustPublish(t, s, tn, input())
	other := mustPublish(t, s, tn, input())
	q1, q2 := v.Questions[0].ID, v.Questions[1].ID
	tests := []struct {
		name    string
		choices []survey.Choice
	}{
		{"Nothing", nil},
		{"RequiredLeftBlank", []survey.Choice{{QuestionID: q1}, {QuestionID: q2, OptionIDs: []uint64{opt(v, 1, 0)}}}},
		{"SingleTakesTwo", []survey.Choice{{QuestionID: q1, OptionIDs: []uint64{opt(v, 0, 0), opt(v, 0, 1)}}}},
		{"MultipleAboveMax", choose(v, 0, 0, 1, 2)},
		{"OptionOfAnotherQuestion", []survey.Choice{{QuestionID: q1, OptionIDs: []uint64{opt(v, 1, 0)}}}},
		{"OptionOfAnotherSurvey", []survey.Choice{{QuestionID: q1, OptionIDs: []uint64{opt(other, 0, 0)}}}},
		{"QuestionOfAnotherSurvey", append(choose(v, 0), survey.Choice{QuestionID: other.Questions[1].ID, OptionIDs: []uint64{opt(other, 1, 0)}})},
		{"QuestionTwice", append(choose(v, 0), choose(v, 1)...)},
		{"RepeatedOption", []survey.Choice{choose(v, 0)[0], {QuestionID: q2, OptionIDs: []uint64{opt(v, 1, 0), opt(v, 1, 0)}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Vote(tn.Ctx, tn.Ann, v.Survey.ID, tt.choices)
			wantField(t, err, apperr.Invalid, "choices")
		})
	}
	if n := env.Count(t, tn.Ctx, &survey.Ballot{}) + env.Count(t, tn.Ctx, &survey.Answer{}); n != 0 {
		t.Fatalf("%d rows written by invalid votes", n)
	}

	// A multiple-choice question with a minimum of two.
	in := input()
	in.Questions[1].MinChoices, in.Questions[1].Required = 2, true
	strict := mustPublish(t, s, tn, in)
	_, err := s.Vote(tn.Ctx, tn.Ann, strict.Survey.ID, choose(strict, 0, 1))
	wantField(t, err, apperr.Invalid, "choices")

	ok := []struct {
		name    string
		who     uint64
		survey  survey.View
		choices []survey.Choice
		want    []uint64
	}{
		{"OptionalLeftBlank", tn.Ann, v, choose(v, 2), []uint64{opt(v, 0, 2)}},
		{"MultipleWithinBounds", tn.Ben, v, choose(v, 0, 2, 0), []uint64{opt(v, 0, 0), opt(v, 1, 0), opt(v, 1, 2)}},
		{"MinimumMet", tn.Cat, strict, choose(strict, 1, 0, 1), []uint64{opt(strict, 0, 1), opt(strict, 1, 0), opt(strict, 1, 1)}},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.survey.Survey.ID
			if _, err := s.Vote(tn.Ctx, tt.who, id, tt.choices); err != nil {
				t.Fatal(err)
			}
			got, err := s.Get(tn.Ctx, tt.who, id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.Choices); diff != "" || !got.Voted || got.CanVote {
				t.Errorf("after voting: voted %v canVote %v, choices (-want +got):\n%s", got.Voted, got.CanVote, diff)
			}
		})
	}
}

// TestTimeWindow: no vote before the survey opens or after it closes, each with a message saying why; votes in
// between (the closing instant included) count.
func TestTimeWindow(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	now := env.Clock.Now()
	opens, closes := now.Add(time.Hour), now.Add(3*time.Hour)
	in := input()
	in.OpensAt, in.ClosesAt = &opens, &closes
	v := mustPublish(t, s, tn, in)
	id := v.Survey.ID

	got, _ := s.Get(tn.Ctx, tn.Ann, id)
	if got.State != survey.StateNotOpen || got.CanVote {
		t.Errorf("before opening: state %s canVote %v", got.State, got.CanVote)
	}
	_, err := s.Vote(tn.Ctx, tn.Ann, id, choose(v, 0))
	noticetest.WantCode(t, err, apperr.Forbidden)
	// The clock starts at 09:00 UTC: the survey opens at 10:00 UTC and closes at 12:00 UTC, 18:00 and 20:00 in
	// China, the zone its people read times in (a UTC time here would disagree with the survey's card).
	if msg, want := apperr.MessageOf(err), "调查尚未开始，2025-03-03 18:00 开始投票"; msg != want {
		t.Errorf("message %q, want %q", msg, want)
	}

	env.Clock.Advance(time.Hour) // exactly at opens_at
	if _, err := s.Vote(tn.Ctx, tn.Ann, id, choose(v, 0)); err != nil {
		t.Fatalf("vote at opening: %v", err)
	}
	env.Clock.Advance(2 * time.Hour) // exactly at closes_at
	if _, err := s.Vote(tn.Ctx, tn.Ben, id, choose(v, 0)); err != nil {
		t.Fatalf("vote at closing: %v", err)
	}
	env.Clock.Advance(time.Microsecond)
	_, err = s.Vote(tn.Ctx, tn.Cat, id, choose(v, 0))
	noticetest.WantCode(t, err, apperr.Forbidden)
	if msg, want := apperr.MessageOf(err), "调查已于 2025-03-03 20:00 截止"; msg != want {
		t.Errorf("message %q, want %q", msg, want)
	}
	got, _ = s.Get(tn.Ctx, tn.Cat, id)
	if got.State != survey.StateClosed || got.CanVote {
		t.Errorf("after closing: state %s canVote %v", got.State, got.CanVote)
	}
	if n := env.Count(t, tn.Ctx, &survey.Ballot{}); n != 2 {
		t.Errorf("%d ballots, want 2", n)
	}
}

// TestOneBallot: one person voting from several phones at once gets exactly one ballot; the other calls are
// conflicts, and a later second vote changes nothing.
func TestOneBallot(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	v := mustPublish(t, s, tn, input())
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, errs[i] = s.Vote(tn.Ctx, tn.Ann, v.Survey.ID, choose(v, i%3, i%3)) })
	}
	wg.Wait()
	okCount := 0
	for _, err := range errs {
		switch {
		case err == nil:
			okCount++
		case !apperr.Is(err, apperr.Conflict):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if okCount != 1 {
		t.Fatalf("%d votes succeeded, want exactly 1", okCount)
	}
	if b, a := env.Count(t, tn.Ctx, &survey.Ballot{}), env.Count(t, tn.Ctx, &survey.Answer{}); b != 1 || a != 2 {
		t.Fatalf("%d ballots and %d answers, want 1 and 2", b, a)
	}
	before, err := s.Get(tn.Ctx, tn.Ann, v.Survey.ID)
	if err != nil {
		t.Fatal(err)
	}
	j := 0
	if before.Choices[0] == opt(v, 0, 0) {
		j = 1
	}
	_, err = s.Vote(tn.Ctx, tn.Ann, v.Survey.ID, choose(v, j, j))
	noticetest.WantCode(t, err, apperr.Conflict)
	after, err := s.Get(tn.Ctx, tn.Ann, v.Survey.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before.Choices, after.Choices); diff != "" {
		t.Errorf("a refused second vote changed the choices (-before +after):\n%s", diff)
	}
}

// TestResults: counts and percentages per option, percentages of the question's respondents.
func TestResults(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	in := input()
	in.ResultsVisibility = survey.ResultsToEveryone
	v := mustPublish(t, s, tn, in)
	votes := map[uint64][]survey.Choice{
		tn.Ann: choose(v, 0, 0, 1),
		tn.Ben: choose(v, 0, 1),
		tn.Cat: choose(v, 1),
	}
	for who, cs := range votes {
		if _, err := s.Vote(tn.Ctx, who, v.Survey.ID, cs); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Results(tn.Ctx, tn.Admin, v.Survey.ID)
	if err != nil {
		t.Fatal(err)
	}
	q, o := v.Questions, func(i, j int) survey.Option { return v.Questions[i].Options[j] }
	res := func(i, j, n int, pct float64) survey.OptionResult {
		return survey.OptionResult{OptionID: o(i, j).ID, Text: o(i, j).Text, Count: n, Percent: pct}
	}
	want := survey.Results{SurveyID: v.Survey.ID, Ballots: 3, Questions: []survey.QuestionResult{
		{QuestionID: q[0].ID, Text: "主食", Kind: survey.Single, Respondents: 3,
			Options: []survey.OptionResult{res(0, 0, 2, 66.7), res(0, 1, 1, 33.3), res(0, 2, 0, 0)}},
		{QuestionID: q[1].ID, Text: "饮料", Kind: survey.Multiple, Respondents: 2,
			Options: []survey.OptionResult{res(1, 0, 1, 50), res(1, 1, 2, 100), res(1, 2, 0, 0)}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	empty, err := s.Results(tn.Ctx, tn.Admin, mustPublish(t, s, tn, in).Survey.ID)
	if err != nil || empty.Ballots != 0 || empty.Questions[0].Options[0].Percent != 0 {
		t.Errorf("results of an unvoted survey: %+v %v", empty, err)
	}
}

// TestResultsVisibility: who may read results under each setting, and View.CanSeeResults agrees with Results.
func TestResultsVisibility(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	type who struct {
		name string
		id   uint64
	}
	voter, nonVoter, publisher, outsider := who{"Voter", tn.Ann}, who{"NonVoter", tn.Ben}, who{"Publisher", tn.Admin}, who{"Outsider", tn.Cat}
	tests := []struct {
		vis  survey.Visibility
		want map[who]apperr.Code
	}{
		{survey.ResultsToVoters, map[who]apperr.Code{voter: "", nonVoter: apperr.Forbidden, publisher: "", outsider: apperr.NotFound}},
		{survey.ResultsToEveryone, map[who]apperr.Code{voter: "", nonVoter: "", publisher: "", outsider: apperr.NotFound}},
		{survey.ResultsToPublisher, map[who]apperr.Code{voter: apperr.Forbidden, nonVoter: apperr.Forbidden, publisher: "", outsider: apperr.NotFound}},
	}
	for _, tt := range tests {
		t.Run(string(tt.vis), func(t *testing.T) {
			in := input()
			in.ResultsVisibility = tt.vis
			in.Audience.All, in.Audience.DepartmentIDs = false, []uint64{tn.Sales}
			v := mustPublish(t, s, tn, in)
			if _, err := s.Vote(tn.Ctx, tn.Ann, v.Survey.ID, choose(v, 0)); err != nil {
				t.Fatal(err)
			}
			for w, code := range tt.want {
				_, err := s.Results(tn.Ctx, w.id, v.Survey.ID)
				if apperr.CodeOf(err) != code {
					t.Errorf("%s: %v, want %q", w.name, err, code)
				}
				if code == apperr.NotFound {
					continue
				}
				view, err := s.Get(tn.Ctx, w.id, v.Survey.ID)
				if err != nil || view.CanSeeResults != (code == "") {
					t.Errorf("%s: CanSeeResults %v (%v), want %v", w.name, view.CanSeeResults, err, code == "")
				}
			}
		})
	}
}
