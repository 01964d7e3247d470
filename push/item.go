package push

import (
	"strings"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/outbox"
)

// ItemKind is what a push to many was for.
type ItemKind string

const (
	ItemNotice ItemKind = "notice" // a notice or news item: they share one table and id space (outbox.NoticeKey)
	ItemSurvey ItemKind = "survey" // a survey (outbox.SurveyKey)
)

// Item is one push to many: a notice, news item or survey to its audience. Its messages' dedup keys name it, so its
// outbox rows and its deliveries are found by one match, for its progress and for its 推送记录 alike.
type Item struct {
	Kind ItemKind
	ID   uint64
}

// keyPrefix is what the dedup keys of the item's messages all start with: its key without the recipient
// ("notice:42:to:", which "notice:420:to:7" does not start with).
func (it Item) keyPrefix() (string, error) {
	var key string
	switch it.Kind {
	case ItemNotice:
		key = outbox.NoticeKey(it.ID, 0)
	case ItemSurvey:
		key = outbox.SurveyKey(it.ID, 0)
	default:
		return "", apperr.InvalidField("item", "未知的推送对象 %q", it.Kind)
	}
	return strings.TrimSuffix(key, "0"), nil
}

// messages is the scope narrowing a query on the outbox or on deliveries (both carry the message's dedup key,
// indexed after the tenant) to the item's messages. Invalid for a kind it does not know.
func (it Item) messages() (func(*gorm.DB) *gorm.DB, error) {
	prefix, err := it.keyPrefix()
	if err != nil {
		return nil, err
	}
	like := database.EscapeLike(prefix) + "%"
	return func(db *gorm.DB) *gorm.DB { return db.Where("dedup_key LIKE ? ESCAPE '!'", like) }, nil
}
