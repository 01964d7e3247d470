package callbacks_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// BenchmarkReceive is the intake without HTTP and without the queue: b.N distinct events taken in by 50
// goroutines; it reports events/s. BenchmarkCallbackIntake (server/web) is the number to quote.
func BenchmarkReceive(b *testing.B) {
	e := newEnv(b)
	tn := e.tenant(b)
	now := e.clock.Now()
	ps := make([]post, b.N)
	for i := range ps {
		ev := wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", CreateTime: now.Unix(), MsgType: "event",
			Event: "change_contact", ChangeType: "update_user", UserID: fmt.Sprintf("member%06d", i)}
		ps[i] = sign(b, tn.Keys["contacts"], tn.CorpID, 0, now, ev.XML())
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < b.N; i = int(next.Add(1)) - 1 {
				if _, err := e.svc.Receive(context.Background(), tn.Slug, "contacts", ps[i].q, ps[i].body); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}
