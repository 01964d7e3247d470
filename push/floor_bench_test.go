package push_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// BenchmarkNoticeFloors measures, on the same machine and stack as BenchmarkNoticeFanout, the two floors a notice to
// all staff cannot go below: WeCom's part (the simulator answering N / 1,000 message/send calls of 1,000 members,
// 16 at a time, with nothing of Qiao's around them) and the records the issue asks for (one delivery row a person,
// written 1,000 a statement, nothing else). The fan-out's time to the last phone is read against them.
func BenchmarkNoticeFloors(b *testing.B) {
	for _, n := range []int{50000, 100000} {
		b.Run(fmt.Sprintf("staff=%d/calls", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				benchFloorCalls(b, n)
			}
		})
		b.Run(fmt.Sprintf("staff=%d/records", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				benchFloorRecords(b, n)
			}
		})
	}
}

func benchFloorCalls(b *testing.B, n int) {
	b.StopTimer()
	env := apptest.New(b, "")
	tn := env.Tenant(b, "floorc")
	var users []string
	for i := range n {
		u := fmt.Sprintf("f%05d", i)
		must(b, env.Sim.AddUser(tn.CorpID, u, "员工"+u))
		users = append(users, u)
	}
	app, err := env.Tenants.WeComApp(tn.Ctx())
	must(b, err)
	queue := make(chan []string, n/push.MaxBatch+1)
	for from := 0; from < n; from += push.MaxBatch {
		queue <- users[from:min(n, from+push.MaxBatch)]
	}
	close(queue)
	b.StartTimer()
	start := time.Now()
	var wg sync.WaitGroup
	var failed sync.Once
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for to := range queue {
				_, err := env.WeCom.SendMessage(tn.Ctx(), app, wecom.Message{ToUser: to, MsgType: "textcard",
					TextCard: &wecom.TextCard{Title: "公告：关于元旦放假安排的通知", Description: "<div>放假三天</div>", URL: "https://example.com/n/1", BtnTxt: "查看"}})
				if err != nil {
					failed.Do(func() { b.Error(err) })
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(time.Since(start).Seconds(), "s-to-last-phone")
}

func benchFloorRecords(b *testing.B, n int) {
	b.StopTimer()
	env := apptest.New(b, "")
	tn := env.Tenant(b, "floorr")
	ctx := tn.Ctx()
	b.StartTimer()
	start := time.Now()
	now := time.Now().UTC()
	route, msg, answer := "企业微信成员", "msgid-0123456789", `{"errcode":0,"msgid":"msgid-0123456789"}`
	for from := 0; from < n; from += push.MaxBatch {
		rows := make([]push.Delivery, 0, push.MaxBatch)
		for j := from; j < min(n, from+push.MaxBatch); j++ {
			id := uint64(j + 1)
			rows = append(rows, push.Delivery{DedupKey: fmt.Sprintf("notice:42:to:%d", j), OutboxID: id, Kind: "notice.published",
				Channel: push.ChannelWeCom, Recipient: fmt.Sprintf("f%05d", j), Route: &route, EmployeeID: &id, Status: push.StatusSent,
				MsgID: &msg, Answer: &answer, Attempts: 1, FirstSentAt: &now, CreatedAt: now, UpdatedAt: now})
		}
		must(b, env.DB.WithContext(ctx).Create(&rows).Error)
	}
	b.StopTimer()
	b.ReportMetric(time.Since(start).Seconds(), "s-to-records")
}
