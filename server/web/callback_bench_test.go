package web_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/server/config"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// benchClients is how many callback posts are in flight at once: WeCom posts a corp's events in parallel, and a
// burst (an admin importing a department) reaches several receivers at once.
const benchClients = 50

// BenchmarkCallbackIntake posts b.N distinct signed, encrypted events (change_contact, as a directory change sends
// them) to the intake from benchClients clients, with the worker and the relay processing the inbox meanwhile, and
// reports the acknowledgements per second (events/s), their p50 and p99 in milliseconds, and how long after the
// first post the last event was processed (drain-s) with the processing rate (processed/s). Run with a fixed count
// (-benchtime 5000x): each iteration is one event.
//
// The sub-benchmarks are the levers measured side by side in one run (this machine's speed varies): processing
// each event as a task of its own (as the release before did) or a tenant's events together (the relay's
// EventBatch), how many processing tasks run at once (EVENT_CONCURRENCY; 10 is what sharing WORKER_CONCURRENCY's
// slots with the pushes gave before events had a server of their own), the queue stopped (acknowledgement alone)
// and fewer clients at once.
func BenchmarkCallbackIntake(b *testing.B) {
	for _, v := range []struct {
		name        string
		worker      bool
		clients     int
		concurrency int // processing tasks at once (EVENT_CONCURRENCY)
		rate        int // events a second offered at a steady pace (open loop), 0: as fast as clients answer
		eventBatch  int // events of one tenant a task processes (relay.Config.EventBatch), 1: each alone
	}{
		{"processing/per-event/event-concurrency=10/clients=50", true, benchClients, 10, 0, 1},
		{"processing/batch=20/event-concurrency=10/clients=50", true, benchClients, 10, 0, 20},
		{"processing/batch=100/event-concurrency=10/clients=50", true, benchClients, 10, 0, 100},
		{"processing/batch=20/event-concurrency=2/clients=50", true, benchClients, 2, 0, 20},
		{"processing/batch=20/event-concurrency=1/clients=50", true, benchClients, 1, 0, 20},
		{"processing/batch=20/event-concurrency=2/clients=10", true, 10, 2, 0, 20},
		{"queue-stopped/clients=50", false, benchClients, 2, 0, 0},
		// WeCom posts as events happen, not as answers come back: the acknowledgement at a steady pace, 500 a second
		// and, above what processing each event alone keeps up with (its backlog grows meanwhile), 2,000 and 3,000.
		{"processing/per-event/event-concurrency=10/steady=500/s", true, 200, 10, 500, 1},
		{"processing/batch=20/event-concurrency=2/steady=500/s", true, 200, 2, 500, 20},
		{"processing/per-event/event-concurrency=10/steady=2000/s", true, 200, 10, 2000, 1},
		{"processing/batch=20/event-concurrency=10/steady=2000/s", true, 200, 10, 2000, 20},
		{"processing/batch=20/event-concurrency=2/steady=2000/s", true, 200, 2, 2000, 20},
		{"processing/batch=20/event-concurrency=2/steady=3000/s", true, 300, 2, 3000, 20},
	} {
		b.Run(v.name, func(b *testing.B) { benchIntake(b, v.worker, v.clients, v.concurrency, v.rate, v.eventBatch) })
	}
}

func benchIntake(b *testing.B, worker bool, clients, concurrency, rate, eventBatch int) {
	env := apptest.New(b, "", func(c *config.Config) { c.EventConcurrency = concurrency })
	tn := env.Tenant(b, "cbb")
	cr := env.Crypter(b, tn, "contacts")
	if worker {
		env.RelayConfig.EventBatch = eventBatch
		env.RunWorker(b)
	}
	now := time.Now()
	type request struct{ url, body string }
	reqs := make([]request, b.N)
	for i := range reqs {
		ev := wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", CreateTime: now.Unix(), MsgType: "event",
			Event: "change_contact", ChangeType: "update_user", UserID: fmt.Sprintf("member%06d", i),
			Name: "成员", Department: wxcrypt.Int64List{1, 2}, Position: "工程师", Mobile: "13800000000"}
		enc, err := cr.Encrypt(ev.XML())
		if err != nil {
			b.Fatal(err)
		}
		reqs[i] = request{intakeURL(env.HTTP.URL, tn, "contacts", cr, now, enc, ""), string(cr.Envelope(enc, 0))}
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	lat := make([]time.Duration, b.N)
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	post := func(i int) {
		t0 := time.Now()
		res, err := client.Post(reqs[i].url, "text/xml", strings.NewReader(reqs[i].body))
		if err == nil {
			res.Body.Close()
		}
		lat[i] = time.Since(t0)
		if err != nil || res.StatusCode != http.StatusOK {
			failed.Add(1)
		}
	}
	b.ResetTimer()
	start := time.Now()
	senders := clients // closed loop: each client posts its next event when the last is answered
	if rate > 0 {
		senders = 0
		for i := range b.N {
			time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / time.Duration(rate))))
			wg.Go(func() { post(i) })
		}
	}
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				post(i)
			}
		}()
	}
	wg.Wait()
	acked := time.Since(start)
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d posts not acknowledged", n, b.N)
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/acked.Seconds(), "events/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op") // wall time per op is meaningless with many clients; the metrics are the numbers
	if !worker {
		return
	}
	// Wait for the queue to process every event (kept: stored for the directory sync).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for {
		var left int64
		err := env.DB.WithContext(tn.Ctx()).Model(&callbacks.Event{}).Where("status = ?", callbacks.StatusReceived).
			Count(&left).Error
		if err != nil {
			b.Fatal(err)
		}
		if left == 0 {
			break
		}
		if ctx.Err() != nil {
			b.Fatalf("%d events still unprocessed after 5 minutes", left)
		}
		time.Sleep(20 * time.Millisecond)
	}
	drained := time.Since(start)
	b.ReportMetric(drained.Seconds(), "drain-s")
	b.ReportMetric(float64(b.N)/drained.Seconds(), "processed/s")
}
