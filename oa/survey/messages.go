package survey

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
)

// Messages describes survey.published for the channels that carry it.
func (s *Store) Messages() message.Describer { return surveyMessages{s} }

type surveyMessages struct{ s *Store }

func (surveyMessages) Kinds() []message.Kind {
	return []message.Kind{{Kind: outbox.KindSurveyPublished, Name: "新调查"}}
}

func (c surveyMessages) Describe(ctx context.Context, m outbox.Message) (message.Description, error) {
	var p outbox.PublishedPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
		return message.Description{}, fmt.Errorf("survey: decode %s payload: %w", m.Kind, err)
	}
	sv, err := c.s.Lookup(ctx, p.ItemID)
	if err != nil {
		return message.Description{}, fmt.Errorf("survey %d: %w", p.ItemID, err)
	}
	who, err := directory.NameOf(ctx, c.s.db, sv.PublisherID)
	if err != nil {
		return message.Description{}, fmt.Errorf("survey %d: publisher: %w", sv.ID, err)
	}
	return c.describe(ctx, sv, who), nil
}

func (c surveyMessages) Example(ctx context.Context, _ string) message.Description {
	now := c.s.now()
	closes := now.Add(72 * time.Hour)
	return c.describe(ctx, Survey{ID: 32, Title: "年会节目意向调查", PublishedAt: now, OpensAt: now, ClosesAt: &closes}, "工会 王五")
}

// describe says what a published survey tells its audience; who published it. A survey published to open later is
// announced only now, and no second message follows when it opens, so the message says when voting starts rather
// than inviting a vote the page would refuse.
func (c surveyMessages) describe(ctx context.Context, sv Survey, who string) message.Description {
	call, status := "请投票", "请投票"
	if sv.StateAt(c.s.now()) == StateNotOpen {
		call = oa.InTenantZone(ctx, sv.OpensAt).Format("1月2日 15:04") + " 开始投票"
		status = "待开始"
	}
	d := message.Description{Title: "调查：" + sv.Title, Action: "去投票", Path: fmt.Sprintf("/surveys/%d", sv.ID),
		Lines: []message.Line{{Style: message.Gray, Text: oa.FormatTime(ctx, sv.PublishedAt)},
			{Style: message.Normal, Text: who + " 发起了调查，" + call}},
		Facts: message.Facts{Kind: "调查", Subject: sv.Title, Actor: who, Time: oa.FormatTime(ctx, sv.PublishedAt),
			Status: status, Note: call}}
	if sv.ClosesAt != nil {
		d.Lines = append(d.Lines, message.Line{Style: message.Highlight, Text: "截止：" + oa.FormatTime(ctx, *sv.ClosesAt)})
		d.Facts.Note = "截止 " + oa.FormatTime(ctx, *sv.ClosesAt)
	}
	return d
}
