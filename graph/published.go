package graph

import (
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/oa"
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

// noticeConnection is a page of notices as GraphQL shapes it, or err.
func noticeConnection(p notice.Page, err error) (*model.NoticeConnection, error) {
	if err != nil {
		return nil, err
	}
	conn := &model.NoticeConnection{TotalCount: p.TotalCount, PageInfo: pageInfo(p.HasNext, p.EndCursor)}
	conn.Edges = make([]model.NoticeEdge, len(p.Entries))
	for i, e := range p.Entries {
		conn.Edges[i] = model.NoticeEdge{Cursor: oa.Cursor(e.Notice.ID), Node: model.NewNoticeEntry(e)}
	}
	return conn, nil
}

// surveyConnection is a page of surveys as GraphQL shapes it, or err.
func surveyConnection(p survey.Page, err error) (*model.SurveyConnection, error) {
	if err != nil {
		return nil, err
	}
	conn := &model.SurveyConnection{TotalCount: p.TotalCount, PageInfo: pageInfo(p.HasNext, p.EndCursor)}
	conn.Edges = make([]model.SurveyEdge, len(p.Entries))
	for i, e := range p.Entries {
		conn.Edges[i] = model.SurveyEdge{Cursor: oa.Cursor(e.Survey.ID), Node: model.NewSurveyEntry(e)}
	}
	return conn, nil
}

// discussionConnection is a page of discussions as GraphQL shapes it, or err.
func discussionConnection(p discussion.Page, err error) (*model.DiscussionConnection, error) {
	if err != nil {
		return nil, err
	}
	conn := &model.DiscussionConnection{TotalCount: p.TotalCount, PageInfo: pageInfo(p.HasNext, p.EndCursor)}
	conn.Edges = make([]model.DiscussionEdge, len(p.Discussions))
	for i := range p.Discussions {
		conn.Edges[i] = model.DiscussionEdge{Cursor: oa.Cursor(p.Discussions[i].ID), Node: &p.Discussions[i]}
	}
	return conn, nil
}
