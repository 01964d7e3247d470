package model

import (
	"time"

	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/survey"
)

// NoticeEntry is the GraphQL Notice: notice.Entry with the notice embedded, so that gqlgen binds the notice's
// fields directly instead of needing a resolver for each.
type NoticeEntry struct {
	notice.Notice
	// ReadAt is when the viewer read it; nil while unread.
	ReadAt *time.Time
}

// NewNoticeEntry converts a notice.Entry.
func NewNoticeEntry(e notice.Entry) *NoticeEntry {
	return &NoticeEntry{Notice: e.Notice, ReadAt: e.ReadAt}
}

// SurveyEntry is the GraphQL Survey: what a list entry knows (survey.Entry) with the survey embedded. The fields
// only the detail knows (questions, canVote, ...) are resolved from the viewer's survey.View.
type SurveyEntry struct {
	survey.Survey
	State survey.State
	Voted bool
}

// NewSurveyEntry converts a survey.Entry.
func NewSurveyEntry(e survey.Entry) *SurveyEntry {
	return &SurveyEntry{Survey: e.Survey, State: e.State, Voted: e.Voted}
}

// SurveyEntryOf is the entry part of a survey.View.
func SurveyEntryOf(v survey.View) *SurveyEntry {
	return &SurveyEntry{Survey: v.Survey, State: v.State, Voted: v.Voted}
}
