// Package bench measures the GraphQL API under concurrent load over real HTTP against MariaDB and Redis:
// `make bench` prints throughput and p50/p99 latency. Numbers go into the README; nothing here asserts a speed.
package bench_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// clients is how many clients run each load at once: 50 unless -clients says otherwise
// (go test -run '^$' -bench TodoMillion -benchtime 2000x ./graph/bench/ -clients 1).
var clients = flag.Int("clients", 50, "concurrent clients of every load")

// stats are one load's numbers: throughput and latency percentiles in milliseconds.
type stats struct{ reqPerSec, p50, p99, selfCPU, dbCPU float64 }

// report records s under names prefixed with prefix ("" for the plain req/s, p50-ms, p99-ms).
func (s stats) report(b *testing.B, prefix string) {
	b.ReportMetric(s.reqPerSec, prefix+"req/s")
	b.ReportMetric(s.p50, prefix+"p50-ms")
	b.ReportMetric(s.p99, prefix+"p99-ms")
	b.ReportMetric(s.selfCPU, prefix+"cpu-ms/req")
	if s.dbCPU > 0 {
		b.ReportMetric(s.dbCPU, prefix+"dbcpu-ms/req")
	}
	b.ReportMetric(0, "ns/op") // wall time per op is meaningless with 50 clients; the metrics above are the numbers
}

// load runs b.N GraphQL requests from the concurrent clients and reports requests/s, p50 and p99.
func load(b *testing.B, env *apptest.Env, token string, body func(i int) []byte) {
	b.Helper()
	b.ResetTimer()
	s := shoot(b, env.HTTP.URL+"/graphql", token, b.N, body)
	b.StopTimer()
	s.stats().report(b, "")
}

// sample is what some requests took: each one's latency and the wall time of them all.
type sample struct {
	lat     []time.Duration
	elapsed time.Duration
	cpu     cpuTimes // spent by this process and by the database server meanwhile
}

// add appends o to s, as if o's requests had run right after s's.
func (s *sample) add(o sample) {
	s.lat = append(s.lat, o.lat...)
	s.elapsed += o.elapsed
	s.cpu.self += o.cpu.self
	s.cpu.db += o.cpu.db
}

func (s sample) stats() stats {
	lat := slices.Sorted(slices.Values(s.lat))
	pct := func(p float64) float64 { return float64(lat[int(float64(len(lat)-1)*p)].Microseconds()) / 1000 }
	perReq := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(len(lat)) }
	return stats{reqPerSec: float64(len(lat)) / s.elapsed.Seconds(), p50: pct(0.50), p99: pct(0.99),
		selfCPU: perReq(s.cpu.self), dbCPU: perReq(s.cpu.db)}
}

// shoot posts n requests to url from the concurrent clients, each answer decoded as a GraphQL response. token may
// be "" (no Authorization header). Any failed request fails the benchmark.
func shoot(b *testing.B, url, token string, n int, body func(i int) []byte) sample {
	b.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var failures atomic.Int64
	var wg sync.WaitGroup
	clock := newCPUClock()
	cpu0 := clock.now()
	start := time.Now()
	for range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body(i)))
				req.Header.Set("Content-Type", "application/json")
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				t0 := time.Now()
				res, err := client.Do(req)
				if err == nil {
					var out apptest.Response
					err = json.NewDecoder(res.Body).Decode(&out)
					res.Body.Close()
					if err == nil && len(out.Errors) > 0 {
						err = fmt.Errorf("%v", out.Errors)
					}
				}
				lat[i] = time.Since(t0)
				if err != nil {
					failures.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := clock.now().sub(cpu0)
	if f := failures.Load(); f > 0 {
		b.Fatalf("%s: %d of %d requests failed", url, f, n)
	}
	return sample{lat: lat, elapsed: elapsed, cpu: cpu}
}

func gql(query string, vars map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return b
}

// BenchmarkSendMutation: sendCollabItem, one recipient — the item, its recipient row and the outbox row in one
// transaction.
func BenchmarkSendMutation(b *testing.B) {
	env := apptest.New(b, "")
	tn := env.Tenant(b, "benchsend")
	token := env.Token(b, tn, tn.Sender)
	to := []string{apptest.ID(tn.Approver.EmployeeID)}
	q := `mutation($t: String!, $to: [ID!]!) { sendCollabItem(input: {title: $t, body: "请审批", recipientIds: $to}) { id status } }`
	load(b, env, token, func(i int) []byte { return gql(q, map[string]any{"t": fmt.Sprintf("采购申请 %d", i), "to": to}) })
}

// BenchmarkTodoQuery: the first page (20) of a todo list holding 500 items, with each item's sender — what the
// H5 home page asks for.
func BenchmarkTodoQuery(b *testing.B) {
	env := apptest.New(b, "")
	tn := env.Tenant(b, "benchtodo")
	for i := range 500 {
		if _, err := env.OA.Send(tn.Ctx(), tn.Sender.EmployeeID, oa.SendInput{Title: fmt.Sprintf("待办 %d", i), Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}}); err != nil {
			b.Fatal(err)
		}
	}
	token := env.Token(b, tn, tn.Approver)
	q := gql(`{ collabItems(box: TODO, first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { node { id title status createdAt sender { name } } } } }`, nil)
	load(b, env, token, func(int) []byte { return q })
}
