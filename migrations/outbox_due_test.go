package migrations_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/migrations"
)

// TestBackfillOutboxDue: rows the release before 0010 wrote get their place in the new life cycle, across batch
// boundaries and on both engines: not yet handed over → due at creation; handed over within the last day (the old
// relay's tasks may have died with Redis) → due now; handed over earlier → done. A second run changes nothing.
func TestBackfillOutboxDue(t *testing.T) {
	ctx := context.Background()
	for _, engine := range engines {
		t.Run(engine.name, func(t *testing.T) {
			db := engine.empty(t)
			if _, err := migrations.ApplyFS(ctx, db, quiet(), before(t, "0011")); err != nil {
				t.Fatalf("Apply up to 0010: %v", err)
			}
			now := time.Now().UTC().Truncate(time.Second)
			created := now.Add(-72 * time.Hour)
			recent, old := now.Add(-time.Hour), now.Add(-48*time.Hour)
			const n = 1100 // two batches of 1000
			want := map[string]int{}
			var values []string
			for i := range n {
				enq, kind := "NULL", "pending"
				switch i % 3 {
				case 1:
					enq, kind = "'"+recent.Format("2006-01-02 15:04:05")+"'", "recent"
				case 2:
					enq, kind = "'"+old.Format("2006-01-02 15:04:05")+"'", "old"
				}
				want[kind]++
				values = append(values, fmt.Sprintf("(1, 'collab.sent', 'k%d', '{}', '%s', %s)", i, created.Format("2006-01-02 15:04:05"), enq))
				if len(values) == 500 || i == n-1 {
					exec(t, db, "INSERT INTO outbox (tenant_id, kind, dedup_key, payload, created_at, enqueued_at) VALUES "+
						strings.Join(values, ", "))
					values = values[:0]
				}
			}
			// A row the new release wrote is left alone.
			exec(t, db, fmt.Sprintf(`INSERT INTO outbox (tenant_id, kind, dedup_key, payload, created_at, due_at)
VALUES (1, 'collab.sent', 'new', '{}', '%s', '%s')`, now.Format("2006-01-02 15:04:05"), now.Add(time.Hour).Format("2006-01-02 15:04:05")))
			check := func(t *testing.T) {
				t.Helper()
				got := map[string]int{}
				for _, q := range []struct{ kind, where string }{
					{"pending", "due_at = created_at AND done_at IS NULL"},
					{"recent", "due_at >= ? AND done_at IS NULL AND enqueued_at IS NOT NULL"},
					{"old", "done_at = enqueued_at AND due_at IS NULL"},
					{"untouched", "dedup_key = 'new' AND due_at > ?"},
				} {
					var c int
					args := []any{}
					if q.kind == "recent" || q.kind == "untouched" {
						args = append(args, now)
					}
					if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM outbox WHERE "+q.where, args...).Scan(&c); err != nil {
						t.Fatal(err)
					}
					got[q.kind] = c
				}
				w := map[string]int{"pending": want["pending"], "recent": want["recent"], "old": want["old"], "untouched": 1}
				if diff := cmp.Diff(w, got); diff != "" {
					t.Errorf("outbox rows by fate (-want +got):\n%s", diff)
				}
			}
			if _, err := migrations.Apply(ctx, db, quiet()); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			check(t)
			if err := migrations.BackfillOutboxDue(ctx, db); err != nil {
				t.Fatal(err)
			}
			check(t)
		})
	}
}
