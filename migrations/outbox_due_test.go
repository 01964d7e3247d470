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

// TestBackfillDeliveryFirstSent: deliveries of the release before 0012 that are still open are taken as sent when
// first tried, so the 4-hour rule guards their resend; finished ones and ones that already have the value are left
// alone. On both engines.
func TestBackfillDeliveryFirstSent(t *testing.T) {
	ctx := context.Background()
	for _, engine := range engines {
		t.Run(engine.name, func(t *testing.T) {
			db := engine.empty(t)
			if _, err := migrations.ApplyFS(ctx, db, quiet(), before(t, "0013")); err != nil {
				t.Fatalf("Apply up to 0012: %v", err)
			}
			const created, set = "2026-01-02 03:04:05", "2026-02-03 04:05:06"
			exec(t, db, `INSERT INTO push_deliveries (tenant_id, dedup_key, outbox_id, channel, recipient, status, first_sent_at, created_at, updated_at) VALUES
(1, 'failed', 1, 'wecom', 'u', 'failed', NULL, '`+created+`', '`+created+`'),
(1, 'sending', 2, 'wecom', 'u', 'sending', NULL, '`+created+`', '`+created+`'),
(1, 'sent', 3, 'wecom', 'u', 'sent', NULL, '`+created+`', '`+created+`'),
(1, 'new', 4, 'wecom', 'u', 'failed', '`+set+`', '`+created+`', '`+created+`')`)
			if _, err := migrations.Apply(ctx, db, quiet()); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			got := map[string]string{}
			rows, err := db.QueryContext(ctx, "SELECT dedup_key, COALESCE(DATE_FORMAT(first_sent_at, '%Y-%m-%d %H:%i:%s'), '') FROM push_deliveries")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var k, v string
				if err := rows.Scan(&k, &v); err != nil {
					t.Fatal(err)
				}
				got[k] = v
			}
			want := map[string]string{"failed": created, "sending": created, "sent": "", "new": set}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("first_sent_at by delivery (-want +got):\n%s", diff)
			}
		})
	}
}
