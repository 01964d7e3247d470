package faults_test

import (
	"testing"
	"time"

	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/worker/relay"
)

// TestRedisRestartedEmpty: items are sent while the queue's Redis is killed (SIGKILL, no persistence) and started
// again empty. Tasks it held die with it; their messages are handed over again when their lease runs out, and
// every item reaches the phone exactly once. Before the fix the relay never looked at a handed-over message
// again, and the items whose tasks were in Redis were lost. Notices to all staff, which go as batches (one task and
// one WeCom call for the people of each), come through alike.
func TestRedisRestartedEmpty(t *testing.T) {
	for _, tc := range []struct {
		name    string
		n       int
		batched bool
	}{{"Cards", 120, false}, {"Batches", 20, true}} {
		t.Run(tc.name, func(t *testing.T) {
			env := apptest.New(t, dsn)
			c := newCrowd(t, env, "redisloss", 10)
			tn := c.tn
			rs := startRedis(t)
			// Slow sends (WeCom answering in 300 ms, 10 workers) let tasks pile up in Redis, so the kill takes some
			// with it.
			if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", LatencyMS: 300}); err != nil {
				t.Fatal(err)
			}
			// A short lease, so the test does not wait out production's minute.
			startWorker(t, env, rs.opt(), relay.Config{Lease: 2 * time.Second, Interval: 50 * time.Millisecond, MaxBackoff: time.Second})
			n := tc.n
			restarted := make(chan struct{})
			kill := func(i int) {
				if i == n/3 {
					rs.kill()
					time.AfterFunc(4*time.Second, func() { rs.start(); close(restarted) })
				}
			}
			want := c.expected("redis", n, tc.batched)
			if tc.batched {
				c.publish(t, "redis", n, 15*time.Millisecond, kill)
			} else {
				c.send(t, "redis", n, 15*time.Millisecond, kill)
			}
			<-restarted
			took := c.waitDelivered(want, 90*time.Second)
			once, twice, lost := c.tally().result(want)
			t.Logf("after Redis restarted empty: %d once, %d twice, %d lost; all in %v", once, twice, lost, took)
			if once != len(want) {
				t.Errorf("%d of %d cards reached the phone exactly once (%d twice, %d never)", once, len(want), twice, lost)
			}
			// The kill must have taken tasks with it, or this test shows nothing: their messages were handed over
			// again.
			var again int64
			if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("handovers >= 2").Count(&again).Error; err != nil || again == 0 {
				t.Errorf("%d messages handed over twice (%v): the restart took no task with it", again, err)
			}
			if d := c.tally().dropped; d > 0 {
				t.Errorf("WeCom dropped %d cards over its per-member limit: the test must spread its items wider", d)
			}
			waitFor(t, 10*time.Second, func() bool { return openMessages(t, env, tn) == 0 })
			// A notice also reaches the tenant's seeded people, beyond the crowd.
			if d := deliveries(t, env, tn); !tc.batched && d[push.StatusSent] != n || tc.batched && d[push.StatusSent] < len(want) {
				t.Errorf("delivery records %v, want %d sent", d, len(want))
			}
		})
	}
}

// TestKilledMidSend: a server process (HTTP and worker), or a standalone worker, is killed (SIGKILL) while its
// sends wait on WeCom. Another process picks the work up: the killed tasks come back when asynq sees their lease
// expire, the push service takes over their delivery claims, and WeCom's duplicate check swallows the cards the dead
// process had already got accepted. Every item reaches a phone exactly once. Worst case about two minutes (README).
func TestKilledMidSend(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out asynq's lease recovery (about a minute)")
	}
	for _, tc := range []struct {
		name    string
		parts   app.Parts
		batched bool
	}{
		{"Server", app.Parts{HTTP: true, Worker: true}, false},
		{"Worker", app.Parts{Worker: true}, false},
		// Notices to all staff go as batches: the dead worker's batch calls were accepted, and each person's card
		// is resent alone under the duplicate check.
		{"WorkerBatches", app.Parts{Worker: true}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// A database of its own: the child's relay serves every tenant of its database, and must not take the
			// other subtest's messages to a simulator that does not know their corp.
			db := testkit.NewDatabase(t)
			env := apptest.New(t, db)
			c := newCrowd(t, env, "killed", 4)
			tn := c.tn
			// Every send takes 2 s, so the child has sends in flight when it dies; WeCom acts on each before answering.
			if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", LatencyMS: 2000}); err != nil {
				t.Fatal(err)
			}
			child := startChild(t, env, db, tc.parts)
			const n = 8
			want := c.expected("killed", n, tc.batched)
			if tc.batched {
				c.publish(t, "killed", n, 0, nil)
			} else {
				c.send(t, "killed", n, 0, nil)
			}
			waitFor(t, 30*time.Second, func() bool { return env.Sim.CallCount("/cgi-bin/message/send") >= 2 })
			if err := child.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = child.Wait()
			env.Sim.ClearFaults()
			env.RunWorker(t)
			took := c.waitDelivered(want, 4*time.Minute)
			once, twice, lost := c.tally().result(want)
			t.Logf("after the %s died mid-send: %d once, %d twice, %d lost; all in %v (%d duplicates suppressed by WeCom)",
				tc.name, once, twice, lost, took, c.tally().duplicates)
			if once != len(want) {
				t.Errorf("%d of %d cards reached the phone exactly once (%d twice, %d never)", once, len(want), twice, lost)
			}
			// The dead process's sends were accepted by WeCom before it died, so the phones have them already; their
			// records are finished once asynq hands the dead tasks back and the resends are recognised as duplicates.
			start := time.Now()
			waitFor(t, 3*time.Minute, func() bool { return openMessages(t, env, tn) == 0 })
			t.Logf("every delivery recorded %v later", time.Since(start))
			if d := deliveries(t, env, tn); !tc.batched && d[push.StatusSent] != n || tc.batched && d[push.StatusSent] < len(want) {
				t.Errorf("delivery records %v, want %d sent", d, len(want))
			}
			if once, twice, lost := c.tally().result(want); once != len(want) {
				t.Errorf("after the resends: %d once, %d twice, %d never", once, twice, lost)
			}
		})
	}
}

func waitFor(t testing.TB, limit time.Duration, ok func() bool) {
	t.Helper()
	for start := time.Now(); time.Since(start) < limit; time.Sleep(50 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("condition not met within %v", limit)
}
