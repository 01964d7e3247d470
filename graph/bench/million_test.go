package bench_test

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/migrations"
	"github.com/qiao-hq/qiao/server/app"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/testkit"
)

// dsn is this package's fresh database. BenchmarkTodoMillion seeds it once per run; the other benchmarks make
// databases of their own.
var dsn string

// TestMain runs the benchmarks with the server's GC target (app.SetServerGC), as `go run ./server` does: the
// numbers are the server's. The plain handler shares the process, and so the target.
func TestMain(m *testing.M) {
	app.SetServerGC(os.Getenv)
	testkit.Main(m, &dsn)
}

// The million-item data set (issue 4): 100 tenants of 100 people each and 1,000,000 collaboration items with
// their recipient rows. One person, the approver of tenant "million", has exactly todoN items pending, plus 3,000
// decided and 2,000 sent. Their items are spread through the id space, interleaved with everybody else's,
// as they would be in a shared production table.
const (
	seedTenants  = 100
	seedPeople   = 100 // per tenant
	seedItems    = 1_000_000
	seedBatch    = 20_000 // items per transaction; their recipient rows go in the same transaction
	mainEvery    = 50     // every 50th item belongs to the main tenant: 20,000 items
	todoN        = 10_000
	pageSize     = 20
	rounds       = 4 // BenchmarkTodoMillion's loads take turns this many times
	seedStartDay = "2025-01-01"
)

// seeded is the data set of this run, made by the first call of BenchmarkTodoMillion (Go calls a benchmark
// function once with b.N = 1 and again with the real b.N; both use the same rows).
var seeded *millionSeed

type millionSeed struct {
	tenant apptest.Tenant
	person apptest.Person // the approver of tenant: todoN pending
}

// seedMillion provisions tenant "million" through the service (so its people can sign in), then writes the
// other 99 tenants, 10,000 people and 1,000,000 items with their recipients with plain multi-row INSERTs, and
// ANALYZEs the tables.
func seedMillion(b *testing.B) *millionSeed {
	b.Helper()
	start := time.Now()
	env := apptest.New(b, dsn)
	tn := env.Tenant(b, "million")
	db, err := env.DB.DB()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s := &seeder{db: db, rng: rand.New(rand.NewPCG(4, 2026)), person: tn.Approver.EmployeeID}
	s.base, _ = time.Parse(time.DateOnly, seedStartDay)

	tenantIDs, err := s.tenants(ctx, uint64(tn.ID))
	if err != nil {
		b.Fatal(err)
	}
	if s.people, err = s.employees(ctx, tenantIDs); err != nil {
		b.Fatal(err)
	}
	s.main = uint64(tn.ID)
	for _, id := range s.people[s.main] {
		if id != s.person {
			s.mainOthers = append(s.mainOthers, id)
		}
	}
	s.others = tenantIDs[1:]
	for lo := 0; lo < seedItems; lo += seedBatch {
		if err := s.items(ctx, lo, min(lo+seedBatch, seedItems)); err != nil {
			b.Fatal(err)
		}
	}
	// The box counts oa keeps in the transactions that change the boxes, computed here from the rows written, with
	// the batched backfill of migration 0005.
	if err := migrations.BackfillBoxCounts(ctx, db, nil); err != nil {
		b.Fatalf("seed box counts: %v", err)
	}
	for _, t := range []string{"tenants", "employees", "collab_items", "collab_recipients", "collab_box_counts"} {
		if _, err := db.ExecContext(ctx, "ANALYZE TABLE "+t); err != nil {
			b.Fatalf("analyze %s: %v", t, err)
		}
	}
	b.Logf("seeded %d tenants, %d people, %d items and %d recipient rows in %s (person %d: %d todo, %d done, %d sent)",
		seedTenants, seedTenants*seedPeople, seedItems, s.recipients, time.Since(start).Round(time.Second),
		s.person, s.todo, s.done, s.sent)
	if s.todo != todoN {
		b.Fatalf("seeded %d todo items, want %d", s.todo, todoN)
	}
	runtime.GC() // the seed's garbage is no part of what is measured
	return &millionSeed{tenant: tn, person: tn.Approver}
}

type seeder struct {
	db         *sql.DB
	rng        *rand.Rand
	base       time.Time
	main       uint64              // the tenant of person
	person     uint64              // the employee with todoN pending items
	people     map[uint64][]uint64 // tenant → employee ids
	mainOthers []uint64            // main tenant's people but person
	others     []uint64            // the 99 other tenants

	recipients, todo, done, sent int
}

// tenants writes seedTenants-1 tenants beside main and returns every tenant id, main first.
func (s *seeder) tenants(ctx context.Context, main uint64) ([]uint64, error) {
	var q bytes.Buffer
	q.WriteString("INSERT INTO tenants (slug, name, created_at, updated_at) VALUES ")
	for i := 1; i < seedTenants; i++ {
		if i > 1 {
			q.WriteByte(',')
		}
		fmt.Fprintf(&q, "('mt%03d','企业 %03d',NOW(6),NOW(6))", i, i)
	}
	if _, err := s.db.ExecContext(ctx, q.String()); err != nil {
		return nil, fmt.Errorf("seed tenants: %w", err)
	}
	ids := []uint64{main}
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM tenants WHERE slug LIKE 'mt%' ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id uint64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// employees fills every tenant up to seedPeople people and returns them by tenant.
func (s *seeder) employees(ctx context.Context, tenantIDs []uint64) (map[uint64][]uint64, error) {
	var q bytes.Buffer
	q.WriteString("INSERT INTO employees (tenant_id, name, status, created_at, updated_at) VALUES ")
	first := true
	for ti, t := range tenantIDs {
		n := seedPeople
		if ti == 0 {
			n -= 3 // the provisioned admin, sender and approver
		}
		for p := range n {
			if !first {
				q.WriteByte(',')
			}
			first = false
			fmt.Fprintf(&q, "(%d,'员工 %d-%d','active',NOW(6),NOW(6))", t, ti, p)
		}
	}
	if _, err := s.db.ExecContext(ctx, q.String()); err != nil {
		return nil, fmt.Errorf("seed employees: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT tenant_id, id FROM employees ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[uint64][]uint64{}
	for rows.Next() {
		var t, id uint64
		if err := rows.Scan(&t, &id); err != nil {
			return nil, err
		}
		out[t] = append(out[t], id)
	}
	return out, rows.Err()
}

// recipient is one collab_recipients row being written.
type recipient struct {
	id    uint64
	state string
}

// items writes items [lo, hi) (ids lo+1 … hi) and their recipient rows in one transaction.
func (s *seeder) items(ctx context.Context, lo, hi int) error {
	var qi, qr bytes.Buffer
	qi.WriteString("INSERT INTO collab_items (id, tenant_id, sender_id, title, body, rule, status, created_at, updated_at) VALUES ")
	qr.WriteString("INSERT INTO collab_recipients (tenant_id, item_id, recipient_id, state, handled_at) VALUES ")
	firstR := true
	for i := lo; i < hi; i++ {
		id := uint64(i + 1)
		tenant, sender, title, to := s.item(i)
		status := to[0].state
		if status == "closed" {
			status = "approved" // closed rows belong to 'any' items another recipient approved
		}
		at := s.base.Add(time.Duration(i) * 30 * time.Second).Format("2006-01-02 15:04:05")
		if i > lo {
			qi.WriteByte(',')
		}
		qi.WriteString("(")
		qi.WriteString(strconv.FormatUint(id, 10))
		fmt.Fprintf(&qi, ",%d,%d,'%s %d','<p>请审阅第 %d 号申请，详情见附件与关联协同。</p>','all','%s','%s','%s')",
			tenant, sender, title, id, id, status, at, at)
		for _, r := range to {
			if !firstR {
				qr.WriteByte(',')
			}
			firstR = false
			handled := "NULL"
			if r.state != "pending" {
				handled = "'" + at + "'"
			}
			fmt.Fprintf(&qr, "(%d,%d,%d,'%s',%s)", tenant, id, r.id, r.state, handled)
			s.recipients++
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // a no-op after Commit
	if _, err := tx.ExecContext(ctx, qi.String()); err != nil {
		return fmt.Errorf("seed items %d–%d: %w", lo, hi, err)
	}
	if _, err := tx.ExecContext(ctx, qr.String()); err != nil {
		return fmt.Errorf("seed recipients %d–%d: %w", lo, hi, err)
	}
	return tx.Commit()
}

// item decides item i: its tenant, sender, title word and recipients (the first one's state sets the status).
// Main-tenant items cycle, by j = i/mainEvery mod 20: even j is todo for person (10,000); 1, 3, 5 are decided
// by person (done, 3,000); 7, 9 are sent by person (2,000); the rest go between the tenant's other people.
func (s *seeder) item(i int) (tenant, sender uint64, title string, to []recipient) {
	pick := func(ids []uint64, not uint64) uint64 {
		for {
			if id := ids[s.rng.IntN(len(ids))]; id != not {
				return id
			}
		}
	}
	if i%mainEvery != 0 {
		tenant = s.others[s.rng.IntN(len(s.others))]
		people := s.people[tenant]
		sender = pick(people, 0)
		return tenant, sender, "申请", s.randomRecipients(people, sender)
	}
	tenant = s.main
	switch j := (i / mainEvery) % 20; {
	case j%2 == 0:
		s.todo++
		sender = pick(s.mainOthers, 0)
		to = []recipient{{s.person, "pending"}}
		if s.rng.IntN(10) < 3 { // some are addressed to a colleague as well
			to = append(to, recipient{pick(s.mainOthers, sender), s.state()})
		}
		return tenant, sender, "待办", to
	case j == 1 || j == 3 || j == 5:
		s.done++
		sender = pick(s.mainOthers, 0)
		st := "approved"
		if j == 5 {
			st = "rejected"
		}
		return tenant, sender, "已办", []recipient{{s.person, st}}
	case j == 7 || j == 9:
		s.sent++
		return tenant, s.person, "已发", s.randomRecipients(s.mainOthers, s.person)
	default:
		sender = pick(s.mainOthers, 0)
		to = s.randomRecipients(s.mainOthers, sender)
		return tenant, sender, "申请", to
	}
}

// randomRecipients is one to three distinct people of people other than sender, in random states. people never
// holds person (item() passes other tenants' people or mainOthers), so person's boxes hold exactly what item() gives.
func (s *seeder) randomRecipients(people []uint64, sender uint64) []recipient {
	n := 1
	if r := s.rng.IntN(10); r >= 8 {
		n += r - 7 // 20% have two or three
	}
	out := make([]recipient, 0, n)
	for len(out) < n {
		id := people[s.rng.IntN(len(people))]
		if id == sender {
			continue
		}
		dup := false
		for _, r := range out {
			dup = dup || r.id == id
		}
		if !dup {
			out = append(out, recipient{id, s.state()})
		}
	}
	return out
}

// state is a recipient state: 30% pending, 50% approved, 10% rejected, 10% closed.
func (s *seeder) state() string {
	switch r := s.rng.IntN(10); {
	case r < 3:
		return "pending"
	case r < 8:
		return "approved"
	case r < 9:
		return "rejected"
	default:
		return "closed"
	}
}

// BenchmarkTodoMillion: among 100 tenants and 1,000,000 items, one person with 10,000 in todo asks for the first
// page (20, with senders' names) at 50 concurrent clients, through GraphQL and through a plain database/sql
// handler answering the same page for the same bearer token, in the same run. It reports both (gql-, sql-), ratio
// = plain req/s ÷ GraphQL req/s, and the plain handler once more without checking the token (sqlfloor-): what
// reading the page costs by itself. Each load also reports the CPU time per request of this process (server and
// load generator together) and of the local database server.
func BenchmarkTodoMillion(b *testing.B) {
	if seeded == nil {
		seeded = seedMillion(b)
	}
	env := apptest.New(b, dsn)
	token := env.Token(b, seeded.tenant, seeded.person)
	db, err := env.DB.DB()
	if err != nil {
		b.Fatal(err)
	}
	tenant, person := uint64(seeded.tenant.ID), seeded.person.EmployeeID
	plain := httptest.NewServer(plainTodo(db, true, 0, 0))
	defer plain.Close()
	floor := httptest.NewServer(plainTodo(db, false, tenant, person))
	defer floor.Close()

	q := gql(`{ collabItems(box: TODO, first: 20) { totalCount edges { node { id title status sender { name } } } } }`, nil)
	body := func(int) []byte { return q }
	gqlURL := env.HTTP.URL + "/graphql"
	// The handlers must answer the same page, or the comparison means nothing.
	want := fetchPage(b, gqlURL, token, q)
	for _, url := range []string{plain.URL, floor.URL} {
		if got := fetchPage(b, url, token, q); got != want {
			b.Fatalf("the handlers disagree:\nGraphQL %s\nplain   %s", want, got)
		}
	}

	// The machine is shared: the three loads take turns in rounds, in an order that alternates, so that whatever
	// else runs meanwhile weighs on each alike.
	loads := []struct {
		url string
		got sample
	}{{url: gqlURL}, {url: plain.URL}, {url: floor.URL}}
	b.ResetTimer()
	for r := range rounds {
		n := b.N / rounds
		if r == rounds-1 {
			n = b.N - n*(rounds-1)
		}
		for k := range loads {
			l := &loads[k]
			if r%2 == 1 {
				l = &loads[len(loads)-1-k]
			}
			if n > 0 {
				l.got.add(shoot(b, l.url, token, n, body))
			}
		}
	}
	b.StopTimer()
	g, p := loads[0].got.stats(), loads[1].got.stats()
	g.report(b, "gql-")
	p.report(b, "sql-")
	loads[2].got.stats().report(b, "sqlfloor-")
	b.ReportMetric(p.reqPerSec/g.reqPerSec, "ratio")
	b.ReportMetric(g.p99/p.p99, "p99-ratio")
	if *gqlProfile != "" && b.N > 1 {
		profileGraphQL(b, *gqlProfile, func() { shoot(b, gqlURL, token, b.N, body) })
	}
}

// gqlProfile names a file for a CPU profile of the GraphQL handler under BenchmarkTodoMillion's load (go test -run
// '^$' -bench TodoMillion -benchtime 2000x ./graph/bench/ -gqlprofile /tmp/gql.pprof). The profile is taken over
// one more GraphQL load after the measured ones, so that neither the seed nor the other handlers are in it; the
// load generator shares the process, so look at the server's side with -focus 'graph.NewServer'.
var gqlProfile = flag.String("gqlprofile", "", "write a CPU profile of one more GraphQL load of BenchmarkTodoMillion to this file")

// profileGraphQL runs load under the CPU profiler, writing the profile to name.
func profileGraphQL(b *testing.B, name string, load func()) {
	b.Helper()
	f, err := os.Create(name)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	load()
	pprof.StopCPUProfile()
}
