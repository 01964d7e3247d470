package callbacks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/outbox"
)

// ProcessBatch processes the inbox rows that outbox messages outboxIDs (of kind outbox.KindWeComEvent, of the
// tenant in ctx) name, in the order of the messages' IDs (a member's events in the order they came), then records
// every outcome on its row and marks the messages done in one transaction. Messages already done, gone or of
// another kind are skipped, and so are rows already processed, ignored or kept (their messages are marked done): a
// task that runs twice acts once. Unknown events are kept and marked ignored.
//
// A failure that trying again may mend (WeCom or the database away) is recorded on its row (failed, the error, one
// more attempt) and its message left open, while the other events' outcomes are recorded as usual; ProcessBatch
// then returns an internal error for the queue to retry, and the retry finds only the failed rows left. When final
// is set (the queue tries no more) such a row is given up instead: recorded failed and its message done, for an
// admin to replay. A failure trying again cannot mend (the contact's name breaks the text rule) is recorded failed
// and its message done at once. Errors are internal.
func (s *Service) ProcessBatch(ctx context.Context, outboxIDs []uint64, final bool) error {
	if err := requireTenant(ctx, "process callback events"); err != nil {
		return err
	}
	ms, err := s.Outbox.Open(ctx, outbox.KindWeComEvent, outboxIDs)
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "process callback events")
	}
	rowOf := make(map[uint64]uint64, len(ms)) // the inbox row each message names
	rowIDs := make([]uint64, 0, len(ms))
	var done []uint64 // the messages to mark done
	for _, m := range ms {
		var p outbox.WeComEventPayload
		if err := json.Unmarshal([]byte(m.Payload), &p); err != nil || p.InboxID == 0 {
			done = append(done, m.ID) // names no row: nothing to process
			continue
		}
		rowOf[m.ID] = p.InboxID
		rowIDs = append(rowIDs, p.InboxID)
	}
	rows, err := s.events(ctx, rowIDs)
	if err != nil {
		return err
	}
	// A row two messages name (a replay's beside the first) is handled once and both messages share its fate.
	byRow := make(map[uint64]*result, len(rows))
	results := make([]*result, 0, len(rows))
	var retry []error
	for _, m := range ms {
		rid, ok := rowOf[m.ID]
		if !ok {
			continue
		}
		e, ok := rows[rid]
		if !ok || e.Status.done() {
			done = append(done, m.ID) // nothing (left) to process
			continue
		}
		r := byRow[rid]
		if r == nil {
			r = s.handleOne(ctx, e, final)
			byRow[rid] = r
			if r.skipped || r.retry {
				retry = append(retry, fmt.Errorf("inbox %d: %w", rid, r.err))
			}
			if !r.skipped {
				results = append(results, r)
			}
		}
		if !r.skipped && !r.retry {
			done = append(done, m.ID)
		}
	}
	if err := s.recordAll(ctx, results, done); err != nil {
		return err
	}
	if len(retry) > 0 {
		return apperr.Wrap(errors.Join(retry...), apperr.Internal, "process %d of %d callback events", len(retry),
			len(ms))
	}
	return nil
}

// result is what became of one inbox row in a batch.
type result struct {
	id      uint64
	o       outcome
	err     error // the failure, for failed
	retry   bool  // failed in a way trying again may mend: the row is recorded, its message stays open
	skipped bool  // not handled (the task's time ran out first): nothing is recorded, its message stays open
}

// handleOne handles event e and says what to record; a failure trying again may mend is given up when final.
func (s *Service) handleOne(ctx context.Context, e Event, final bool) *result {
	if err := ctx.Err(); err != nil {
		return &result{id: e.ID, err: err, skipped: true}
	}
	o, perr := s.handle(ctx, e)
	r := &result{id: e.ID, o: o, err: perr}
	switch {
	case perr == nil:
	case apperr.CodeOf(perr) == apperr.Internal && !final:
		r.o, r.retry = outcome{status: StatusFailed}, true
	default:
		if final {
			s.Log.WarnContext(ctx, "callback event given up", "inbox", e.ID, "err", perr)
		}
		r.o = outcome{status: StatusFailed}
	}
	return r
}

// events returns the inbox rows ids of the tenant in ctx that exist, by ID.
func (s *Service) events(ctx context.Context, ids []uint64) (map[uint64]Event, error) {
	out := make(map[uint64]Event, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Event
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load callback events")
	}
	for _, e := range rows {
		out[e.ID] = e
	}
	return out, nil
}

// maxErrorLen bounds the error kept on a row (the column holds 1000 characters).
const maxErrorLen = 1000

// recordAll writes each result's outcome on its row (one more attempt) and marks outbox messages done, in one
// transaction of two statements, on a context of its own so a shutdown does not lose it. A row that another run
// has finished meanwhile keeps its outcome.
//
// READ COMMITTED: with a list of IDs MariaDB finds the rows through a secondary index ((tenant_id, id) for the
// inbox, done_at for the outbox), and under REPEATABLE READ it would lock the gap after the newest of them, into
// which the intake inserts the tenant's new events: their acknowledgement would wait for this commit.
func (s *Service) recordAll(ctx context.Context, rs []*result, done []uint64) error {
	if len(rs) == 0 && len(done) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	now := s.Now().UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if len(rs) > 0 {
			ids := make([]uint64, len(rs))
			for i, r := range rs {
				ids[i] = r.id
			}
			err := tx.Model(&Event{}).Where("id IN ? AND status IN ?", ids, []Status{StatusReceived, StatusFailed}).
				Updates(outcomeColumns(rs, now)).Error
			if err != nil {
				return fmt.Errorf("record outcomes: %w", err)
			}
		}
		return outbox.MarkAllDone(ctx, tx, done, now)
	}, readCommitted)
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "record callback outcomes")
	}
	return nil
}

// outcomeColumns is the SET of the UPDATE recording rs: each row's own status, reason and error chosen by its ID
// (one statement whatever the mix of outcomes), processed_at set on the rows that did not fail.
func outcomeColumns(rs []*result, now time.Time) map[string]any {
	var finished []uint64
	for _, r := range rs {
		if r.o.status != StatusFailed {
			finished = append(finished, r.id)
		}
	}
	set := map[string]any{
		"status": byID(rs, func(r *result) any { return string(r.o.status) }),
		"reason": byID(rs, func(r *result) any {
			if r.o.reason == "" {
				return nil
			}
			return truncate(r.o.reason, 255)
		}),
		"error": byID(rs, func(r *result) any {
			if r.err == nil {
				return nil
			}
			return truncate(r.err.Error(), maxErrorLen)
		}),
		"attempts":   gorm.Expr("attempts + 1"),
		"updated_at": now,
	}
	if len(finished) > 0 {
		// Reads only processed_at itself: MySQL assigns left to right, so a column set earlier would read its new value.
		set["processed_at"] = gorm.Expr("CASE WHEN id IN ? THEN ? ELSE processed_at END", finished, now)
	}
	return set
}

// byID is a CASE choosing the value of each result's row by its ID.
func byID(rs []*result, value func(*result) any) clause.Expr {
	return database.CaseBy("id", len(rs), func(i int) (any, any) { return rs[i].id, value(rs[i]) })
}
