package survey

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/text"
)

// Limits on one survey.
const (
	MaxQuestions     = 50
	MinOptions       = 2
	MaxOptions       = 50
	MaxQuestionRunes = 500
	MaxOptionRunes   = 200
	MaxBodyBytes     = 50_000
)

// normalize checks a PublishInput at now and returns it cleaned. Errors: invalid, naming the field (questions by
// index, e.g. "questions[1].options").
func normalize(in PublishInput, now time.Time) (PublishInput, error) {
	var err error
	if in.Title, err = oa.Title(in.Title); err != nil {
		return in, err
	}
	if in.Body, err = notice.Body("body", in.Body, false, MaxBodyBytes); err != nil {
		return in, err
	}
	if in.Audience, err = in.Audience.Normalize(); err != nil {
		return in, err
	}
	if in.ResultsVisibility == "" {
		in.ResultsVisibility = ResultsToVoters
	}
	if !in.ResultsVisibility.Valid() {
		return in, apperr.InvalidField("resultsVisibility", "未知的结果可见范围 %q", in.ResultsVisibility)
	}
	opens := now
	if in.OpensAt != nil {
		opens = in.OpensAt.UTC().Truncate(time.Microsecond)
	}
	in.OpensAt = &opens
	if in.ClosesAt != nil {
		closes := in.ClosesAt.UTC().Truncate(time.Microsecond)
		if !closes.After(opens) || !closes.After(now) {
			return in, apperr.InvalidField("closesAt", "截止时间必须晚于开始时间和当前时间")
		}
		in.ClosesAt = &closes
	}
	switch n := len(in.Questions); {
	case n == 0:
		return in, apperr.InvalidField("questions", "请至少添加一个问题")
	case n > MaxQuestions:
		return in, apperr.InvalidField("questions", "问题不能超过 %d 个", MaxQuestions)
	}
	qs := make([]QuestionInput, len(in.Questions))
	for i, q := range in.Questions {
		if qs[i], err = normalizeQuestion(i, q); err != nil {
			return in, err
		}
	}
	in.Questions = qs
	return in, nil
}

func normalizeQuestion(i int, q QuestionInput) (QuestionInput, error) {
	field := func(name string) string { return fmt.Sprintf("questions[%d].%s", i, name) }
	var err error
	if q.Text, err = text.Line(field("text"), fmt.Sprintf("问题 %d ", i+1), q.Text); err != nil {
		return q, err
	}
	switch n := utf8.RuneCountInString(q.Text); {
	case n == 0:
		return q, apperr.InvalidField(field("text"), "问题 %d 没有内容", i+1)
	case n > MaxQuestionRunes:
		return q, apperr.InvalidField(field("text"), "问题不能超过 %d 字", MaxQuestionRunes)
	}
	opts := make([]string, len(q.Options))
	seen := make(map[string]bool, len(q.Options))
	for j, o := range q.Options {
		if o, err = text.Line(field("options"), fmt.Sprintf("问题 %d 的选项 %d ", i+1, j+1), o); err != nil {
			return q, err
		}
		switch n := utf8.RuneCountInString(o); {
		case n == 0:
			return q, apperr.InvalidField(field("options"), "问题 %d 的选项 %d 为空", i+1, j+1)
		case n > MaxOptionRunes:
			return q, apperr.InvalidField(field("options"), "选项不能超过 %d 字", MaxOptionRunes)
		case seen[o]:
			return q, apperr.InvalidField(field("options"), "问题 %d 的选项重复：%s", i+1, o)
		}
		seen[o] = true
		opts[j] = o
	}
	q.Options = opts
	if n := len(opts); n < MinOptions || n > MaxOptions {
		return q, apperr.InvalidField(field("options"), "每个问题需要 %d 到 %d 个选项", MinOptions, MaxOptions)
	}
	switch q.Kind {
	case Single:
		if (q.MinChoices != 0 && q.MinChoices != 1) || (q.MaxChoices != 0 && q.MaxChoices != 1) {
			return q, apperr.InvalidField(field("maxChoices"), "单选题只能选一项")
		}
		q.MinChoices, q.MaxChoices = 1, 1
	case Multiple:
		if q.MinChoices == 0 {
			q.MinChoices = 1
		}
		if q.MaxChoices == 0 {
			q.MaxChoices = len(opts)
		}
		if q.MinChoices < 1 || q.MinChoices > q.MaxChoices || q.MaxChoices > len(opts) {
			return q, apperr.InvalidField(field("maxChoices"), "可选数量应满足 1 ≤ 最少 ≤ 最多 ≤ 选项数")
		}
	default:
		return q, apperr.InvalidField(field("kind"), "未知的题型 %q", q.Kind)
	}
	return q, nil
}
