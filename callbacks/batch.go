package callbacks

import (
	"context"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
)

// Group commit. Acknowledging an event waits for its transaction to be durable (a commit and its log flush), and
// WeCom posts a burst of events at once (a department imported, a member's change sent to every receiver). So the
// events of one tenant that arrive while a transaction of the tenant is being written wait for it and are then
// written together, in one transaction of a few multi-row statements: the first to arrive leads and writes the
// batch, the others wait for their result, and when it is done the oldest waiter leads the next batch. An event
// alone is written at once; a burst costs one commit per batch instead of one per event.

// maxGroup bounds the events of one group commit.
const maxGroup = 100

// groupTimeout bounds a group commit, which may outlive the request of its leader.
const groupTimeout = 10 * time.Second

// pendingWrite is one event waiting for a group commit.
type pendingWrite struct {
	row  Event
	r    Receipt
	err  error
	lead bool          // set when this waiter is to write the next batch
	wake chan struct{} // closed once r and err are set, or lead
}

// commitGroup is the events of one tenant waiting to be written.
type commitGroup struct {
	mu      sync.Mutex
	pending []*pendingWrite
	busy    bool // a leader is writing
}

// commit writes row in the next group commit of the tenant in ctx.
func (s *Service) commit(ctx context.Context, row Event) (Receipt, error) {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return Receipt{}, apperr.Wrap(err, apperr.Internal, "store callback event")
	}
	s.mu.Lock()
	g := s.groups[tid]
	if g == nil {
		if len(s.groups) > maxCachedTargets {
			clear(s.groups) // waiters hold their group; a new one only starts a new queue
		}
		g = &commitGroup{}
		s.groups[tid] = g
	}
	s.mu.Unlock()

	w := &pendingWrite{row: row, wake: make(chan struct{})}
	g.mu.Lock()
	g.pending = append(g.pending, w)
	if g.busy {
		g.mu.Unlock()
		<-w.wake
		if !w.lead {
			return w.r, w.err
		}
	} else {
		g.busy = true
		g.mu.Unlock()
	}
	// This write leads: take the oldest pending (itself among them), write them, and hand over.
	g.mu.Lock()
	n := min(len(g.pending), maxGroup)
	batch := g.pending[:n:n]
	g.pending = g.pending[n:]
	g.mu.Unlock()

	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), groupTimeout)
	s.writeGroup(wctx, batch)
	cancel()
	for _, p := range batch {
		if p != w {
			close(p.wake)
		}
	}
	g.mu.Lock()
	if len(g.pending) > 0 {
		next := g.pending[0]
		next.lead = true
		close(next.wake)
	} else {
		g.busy = false
	}
	g.mu.Unlock()
	return w.r, w.err
}

// writeGroup writes the events of batch (one tenant's, ctx's) that are not in the inbox yet, with their outbox
// rows, in one transaction, and sets each one's receipt. When the transaction meets a duplicate (the same event
// written by another server meanwhile) each event is written on its own instead.
func (s *Service) writeGroup(ctx context.Context, batch []*pendingWrite) {
	first := map[string]*pendingWrite{} // by content hash: a retry within the batch is the first's duplicate
	var fresh []*pendingWrite
	hashes := make([][]byte, 0, len(batch))
	for _, p := range batch {
		if _, ok := first[string(p.row.ContentHash)]; !ok {
			first[string(p.row.ContentHash)] = p
			fresh = append(fresh, p)
			hashes = append(hashes, p.row.ContentHash)
		}
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var known []Event
		if err := tx.Select("id", "content_hash").Where("content_hash IN ?", hashes).Find(&known).Error; err != nil {
			return fmt.Errorf("find inbox rows: %w", err)
		}
		byHash := make(map[string]uint64, len(known))
		for _, k := range known {
			byHash[string(k.ContentHash)] = k.ID
		}
		var rows []Event
		var writes []*pendingWrite
		for _, p := range fresh {
			if id, ok := byHash[string(p.row.ContentHash)]; ok {
				p.r = Receipt{ID: id, Duplicate: true}
				continue
			}
			rows = append(rows, p.row)
			writes = append(writes, p)
		}
		if len(rows) == 0 {
			return nil
		}
		if err := tx.Create(&rows).Error; err != nil {
			return fmt.Errorf("insert inbox rows: %w", err)
		}
		msgs := make([]outbox.NewMessage, len(rows))
		for i := range rows {
			writes[i].r = Receipt{ID: rows[i].ID}
			msgs[i] = processing(rows[i].ID)
		}
		return outbox.Insert(ctx, tx, rows[0].ReceivedAt, msgs...)
	}, readCommitted)
	switch {
	case database.IsDuplicate(err):
		for _, p := range fresh {
			p.r, p.err = s.storeOne(ctx, p.row)
		}
	case err != nil:
		for _, p := range fresh {
			p.r, p.err = Receipt{}, apperr.Wrap(err, apperr.Internal, "store callback event")
		}
	}
	for _, p := range batch {
		if f := first[string(p.row.ContentHash)]; f != p {
			p.r, p.err = Receipt{ID: f.r.ID, Duplicate: true}, f.err
		}
	}
}
