package tasks_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// TestDeliverBatch: a notice to all staff is one batch, sent in one message/send naming everyone, while each
// person keeps a delivery of their own: the one WeCom does not know (invaliduser) is undeliverable, the others sent.
// A call whose answer is lost after WeCom took it is resent person by person from the stored cards, which WeCom's
// duplicate check keeps off the phones: nobody twice, nobody never. A call refused by the rate limit sent nothing,
// and the batch goes again as one call.
func TestDeliverBatch(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "batch")
	ctx := tn.Ctx()
	hidden, err := directory.NewHiddenPassword()
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	var staff []directory.NewEmployee
	for i := range n {
		login := fmt.Sprintf("b%02d", i)
		staff = append(staff, directory.NewEmployee{Employee: directory.Employee{Name: "员工" + login,
			Mobile: ptr(fmt.Sprintf("1370000%04d", i))}, Login: login, Hidden: hidden})
		if i != 7 { // b07 is unknown to WeCom
			mustDo(t, env.Sim.AddUser(tn.CorpID, login, "员工"+login))
		}
	}
	errs, err := env.Directory.CreateStaffBatch(ctx, staff, hidden)
	mustDo(t, errors.Join(append(errs, err)...))
	people := []string{tn.Sender.WeComUserID, tn.Approver.WeComUserID}
	for i := range n {
		if i != 7 {
			people = append(people, fmt.Sprintf("b%02d", i))
		}
	}

	var noticeID uint64 // the last notice published
	publish := func(title string) []uint64 {
		t.Helper()
		nt, err := notice.NewStore(env.DB, env.Directory, nil).Publish(ctx, tn.Admin.EmployeeID, directory.RoleAdmin,
			notice.PublishInput{Kind: notice.KindNotice, Title: title, Body: "<p>正文</p>", Audience: notice.Audience{All: true}})
		mustDo(t, err)
		noticeID = nt.ID
		open, err := pendingOf(env, tn)
		mustDo(t, err)
		var ids []uint64
		keys := map[string]bool{}
		for _, m := range open {
			ids = append(ids, m.ID)
			keys[outbox.BatchKey(m)] = true
		}
		if len(ids) != n+2 || len(keys) != 1 || keys[""] {
			t.Fatalf("%d messages with batch keys %v; want %d of one batch", len(ids), keys, n+2)
		}
		return ids
	}
	sends := func() int { return env.Sim.CallCount("/cgi-bin/message/send") }
	// got counts the cards titled title each person's phone shows (the duplicates WeCom hid aside).
	got := func(title string) map[string]int {
		out := map[string]int{}
		for _, u := range people {
			for _, shownTitle := range shown(env, tn, apptest.Person{WeComUserID: u}) {
				if strings.HasSuffix(shownTitle, "："+title) {
					out[u]++
				}
			}
		}
		return out
	}
	onceEach := func(t *testing.T, title string) {
		t.Helper()
		c := got(title)
		for _, u := range people {
			if c[u] != 1 {
				t.Errorf("%s's phone shows %q %d times, want once", u, title, c[u])
			}
		}
	}

	progress := func() push.Progress {
		t.Helper()
		p, err := push.NewLog(env.DB).Progress(ctx, push.Item{Kind: push.ItemNotice, ID: noticeID}, time.Now())
		mustDo(t, err)
		return p
	}
	t.Run("OneCall", func(t *testing.T) {
		ids := publish("元旦放假通知")
		if p := progress(); p.Total != n+2 || p.Queued != n+2 || p.Sent != 0 || p.ETA != nil {
			t.Errorf("progress before the push %+v, want everyone queued and no estimate", p)
		}
		before := sends()
		if err := env.Push.DeliverBatch(ctx, ids); err != nil {
			t.Fatal(err)
		}
		if p := progress(); p.Total != n+2 || p.Queued != 0 || p.Sent != n+1 || p.Undeliverable != 1 || p.LastSentAt == nil {
			t.Errorf("progress after the push %+v, want %d sent, b07 undeliverable, none queued", p, n+1)
		}
		if calls := sends() - before; calls != 1 {
			t.Errorf("%d message/send calls for %d people, want 1", calls, n+2)
		}
		onceEach(t, "元旦放假通知")
		var ds []push.Delivery
		mustDo(t, env.DB.WithContext(ctx).Where("outbox_id IN ?", ids).Find(&ds).Error)
		sent, invalid := 0, 0
		for _, d := range ds {
			switch {
			case d.Status == push.StatusSent:
				sent++
			case d.Status == push.StatusUndeliverable && d.Recipient == "b07" && d.Error != nil && *d.Error == "WeCom: invalid user":
				invalid++
			default:
				t.Errorf("delivery %+v", d)
			}
		}
		if sent != n+1 || invalid != 1 {
			t.Errorf("%d sent and %d invalid, want %d and 1", sent, invalid, n+1)
		}
		if open, _ := pendingOf(env, tn); len(open) != 0 {
			t.Errorf("%d messages still open", len(open))
		}
	})
	t.Run("LostAnswer", func(t *testing.T) {
		ids := publish("年会通知")
		mustDo(t, env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", DropAfter: true, Count: 1}))
		if err := env.Push.DeliverBatch(ctx, ids); err == nil {
			t.Fatal("a lost answer went unnoticed")
		}
		for try := 0; try < 3; try++ {
			if err := env.Push.DeliverBatch(ctx, ids); err == nil {
				break
			} else if try == 2 {
				t.Fatal(err)
			}
		}
		onceEach(t, "年会通知")
		if open, _ := pendingOf(env, tn); len(open) != 0 {
			t.Errorf("%d messages still open", len(open))
		}
	})
	t.Run("OnePersonRefused", func(t *testing.T) {
		// 60011 is about one member without saying which: nobody was sent, and each goes alone for its own answer.
		ids := publish("消防演练通知")
		mustDo(t, env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", ErrCode: 60011, Count: 1}))
		before := sends()
		if err := env.Push.DeliverBatch(ctx, ids); err != nil {
			t.Fatal(err)
		}
		if calls := sends() - before; calls != 1+n+2 {
			t.Errorf("%d calls, want the refused batch and one a person (%d)", calls, 1+n+2)
		}
		onceEach(t, "消防演练通知")
	})
	t.Run("Rerouted", func(t *testing.T) {
		// b03's delivery failed before reaching WeCom under an account WeCom has since changed: it rejoins the batch
		// and goes to b03 as they are now, its card stored for that account.
		ids := publish("食堂通知")
		open, err := pendingOf(env, tn)
		mustDo(t, err)
		var m outbox.Message
		for _, o := range open {
			var p struct {
				ToID uint64 `json:"to_id"`
			}
			mustDo(t, json.Unmarshal([]byte(o.Payload), &p))
			e, err := env.Directory.Employee(ctx, p.ToID)
			mustDo(t, err)
			if e.WeComUserID != nil && *e.WeComUserID == "b03" {
				m = o
			}
		}
		now := time.Now().UTC()
		mustDo(t, env.DB.WithContext(ctx).Create(&push.Delivery{TenantID: uint64(tn.ID), DedupKey: m.DedupKey, OutboxID: m.ID,
			Kind: m.Kind, Channel: push.ChannelWeCom, Recipient: "b03-old", Status: push.StatusFailed, Attempts: 1,
			CreatedAt: now, UpdatedAt: now}).Error)
		before := sends()
		if err := env.Push.DeliverBatch(ctx, ids); err != nil {
			t.Fatal(err)
		}
		if calls := sends() - before; calls != 1 {
			t.Errorf("%d calls, want 1", calls)
		}
		var d push.Delivery
		mustDo(t, env.DB.WithContext(ctx).Where("outbox_id = ?", m.ID).Take(&d).Error)
		if d.Recipient != "b03" || d.Status != push.StatusSent || d.Attempts != 2 {
			t.Errorf("b03's delivery %+v, want sent to b03 on its second attempt", d)
		}
		onceEach(t, "食堂通知")
	})
	t.Run("RateLimited", func(t *testing.T) {
		ids := publish("体检通知")
		mustDo(t, env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", ErrCode: 45009, Count: 1}))
		before := sends()
		err := env.Push.DeliverBatch(ctx, ids)
		if _, ok := push.WaitOf(err); !ok {
			t.Fatalf("a rate-limited batch: %v, want a wait", err)
		}
		if p := progress(); p.Retrying != n+2 || p.Queued != n+2 || p.Sent != 0 {
			t.Errorf("progress while rate-limited %+v, want everyone being retried, so still queued", p)
		}
		if err := env.Push.DeliverBatch(ctx, ids); err != nil {
			t.Fatal(err)
		}
		if calls := sends() - before; calls != 2 {
			t.Errorf("%d calls, want 2: the refused one and the batch again", calls)
		}
		onceEach(t, "体检通知")
	})
}

func ptr[T any](v T) *T { return &v }

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
