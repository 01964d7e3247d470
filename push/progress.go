package push

import (
	"context"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/outbox"
)

// Progress is how the push of one event to its audience is going (a notice to all staff may take minutes under
// WeCom's limits): people by outcome, what is still queued, and when the queue should be empty at the pace of the
// last minute.
type Progress struct {
	// Total is the people the push is for: its outbox rows, or its deliveries once retention pruned those.
	Total                                  int
	Sent, Skipped, Retrying, Undeliverable int
	Queued                                 int // not tried yet, or being sent now
	LastSentAt                             *time.Time
	ETA                                    *time.Duration // nil while nothing went out in the last minute
}

// Progress reports the push of item to its audience, in the tenant of ctx, as of now. Invalid for an item kind it
// does not know.
func (l *Log) Progress(ctx context.Context, item Item, now time.Time) (Progress, error) {
	messages, err := item.messages()
	if err != nil {
		return Progress{}, err
	}
	db := l.db.WithContext(ctx)
	var rows int64
	if err := db.Model(&outbox.Message{}).Scopes(messages).Count(&rows).Error; err != nil {
		return Progress{}, apperr.Wrap(err, apperr.Internal, "count the push's messages")
	}
	var byStatus []struct {
		Status string
		N      int
		Last   *time.Time
		Recent int
	}
	err = db.Model(&Delivery{}).Scopes(messages).
		Select("status, COUNT(*) AS n, MAX(updated_at) AS last, SUM(updated_at >= ?) AS recent", now.Add(-time.Minute).UTC()).
		Group("status").Find(&byStatus).Error
	if err != nil {
		return Progress{}, apperr.Wrap(err, apperr.Internal, "count the push's deliveries")
	}
	var p Progress
	var all, ended, recent int
	for _, r := range byStatus {
		all += r.N
		switch r.Status {
		case StatusSent:
			p.Sent, p.LastSentAt, recent = r.N, r.Last, r.Recent
		case StatusSkipped:
			p.Skipped = r.N
		case StatusFailed:
			p.Retrying = r.N
		case StatusUndeliverable:
			p.Undeliverable = r.N
		}
	}
	// A retrying person (a failure, or waiting for WeCom's limits) is not done: they stay queued, and in the estimate.
	ended = p.Sent + p.Skipped + p.Undeliverable
	p.Total = max(int(rows), all)
	p.Queued = p.Total - ended
	if p.Queued > 0 && recent > 0 {
		eta := time.Duration(float64(p.Queued) / float64(recent) * float64(time.Minute))
		p.ETA = &eta
	}
	return p, nil
}
