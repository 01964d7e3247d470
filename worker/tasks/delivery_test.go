package tasks_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/worker/tasks"
)

// shown lists the titles of the cards p's phone shows, in order: WeCom's duplicate check hides the duplicates.
func shown(env *apptest.Env, tn apptest.Tenant, p apptest.Person) []string {
	var out []string
	for _, m := range env.Sim.Messages(tn.CorpID, p.WeComUserID) {
		if m.Duplicate {
			continue
		}
		var c struct {
			Title string `json:"title"`
		}
		_ = json.Unmarshal(m.Payload, &c)
		out = append(out, c.Title)
	}
	return out
}

// deliverAll delivers tn's open outbox messages, oldest first, and fails on anything but nil.
func deliverAll(t *testing.T, env *apptest.Env, tn apptest.Tenant) {
	t.Helper()
	open, err := pendingOf(env, tn)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range open {
		if err := env.Push.Deliver(tn.Ctx(), m.ID); err != nil {
			t.Fatalf("deliver %s: %v", m.DedupKey, err)
		}
	}
}

// sendOne sends an item titled title from tn's sender to its approver and returns its one outbox message.
func sendOne(t *testing.T, env *apptest.Env, tn apptest.Tenant, title string) outbox.Message {
	t.Helper()
	if _, err := env.OA.Send(tn.Ctx(), tn.Sender.EmployeeID, oa.SendInput{Title: title, Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}}); err != nil {
		t.Fatal(err)
	}
	open, err := pendingOf(env, tn)
	if err != nil || len(open) == 0 {
		t.Fatalf("open outbox messages: %d, %v", len(open), err)
	}
	return open[len(open)-1]
}

// deliveryOf is the delivery record of outbox message id.
func deliveryOf(t *testing.T, env *apptest.Env, tn apptest.Tenant, id uint64) push.Delivery {
	t.Helper()
	var d push.Delivery
	if err := env.DB.WithContext(tn.Ctx()).Where("outbox_id = ?", id).Take(&d).Error; err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDistinctCommentsBothShown: two comments "收到" on one item, a few minutes apart, are two events, and both
// cards reach the sender's phone. Before, the two cards were identical and WeCom's duplicate check (4 hours) hid the
// second while the delivery log said sent. A resend of one event stays a duplicate WeCom suppresses.
func TestDistinctCommentsBothShown(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("comments"))
	ctx := tn.Ctx()
	item, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: "两次收到", Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}})
	if err != nil {
		t.Fatal(err)
	}
	comment := func() {
		t.Helper()
		if _, err := env.OA.Handle(ctx, tn.Approver.EmployeeID, item.ID, oa.ActionComment, "收到"); err != nil {
			t.Fatal(err)
		}
	}
	comment()
	// The same words again within a minute are a double tap; a few minutes later they are a new comment.
	if err := env.DB.WithContext(ctx).Model(&oa.Comment{}).Where("item_id = ?", item.ID).
		Update("created_at", time.Now().UTC().Add(-5*time.Minute)).Error; err != nil {
		t.Fatal(err)
	}
	comment()
	deliverAll(t, env, tn)
	var got int
	for _, title := range shown(env, tn, tn.Sender) {
		if title == "协同新意见：两次收到" {
			got++
		}
	}
	if got != 2 {
		t.Errorf("the sender's phone shows %d comment cards, want 2 (%v)", got, shown(env, tn, tn.Sender))
	}
	var rows []push.Delivery
	if err := env.DB.WithContext(ctx).Where("kind = ?", outbox.KindCollabCommented).Find(&rows).Error; err != nil || len(rows) != 2 {
		t.Fatalf("comment deliveries %d, %v", len(rows), err)
	}
	for _, d := range rows {
		if d.Status != push.StatusSent || d.Answer == nil || !strings.Contains(*d.Answer, `"msgid"`) {
			t.Errorf("delivery %s: %s, answer %v; want sent with WeCom's answer", d.DedupKey, d.Status, d.Answer)
		}
	}
}

// TestCardsOfAnItemInOrder: the cards of one item reach one person in the order the events happened, and a card
// that is no longer true when its turn comes is skipped with the reason.
func TestCardsOfAnItemInOrder(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("order"))
	ctx := tn.Ctx()
	send := func(title string) oa.Item {
		t.Helper()
		it, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: title, Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}})
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	withdraw := func(it oa.Item) {
		t.Helper()
		if _, err := env.OA.Withdraw(ctx, tn.Sender.EmployeeID, it.ID); err != nil {
			t.Fatal(err)
		}
	}
	key := func(kind string, it oa.Item) outbox.Message {
		t.Helper()
		var m outbox.Message
		if err := env.DB.WithContext(ctx).Where("dedup_key = ?", outbox.CollabKey(kind, it.ID, tn.Approver.EmployeeID)).Take(&m).Error; err != nil {
			t.Fatal(err)
		}
		return m
	}

	t.Run("WithdrawnBeforeItsCardWentOut", func(t *testing.T) {
		it := send("撤回在前")
		withdraw(it)
		sent, withdrawn := key(outbox.KindCollabSent, it), key(outbox.KindCollabWithdrawn, it)
		// A worker that picks the withdrawal first waits for the card before it: waiting, not failing.
		err := env.Push.Deliver(ctx, withdrawn.ID)
		if w, ok := push.WaitOf(err); !ok || w.After <= 0 {
			t.Fatalf("Deliver(withdrawn) before the first card = %v; want a push.Wait", err)
		}
		if tasks.IsFailure(err) {
			t.Error("waiting for an earlier card counts as a failure")
		}
		if d := tasks.RetryDelay(0, err, asynq.NewTask(tasks.TypePushSend, nil)); d > time.Minute {
			t.Errorf("retried after %v", d)
		}
		for _, m := range []outbox.Message{sent, withdrawn} {
			if err := env.Push.Deliver(ctx, m.ID); err != nil {
				t.Fatalf("deliver %s: %v", m.DedupKey, err)
			}
		}
		for _, m := range []outbox.Message{sent, withdrawn} {
			d := deliveryOf(t, env, tn, m.ID)
			if d.Status != push.StatusSkipped || d.Error == nil || !strings.HasPrefix(*d.Error, "not sent: ") {
				t.Errorf("%s: %s (%v); want skipped, saying why", m.DedupKey, d.Status, d.Error)
			}
		}
		for _, title := range shown(env, tn, tn.Approver) {
			if strings.Contains(title, "撤回在前") {
				t.Errorf("the phone shows %q for an item withdrawn before its card went out", title)
			}
		}
	})

	t.Run("WithdrawnAfter", func(t *testing.T) {
		it := send("撤回在后")
		deliverAll(t, env, tn)
		withdraw(it)
		deliverAll(t, env, tn)
		var got []string
		for _, title := range shown(env, tn, tn.Approver) {
			if strings.Contains(title, "撤回在后") {
				got = append(got, title)
			}
		}
		if want := []string{"新协同：撤回在后", "协同已撤回：撤回在后"}; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("the phone shows %q, want %q", got, want)
		}
	})
}

// TestNoSendIsNotTheFourHourRule: while WeCom refuses every send (-1), a delivery is retried however old it gets
// within push.GiveUpAfter: the 4-hour rule guards against a second copy, and a refused send left none. After
// GiveUpAfter it is recorded undeliverable with the cause, and the outbox message is done.
func TestNoSendIsNotTheFourHourRule(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("refused"))
	ctx := tn.Ctx()
	if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", ErrCode: -1}); err != nil {
		t.Fatal(err)
	}
	defer env.Sim.ClearFaults()
	send := func(title string) uint64 { return sendOne(t, env, tn, title).ID }
	age := func(id uint64, by time.Duration) {
		t.Helper()
		d := deliveryOf(t, env, tn, id)
		if err := env.DB.WithContext(ctx).Model(&push.Delivery{}).Where("id = ?", d.ID).
			Update("created_at", d.CreatedAt.Add(-by)).Error; err != nil {
			t.Fatal(err)
		}
	}

	first := send("企业微信故障")
	if err := env.Push.Deliver(ctx, first); err == nil || !tasks.IsFailure(err) {
		t.Fatalf("Deliver while WeCom answers -1 = %v; want a failure to retry", err)
	}
	if d := deliveryOf(t, env, tn, first); d.Status != push.StatusFailed || d.FirstSentAt != nil {
		t.Fatalf("after a refused send: %s, first send %v; want failed and no send on record", d.Status, d.FirstSentAt)
	}
	age(first, 5*time.Hour)
	if err := env.Push.Deliver(ctx, first); err == nil {
		t.Fatal("Deliver succeeded while WeCom refuses")
	}
	if d := deliveryOf(t, env, tn, first); d.Status != push.StatusFailed {
		t.Fatalf("5 hours of refusals: %s (%v); want still failed, to be retried", d.Status, d.Error)
	}
	env.Sim.ClearFaults()
	if err := env.Push.Deliver(ctx, first); err != nil {
		t.Fatalf("once WeCom is back: %v", err)
	}
	if d := deliveryOf(t, env, tn, first); d.Status != push.StatusSent {
		t.Errorf("once WeCom is back: %s", d.Status)
	}

	if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", ErrCode: -1}); err != nil {
		t.Fatal(err)
	}
	second := send("一直故障")
	_ = env.Push.Deliver(ctx, second)
	age(second, push.GiveUpAfter+time.Minute)
	if err := env.Push.Deliver(ctx, second); err != nil {
		t.Fatalf("Deliver after giving up = %v; want nil (nothing more to do)", err)
	}
	d := deliveryOf(t, env, tn, second)
	if d.Status != push.StatusUndeliverable || d.Error == nil || !strings.Contains(*d.Error, "gave up") {
		t.Errorf("after %v of refusals: %s (%v); want undeliverable, saying it gave up and why", push.GiveUpAfter, d.Status, d.Error)
	}
	var m outbox.Message
	if err := env.DB.WithContext(ctx).First(&m, second).Error; err != nil || m.DoneAt == nil {
		t.Errorf("outbox message not done after giving up (%v)", err)
	}

	// An admin who has seen WeCom come back retries it by hand: due again at once, and sent.
	env.Sim.ClearFaults()
	if err := env.Push.Retry(ctx, deliveryOf(t, env, tn, first).ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("Retry of a sent delivery = %v, want conflict", err)
	}
	if err := env.Push.Retry(ctx, d.ID); err != nil {
		t.Fatalf("Retry: %v", err)
	}
	var again outbox.Message
	if err := env.DB.WithContext(ctx).First(&again, second).Error; err != nil || again.DoneAt != nil || again.DueAt == nil || again.DueAt.After(time.Now()) {
		t.Fatalf("after Retry the message is not due (%+v, %v)", again, err)
	}
	if err := env.Push.Deliver(ctx, second); err != nil {
		t.Fatalf("Deliver after Retry: %v", err)
	}
	if d := deliveryOf(t, env, tn, second); d.Status != push.StatusSent {
		t.Errorf("after Retry: %s (%v)", d.Status, d.Error)
	}
	if got := shown(env, tn, tn.Approver); len(got) != 2 {
		t.Errorf("the phone shows %q, want both items once", got)
	}
}

// TestGiveUpOnTheLastRetry: when asynq will not retry a push again, the handler records it undeliverable instead
// of leaving it failing with nobody trying (and its task ID in asynq's archive).
func TestGiveUpOnTheLastRetry(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("lastretry"))
	open := []outbox.Message{sendOne(t, env, tn, "最后一次")}
	if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", ErrCode: -1}); err != nil {
		t.Fatal(err)
	}
	defer env.Sim.ClearFaults()
	opt := env.Redis
	srv := asynq.NewServer(opt, asynq.Config{Concurrency: 1, Queues: tasks.Queues(), IsFailure: tasks.IsFailure,
		RetryDelayFunc: func(int, error, *asynq.Task) time.Duration { return 10 * time.Millisecond },
		Logger:         testkit.QuietAsynq{}, LogLevel: asynq.FatalLevel})
	h := &tasks.Handlers{Push: env.Push, Log: quietLog()}
	if err := srv.Start(h.Mux()); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	client := asynq.NewClient(opt)
	defer client.Close()
	task, err := tasks.NewPushSendTask(tn.ID, open[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Enqueue(task, asynq.MaxRetry(2)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) && deliveryOfMaybe(env, tn, open[0].ID).Status != push.StatusUndeliverable {
		time.Sleep(50 * time.Millisecond)
	}
	d := deliveryOfMaybe(env, tn, open[0].ID)
	if d.Status != push.StatusUndeliverable || d.Error == nil || !strings.HasPrefix(*d.Error, "gave up") {
		t.Fatalf("after the last retry: %s (%v); want undeliverable, saying it gave up", d.Status, d.Error)
	}
}

// deliveryOfMaybe is deliveryOf, with a zero Delivery while there is none.
func deliveryOfMaybe(env *apptest.Env, tn apptest.Tenant, id uint64) push.Delivery {
	var d push.Delivery
	_ = env.DB.WithContext(tn.Ctx()).Where("outbox_id = ?", id).Limit(1).Find(&d).Error
	return d
}

// cancelAfter is the real WeCom client with the caller's context cancelled right after WeCom answered: a task
// timeout or a shutdown at the worst moment.
type cancelAfter struct {
	*wecom.Client
	cancel context.CancelFunc
}

func (c cancelAfter) SendMessage(ctx context.Context, app wecom.App, m wecom.Message) (wecom.SendResult, error) {
	res, err := c.Client.SendMessage(ctx, app, m)
	c.cancel()
	return res, err
}

// TestOutcomeRecordedAfterCancel: the task's context ends just after WeCom accepted the card; the delivery is still
// recorded as sent with WeCom's msgid, and the outbox message is done, instead of being left in "sending".
func TestOutcomeRecordedAfterCancel(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("cancel"))
	open := []outbox.Message{sendOne(t, env, tn, "取消")}
	ctx, cancel := context.WithCancel(tn.Ctx())
	defer cancel()
	cfg := env.Config()
	s := push.NewService(push.Deps{DB: env.DB, Outbox: env.Outbox, Tenants: env.Tenants, Directory: env.Directory, OA: env.OA,
		Links: deeplink.New(cfg.PublicURL, cfg.WeComOAuthBase, []byte(cfg.LinkSecret)), Sender: cancelAfter{env.WeCom, cancel},
		Log: quietLog()})
	if err := s.Deliver(ctx, open[0].ID); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("Deliver: %v", err)
	}
	d := deliveryOf(t, env, tn, open[0].ID)
	if d.Status != push.StatusSent || d.MsgID == nil {
		t.Errorf("delivery %s, msgid %v; want sent with WeCom's msgid", d.Status, d.MsgID)
	}
	var m outbox.Message
	if err := env.DB.WithContext(tn.Ctx()).First(&m, open[0].ID).Error; err != nil || m.DoneAt == nil {
		t.Errorf("outbox message not done (%v)", err)
	}
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestIsFailure: waits and rate limits do not use up a push task's retries; everything else does.
func TestIsFailure(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"Nil", nil, false},
		{"Busy", &push.Wait{Reason: "another worker", After: time.Second}, false},
		{"RateLimited", &wecom.Error{Code: 45009, RetryAfter: time.Minute}, false},
		{"RateLimitedWait", &push.Wait{Reason: "WeCom rate limit", After: time.Minute, Err: &wecom.Error{Code: 45009, RetryAfter: time.Minute}}, false},
		{"SystemBusy", &wecom.Error{Code: -1}, true},
		{"Network", errors.New("connection reset"), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tasks.IsFailure(tt.err); got != tt.want {
				t.Errorf("IsFailure(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

// TestCardLinksUseTheTenantsHost: a tenant that brought its own host name gets cards whose OAuth returns there
// (WeCom returns only to the app's trusted domain, which must be the customer's own); another tenant's cards keep
// this service's address.
func TestCardLinksUseTheTenantsHost(t *testing.T) {
	env := apptest.New(t, dsn)
	own, plain := env.Tenant(t, uniqueSlug("ownhost")), env.Tenant(t, uniqueSlug("plainhost"))
	if _, err := env.Tenants.SetHosts(own.Ctx(), []string{"oa.customer.example"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tn   apptest.Tenant
		host string
	}{{own, "oa.customer.example"}, {plain, "qiao.test"}} {
		sendOne(t, env, tc.tn, "看主机")
		deliverAll(t, env, tc.tn)
		msgs := env.Sim.Messages(tc.tn.CorpID, tc.tn.Approver.WeComUserID)
		if len(msgs) != 1 {
			t.Fatalf("%s: %d cards", tc.tn.Slug, len(msgs))
		}
		var c struct {
			URL string `json:"url"`
		}
		_ = json.Unmarshal(msgs[0].Payload, &c)
		link, _ := url.Parse(c.URL)
		redirect, _ := url.Parse(link.Query().Get("redirect_uri"))
		if redirect == nil || redirect.Host != tc.host {
			t.Errorf("%s: the card opens %s, want OAuth back to %s", tc.tn.Slug, c.URL, tc.host)
		}
	}
}

// TestSentOnceKeepsItsChannel: a card whose answer was lost after WeCom took it stays on its channel when the
// person's route changes before the retry (here they lose their WeCom account): the retry repeats it, within WeCom's
// duplicate window, instead of recording that it never went out.
func TestSentOnceKeepsItsChannel(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("keepchan"))
	open := []outbox.Message{sendOne(t, env, tn, "丢失的回答")}
	if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", DropAfter: true, Count: 1}); err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Deliver(tn.Ctx(), open[0].ID); err == nil {
		t.Fatal("the first try, whose answer was lost, succeeded")
	}
	if err := env.DB.WithContext(tn.Ctx()).Model(&directory.Employee{}).Where("id = ?", tn.Approver.EmployeeID).
		Update("wecom_userid", nil).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Deliver(tn.Ctx(), open[0].ID); err != nil {
		t.Fatalf("the retry: %v", err)
	}
	d := deliveryOf(t, env, tn, open[0].ID)
	if d.Status != push.StatusSent || d.Channel != push.ChannelWeCom || d.Recipient != tn.Approver.WeComUserID {
		t.Errorf("after the route changed: %s on %s to %q, want sent on wecom to %s", d.Status, d.Channel, d.Recipient, tn.Approver.WeComUserID)
	}
	shown := 0
	for _, m := range env.Sim.Messages(tn.CorpID, tn.Approver.WeComUserID) {
		if !m.Duplicate {
			shown++
		}
	}
	if shown != 1 {
		t.Errorf("%d cards shown on the phone, want 1 (the resend is WeCom's duplicate)", shown)
	}
}
