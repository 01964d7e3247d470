package notice

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

// Messages describes notice.published and news.published for the channels that carry them.
func (s *Store) Messages() message.Describer { return noticeMessages{s} }

type noticeMessages struct{ s *Store }

func (noticeMessages) Kinds() []message.Kind {
	return []message.Kind{{Kind: outbox.KindNoticePublished, Name: "新公告"}, {Kind: outbox.KindNewsPublished, Name: "新闻"}}
}

func (c noticeMessages) Describe(ctx context.Context, m outbox.Message) (message.Description, error) {
	var p outbox.PublishedPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
		return message.Description{}, fmt.Errorf("notice: decode %s payload: %w", m.Kind, err)
	}
	n, err := c.s.Lookup(ctx, p.ItemID)
	if err != nil {
		return message.Description{}, fmt.Errorf("notice %d: %w", p.ItemID, err)
	}
	who, err := directory.NameOf(ctx, c.s.db, n.PublisherID)
	if err != nil {
		return message.Description{}, fmt.Errorf("notice %d: publisher: %w", n.ID, err)
	}
	return describe(ctx, n, who), nil
}

func (c noticeMessages) Example(ctx context.Context, kind string) message.Description {
	n := Notice{ID: 64, Kind: KindNotice, Title: "关于元旦放假安排的通知", PublishedAt: time.Now(),
		Body: "<p>元旦放假时间为 1 月 1 日至 1 月 3 日，共 3 天。请各部门提前安排好值班。</p>"}
	if kind == outbox.KindNewsPublished {
		n.Kind, n.Title = KindNews, "公司荣获年度创新企业奖"
	}
	return describe(ctx, n, "行政部 李四")
}

// describe says what a published notice or news item tells its audience; who published it.
func describe(ctx context.Context, n Notice, who string) message.Description {
	what := "公告"
	if n.Kind == KindNews {
		what = "新闻"
	}
	d := message.Description{Title: what + "：" + n.Title, Action: "查看", Path: fmt.Sprintf("/notices/%d", n.ID),
		Lines: []message.Line{{Style: message.Gray, Text: oa.FormatTime(ctx, n.PublishedAt)},
			{Style: message.Normal, Text: who + " 发布了" + what}},
		Facts: message.Facts{Kind: what, Subject: n.Title, Actor: who, Time: oa.FormatTime(ctx, n.PublishedAt),
			Status: "新" + what, Note: oa.Excerpt(n.Body)}}
	if d.Facts.Note != "" {
		d.Lines = append(d.Lines, message.Line{Style: message.Highlight, Text: d.Facts.Note})
	}
	return d
}
