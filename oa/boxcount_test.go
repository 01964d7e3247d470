package oa_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/migrations"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/testkit"
)

// TestBoxCounts: each change to the boxes moves exactly the counters it should, in the same call, for the sender
// and every recipient; a refused call moves none; another tenant's counters never move.
func TestBoxCounts(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenant(t), e.tenant(t)
	two := []uint64{a.approver, a.third}
	dept := e.dir.department(t, a, a.sender, a.approver, a.third)
	send := func(t *testing.T, rule oa.Rule) oa.Item {
		return e.send(t, a, oa.SendInput{Rule: rule, RecipientIDs: two})
	}
	withdraw := func(t *testing.T, id uint64) {
		t.Helper()
		if _, err := e.oa.Withdraw(a.ctx, a.sender, id); err != nil {
			t.Fatalf("withdraw: %v", err)
		}
	}
	refused := func(t *testing.T, err error) {
		t.Helper()
		wantCode(t, err, apperr.Conflict)
	}
	cases := []struct {
		name string
		run  func(t *testing.T)
		want map[uint64]oa.Counts // change per person of a; absent people do not change
	}{
		{"Send", func(t *testing.T) { send(t, oa.RuleAll) },
			map[uint64]oa.Counts{a.sender: {Sent: 1}, a.approver: {Todo: 1}, a.third: {Todo: 1}}},
		{"SendToDepartmentAndNamed", func(t *testing.T) {
			// approver is named and in the department; the sender is in it too and is left out.
			e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver}, DepartmentIDs: []uint64{dept}})
		}, map[uint64]oa.Counts{a.sender: {Sent: 1}, a.approver: {Todo: 1}, a.third: {Todo: 1}}},
		{"ApproveUnderAll", func(t *testing.T) {
			mustHandle(t, e, a, a.approver, send(t, oa.RuleAll).ID, oa.ActionApprove)
		}, map[uint64]oa.Counts{a.sender: {Sent: 1}, a.approver: {Done: 1}, a.third: {Todo: 1}}},
		{"LastApprovalUnderAll", func(t *testing.T) {
			it := send(t, oa.RuleAll)
			mustHandle(t, e, a, a.approver, it.ID, oa.ActionApprove)
			mustHandle(t, e, a, a.third, it.ID, oa.ActionApprove)
		}, map[uint64]oa.Counts{a.sender: {Sent: 1}, a.approver: {Done: 1}, a.third: {Done: 1}}},
		{"ApproveUnderAnyClosesOthers", func(t *testing.T) {
			mustHandle(t, e, a, a.approver, send(t, oa.RuleAny).ID, oa.ActionApprove)
		}, map[uint64]oa.Counts{a.sender: {Sent: 1}, a.approver: {Done: 1}, a.third: {Done: 1}}},
		{"RejectClosesOthers", func(t *testing.T) {
			mustHandle(t, e, a, a.third, send(t, oa.RuleAll).ID, oa.ActionReject)
		}, map[uint64]oa.Counts{a.sender: {Sent: 1}, a.approver: {Done: 1}, a.third: {Done: 1}}},
		{"Comment", func(t *testing.T) {
			mustHandle(t, e, a, a.approver, send(t, oa.RuleAll).ID, oa.ActionComment)
		}, map[uint64]oa.Counts{a.sender: {Sent: 1}, a.approver: {Todo: 1}, a.third: {Todo: 1}}},
		{"Withdraw", func(t *testing.T) { withdraw(t, send(t, oa.RuleAll).ID) },
			map[uint64]oa.Counts{a.sender: {Sent: 1}, a.approver: {Done: 1}, a.third: {Done: 1}}},
		{"RefusedCallsMoveNothing", func(t *testing.T) {
			it := send(t, oa.RuleAny)
			mustHandle(t, e, a, a.approver, it.ID, oa.ActionApprove)
			_, err := e.oa.Handle(a.ctx, a.approver, it.ID, oa.ActionReject, "")
			refused(t, err)
			_, err = e.oa.Handle(a.ctx, a.third, it.ID, oa.ActionApprove, "")
			refused(t, err)
			_, err = e.oa.Withdraw(a.ctx, a.sender, it.ID)
			refused(t, err)
			w := send(t, oa.RuleAll)
			withdraw(t, w.ID)
			_, err = e.oa.Withdraw(a.ctx, a.sender, w.ID)
			refused(t, err)
			_, err = e.oa.Handle(a.ctx, a.approver, w.ID, oa.ActionApprove, "")
			refused(t, err)
		}, map[uint64]oa.Counts{a.sender: {Sent: 2}, a.approver: {Done: 2}, a.third: {Done: 2}}},
		{"RefusedSendMovesNothing", func(t *testing.T) {
			_, err := e.oa.Send(a.ctx, a.sender, oa.SendInput{Title: "x", RecipientIDs: []uint64{a.approver, 1 << 40}})
			wantField(t, err, "recipientIds")
		}, nil},
	}
	people := []uint64{a.sender, a.approver, a.third, a.outside}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.counts(t, a, people)
			otherBefore := e.counts(t, b, []uint64{b.sender, b.approver, b.third, b.outside})
			c.run(t)
			after := e.counts(t, a, people)
			got := map[uint64]oa.Counts{}
			for i, id := range people {
				if d := (oa.Counts{Todo: after[i].Todo - before[i].Todo, Sent: after[i].Sent - before[i].Sent,
					Done: after[i].Done - before[i].Done}); d != (oa.Counts{}) {
					got[id] = d
				}
			}
			if c.want == nil {
				c.want = map[uint64]oa.Counts{}
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("change in counts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(otherBefore, e.counts(t, b, []uint64{b.sender, b.approver, b.third, b.outside})); diff != "" {
				t.Errorf("the other tenant's counts moved (-before +after):\n%s", diff)
			}
			e.checkBoxCounts(t, a)
		})
	}
	t.Run("TenantScoped", func(t *testing.T) {
		// a's people, asked about in b's tenant, have no boxes there.
		for _, id := range people {
			if got := e.counts(t, b, []uint64{id})[0]; got != (oa.Counts{}) {
				t.Errorf("person %d of a seen from b: %+v", id, got)
			}
		}
	})
}

// TestBoxCountsInvariant is the heart of the box counts: many people send, approve, reject, comment and withdraw
// at once, on shared items and across two tenants, and afterwards every person's counters equal COUNT(*) over
// collab_recipients and collab_items, Counts and each box's totalCount report them, and the migration's backfill,
// run again from scratch, writes exactly the same rows.
func TestBoxCountsInvariant(t *testing.T) {
	// A database of its own: the backfill check empties collab_box_counts, which other tests would see.
	e := newEnvOn(t, testkit.NewDatabase(t))
	type world struct {
		tn     tenant
		people []uint64
		dept   uint64
		dmem   []uint64 // the department's members
	}
	var worlds []*world
	for range 2 {
		tn := e.tenant(t)
		w := &world{tn: tn, people: []uint64{tn.sender, tn.approver, tn.third, tn.outside}}
		for i := range 6 {
			w.people = append(w.people, e.employee(t, tn, fmt.Sprintf("员工%d", i), directory.StatusActive))
		}
		w.dmem = w.people[2:7]
		w.dept = e.dir.department(t, tn, w.dmem...)
		worlds = append(worlds, w)
	}

	// pool holds each tenant's recent items, which the workers handle and withdraw at once.
	type sent struct {
		id         uint64
		sender     uint64
		recipients []uint64
	}
	var (
		mu   sync.Mutex
		pool = map[*world][]sent{}
		ok   = map[string]int{}
	)
	pick := func(rng *rand.Rand, w *world) (sent, bool) {
		mu.Lock()
		defer mu.Unlock()
		items := pool[w]
		if len(items) == 0 {
			return sent{}, false
		}
		return items[max(0, len(items)-8)+rng.IntN(min(8, len(items)))], true
	}
	const workers, ops = 10, 40
	errs := make(chan error, workers*ops)
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 2026))
			for range ops {
				w := worlds[rng.IntN(len(worlds))]
				ctx := w.tn.ctx
				var (
					op  string
					err error
				)
				switch r := rng.IntN(100); {
				case r < 40:
					op = "send"
					var s sent
					s.sender = w.people[rng.IntN(len(w.people))]
					in := oa.SendInput{Title: "并发", Rule: oa.RuleAll}
					if rng.IntN(2) == 0 {
						in.Rule = oa.RuleAny
					}
					set := map[uint64]bool{}
					for range rng.IntN(4) {
						if id := w.people[rng.IntN(len(w.people))]; id != s.sender {
							in.RecipientIDs = append(in.RecipientIDs, id)
							set[id] = true
						}
					}
					if len(in.RecipientIDs) == 0 || rng.IntN(5) == 0 {
						in.DepartmentIDs = []uint64{w.dept}
						for _, id := range w.dmem {
							if id != s.sender {
								set[id] = true
							}
						}
					}
					var it oa.Item
					if it, err = e.oa.Send(ctx, s.sender, in); err == nil {
						s.id = it.ID
						for id := range set {
							s.recipients = append(s.recipients, id)
						}
						mu.Lock()
						pool[w] = append(pool[w], s)
						mu.Unlock()
					}
				case r < 85:
					s, found := pick(rng, w)
					if !found {
						continue
					}
					act := []oa.Action{oa.ActionApprove, oa.ActionApprove, oa.ActionApprove, oa.ActionReject, oa.ActionComment}[rng.IntN(5)]
					op = string(act)
					_, err = e.oa.Handle(ctx, s.recipients[rng.IntN(len(s.recipients))], s.id, act, "意见")
				case r < 95:
					s, found := pick(rng, w)
					if !found {
						continue
					}
					op = "withdraw"
					_, err = e.oa.Withdraw(ctx, s.sender, s.id)
				default:
					op = "counts"
					_, err = e.oa.Counts(ctx, w.people[rng.IntN(len(w.people))])
				}
				switch {
				case err == nil:
					mu.Lock()
					ok[op]++
					mu.Unlock()
				case !apperr.Is(err, apperr.Conflict):
					// A deadlock or any other failure is a bug: only "already decided / ended" may be refused.
					errs <- fmt.Errorf("%s: %w", op, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("succeeded: %v", ok)
	for _, op := range []string{"send", "approve", "reject", "comment", "withdraw"} {
		if ok[op] == 0 {
			t.Errorf("no %s succeeded: the run did not exercise it", op)
		}
	}

	for _, w := range worlds {
		e.checkBoxCounts(t, w.tn)
		for _, id := range w.people {
			e.checkReported(t, w.tn, id)
		}
	}

	t.Run("BackfillAgrees", func(t *testing.T) {
		db, err := e.db.DB()
		if err != nil {
			t.Fatal(err)
		}
		kept := dumpBoxCounts(t, db)
		if len(kept) == 0 {
			t.Fatal("no counters were written")
		}
		ctx := context.Background()
		if _, err := db.ExecContext(ctx, "DELETE FROM collab_box_counts"); err != nil {
			t.Fatal(err)
		}
		if err := migrations.BackfillBoxCounts(ctx, db, nil); err != nil {
			t.Fatalf("backfill: %v", err)
		}
		if diff := cmp.Diff(kept, dumpBoxCounts(t, db)); diff != "" {
			t.Errorf("backfill against the counters kept by the service (-kept +backfill):\n%s", diff)
		}
	})
}

// counts returns Counts of each of people in tn.
func (e *env) counts(t *testing.T, tn tenant, people []uint64) []oa.Counts {
	t.Helper()
	out := make([]oa.Counts, len(people))
	for i, id := range people {
		c, err := e.oa.Counts(tn.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = c
	}
	return out
}

// checkBoxCounts compares every counter row of tn with the ground truth, COUNT(*) over collab_recipients by state
// and collab_items by sender. People with empty boxes may have a row of zeros or none.
func (e *env) checkBoxCounts(t *testing.T, tn tenant) {
	t.Helper()
	db := e.db.WithContext(tn.ctx)
	type row struct {
		EmployeeID, N uint64
	}
	truth := map[uint64]oa.Counts{}
	tally := func(q string, add func(c *oa.Counts, n int)) {
		t.Helper()
		var rows []row
		if err := db.Raw(q, tn.id).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			c := truth[r.EmployeeID]
			add(&c, int(r.N))
			truth[r.EmployeeID] = c
		}
	}
	tally("SELECT recipient_id AS employee_id, COUNT(*) AS n FROM collab_recipients WHERE tenant_id = ? AND state = 'pending' GROUP BY recipient_id",
		func(c *oa.Counts, n int) { c.Todo = n })
	tally("SELECT recipient_id AS employee_id, COUNT(*) AS n FROM collab_recipients WHERE tenant_id = ? AND state IN ('approved', 'rejected', 'closed') GROUP BY recipient_id",
		func(c *oa.Counts, n int) { c.Done = n })
	tally("SELECT sender_id AS employee_id, COUNT(*) AS n FROM collab_items WHERE tenant_id = ? GROUP BY sender_id",
		func(c *oa.Counts, n int) { c.Sent = n })
	var rows []struct {
		EmployeeID       uint64
		Todo, Sent, Done int
	}
	if err := db.Raw("SELECT employee_id, todo, sent, done FROM collab_box_counts WHERE tenant_id = ?", tn.id).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	got := map[uint64]oa.Counts{}
	for _, r := range rows {
		if c := (oa.Counts{Todo: r.Todo, Sent: r.Sent, Done: r.Done}); c != (oa.Counts{}) {
			got[r.EmployeeID] = c
		}
	}
	if diff := cmp.Diff(truth, got); diff != "" {
		t.Errorf("tenant %d: box counts against COUNT(*) (-truth +counters):\n%s", tn.id, diff)
	}
}

// checkReported checks that each box's totalCount equals Counts (which checkBoxCounts held to the truth), and
// that with a keyword the total still counts the matches rather than reading the counters: "%" is taken
// literally and matches no title or name here.
func (e *env) checkReported(t *testing.T, tn tenant, person uint64) {
	t.Helper()
	c, err := e.oa.Counts(tn.ctx, person)
	if err != nil {
		t.Fatal(err)
	}
	for box, want := range map[oa.Box]int{oa.BoxTodo: c.Todo, oa.BoxSent: c.Sent, oa.BoxDone: c.Done} {
		p, err := e.oa.Search(tn.ctx, person, oa.ListQuery{Box: box, First: 1})
		if err != nil {
			t.Fatal(err)
		}
		if p.TotalCount != want {
			t.Errorf("person %d %s: totalCount %d, Counts %d", person, box, p.TotalCount, want)
		}
		p, err = e.oa.Search(tn.ctx, person, oa.ListQuery{Box: box, First: 1, Keyword: "%"})
		if err != nil {
			t.Fatal(err)
		}
		if p.TotalCount != 0 {
			t.Errorf("person %d %s: keyword matching nothing counted %d", person, box, p.TotalCount)
		}
	}
}

// dumpBoxCounts returns every row of collab_box_counts without zero rows, as "tenant/employee" → counts.
func dumpBoxCounts(t *testing.T, db *sql.DB) map[string]oa.Counts {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), "SELECT tenant_id, employee_id, todo, sent, done FROM collab_box_counts")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]oa.Counts{}
	for rows.Next() {
		var tn, emp uint64
		var c oa.Counts
		if err := rows.Scan(&tn, &emp, &c.Todo, &c.Sent, &c.Done); err != nil {
			t.Fatal(err)
		}
		if c != (oa.Counts{}) {
			out[fmt.Sprintf("%d/%d", tn, emp)] = c
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
