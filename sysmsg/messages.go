package sysmsg

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
)

// Home is the H5 path a system message opens when the system gave no URL: PB and CRM messages have no page of
// their own in Qiao (seed 000 §3.2.2).
const Home = "/"

// ContactHome is the H5 page a customer's or supplier's contact lands on, their message list, and
// ContactMessagePath the page of one message kept for them.
const (
	ContactHome        = "/messages"
	ContactMessagePath = ContactHome + "/%d"
)

// Messages describes system.message for the channels that carry it.
func Messages() message.Describer { return systemMessages{} }

type systemMessages struct{}

func (systemMessages) Kinds() []message.Kind {
	return []message.Kind{{Kind: outbox.KindSystemMessage, Name: "业务系统消息（PB、CRM …）"}}
}

func (systemMessages) Describe(ctx context.Context, m outbox.Message) (message.Description, error) {
	var p outbox.SystemPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
		return message.Description{}, fmt.Errorf("sysmsg: decode %s payload: %w", m.Kind, err)
	}
	return describe(ctx, p), nil
}

func (systemMessages) Example(ctx context.Context, _ string) message.Description {
	return describe(ctx, outbox.SystemPayload{System: "PB", MessageID: "PO-20261207-0042", Title: "采购订单待审核",
		Content: "采购订单 PO-20261207-0042（办公用品，金额 3,200 元）等待您审核", EventTime: time.Now().Unix()})
}

// describe says what a message PB or CRM posted tells its reader. The title names the system in 【】 so the reader
// sees which system speaks. The system's own URL is not ours to change, so the message is made unique by a last,
// pinned line naming the messageId (编号), which also lets the reader quote it to the system's support.
func describe(ctx context.Context, p outbox.SystemPayload) message.Description {
	d := message.Description{Title: "【" + p.System + "】" + p.Title, Action: "详情", URL: p.URL,
		Lines: []message.Line{{Style: message.Normal, Text: p.Content},
			{Style: message.Gray, Text: "编号 " + p.MessageID, Pinned: true}},
		Facts: message.Facts{Kind: p.System, Subject: p.Title, Status: "新消息", Note: p.Content, Ref: p.MessageID}}
	switch {
	case p.Kept != 0:
		// A contact's message opens where it is kept, in their message list, whose page carries the system's link.
		d.URL, d.Path = "", fmt.Sprintf(ContactMessagePath, p.Kept)
	case p.URL == "":
		d.Path = Home
	}
	if p.EventTime != 0 {
		d.Facts.Time = oa.FormatTime(ctx, time.Unix(p.EventTime, 0))
	}
	return d
}
