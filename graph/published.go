package graph

import (
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/survey"
)

// The request's memos of published items (see memo), for remember.
func noticesMemo(l *loaders) *memo[notice.Entry]              { return &l.notices }
func surveysMemo(l *loaders) *memo[survey.View]               { return &l.surveys }
func discussionsMemo(l *loaders) *memo[discussion.Discussion] { return &l.discussions }

// toAudience is the domain's audience of an input; the stores check it.
func toAudience(in *model.AudienceInput) notice.Audience {
	if in == nil {
		return notice.Audience{}
	}
	return notice.Audience{All: orDefault(in.All, false), DepartmentIDs: in.DepartmentIds}
}
