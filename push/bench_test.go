package push_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/mptemplates"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/mp"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// BenchmarkTemplateMessages publishes one notice to 10,000 people who reach Qiao only through the service account
// and delivers it with 16 workers against the simulator: the template/send calls, the time until the last phone
// has it, and, with answers lost after WeChat took the send (the simulator's drop_after), that nobody gets it twice
// (client_msg_id) and nobody never.
func BenchmarkTemplateMessages(b *testing.B) {
	for _, lost := range []float64{0, 0.01} {
		b.Run(fmt.Sprintf("followers=10000/lost=%g", lost), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				benchTemplateMessages(b, 10000, lost)
			}
		})
	}
}

func benchTemplateMessages(b *testing.B, n int, lost float64) {
	b.StopTimer()
	env := apptest.New(b, "")
	tn := env.Tenant(b, "mpbench")
	ctx := tn.Ctx()
	const appID, secret = "wx0000000000bbbb01", "0123456789abcdef0123456789abcdef"
	must(b, env.Sim.CreateServiceAccount(appID, secret, "压测服务号"))
	must(b, env.Sim.AddTemplate(appID, "tpl-notice", "公告通知", []string{"thing1", "thing2", "time3"}, "标题", "发布人", "时间"))
	channel := tenants.PushMP
	must(b, env.Tenants.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptr(appID), Secret: ptr(secret), PushChannel: &channel}))
	must(b, env.Templates.Save(ctx, []string{outbox.KindNoticePublished}, []mp.Template{{ID: "tpl-notice",
		Keywords: []mp.Keyword{{Key: "thing1"}, {Key: "thing2"}, {Key: "time3"}}}},
		mptemplates.Mapping{Kind: outbox.KindNoticePublished, TemplateID: "tpl-notice", Fields: map[string]message.Fact{
			"thing1": message.FactSubject, "thing2": message.FactActor, "time3": message.FactTime}}))

	// n people without WeCom, each with a bound WeChat that follows the account; written in bulk (a sign-in each
	// would time argon2, not pushes).
	now := time.Now().UTC()
	hidden, err := directory.NewHiddenPassword()
	must(b, err)
	db := env.DB.WithContext(ctx)
	for from := 0; from < n; from += 1000 {
		batch := make([]directory.NewEmployee, 0, 1000)
		for i := from; i < min(n, from+1000); i++ {
			batch = append(batch, directory.NewEmployee{Employee: directory.Employee{Name: fmt.Sprintf("员工%05d", i),
				Mobile: ptr(fmt.Sprintf("139%08d", i))}, Login: fmt.Sprintf("bench%05d", i), Hidden: hidden})
		}
		errs, err := env.Directory.CreateStaffBatch(ctx, batch, hidden)
		must(b, errors.Join(append(errs, err)...))
		var accts []directory.Account
		must(b, db.Where("login LIKE ?", "bench%").Where("id NOT IN (?)", db.Model(&directory.WeChatBinding{}).Select("account_id")).Find(&accts).Error)
		binds := make([]directory.WeChatBinding, len(accts))
		for j, a := range accts {
			openID := "o-" + a.Login
			must(b, env.Sim.AddFollower(appID, openID, a.Login))
			binds[j] = directory.WeChatBinding{AppID: appID, OpenID: openID, AccountID: a.ID, EmployeeID: a.EmployeeID,
				Subscribed: true, BoundAt: now, LastSeenAt: now}
		}
		must(b, db.Create(&binds).Error)
	}
	_, err = notice.NewStore(env.DB, env.Directory, nil).Publish(ctx, tn.Admin.EmployeeID, directory.RoleAdmin,
		notice.PublishInput{Kind: notice.KindNotice, Title: "关于元旦放假安排的通知", Body: "<p>放假三天</p>", Audience: notice.Audience{All: true}})
	must(b, err)
	var ids []uint64
	must(b, db.Model(&outbox.Message{}).Where("kind = ? AND done_at IS NULL", outbox.KindNoticePublished).Pluck("id", &ids).Error)
	if lost > 0 {
		must(b, env.Sim.InjectFault(sim.Fault{Path: "/mp/cgi-bin/message/template/send", Rate: lost, DropAfter: true}))
	}
	sends0 := env.Sim.CallCount("/mp/cgi-bin/message/template/send")

	// 16 workers take the messages as the queue would hand them over, trying a failed one again at once (the queue
	// would wait; the outcome is the same).
	b.StartTimer()
	start := time.Now()
	work := make(chan uint64, len(ids))
	for _, id := range ids {
		work <- id
	}
	close(work)
	var retries atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				for try := 0; ; try++ {
					err := env.Push.Deliver(ctx, id)
					if err == nil {
						break
					}
					if w, ok := push.WaitOf(err); ok && !errors.Is(w.Err, mp.ErrRateLimited) {
						time.Sleep(10 * time.Millisecond)
					}
					retries.Add(1)
					if try == 20 {
						failed.Store(fmt.Errorf("outbox %d: %w", id, err))
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	env.Sim.ClearFaults()

	received, twice := 0, 0
	for i := range n {
		got := len(env.Sim.TemplateMessages(appID, fmt.Sprintf("o-bench%05d", i)))
		received += got
		if got > 1 {
			twice++
		}
	}
	if received != n || twice != 0 {
		b.Fatalf("%d messages for %d followers, %d of them got it twice", received, n, twice)
	}
	b.ReportMetric(float64(env.Sim.CallCount("/mp/cgi-bin/message/template/send")-sends0), "sends")
	b.ReportMetric(float64(retries.Load()), "retries")
	b.ReportMetric(float64(twice), "twice")
	b.ReportMetric(elapsed.Seconds(), "s-to-last-phone")
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }
