package outbox

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Kinds of the published items (notices, news, surveys, discussions). Each message tells one person.
const (
	KindNoticePublished     = "notice.published"     // a notice (公告) reached an audience member
	KindNewsPublished       = "news.published"       // a news item (新闻) reached an audience member
	KindSurveyPublished     = "survey.published"     // a survey (调查) reached an audience member
	KindDiscussionPublished = "discussion.published" // a discussion (讨论) was started; tell its audience
	KindDiscussionReplied   = "discussion.replied"   // someone replied; tell the other participants
)

// PublishedPayload is the payload of the published kinds. ItemID is the notice, survey or discussion, ActorID who
// published or replied, ReplyID the reply of a discussion.replied message. Like every payload it names its
// recipient to_id, which the push handler reads to address the card before the kind's renderer decodes the rest.
type PublishedPayload struct {
	ItemID    uint64 `json:"item_id"`
	ToID      uint64 `json:"to_id"`
	ActorID   uint64 `json:"actor_id,omitempty"`
	ReplyID   uint64 `json:"reply_id,omitempty"`
	EventTime int64  `json:"event_time"`
}

// NoticeKey is the dedup key of a notice's or news item's push to toID. Every published kind's key names the item
// (and reply) and the recipient, so it is stable across retries; notices and news share one table and id space.
func NoticeKey(noticeID, toID uint64) string { return fmt.Sprintf("notice:%d:to:%d", noticeID, toID) }

// SurveyKey is the dedup key of a survey's push to toID.
func SurveyKey(surveyID, toID uint64) string { return fmt.Sprintf("survey:%d:to:%d", surveyID, toID) }

// DiscussionKey is the dedup key of a new discussion's push to toID.
func DiscussionKey(discussionID, toID uint64) string {
	return fmt.Sprintf("discussion:%d:to:%d", discussionID, toID)
}

// ReplyKey is the dedup key of reply replyID's push to toID.
func ReplyKey(discussionID, replyID, toID uint64) string {
	return fmt.Sprintf("discussion:%d:reply:%d:to:%d", discussionID, replyID, toID)
}

// Entry is one message for AddAll.
type Entry struct {
	DedupKey string
	Payload  any
}

// addBatch bounds the rows of one INSERT: an audience of all staff can be thousands of people.
const addBatch = 500

// AddAll is Add for many messages of one kind, inserted in batches inside tx (the caller's transaction). As with
// Add, a message whose dedup key is already in the outbox is skipped.
func AddAll(ctx context.Context, tx *gorm.DB, now time.Time, kind string, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	ms := make([]Message, len(entries))
	for i, e := range entries {
		m, err := newMessage(now, kind, e.DedupKey, e.Payload)
		if err != nil {
			return err
		}
		ms[i] = m
	}
	err := tx.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&ms, addBatch).Error
	if err != nil {
		return fmt.Errorf("outbox: add %d %s: %w", len(ms), kind, err)
	}
	return nil
}
