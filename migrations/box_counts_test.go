package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"math"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/migrations"
	"github.com/qiao-hq/qiao/server/embedded"
	"github.com/qiao-hq/qiao/testkit"
)

// boxItem is one seeded collaboration item: who sent it in which tenant, and its recipients' states.
type boxItem struct {
	tenant, sender uint64
	recipients     map[uint64]string
}

// boxSeed spreads items over three tenants (one with a gap before it, one with the largest id there is) and
// people who only send, only receive, or both, in every state, so that batches of one, two or three people
// split the same tenant's people, and a sender and a recipient of one batch come from different tables.
func boxSeed() []boxItem {
	states := []string{"pending", "approved", "rejected", "closed"}
	var items []boxItem
	for k := range 24 {
		recipients := map[uint64]string{}
		for j := range 1 + k%4 {
			recipients[uint64(10+(k+3*j)%9)] = states[(k+j)%len(states)]
		}
		items = append(items, boxItem{tenant: 1, sender: uint64(1 + k%5), recipients: recipients})
	}
	items = append(items,
		boxItem{tenant: 1, sender: 30, recipients: map[uint64]string{1: "pending", 2: "closed"}},
		boxItem{tenant: 3, sender: 12, recipients: map[uint64]string{1: "approved", 7: "pending"}},
		boxItem{tenant: 3, sender: 2, recipients: map[uint64]string{12: "pending"}},
		boxItem{tenant: math.MaxUint64, sender: math.MaxUint64,
			recipients: map[uint64]string{math.MaxUint64 - 1: "rejected"}},
	)
	return items
}

// wantBoxCounts is what 0005 defines the counters to be (the one-shot INSERT … SELECT the file first had
// computed the same), worked out in Go from the seed: sent counts the items a person sent, todo their pending
// recipient rows, done their approved, rejected and closed ones. Keyed like boxRows.
func wantBoxCounts(items []boxItem) map[string][3]int {
	out := map[string][3]int{}
	bump := func(tenant, person uint64, box int) {
		key := fmt.Sprintf("%d/%d", tenant, person)
		c := out[key]
		c[box]++
		out[key] = c
	}
	const todo, sent, done = 0, 1, 2
	for _, it := range items {
		bump(it.tenant, it.sender, sent)
		for person, state := range it.recipients {
			if state == "pending" {
				bump(it.tenant, person, todo)
			} else {
				bump(it.tenant, person, done)
			}
		}
	}
	return out
}

// seedBoxes writes items into collab_items and collab_recipients.
func seedBoxes(tb testing.TB, db *sql.DB, items []boxItem) {
	tb.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	for k, it := range items {
		id := uint64(1000 + k)
		if _, err := db.ExecContext(ctx, `INSERT INTO collab_items (id, tenant_id, sender_id, title, body, status,
created_at, updated_at) VALUES (?, ?, ?, 'item', 'body', 'pending', ?, ?)`,
			id, it.tenant, it.sender, now, now); err != nil {
			tb.Fatal(err)
		}
		for person, state := range it.recipients {
			if _, err := db.ExecContext(ctx, `INSERT INTO collab_recipients (tenant_id, item_id, recipient_id, state)
VALUES (?, ?, ?, ?)`, it.tenant, id, person, state); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

// storedBoxCounts returns the rows of collab_box_counts, as todo, sent and done keyed by "tenant/employee".
func storedBoxCounts(tb testing.TB, db *sql.DB) map[string][3]int {
	tb.Helper()
	rows, err := db.QueryContext(context.Background(),
		"SELECT tenant_id, employee_id, todo, sent, done FROM collab_box_counts")
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	out := map[string][3]int{}
	for rows.Next() {
		var (
			tenant, employee uint64
			c                [3]int
		)
		if err := rows.Scan(&tenant, &employee, &c[0], &c[1], &c[2]); err != nil {
			tb.Fatal(err)
		}
		out[fmt.Sprintf("%d/%d", tenant, employee)] = c
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// exec runs each statement on db.
func exec(tb testing.TB, db *sql.DB, stmts ...string) {
	tb.Helper()
	for _, s := range stmts {
		if _, err := db.ExecContext(context.Background(), s); err != nil {
			tb.Fatalf("%s: %v", s, err)
		}
	}
}

// engines are the two servers the migrations must run on, each giving a fresh, empty database.
var engines = []struct {
	name  string
	empty func(tb testing.TB) *sql.DB
}{
	{"MariaDB", func(tb testing.TB) *sql.DB { return mustSQL(tb, testkit.NewEmptyDatabase(tb)) }},
	{"Embedded", func(tb testing.TB) *sql.DB {
		tb.Helper()
		m, err := embedded.StartMySQL(context.Background(), nil)
		if err != nil {
			tb.Fatalf("StartMySQL: %v", err)
		}
		tb.Cleanup(func() { _ = m.Close() })
		return mustSQL(tb, m.DSN())
	}},
}

// before returns the embedded migration files numbered below version.
func before(tb testing.TB, version string) fs.FS {
	tb.Helper()
	out := fstest.MapFS{}
	names, err := fs.Glob(migrations.Files, "*.up.sql")
	if err != nil {
		tb.Fatal(err)
	}
	for _, name := range names {
		if name < version {
			body, err := fs.ReadFile(migrations.Files, name)
			if err != nil {
				tb.Fatal(err)
			}
			out[name] = &fstest.MapFile{Data: body}
		}
	}
	return out
}

// TestBackfillBoxCounts checks 0005's batched backfill against the counters 0005 defines, on both engines:
// through Apply on a database that has rows when 0005 arrives, for batches of several sizes, and when run again
// over the rows a partial run and the service's increments left.
func TestBackfillBoxCounts(t *testing.T) {
	ctx := context.Background()
	for _, engine := range engines {
		t.Run(engine.name, func(t *testing.T) {
			db := engine.empty(t)
			if _, err := migrations.ApplyFS(ctx, db, quiet(), before(t, "0005")); err != nil {
				t.Fatalf("Apply up to 0004: %v", err)
			}
			seed := boxSeed()
			seedBoxes(t, db, seed)
			want := wantBoxCounts(seed)
			if len(want) < 20 {
				t.Fatalf("the seed gives %d people, want 20 or more", len(want))
			}
			check := func(t *testing.T) {
				t.Helper()
				if diff := cmp.Diff(want, storedBoxCounts(t, db)); diff != "" {
					t.Errorf("collab_box_counts (-want +got):\n%s", diff)
				}
			}

			t.Run("Apply", func(t *testing.T) {
				if _, err := migrations.Apply(ctx, db, quiet()); err != nil {
					t.Fatalf("Apply: %v", err)
				}
				check(t)
			})

			batches := []struct {
				name string
				size int
			}{{"OnePersonPerBatch", 1}, {"Two", 2}, {"Three", 3}, {"Seven", 7}, {"AllInOne", 1000}}
			for _, b := range batches {
				t.Run(b.name, func(t *testing.T) {
					exec(t, db, "DELETE FROM collab_box_counts")
					if err := migrations.RecountBoxes(ctx, db, b.size); err != nil {
						t.Fatalf("backfill: %v", err)
					}
					check(t)
				})
			}

			t.Run("RerunAfterPartialRun", func(t *testing.T) {
				// What a run that stopped in tenant 1 leaves, with the service's increments on top: some
				// people right, some off, later people and tenants missing.
				exec(t, db,
					"DELETE FROM collab_box_counts WHERE tenant_id > 1 OR employee_id > 12",
					"UPDATE collab_box_counts SET todo = todo + 1, done = done - 2 WHERE employee_id IN (2, 11)",
					"INSERT INTO collab_box_counts (tenant_id, employee_id, todo, sent, done) VALUES (3, 7, 1, 0, 0)")
				if cmp.Equal(want, storedBoxCounts(t, db)) {
					t.Fatal("the partial state already equals the full one: the test proves nothing")
				}
				if err := migrations.RecountBoxes(ctx, db, 2); err != nil {
					t.Fatalf("backfill: %v", err)
				}
				check(t)
			})

			t.Run("FileRerunAfterFailedStep", func(t *testing.T) {
				// 0005 not recorded (its step failed), wrong counts left: the next Apply runs it again whole.
				exec(t, db,
					"DELETE FROM schema_migrations WHERE version = '0005_box_counts'",
					"UPDATE collab_box_counts SET sent = sent + 5")
				applied, err := migrations.Apply(ctx, db, quiet())
				if err != nil {
					t.Fatalf("Apply: %v", err)
				}
				if diff := cmp.Diff([]string{"0005_box_counts"}, applied); diff != "" {
					t.Errorf("applied (-want +got):\n%s", diff)
				}
				check(t)
			})
		})
	}
}

// TestOnlineDDLRunsOnBothEngines applies the migrations on both engines and reads back the indexes 0006 and 0007
// build: go-mysql-server must take ALGORITHM and LOCK (and ignore them), MariaDB must build them in place without
// locking writers out (it refuses an ALTER whose ALGORITHM or LOCK it cannot honour).
func TestOnlineDDLRunsOnBothEngines(t *testing.T) {
	ctx := context.Background()
	for _, engine := range engines {
		t.Run(engine.name, func(t *testing.T) {
			db := engine.empty(t)
			if _, err := migrations.Apply(ctx, db, quiet()); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			for table, want := range map[string]string{
				"notice_receipts": "KEY `ix_receipts_list` (`tenant_id`,`employee_id`,`kind`,`notice_id`,`read_at`)",
				"employees":       "KEY `ix_employees_tenant_status_name` (`tenant_id`,`status`,`name`)",
			} {
				var name, ddl string
				if err := db.QueryRowContext(ctx, "SHOW CREATE TABLE "+table).Scan(&name, &ddl); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(ddl, want) {
					t.Errorf("SHOW CREATE TABLE %s:\n%s\nwant it to contain %s", table, ddl, want)
				}
			}
		})
	}
}
