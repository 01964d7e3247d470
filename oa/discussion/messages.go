package discussion

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
)

// Messages describes discussion.published and discussion.replied for the channels that carry them.
func (s *Store) Messages() message.Describer { return discussionMessages{s} }

type discussionMessages struct{ s *Store }

func (discussionMessages) Kinds() []message.Kind {
	return []message.Kind{{Kind: outbox.KindDiscussionPublished, Name: "新讨论"},
		{Kind: outbox.KindDiscussionReplied, Name: "讨论新回复"}}
}

func (c discussionMessages) Describe(ctx context.Context, m outbox.Message) (message.Description, error) {
	var p outbox.PublishedPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
		return message.Description{}, fmt.Errorf("discussion: decode %s payload: %w", m.Kind, err)
	}
	d, err := c.s.Lookup(ctx, p.ItemID)
	if err != nil {
		return message.Description{}, fmt.Errorf("discussion %d: %w", p.ItemID, err)
	}
	whoID := d.AuthorID
	if m.Kind == outbox.KindDiscussionReplied {
		whoID = p.ActorID
	}
	who, err := directory.NameOf(ctx, c.s.db, whoID)
	if err != nil {
		return message.Description{}, fmt.Errorf("discussion %d: who wrote: %w", d.ID, err)
	}
	var reply string
	if m.Kind == outbox.KindDiscussionReplied && p.ReplyID != 0 {
		// A reply that is gone still leaves a message worth sending, just without the quote.
		r, ok, err := c.s.LookupReply(ctx, d.ID, p.ReplyID)
		if err != nil {
			return message.Description{}, fmt.Errorf("discussion: reply %d: %w", p.ReplyID, err)
		}
		if ok {
			reply = oa.Excerpt(r.Body)
		}
	}
	return describe(ctx, m.Kind, d, who, reply)
}

func (c discussionMessages) Example(ctx context.Context, kind string) message.Description {
	d := Discussion{ID: 16, Title: "团建去哪里？", CreatedAt: c.s.now()}
	out, err := describe(ctx, kind, d, "赵六", "建议去爬香山，交通方便")
	if err != nil {
		return message.Description{Title: kind}
	}
	return out
}

// describe says what a new discussion or a reply tells the participants; who started or replied, reply quoting
// the start of the reply ("" when none).
func describe(ctx context.Context, kind string, d Discussion, who, reply string) (message.Description, error) {
	out := message.Description{Path: fmt.Sprintf("/discussions/%d", d.ID),
		Facts: message.Facts{Kind: "讨论", Subject: d.Title, Actor: who, Time: oa.FormatTime(ctx, d.CreatedAt)}}
	switch kind {
	case outbox.KindDiscussionPublished:
		out.Title, out.Action, out.Facts.Status = "讨论："+d.Title, "参与讨论", "新讨论"
		out.Lines = []message.Line{{Style: message.Gray, Text: oa.FormatTime(ctx, d.CreatedAt)},
			{Style: message.Normal, Text: who + " 发起了讨论"}}
	case outbox.KindDiscussionReplied:
		out.Title, out.Action, out.Facts.Status, out.Facts.Note = "讨论有新回复："+d.Title, "查看", "新回复", reply
		out.Lines = []message.Line{{Style: message.Normal, Text: who + " 回复了您参与的讨论"}}
		if reply != "" {
			out.Lines = append(out.Lines, message.Line{Style: message.Highlight, Text: reply})
		}
	default:
		return message.Description{}, fmt.Errorf("discussion: unknown kind %q", kind)
	}
	return out, nil
}
