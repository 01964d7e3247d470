package push_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// BenchmarkNoticeFanout publishes one notice to all staff of a WeCom-only tenant and delivers it with 16 workers
// against the simulator, with WeCom's limits on (10,000 message/send calls a minute a corp): one call a person, as
// every release before issue 14 did, beside the batches the relay now hands over (outbox.BatchKey, push.MaxBatch
// people a call). It reports the message/send calls, the time until every phone has the card, how often WeCom
// answered 45009 and how often the shared budget (budget.go) held a card back, the CPU the process (server and
// simulator) and MariaDB spent, and how long an approver's todo card, sent a second into the notice and delivered by
// a worker of its own queue, took to reach the phone; and fails unless every phone shows the card exactly once.
func BenchmarkNoticeFanout(b *testing.B) {
	for _, c := range []struct {
		staff   int
		batched bool
	}{{1000, false}, {1000, true}, {10000, false}, {10000, true}, {50000, true}, {100000, true}} {
		mode := "per-person"
		if c.batched {
			mode = "batched"
		}
		b.Run(fmt.Sprintf("staff=%d/%s", c.staff, mode), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				benchNoticeFanout(b, c.staff, c.batched)
			}
		})
	}
}

func benchNoticeFanout(b *testing.B, n int, batched bool) {
	b.StopTimer()
	env := apptest.New(b, "")
	tn := env.Tenant(b, "fanout")
	ctx := tn.Ctx()
	hidden, err := directory.NewHiddenPassword()
	must(b, err)
	for from := 0; from < n; from += 1000 {
		batch := make([]directory.NewEmployee, 0, 1000)
		for i := from; i < min(n, from+1000); i++ {
			login := fmt.Sprintf("f%05d", i)
			batch = append(batch, directory.NewEmployee{Employee: directory.Employee{Name: "员工" + login,
				Mobile: ptr(fmt.Sprintf("136%08d", i))}, Login: login, Hidden: hidden})
			must(b, env.Sim.AddUser(tn.CorpID, login, "员工"+login))
		}
		errs, err := env.Directory.CreateStaffBatch(ctx, batch, hidden)
		must(b, errors.Join(append(errs, err)...))
	}
	env.Sim.SetAPILimits(10000, 0) // WeCom's per-corp, per-API minute
	_, err = notice.NewStore(env.DB, env.Directory, nil).Publish(ctx, tn.Admin.EmployeeID, directory.RoleAdmin,
		notice.PublishInput{Kind: notice.KindNotice, Title: "关于元旦放假安排的通知", Body: "<p>放假三天</p>", Audience: notice.Audience{All: true}})
	must(b, err)
	var open []outbox.Message
	must(b, env.DB.WithContext(ctx).Where("kind = ? AND done_at IS NULL", outbox.KindNoticePublished).Order("id").Find(&open).Error)
	// The units of work as the relay hands them over: one message each, or the batches of one BatchKey.
	var work [][]uint64
	for _, m := range open {
		if batched && len(work) > 0 && len(work[len(work)-1]) < push.MaxBatch && outbox.BatchKey(m) == outbox.BatchKey(open[0]) {
			work[len(work)-1] = append(work[len(work)-1], m.ID)
			continue
		}
		work = append(work, []uint64{m.ID})
	}
	calls0 := env.Sim.CallCount("/cgi-bin/message/send")

	cpu0, db0 := cpuSelf(), cpuOfDatabase()
	b.StartTimer()
	start := time.Now()
	// The approver's todo card, a second into the notice: the push queue's own worker delivers it.
	todo := make(chan time.Duration, 1)
	go func() {
		time.Sleep(time.Second)
		sent := time.Now()
		_, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: "紧急：合同审批", Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}})
		if err != nil {
			failedTodo(b, todo, err)
			return
		}
		var ms []outbox.Message
		if err := env.DB.WithContext(ctx).Where("kind = ? AND done_at IS NULL", outbox.KindCollabSent).Find(&ms).Error; err != nil || len(ms) != 1 {
			failedTodo(b, todo, fmt.Errorf("the todo card's outbox row: %d, %v", len(ms), err))
			return
		}
		for {
			err := env.Push.Deliver(ctx, ms[0].ID)
			if w, ok := push.WaitOf(err); ok {
				time.Sleep(min(w.After, 5*time.Second))
				continue
			}
			if err != nil {
				failedTodo(b, todo, err)
				return
			}
			break
		}
		todo <- time.Since(sent)
	}()
	queue := make(chan []uint64, len(work))
	for _, w := range work {
		queue <- w
	}
	close(queue)
	var refused, budget atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ids := range queue {
				for try := 0; ; try++ {
					var err error
					if batched {
						err = env.Push.DeliverBatch(ctx, ids)
					} else {
						err = env.Push.Deliver(ctx, ids[0])
					}
					if err == nil {
						break
					}
					if w, ok := push.WaitOf(err); ok {
						// As the queue would: wait what WeCom or the shared budget asked, then try again.
						if w.Reason == "WeCom's limits" {
							budget.Add(1)
						} else {
							refused.Add(1)
						}
						time.Sleep(min(w.After, 5*time.Second))
						continue
					}
					if try == 20 {
						failed.Store(fmt.Errorf("outbox %v: %w", ids[:1], err))
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	todoLatency := <-todo
	b.StopTimer()
	cpu, db := cpuSelf()-cpu0, cpuOfDatabase()-db0
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	short := 0
	for i := range n {
		got := slices.DeleteFunc(env.Sim.Messages(tn.CorpID, fmt.Sprintf("f%05d", i)), func(m sim.Message) bool { return m.Duplicate })
		if len(got) != 1 {
			short++
		}
	}
	if short != 0 {
		b.Fatalf("%d of %d phones do not show the notice exactly once", short, n)
	}
	b.ReportMetric(float64(env.Sim.CallCount("/cgi-bin/message/send")-calls0), "calls")
	b.ReportMetric(float64(refused.Load()), "45009s")
	b.ReportMetric(float64(budget.Load()), "budget-waits")
	b.ReportMetric(elapsed.Seconds(), "s-to-last-phone")
	b.ReportMetric(float64(todoLatency.Milliseconds()), "todo-card-ms")
	b.ReportMetric(cpu.Seconds(), "cpu-s")
	if db >= 0 {
		b.ReportMetric(db.Seconds(), "db-cpu-s")
	}
}

// failedTodo reports the todo card's failure without blocking the benchmark's wait for it.
func failedTodo(b *testing.B, todo chan<- time.Duration, err error) {
	b.Errorf("the todo card: %v", err)
	todo <- 0
}

// cpuSelf is the CPU time this process (the server's code and the simulator) has used.
func cpuSelf() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuOfDatabase is the CPU time of the local MariaDB or MySQL server, read from /proc; -1 when none is found (the
// database runs elsewhere, or embedded).
func cpuOfDatabase() time.Duration {
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		comm, err := os.ReadFile(filepath.Join("/proc", d.Name(), "comm"))
		if err != nil {
			continue
		}
		if name := strings.TrimSpace(string(comm)); name != "mariadbd" && name != "mysqld" {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			return -1
		}
		// The fields after the command's closing parenthesis; utime and stime are the 14th and 15th of the line.
		f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(f) < 13 {
			return -1
		}
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		return time.Duration(ut+st) * time.Second / 100 // USER_HZ
	}
	return -1
}
