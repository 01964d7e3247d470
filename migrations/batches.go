package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// idRange is one batch of a walk by primary key: the ids after From up to To, or every id after From when Last.
type idRange struct {
	From, To uint64
	Last     bool
}

// where is the range's condition on column id, with its arguments, for an UPDATE's WHERE.
func (r idRange) where() (string, []any) {
	if r.Last {
		return "id > ?", []any{r.From}
	}
	return "id > ? AND id <= ?", []any{r.From, r.To}
}

// walkByID calls batch for consecutive ranges of table's primary key id that hold size rows each (the last one
// what is left), and returns the sum of what batch returned. A Go step that rewrites a table's rows uses it so each
// statement locks a bounded range. It logs its progress every 100 batches.
func walkByID(ctx context.Context, conn *sql.Conn, log *slog.Logger, table string, size int,
	batch func(r idRange) (int64, error)) (int64, error) {
	var total int64
	start := time.Now()
	for batches, from := 1, uint64(0); ; batches++ {
		if batches%100 == 0 {
			log.InfoContext(ctx, "migration step walking "+table, "batches", batches, "rows", total, "elapsed", time.Since(start))
		}
		var to uint64
		err := conn.QueryRowContext(ctx, "SELECT id FROM "+table+" WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?",
			from, size-1).Scan(&to)
		last := errors.Is(err, sql.ErrNoRows)
		if err != nil && !last {
			return total, fmt.Errorf("walk %s: %w", table, err)
		}
		n, err := batch(idRange{From: from, To: to, Last: last})
		total += n
		if err != nil || last {
			return total, err
		}
		from = to
	}
}

// execCount runs q on conn and returns how many rows it changed.
func execCount(ctx context.Context, conn *sql.Conn, q string, args ...any) (int64, error) {
	res, err := conn.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
