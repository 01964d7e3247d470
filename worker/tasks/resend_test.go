package tasks_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/worker/tasks"
)

// TestWaitOnTheLastRetryIsNotArchived: asynq archives a task at its last retry whatever the error, and an archived
// task's ID would refuse the relay's next handover. A push that only waits at that point ends its task instead,
// leaving the message open for the relay to hand over again.
func TestWaitOnTheLastRetryIsNotArchived(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("lastwait"))
	m := sendOne(t, env, tn, "最后等待")
	// Another worker holds the delivery: every try waits.
	now := time.Now().UTC()
	if err := env.DB.WithContext(tn.Ctx()).Create(&push.Delivery{TenantID: uint64(tn.ID), DedupKey: m.DedupKey, OutboxID: m.ID,
		Channel: push.ChannelWeCom, Status: push.StatusSending, Attempts: 1, CreatedAt: now, UpdatedAt: now}).Error; err != nil {
		t.Fatal(err)
	}
	srv := asynq.NewServer(env.Redis, asynq.Config{Concurrency: 1, Queues: tasks.Queues(), IsFailure: tasks.IsFailure,
		RetryDelayFunc: tasks.RetryDelay, Logger: testkit.QuietAsynq{}, LogLevel: asynq.FatalLevel})
	if err := srv.Start((&tasks.Handlers{Push: env.Push, Log: quietLog()}).Mux()); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	client, inspector := asynq.NewClient(env.Redis), asynq.NewInspector(env.Redis)
	defer client.Close()
	defer inspector.Close()
	task, err := tasks.NewPushSendTask(tn.ID, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Enqueue(task, asynq.MaxRetry(0)); err != nil {
		t.Fatal(err)
	}
	id := tasks.PushSendTaskID(tn.ID, m.ID)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := inspector.GetTaskInfo(tasks.QueuePush, id)
		if errors.Is(err, asynq.ErrTaskNotFound) {
			break
		}
		if time.Now().After(deadline) {
			info, _ := inspector.GetTaskInfo(tasks.QueuePush, id)
			t.Fatalf("task still there after its last try: %+v", info)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if open, err := pendingOf(env, tn); err != nil || len(open) != 1 {
		t.Errorf("open messages %d, %v; want the message still open for the relay", len(open), err)
	}
}

// TestResendIsTheSameCard: a resend repeats the card first sent byte for byte, even when what it was rendered
// from has changed since (here the sender's name), so WeCom's duplicate check still swallows it.
func TestResendIsTheSameCard(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("samecard"))
	ctx := tn.Ctx()
	m := sendOne(t, env, tn, "同一张卡片")
	if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", DropAfter: true, Count: 1}); err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Deliver(ctx, m.ID); err == nil {
		t.Fatal("Deliver succeeded although the answer was lost")
	}
	if err := env.DB.WithContext(ctx).Model(&directory.Employee{}).Where("id = ?", tn.Sender.EmployeeID).
		Update("name", "改名后的发起人").Error; err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Deliver(ctx, m.ID); err != nil {
		t.Fatalf("resend: %v", err)
	}
	msgs := env.Sim.Messages(tn.CorpID, tn.Approver.WeComUserID)
	if len(msgs) != 2 || msgs[0].Duplicate || !msgs[1].Duplicate {
		t.Errorf("inbox %d messages, duplicate flags %v; want the resend recognised as a duplicate", len(msgs),
			[]bool{len(msgs) > 0 && msgs[0].Duplicate, len(msgs) > 1 && msgs[1].Duplicate})
	}
}

// TestFourHourRuleHasAMargin: a resend that could reach WeCom after its duplicate window closes is not made.
func TestFourHourRuleHasAMargin(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("margin"))
	ctx := tn.Ctx()
	m := sendOne(t, env, tn, "边界")
	if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", DropAfter: true, Count: 1}); err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Deliver(ctx, m.ID); err == nil {
		t.Fatal("Deliver succeeded although the answer was lost")
	}
	d := deliveryOf(t, env, tn, m.ID)
	// 30 seconds short of WeCom's 4 hours: a send now could arrive after them.
	if err := env.DB.WithContext(ctx).Model(&push.Delivery{}).Where("id = ?", d.ID).
		Update("first_sent_at", time.Now().UTC().Add(-wecom.MaxDuplicateCheckInterval+30*time.Second)).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Deliver(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	if d := deliveryOf(t, env, tn, m.ID); d.Status != push.StatusUndeliverable {
		t.Errorf("a resend 30 s before the window closes: %s, want undeliverable", d.Status)
	}
	if n := env.Sim.CallCount("/cgi-bin/message/send"); n != 1 {
		t.Errorf("message/send calls = %d, want 1", n)
	}
}

// TestRetryPastRetention: a delivery whose outbox message retention has deleted cannot be retried, and saying so
// changes nothing.
func TestRetryPastRetention(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("pastretention"))
	ctx := tn.Ctx()
	m := sendOne(t, env, tn, "过期")
	if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", ErrCode: 81013, Count: 1}); err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Deliver(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	d := deliveryOf(t, env, tn, m.ID)
	if d.Status != push.StatusUndeliverable {
		t.Fatalf("delivery %s, want undeliverable", d.Status)
	}
	if err := env.DB.WithContext(ctx).Delete(&outbox.Message{}, m.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Retry(ctx, d.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("Retry past retention = %v, want conflict", err)
	}
	if after := deliveryOf(t, env, tn, m.ID); after.Status != push.StatusUndeliverable {
		t.Errorf("after a refused Retry the delivery is %s, want it unchanged", after.Status)
	}
}

// TestResendToACorrectedAccount: the first send went to a WeCom account an admin has since corrected; the new
// account has no copy, so it gets a card rendered for it (not the stored one, addressed to the old account), and
// the stored card is cleared once the delivery is finished.
func TestResendToACorrectedAccount(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("corrected"))
	ctx := tn.Ctx()
	m := sendOne(t, env, tn, "更正账号")
	if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", Drop: true, Count: 1}); err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Deliver(ctx, m.ID); err == nil {
		t.Fatal("Deliver succeeded although the connection was dropped")
	}
	if d := deliveryOf(t, env, tn, m.ID); d.FirstSentAt == nil || d.Card == nil {
		t.Fatalf("a send whose answer never came: first send %v, card %v; want both recorded", d.FirstSentAt, d.Card)
	}
	corrected := tn.Slug + "-approver2"
	if err := env.Sim.AddUser(tn.CorpID, corrected, "审批人"); err != nil {
		t.Fatal(err)
	}
	if err := env.DB.WithContext(ctx).Model(&directory.Employee{}).Where("id = ?", tn.Approver.EmployeeID).
		Update("wecom_userid", corrected).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Deliver(ctx, m.ID); err != nil {
		t.Fatalf("resend: %v", err)
	}
	if got := env.Sim.Messages(tn.CorpID, corrected); len(got) != 1 || got[0].Duplicate {
		t.Errorf("the corrected account got %d messages, want the card once", len(got))
	}
	if got := env.Sim.Messages(tn.CorpID, tn.Approver.WeComUserID); len(got) != 0 {
		t.Errorf("the old account got %d messages, want none (the dropped connection sent nothing)", len(got))
	}
	if d := deliveryOf(t, env, tn, m.ID); d.Status != push.StatusSent || d.Card != nil {
		t.Errorf("delivery %s, card kept %v; want sent and the card cleared", d.Status, d.Card != nil)
	}
}

// TestOlderReleasesOpenDeliveryNotResent: a delivery an older release left open, with a first send on record (0013)
// and no card, is not resent: a new card would differ from the one that may be on the phone, and WeCom would show
// both. It is recorded undeliverable for an admin to retry.
func TestOlderReleasesOpenDeliveryNotResent(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("olderrelease"))
	ctx := tn.Ctx()
	m := sendOne(t, env, tn, "旧版本的推送")
	now := time.Now().UTC()
	first := now.Add(-time.Hour)
	if err := env.DB.WithContext(ctx).Create(&push.Delivery{TenantID: uint64(tn.ID), DedupKey: m.DedupKey, OutboxID: m.ID,
		Channel: push.ChannelWeCom, Status: push.StatusFailed, Attempts: 1, FirstSentAt: &first, CreatedAt: first,
		UpdatedAt: first}).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Deliver(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	d := deliveryOf(t, env, tn, m.ID)
	if d.Status != push.StatusUndeliverable || d.Error == nil || !strings.Contains(*d.Error, "older release") {
		t.Errorf("delivery %s (%v), want undeliverable, saying why", d.Status, d.Error)
	}
	if n := env.Sim.CallCount("/cgi-bin/message/send"); n != 0 {
		t.Errorf("message/send calls = %d, want none", n)
	}
}

// TestInteractiveCardReaddressed: an interactive todo card whose answer was lost after WeCom took it, re-addressed
// to the person's corrected WeCom account, goes there as a card of its own task: WeCom's task_ids are unique per
// app, and the first card (on the old account's phone) holds the first.
func TestInteractiveCardReaddressed(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("readdressed"))
	ctx := tn.Ctx()
	mustDo(t, env.Tenants.MarkReceiverVerified(ctx, "oa", time.Now()))
	m := sendOne(t, env, tn, "更正账号的卡片")
	mustDo(t, env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", DropAfter: true, Count: 1}))
	if err := env.Push.Deliver(ctx, m.ID); err == nil {
		t.Fatal("Deliver succeeded although the answer was lost")
	}
	corrected := tn.Slug + "-approver2"
	mustDo(t, env.Sim.AddUser(tn.CorpID, corrected, "审批人"))
	mustDo(t, env.DB.WithContext(ctx).Model(&directory.Employee{}).Where("id = ?", tn.Approver.EmployeeID).
		Update("wecom_userid", corrected).Error)
	if err := env.Push.Deliver(ctx, m.ID); err != nil {
		t.Fatalf("resend to the corrected account: %v", err)
	}
	task := func(userID string) string {
		ms := env.Sim.Messages(tn.CorpID, userID)
		if len(ms) != 1 || ms[0].MsgType != "template_card" {
			t.Fatalf("%s's inbox: %+v; want one interactive card", userID, ms)
		}
		var c struct {
			TaskID string `json:"task_id"`
		}
		mustDo(t, json.Unmarshal(ms[0].Payload, &c))
		return c.TaskID
	}
	if old, now := task(tn.Approver.WeComUserID), task(corrected); old == now {
		t.Errorf("both cards have task %s", old)
	}
	var c push.Card
	mustDo(t, env.DB.WithContext(ctx).Where("employee_id = ?", tn.Approver.EmployeeID).Take(&c).Error)
	if c.Recipient != corrected {
		t.Errorf("the card recorded for %s, want %s", c.Recipient, corrected)
	}
}
