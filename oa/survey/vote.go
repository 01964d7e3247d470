package survey

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/notice"
)

// Vote records voterID's ballot on survey id. One ballot per person is the survey_ballots unique key's rule, so
// of two concurrent votes by one person exactly one commits and the other is a conflict that changes nothing.
//
// Errors: not_found (no such survey in the voter's audience), forbidden (not open yet, closed, or the publisher
// outside the audience), invalid (field "choices": a required question unanswered, a single-choice question with
// other than one option, a multiple-choice question outside its bounds, an unknown question, an option of another
// question), conflict (already voted). Nothing is written on error.
func (s *Store) Vote(ctx context.Context, voterID, id uint64, choices []Choice) (Ballot, error) {
	db := s.db.WithContext(ctx)
	sv, inAudience, err := s.visible(db, voterID, id)
	if err != nil {
		return Ballot{}, err
	}
	if !inAudience {
		return Ballot{}, apperr.E(apperr.Forbidden, "您不在本调查的范围内，不能投票")
	}
	now := notice.Now(s.now)
	// Times in the message are in the tenant's zone, as on the card that announced the survey.
	switch sv.StateAt(now) {
	case StateNotOpen:
		return Ballot{}, apperr.E(apperr.Forbidden, "调查尚未开始，%s 开始投票",
			oa.FormatTime(ctx, sv.OpensAt))
	case StateClosed:
		return Ballot{}, apperr.E(apperr.Forbidden, "调查已于 %s 截止",
			oa.FormatTime(ctx, *sv.ClosesAt))
	}
	qs, err := questions(db, id)
	if err != nil {
		return Ballot{}, err
	}
	answers, err := validate(qs, choices)
	if err != nil {
		return Ballot{}, err
	}
	b := Ballot{SurveyID: id, EmployeeID: voterID, CreatedAt: now}
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&b).Error; err != nil {
			if database.IsDuplicate(err) {
				return apperr.Wrap(err, apperr.Conflict, "您已投过票，不能重复投票")
			}
			return fmt.Errorf("insert ballot: %w", err)
		}
		if len(answers) == 0 {
			return nil
		}
		for i := range answers {
			answers[i].BallotID = b.ID
		}
		if err := tx.Create(&answers).Error; err != nil {
			return fmt.Errorf("insert answers: %w", err)
		}
		return nil
	})
	if err != nil {
		return Ballot{}, fmt.Errorf("survey: vote: %w", err)
	}
	return b, nil
}

// validate checks choices against the survey's questions and returns the answers to store (BallotID unset).
// Errors: invalid (field "choices").
func validate(qs []Question, choices []Choice) ([]Answer, error) {
	bad := func(format string, args ...any) error { return apperr.InvalidField("choices", format, args...) }
	byID := make(map[uint64]int, len(qs))
	for i, q := range qs {
		byID[q.ID] = i
	}
	chosen := make(map[uint64][]uint64, len(choices))
	for _, c := range choices {
		i, ok := byID[c.QuestionID]
		if !ok {
			return nil, bad("问题 %d 不属于本调查", c.QuestionID)
		}
		if _, dup := chosen[c.QuestionID]; dup {
			return nil, bad("第 %d 题重复作答", i+1)
		}
		ids := slices.Clone(c.OptionIDs)
		slices.Sort(ids)
		if len(slices.Compact(slices.Clone(ids))) != len(ids) {
			return nil, bad("第 %d 题重复选择了同一选项", i+1)
		}
		for _, oid := range ids {
			if !slices.ContainsFunc(qs[i].Options, func(o Option) bool { return o.ID == oid }) {
				return nil, bad("选项 %d 不属于第 %d 题", oid, i+1)
			}
		}
		chosen[c.QuestionID] = ids
	}
	var out []Answer
	for i, q := range qs {
		ids := chosen[q.ID]
		n := len(ids)
		switch {
		case n == 0 && q.Required:
			return nil, bad("请回答第 %d 题", i+1)
		case n == 0:
			continue
		case q.Kind == Single && n != 1:
			return nil, bad("第 %d 题是单选题，只能选一项", i+1)
		case n < q.MinChoices || n > q.MaxChoices:
			return nil, bad("第 %d 题需选择 %d 到 %d 项",
				i+1, q.MinChoices, q.MaxChoices)
		}
		for _, oid := range ids {
			out = append(out, Answer{OptionID: oid, SurveyID: q.SurveyID, QuestionID: q.ID})
		}
	}
	return out, nil
}

// Results returns survey id's counts and percentages if viewerID may see them: the publisher always; the
// audience when the survey shows results to everyone; voters when it shows them to voters.
// Errors: not_found (not in the audience), forbidden (results for voters only and the viewer has not voted, or for
// the publisher only).
func (s *Store) Results(ctx context.Context, viewerID, id uint64) (Results, error) {
	db := s.db.WithContext(ctx)
	sv, _, err := s.visible(db, viewerID, id)
	if err != nil {
		return Results{}, err
	}
	_, voted, err := ballotOf(db, id, viewerID)
	if err != nil {
		return Results{}, err
	}
	if err := mayReadResults(sv, viewerID, voted); err != nil {
		return Results{}, err
	}
	qs, err := questions(db, id)
	if err != nil {
		return Results{}, err
	}
	var ballots int64
	if err := db.Model(&Ballot{}).Where("survey_id = ?", id).Count(&ballots).Error; err != nil {
		return Results{}, fmt.Errorf("survey: count ballots: %w", err)
	}
	var counts []struct {
		OptionID uint64
		N        int
	}
	if err := db.Model(&Answer{}).Select("option_id, COUNT(*) AS n").Where("survey_id = ?", id).
		Group("question_id, option_id").Scan(&counts).Error; err != nil {
		return Results{}, fmt.Errorf("survey: count answers: %w", err)
	}
	var respondents []struct {
		QuestionID uint64
		N          int
	}
	if err := db.Model(&Answer{}).Select("question_id, COUNT(DISTINCT ballot_id) AS n").Where("survey_id = ?", id).
		Group("question_id").Scan(&respondents).Error; err != nil {
		return Results{}, fmt.Errorf("survey: count respondents: %w", err)
	}
	byOption := make(map[uint64]int, len(counts))
	for _, c := range counts {
		byOption[c.OptionID] = c.N
	}
	byQuestion := make(map[uint64]int, len(respondents))
	for _, r := range respondents {
		byQuestion[r.QuestionID] = r.N
	}
	return tally(id, int(ballots), qs, byQuestion, byOption), nil
}

// tally builds Results from the counts: respondents per question and choices per option.
func tally(id uint64, ballots int, qs []Question, respondents, chosen map[uint64]int) Results {
	res := Results{SurveyID: id, Ballots: ballots, Questions: make([]QuestionResult, len(qs))}
	for i, q := range qs {
		qr := QuestionResult{QuestionID: q.ID, Text: q.Text, Kind: q.Kind, Respondents: respondents[q.ID],
			Options: make([]OptionResult, len(q.Options))}
		for j, o := range q.Options {
			qr.Options[j] = OptionResult{OptionID: o.ID, Text: o.Text, Count: chosen[o.ID], Percent: percent(chosen[o.ID], qr.Respondents)}
		}
		res.Questions[i] = qr
	}
	return res
}

// percent is n of total as a percentage rounded to one decimal; 0 when nobody answered.
func percent(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return math.Round(float64(n)*1000/float64(total)) / 10
}

// mayReadResults applies the survey's results visibility to a viewer who can see the survey.
func mayReadResults(sv Survey, viewerID uint64, voted bool) error {
	switch {
	case sv.PublisherID == viewerID, sv.ResultsVisibility == ResultsToEveryone:
		return nil
	case sv.ResultsVisibility == ResultsToVoters && voted:
		return nil
	case sv.ResultsVisibility == ResultsToVoters:
		return apperr.E(apperr.Forbidden, "投票后才能查看结果")
	default:
		return apperr.E(apperr.Forbidden, "本调查的结果仅发布人可见")
	}
}
