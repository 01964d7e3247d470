package tasks_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/oa"
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
		{"other errors back off as asynq does", errors.New("network down"), 0, asynq.DefaultRetryDelayFunc(1, nil, task) * 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tasks.RetryDelay(1, tt.err, task); got < tt.min || got > tt.max {
				t.Errorf("RetryDelay = %v, want within [%v, %v]", got, tt.min, tt.max)
			}
		})
	}
}

// A push WeCom refuses with 45009 is recorded as failed, comes back as a rate-limited error (so the queue waits
// the ban out), and is delivered exactly once when retried after the ban.
func TestPushRateLimitedThenDelivered(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "ratelimit")
	ctx := tn.Ctx()
	if _, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: "限流", Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}}); err != nil {
		t.Fatal(err)
	}
	pending, err := env.Outbox.Pending(context.Background(), 10)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending = %d, %v; want the one message", len(pending), err)
	}
	if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", ErrCode: 45009, Count: 1}); err != nil {
		t.Fatal(err)
	}
	err = env.Push.Deliver(ctx, pending[0].ID)
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
