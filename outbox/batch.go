package outbox

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
)

// MaxBatch is the most messages of one batch a task carries: WeCom's message/send names at most 1,000 users.
const MaxBatch = 1000

// batchKinds are the kinds whose messages of one event share their card: a notice, news item or survey told to its
// audience, one system message told to many. A discussion's messages keep an order (OrderKey) and go alone.
var batchKinds = []string{KindNoticePublished, KindNewsPublished, KindSurveyPublished, KindSystemMessage}

// BatchKey is what makes messages one batch, which the relay hands over as one task and push sends in shared calls:
// the same kind and the same payload but for the recipient, so the same card. It is "" for a message that goes
// alone: a kind whose cards differ per person (a todo card names the recipient's step), one whose cards must keep
// an order, and a message to a customer's or supplier's contact, whom only the service account reaches.
func BatchKey(m Message) string {
	if m.OrderKey != nil || !slices.Contains(batchKinds, m.Kind) {
		return ""
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
		return ""
	}
	if _, ok := p["to_account"]; ok {
		return ""
	}
	delete(p, "to_id")
	b, err := json.Marshal(p) // a map's keys are written sorted: equal payloads, equal bytes
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return m.Kind + ":" + hex.EncodeToString(sum[:12])
}
