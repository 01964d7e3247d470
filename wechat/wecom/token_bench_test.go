package wecom_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// The token provider across processes: 4 copies of this test binary, each
// with 200 goroutines asking for the token in a loop, against one
// simulator and one Redis. The simulator counts gettoken calls; the ideal
// is exactly one per token lifetime.
const (
	benchProcs   = 4
	benchCallers = 200
	benchTTL     = 2 * time.Second
	benchRun     = 10 * benchTTL
)

type childStats struct {
	Calls  int64   `json:"calls"`
	Errors int64   `json:"errors"`
	P50MS  float64 `json:"p50_ms"`
	P99MS  float64 `json:"p99_ms"`
	MaxMS  float64 `json:"max_ms"`
}

// BenchmarkTokenAcrossProcesses runs the scenario once, whatever b.N is
// (run it with -benchtime=1x), and reports gettoken calls per lifetime.
func BenchmarkTokenAcrossProcesses(b *testing.B) {
	s := sim.New(sim.Options{TokenTTL: benchTTL})
	s.CreateCorp(corpID)
	if err := s.AddApp(corpID, app.AgentID, secret, "OA"); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	addr, db := testkit.RedisAddrDB(b)

	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	stats := make([]childStats, benchProcs)
	for i := range benchProcs {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestTokenBenchChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), "QIAO_TOKEN_CHILD=1", "QIAO_SIM_URL="+srv.URL,
				"QIAO_REDIS_ADDR="+addr, "QIAO_REDIS_DB="+strconv.Itoa(db))
			out, err := cmd.Output()
			if err != nil {
				b.Errorf("child %d: %v\n%s", i, err, out)
				return
			}
			sc := bufio.NewScanner(bytes.NewReader(out))
			for sc.Scan() {
				if err := json.Unmarshal(sc.Bytes(), &stats[i]); err == nil && stats[i].Calls > 0 {
					return
				}
			}
			b.Errorf("child %d printed no stats:\n%s", i, out)
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()

	gets := s.CallCount("/cgi-bin/gettoken")
	lifetimes := float64(benchRun) / float64(benchTTL)
	var calls, errs int64
	var p99, maxMS float64
	for _, st := range stats {
		calls += st.Calls
		errs += st.Errors
		p99 = max(p99, st.P99MS)
		maxMS = max(maxMS, st.MaxMS)
	}
	b.ReportMetric(float64(gets), "gettokens")
	b.ReportMetric(lifetimes, "lifetimes")
	b.ReportMetric(float64(gets)/lifetimes, "gettokens/lifetime")
	b.ReportMetric(float64(calls)/elapsed.Seconds(), "tokens/s")
	b.ReportMetric(p99, "p99-ms")
	b.ReportMetric(maxMS, "max-ms")
	b.ReportMetric(float64(errs), "errors")
}

// TestTokenBenchChild is one process of BenchmarkTokenAcrossProcesses; it
// does nothing unless the benchmark started it.
func TestTokenBenchChild(t *testing.T) {
	if os.Getenv("QIAO_TOKEN_CHILD") != "1" {
		t.Skip("runs only as a child of BenchmarkTokenAcrossProcesses")
	}
	db, _ := strconv.Atoi(os.Getenv("QIAO_REDIS_DB"))
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("QIAO_REDIS_ADDR"), DB: db, PoolSize: 64})
	defer rdb.Close()
	c := wecom.New(wecom.Config{BaseURL: os.Getenv("QIAO_SIM_URL"), Redis: rdb, KeyPrefix: "bench:"})

	ctx := context.Background()
	deadline := time.Now().Add(benchRun)
	var calls, errs atomic.Int64
	lat := make([][]time.Duration, benchCallers)
	var wg sync.WaitGroup
	for i := range benchCallers {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				t0 := time.Now()
				_, err := c.AccessToken(ctx, app)
				lat[i] = append(lat[i], time.Since(t0))
				calls.Add(1)
				if err != nil {
					errs.Add(1)
				}
				time.Sleep(2 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	all := slices.Concat(lat...)
	slices.Sort(all)
	ms := func(q float64) float64 {
		return float64(all[int(q*float64(len(all)-1))]) / float64(time.Millisecond)
	}
	out, _ := json.Marshal(childStats{Calls: calls.Load(), Errors: errs.Load(), P50MS: ms(0.5), P99MS: ms(0.99), MaxMS: ms(1)})
	fmt.Println(string(out))
	// The client's idle HTTP connections would trip goleak in TestMain;
	// this process is done and only its output matters.
	os.Exit(0)
}
