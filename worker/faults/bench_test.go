package faults_test

import (
	"testing"
	"time"

	"github.com/qiao-hq/qiao/server/app"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/worker/relay"
)

// BenchmarkDeliveryFaults measures the delivery path under the faults production meets, with production's
// settings (the relay's one-minute first lease, asynq's lease recovery, WeChat's one-minute 45009 ban), and
// reports per scenario how many items reached a phone once, more than once and never, how many resends WeCom's
// duplicate check swallowed, and the time from the first item sent to the last one on a phone and to the last
// delivery recorded (outbox done). NoFault, run first in the
// same process, is the baseline. Run it with -benchtime 1x: one run of each is several minutes of wall time.
func BenchmarkDeliveryFaults(b *testing.B) {
	for _, sc := range []struct {
		name string
		n    int
		run  func(b *testing.B, env *apptest.Env, c crowd, n int)
	}{
		{"NoFault", 300, func(b *testing.B, env *apptest.Env, c crowd, n int) {
			env.RunWorker(b)
			c.send(b, "bench", n, 5*time.Millisecond, nil)
		}},
		{"RedisRestartedEmpty10s", 300, func(b *testing.B, env *apptest.Env, c crowd, n int) {
			rs := startRedis(b)
			// WeCom answers in 200 ms, so tasks queue up in Redis and die with it.
			inject(b, env, sim.Fault{Path: "/cgi-bin/message/send", LatencyMS: 200})
			startWorker(b, env, rs.opt(), relay.Config{})
			c.send(b, "bench", n, 5*time.Millisecond, func(i int) {
				if i == n/3 {
					rs.kill()
					time.AfterFunc(10*time.Second, rs.start)
				}
			})
		}},
		{"ServerKilledMidSend", 40, func(b *testing.B, env *apptest.Env, c crowd, n int) {
			inject(b, env, sim.Fault{Path: "/cgi-bin/message/send", LatencyMS: 2000})
			child := startChild(b, env, dsn, app.Parts{HTTP: true, Worker: true})
			c.send(b, "bench", n, 0, nil)
			waitFor(b, 30*time.Second, func() bool { return env.Sim.CallCount("/cgi-bin/message/send") >= 5 })
			_ = child.Process.Kill()
			_ = child.Wait()
			env.Sim.ClearFaults()
			env.RunWorker(b)
		}},
		{"WeChatFailingAtRates", 300, func(b *testing.B, env *apptest.Env, c crowd, n int) {
			// 20% system busy (-1), 10% answers lost after WeCom acted, 2% rate limited (a minute's ban).
			inject(b, env, sim.Fault{Path: "/cgi-bin/message/send", ErrCode: -1, Rate: 0.2})
			inject(b, env, sim.Fault{Path: "/cgi-bin/message/send", DropAfter: true, Rate: 0.1})
			inject(b, env, sim.Fault{Path: "/cgi-bin/message/send", ErrCode: 45009, Rate: 0.02})
			env.RunWorker(b)
			c.send(b, "bench", n, 5*time.Millisecond, nil)
		}},
	} {
		b.Run(sc.name, func(b *testing.B) {
			for range b.N {
				env := apptest.New(b, dsn) // startChild's server process opens the package's database
				c := newCrowd(b, env, "bench", 30)
				start := time.Now()
				sc.run(b, env, c, sc.n)
				want := c.expected("bench", sc.n, false)
				c.waitDelivered(want, 5*time.Minute)
				shown := time.Since(start)
				for time.Since(start) < 6*time.Minute && openMessages(b, env, c.tn) > 0 {
					time.Sleep(100 * time.Millisecond)
				}
				recorded := time.Since(start)
				if open := openMessages(b, env, c.tn); open > 0 {
					b.Errorf("%d messages still open after %v: %s", open, recorded, openReport(b, env, c.tn))
				}
				t := c.tally()
				once, twice, lost := t.result(want)
				b.ReportMetric(float64(once), "once")
				b.ReportMetric(float64(twice), "twice")
				b.ReportMetric(float64(lost), "lost")
				b.ReportMetric(float64(t.duplicates), "suppressed")
				b.ReportMetric(shown.Seconds(), "s-to-phones")
				b.ReportMetric(recorded.Seconds(), "s-to-recorded")
				b.Logf("%s: %d items: %d once, %d twice, %d lost; %d resends suppressed by WeCom, %d dropped; "+
					"on the phones in %v, every delivery recorded in %v", sc.name, sc.n, once, twice, lost, t.duplicates,
					t.dropped, shown.Round(100*time.Millisecond), recorded.Round(100*time.Millisecond))
			}
		})
	}
}

func inject(tb testing.TB, env *apptest.Env, f sim.Fault) {
	tb.Helper()
	if err := env.Sim.InjectFault(f); err != nil {
		tb.Fatal(err)
	}
}
