package graph

import (
	"context"

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

// quotedReply returns reply id of a discussion the viewer is a member of, nil when it is not one of its replies.
// The store reads replies only by page (oldest first), so this reads the one-reply page that starts at id: the
// answer to replyDiscussion carries the quote's id, not the quote, which lists fill in.
func (r *Resolver) quotedReply(ctx context.Context, discussionID, id uint64) (*discussion.Reply, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	after := ""
	if id > 1 {
		after = notice.Cursor(id - 1)
	}
	p, err := r.DiscussionStore.Replies(ctx, a.EmployeeID, discussionID, 1, after)
	if err != nil {
		return nil, err
	}
	if len(p.Replies) == 0 || p.Replies[0].ID != id {
		return nil, nil
	}
	return &p.Replies[0], nil
}
