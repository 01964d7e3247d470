// Package bench measures the GraphQL API under concurrent load over real HTTP against MariaDB and Redis:
// `make bench` prints throughput and p50/p99 latency. Numbers go into the README; nothing here asserts a speed.
package bench_test

import (
	"bytes"
	"encoding/json"
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

const clients = 50

// load runs b.N requests from 50 concurrent clients and reports requests/s, p50 and p99.
func load(b *testing.B, env *apptest.Env, token string, body func(i int) []byte) {
	b.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var failures atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				req, _ := http.NewRequest(http.MethodPost, env.HTTP.URL+"/graphql", bytes.NewReader(body(i)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+token)
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
	b.StopTimer()
	if f := failures.Load(); f > 0 {
		b.Fatalf("%d of %d requests failed", f, b.N)
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(float64(len(lat)-1)*p)].Microseconds()) / 1000 }
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op") // wall time per op is meaningless with 50 clients; the three above are the numbers
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
