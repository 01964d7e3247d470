package tasks_test

import (
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

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

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

func TestRetryDelay(t *testing.T) {
	task := asynq.NewTask(tasks.TypePushSend, nil)
	for _, tt := range []struct {
		name     string
		err      error
		min, max time.Duration
	}{
		{"45009 waits out the minute ban", &wecom.Error{Code: 45009, RetryAfter: time.Minute}, time.Minute, time.Minute + 3*time.Second},
		{"45033 waits a second", &wecom.Error{Code: 45033, RetryAfter: time.Second}, time.Second, 4 * time.Second},
		// Retry 1 (the second): 10 s and up to a fifth more.
		{"other errors back off from 5 s", errors.New("network down"), 10 * time.Second, 12 * time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tasks.RetryDelay(1, tt.err, task); got < tt.min || got > tt.max {
				t.Errorf("RetryDelay = %v, want within [%v, %v]", got, tt.min, tt.max)
			}
		})
	}
	t.Run("FailuresCappedAtTenMinutes", func(t *testing.T) {
		for _, n := range []int{7, 20, 999} {
			if got := tasks.RetryDelay(n, errors.New("network down"), task); got < 10*time.Minute || got > 12*time.Minute {
				t.Errorf("RetryDelay(%d) = %v, want 10 minutes and up to a fifth more", n, got)
			}
		}
	})
	t.Run("LeaseExpiredAtOnce", func(t *testing.T) {
		if got := tasks.RetryDelay(3, asynq.ErrLeaseExpired, task); got != 0 {
			t.Errorf("RetryDelay after a dead worker = %v, want 0", got)
		}
	})
}

// A push WeCom refuses with 45009 is recorded as failed, comes back as a rate-limited error (so the queue waits
// the ban out), and is delivered exactly once when retried after the ban.
func TestPushRateLimitedThenDelivered(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("ratelimit"))
	ctx := tn.Ctx()
	pending := []outbox.Message{sendOne(t, env, tn, "限流")}
	if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", ErrCode: 45009, Count: 1}); err != nil {
		t.Fatal(err)
	}
	err := env.Push.Deliver(ctx, pending[0].ID)
	if wait, ok := wecom.RetryAfterOf(err); !ok || wait != time.Minute {
		t.Fatalf("Deliver = %v; want a rate-limited error with a minute's wait", err)
	}
	if d := tasks.RetryDelay(1, err, asynq.NewTask(tasks.TypePushSend, nil)); d < time.Minute {
		t.Errorf("the queue would retry after %v, inside the ban", d)
	}
	if n := len(env.Sim.Messages(tn.CorpID, tn.Approver.WeComUserID)); n != 0 {
		t.Fatalf("%d messages delivered while rate limited", n)
	}
	if err := env.Push.Deliver(ctx, pending[0].ID); err != nil {
		t.Fatalf("retry after the ban: %v", err)
	}
	if err := env.Push.Deliver(ctx, pending[0].ID); err != nil {
		t.Fatalf("a redelivery of a sent push: %v", err)
	}
	if n := len(env.Sim.Messages(tn.CorpID, tn.Approver.WeComUserID)); n != 1 {
		t.Errorf("%d messages delivered, want exactly 1", n)
	}
}

// A push whose answer was lost (WeCom acted, the worker saw a network error) is retried under WeCom's duplicate
// check, so the phone shows it once; once WeCom's 4-hour duplicate window has passed it is not sent again at all.
func TestLostAnswerNeverShownTwice(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("lostanswer"))
	ctx := tn.Ctx()
	send := func(title string) uint64 { return sendOne(t, env, tn, title).ID }
	shown := func() int {
		n := 0
		for _, m := range env.Sim.Messages(tn.CorpID, tn.Approver.WeComUserID) {
			if !m.Duplicate {
				n++
			}
		}
		return n
	}
	loseNextAnswer := func() {
		if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", DropAfter: true, Count: 1}); err != nil {
			t.Fatal(err)
		}
	}

	// Retried soon: WeCom's duplicate check swallows the second copy.
	first := send("丢失的回答")
	loseNextAnswer()
	if err := env.Push.Deliver(ctx, first); err == nil {
		t.Fatal("Deliver succeeded although the answer was lost")
	}
	if err := env.Push.Deliver(ctx, first); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if n := shown(); n != 1 {
		t.Fatalf("the phone shows %d messages, want 1", n)
	}

	// Retried after the window: not sent, recorded as undeliverable.
	second := send("四小时以后")
	loseNextAnswer()
	if err := env.Push.Deliver(ctx, second); err == nil {
		t.Fatal("Deliver succeeded although the answer was lost")
	}
	var d push.Delivery
	if err := env.DB.WithContext(ctx).Where("outbox_id = ?", second).First(&d).Error; err != nil {
		t.Fatal(err)
	}
	if d.FirstSentAt == nil {
		t.Fatal("a send whose answer was lost is not recorded as attempted")
	}
	if err := env.DB.WithContext(ctx).Model(&push.Delivery{}).Where("id = ?", d.ID).
		Update("first_sent_at", d.FirstSentAt.Add(-4*time.Hour-time.Minute)).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.Push.Deliver(ctx, second); err != nil {
		t.Fatalf("late retry: %v", err)
	}
	if n := shown(); n != 2 {
		t.Errorf("the phone shows %d messages, want 2 (each item once)", n)
	}
	if got := env.Sim.CallCount("/cgi-bin/message/send"); got != 3 {
		t.Errorf("message/send calls = %d, want 3 (no call for the late retry)", got)
	}
	if err := env.DB.WithContext(ctx).Where("id = ?", d.ID).First(&d).Error; err != nil {
		t.Fatal(err)
	}
	if d.Status != push.StatusUndeliverable || d.Error == nil || !strings.Contains(*d.Error, "4-hour duplicate check") {
		t.Errorf("late delivery = %s (%v), want undeliverable with the reason", d.Status, d.Error)
	}
}

// uniqueSlug keeps tenants of repeated runs (-count) on the package's database apart.
func uniqueSlug(prefix string) string { return prefix + "-" + strings.ToLower(rand.Text()[:6]) }

// A push to someone the WeChat gate now refuses (their role's allowWeChat was turned off after the item was sent)
// is not sent: the card would open on a refusal. It is recorded as skipped with the gate's reason.
func TestPushSkipsWhomTheGateRefuses(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, uniqueSlug("gated"))
	ctx := tn.Ctx()
	if _, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: "门禁", Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}}); err != nil {
		t.Fatal(err)
	}
	roles, err := env.Directory.SystemRolesOf(ctx, tn.Approver.AccountID)
	if err != nil || len(roles) != 1 {
		t.Fatalf("roles %v, %v", roles, err)
	}
	off := false
	if _, err := env.Directory.UpdateSystemRole(ctx, roles[0].ID, directory.SystemRolePatch{AllowWeChat: &off}); err != nil {
		t.Fatal(err)
	}
	pending, err := pendingOf(env, tn)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending = %d, %v; want the one message", len(pending), err)
	}
	if err := env.Push.Deliver(ctx, pending[0].ID); err != nil {
		t.Fatalf("Deliver = %v; want nil (nothing more to do)", err)
	}
	if n := len(env.Sim.Messages(tn.CorpID, tn.Approver.WeComUserID)); n != 0 {
		t.Errorf("%d messages delivered to someone the gate refuses", n)
	}
	var d push.Delivery
	if err := env.DB.WithContext(ctx).Where("outbox_id = ?", pending[0].ID).Take(&d).Error; err != nil {
		t.Fatal(err)
	}
	if d.Status != push.StatusSkipped || d.Error == nil || !strings.Contains(*d.Error, "WeChat gate") {
		t.Errorf("delivery %s (%v), want skipped by the WeChat gate", d.Status, d.Error)
	}
}

// pendingOf is the outbox rows of tn whose delivery is not recorded yet, oldest first.
func pendingOf(env *apptest.Env, tn apptest.Tenant) ([]outbox.Message, error) {
	var mine []outbox.Message
	err := env.DB.WithContext(tn.Ctx()).Where("done_at IS NULL").Order("id").Find(&mine).Error
	return mine, err
}
