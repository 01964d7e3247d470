package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"time"

	"github.com/go-sql-driver/mysql"
)

// boxCountsBatch is how many people one batch of backfillBoxCounts recounts. At the 230 box entries a person
// has on average in the seed of migrations/EXPLAIN.md (130 received, 100 sent), a batch reads some 46,000
// index entries: under a tenth of a second on the test machine's MariaDB (54,000 took 0.07-0.09 s), during
// which writes to those people wait.
const boxCountsBatch = 200

// batchAttempts is how often a batch is tried when the server gives up on it for a deadlock or a lock wait
// (MySQL errors 1213 and 1205), which a batch can meet with the servers' own writes to the same people.
const batchAttempts = 3

// backfillBoxCounts is the Go step of 0005_box_counts: it fills collab_box_counts from the rows that exist,
// boxCountsBatch people at a time.
func backfillBoxCounts(ctx context.Context, conn *sql.Conn, log *slog.Logger) error {
	return recountBoxes(ctx, conn, log, boxCountsBatch)
}

// BackfillBoxCounts sets every person's row of collab_box_counts to the sizes of their boxes, counted from
// collab_recipients and collab_items in batches: the Go step of migration 0005, for a database that already has
// it. It repairs counters that drifted (changes made by servers older than 0005 while it was deployed, or a bug),
// and is safe while servers write (see recountBoxes). It takes no migration lock. log may be nil.
func BackfillBoxCounts(ctx context.Context, db *sql.DB, log *slog.Logger) (err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backfill collab_box_counts: connect: %w", err)
	}
	defer func() {
		if cerr := conn.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("backfill collab_box_counts: close connection: %w", cerr)
		}
	}()
	return backfillBoxCounts(ctx, conn, log)
}

// recountBoxes sets the row of collab_box_counts of everyone who has a collab_recipients or collab_items row to
// the sizes of their boxes, as oa keeps them (see 0005_box_counts.up.sql). It walks the tenants in order and
// each tenant's people in id order, batch people at a time; each batch is one INSERT … SELECT in a transaction
// of its own, so the migration locks a few hundred people's entries for a moment instead of both tables for
// the whole backfill.
//
// A batch writes absolute values (ON DUPLICATE KEY UPDATE todo = the count), so rerunning the backfill after a
// partial run gives the same rows as one run. Under REPEATABLE READ, which the batch asks for, INSERT … SELECT
// holds shared locks on the index entries it read until it commits: a server that changes one of these people
// meanwhile (and adds its relative increment to the counters in the same transaction) either committed before
// the batch read, and is counted, or waits for the batch and then increments the recounted row. Either way the
// counter ends right.
//
// People whose rows are all gone keep their counters, which no one recounts; nothing deletes those rows.
func recountBoxes(ctx context.Context, conn *sql.Conn, log *slog.Logger, batch int) error {
	p := backfillProgress{start: time.Now()}
	for from := uint64(0); ; {
		tenant, ok, err := nextBoxTenant(ctx, conn, from)
		if err != nil {
			return fmt.Errorf("backfill collab_box_counts: %w", err)
		}
		if !ok {
			break
		}
		if err := recountTenantBoxes(ctx, conn, log, tenant, batch, &p); err != nil {
			return fmt.Errorf("backfill collab_box_counts: %w", err)
		}
		if tenant == math.MaxUint64 {
			break
		}
		from = tenant + 1
	}
	log.InfoContext(ctx, "collab_box_counts backfilled", "people", p.people, "batches", p.batches,
		"elapsed", time.Since(p.start))
	return nil
}

// recountTenantBoxes is recountBoxes for one tenant.
func recountTenantBoxes(ctx context.Context, conn *sql.Conn, log *slog.Logger, tenant uint64, batch int,
	p *backfillProgress) error {
	for from := uint64(0); ; {
		to, n, err := nextBoxPeople(ctx, conn, tenant, from, batch)
		if err != nil || n == 0 {
			return err
		}
		if err := recountBoxBatch(ctx, conn, tenant, from, to); err != nil {
			return err
		}
		p.done(ctx, log, tenant, n)
		if to == math.MaxUint64 {
			return nil
		}
		from = to + 1
	}
}

// backfillProgress counts what a backfill did, for its log.
type backfillProgress struct {
	start           time.Time
	people, batches int
}

// done adds a batch of n people and logs the progress every 100 batches.
func (p *backfillProgress) done(ctx context.Context, log *slog.Logger, tenant uint64, n int) {
	p.people += n
	p.batches++
	if p.batches%100 == 0 {
		log.InfoContext(ctx, "collab_box_counts backfill", "tenant", tenant, "people", p.people,
			"batches", p.batches, "elapsed", time.Since(p.start))
	}
}

// nextBoxTenant returns the smallest tenant id from on that has recipients or items; ok is false when none has.
// Each query is one dive into an index that tenant_id leads. (Not MIN(tenant_id): go-mysql-server answers it
// with no row at all on an empty table.)
func nextBoxTenant(ctx context.Context, conn *sql.Conn, from uint64) (tenant uint64, ok bool, err error) {
	for _, q := range []string{
		"SELECT tenant_id FROM collab_recipients WHERE tenant_id >= ? ORDER BY tenant_id LIMIT 1",
		"SELECT tenant_id FROM collab_items WHERE tenant_id >= ? ORDER BY tenant_id LIMIT 1",
	} {
		var got uint64
		switch err := conn.QueryRowContext(ctx, q, from).Scan(&got); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return 0, false, err
		case !ok || got < tenant:
			tenant, ok = got, true
		}
	}
	return tenant, ok, nil
}

// nextBoxPeople finds the next batch of tenant's people from id from on: the first limit ids, in order, among
// the recipients and the senders, of which the batch then covers from..to. n is how many people that is, 0 when
// none is left. Taking the first limit ids of each table and keeping the first limit of their union leaves out
// no one up to to: a list that holds limit ids ends at or after the limit-th id of the union. Both queries walk
// the batch's range of the same indexes as the batch, without locks.
func nextBoxPeople(ctx context.Context, conn *sql.Conn, tenant, from uint64, limit int) (to uint64, n int, err error) {
	recipients, err := distinctIDs(ctx, conn, `SELECT DISTINCT recipient_id FROM collab_recipients
WHERE tenant_id = ? AND recipient_id >= ? ORDER BY recipient_id LIMIT ?`, tenant, from, limit)
	if err != nil {
		return 0, 0, err
	}
	senders, err := distinctIDs(ctx, conn, `SELECT DISTINCT sender_id FROM collab_items
WHERE tenant_id = ? AND sender_id >= ? ORDER BY sender_id LIMIT ?`, tenant, from, limit)
	if err != nil {
		return 0, 0, err
	}
	ids := append(recipients, senders...)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return 0, 0, nil
	}
	ids = ids[:min(len(ids), limit)]
	return ids[len(ids)-1], len(ids), nil
}

// distinctIDs runs q, which selects one id column, and returns the ids.
func distinctIDs(ctx context.Context, conn *sql.Conn, q string, args ...any) ([]uint64, error) {
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []uint64
	for rows.Next() {
		var id uint64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// recountBoxSQL sets the counters of one tenant's people from..to (both inclusive, twice: recipients, then
// senders) to the sizes of their boxes. The states are 0005's definition of the boxes, as oa writes them. Each
// branch reads one range of an index that serves the lists (ix_recipients_box, ix_items_sender), Using index.
// The grouped rows go through one more derived table, whose columns the ON DUPLICATE KEY UPDATE names:
// go-mysql-server refuses VALUES() there in an INSERT … SELECT, and MySQL 8 any column of a grouped SELECT.
const recountBoxSQL = `INSERT INTO collab_box_counts (tenant_id, employee_id, todo, sent, done)
SELECT c.tenant_id, c.employee_id, c.todo, c.sent, c.done
FROM (
  SELECT b.tenant_id, b.employee_id, SUM(b.todo) AS todo, SUM(b.sent) AS sent, SUM(b.done) AS done
  FROM (
    SELECT r.tenant_id AS tenant_id, r.recipient_id AS employee_id,
      CASE WHEN r.state = 'pending' THEN 1 ELSE 0 END AS todo,
      0 AS sent,
      CASE WHEN r.state IN ('approved', 'rejected', 'closed') THEN 1 ELSE 0 END AS done
    FROM collab_recipients r
    WHERE r.tenant_id = ? AND r.recipient_id BETWEEN ? AND ?
    UNION ALL
    SELECT i.tenant_id, i.sender_id, 0, 1, 0
    FROM collab_items i
    WHERE i.tenant_id = ? AND i.sender_id BETWEEN ? AND ?
  ) b
  GROUP BY b.tenant_id, b.employee_id
) c
ON DUPLICATE KEY UPDATE todo = c.todo, sent = c.sent, done = c.done`

// recountBoxBatch runs recountBoxSQL for tenant's people from..to in a REPEATABLE READ transaction, trying
// again after a deadlock or a lock wait timeout.
func recountBoxBatch(ctx context.Context, conn *sql.Conn, tenant, from, to uint64) error {
	for attempt := 1; ; attempt++ {
		err := inTx(ctx, conn, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, recountBoxSQL, tenant, from, to, tenant, from, to)
			return err
		})
		if err == nil || attempt == batchAttempts || !isLockConflict(err) {
			if err != nil {
				return fmt.Errorf("tenant %d, people %d-%d: %w", tenant, from, to, err)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		}
	}
}

// inTx runs fn in a REPEATABLE READ transaction on conn and commits it, or rolls it back when fn fails.
func inTx(ctx context.Context, conn *sql.Conn, fn func(tx *sql.Tx) error) error {
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// isLockConflict reports MySQL's deadlock (1213) and lock wait timeout (1205): the statement was rolled back
// and may succeed when tried again.
func isLockConflict(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205)
}
