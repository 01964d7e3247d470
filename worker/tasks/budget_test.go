package tasks_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/ratelimit"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// TestWeComBudgetShared: two push services (two servers) share the corp's message/send budget through Redis: once
// it is spent, the next card waits (a Wait, not a failure) without asking WeCom, and its delivery says why. A
// member's share works alike, so WeCom never silently drops their 31st card of a minute.
func TestWeComBudgetShared(t *testing.T) {
	env := apptest.New(t, dsn)
	cfg := env.Config()
	rdb := redis.NewClient(&redis.Options{Addr: env.Redis.Addr, DB: env.Redis.DB})
	defer rdb.Close()
	limiter := ratelimit.New(rdb)
	server := func(b push.Budget) *push.Service {
		return push.NewService(push.Deps{DB: env.DB, Outbox: env.Outbox, Tenants: env.Tenants, Directory: env.Directory,
			OA: env.OA, Links: deeplink.New(cfg.PublicURL, cfg.WeComOAuthBase, []byte(cfg.LinkSecret)), Sender: env.WeCom,
			Limiter: limiter, Budget: b, Log: quietLog()})
	}
	sends := func() int { return env.Sim.CallCount("/cgi-bin/message/send") }
	for _, c := range []struct {
		name   string
		budget push.Budget
	}{{"Corp", push.Budget{CorpPerMinute: 5}}, {"CorpHour", push.Budget{CorpPerHour: 5}},
		{"Member", push.Budget{CorpPerMinute: 6, MemberPerMinute: 5}}} {
		t.Run(c.name, func(t *testing.T) {
			tn := env.Tenant(t, uniqueSlug("budget"))
			a, b := server(c.budget), server(c.budget)
			before := sends()
			var sent, waited int
			for i := range 8 {
				m := sendOne(t, env, tn, "预算")
				s := a
				if i%2 == 1 {
					s = b
				}
				err := s.Deliver(tn.Ctx(), m.ID)
				w, isWait := push.WaitOf(err)
				switch {
				case err == nil:
					sent++
				case isWait && w.Reason == "WeCom's limits" && w.After > 0:
					waited++
					if d := deliveryOf(t, env, tn, m.ID); d.Status != push.StatusFailed || d.Error == nil || !strings.Contains(*d.Error, "waiting") {
						t.Errorf("a waiting card's delivery %+v", d)
					}
				default:
					t.Fatalf("card %d: %v", i, err)
				}
			}
			if sent != 5 || waited != 3 {
				t.Errorf("%d sent and %d waiting, want 5 and 3", sent, waited)
			}
			if calls := sends() - before; calls != 5 {
				t.Errorf("%d message/send calls, want 5: a waiting card asks WeCom nothing", calls)
			}
			if c.name == "Member" {
				// The approver's waiting cards took nothing from the corp's share (6 a minute here): a card to
				// someone else still goes.
				if _, err := env.OA.Send(tn.Ctx(), tn.Approver.EmployeeID, oa.SendInput{Title: "别人", Body: "b",
					RecipientIDs: []uint64{tn.Sender.EmployeeID}}); err != nil {
					t.Fatal(err)
				}
				open, err := pendingOf(env, tn)
				mustDo(t, err)
				if err := a.Deliver(tn.Ctx(), open[len(open)-1].ID); err != nil {
					t.Errorf("a card to another member after the approver's share was spent: %v", err)
				}
			}
		})
	}
	t.Run("CorpInBatch", func(t *testing.T) {
		// The corp's share is spent: a fresh batch makes no call, and its people's deliveries say why (a batch
		// claims its rows with the send, so one that waits claims them for the record).
		tn := env.Tenant(t, uniqueSlug("budgetc"))
		s := server(push.Budget{CorpPerMinute: 1})
		for i := range 2 {
			ids, err := publishToAll(t, env, tn, s, fmt.Sprintf("公司通知 %d", i))
			if w, isWait := push.WaitOf(err); i == 0 && err != nil || i == 1 && (!isWait || w.Reason != "WeCom's limits") {
				t.Fatalf("notice %d: %v", i, err)
			}
			if i == 1 {
				var ds []push.Delivery
				mustDo(t, env.DB.WithContext(tn.Ctx()).Where("outbox_id IN ?", ids).Find(&ds).Error)
				if len(ds) != len(ids) {
					t.Fatalf("%d delivery records for %d people waiting", len(ds), len(ids))
				}
				for _, d := range ds {
					if d.Status != push.StatusFailed || d.FirstSentAt != nil || d.Error == nil || !strings.Contains(*d.Error, "corp's calls") {
						t.Errorf("a waiting delivery %+v", d)
					}
				}
			}
		}
	})
	t.Run("MemberInBatch", func(t *testing.T) {
		// Each notice to all staff is one batch; a member's share counts its cards too: the third notice of the
		// minute waits for everyone, and WeCom is not asked.
		tn := env.Tenant(t, uniqueSlug("budgetb"))
		s := server(push.Budget{MemberPerMinute: 2})
		before := sends()
		for i := range 3 {
			_, err := publishToAll(t, env, tn, s, fmt.Sprintf("通知 %d", i))
			if w, isWait := push.WaitOf(err); i < 2 && err != nil || i == 2 && (!isWait || w.Reason != "WeCom's limits") {
				t.Fatalf("notice %d: %v", i, err)
			}
		}
		if calls := sends() - before; calls != 2 {
			t.Errorf("%d message/send calls, want 2: the third notice waits for the members' shares", calls)
		}
	})
}

// publishToAll publishes a notice titled title to all staff of tn and delivers its messages as one batch with s; it
// returns the batch's outbox ids and what DeliverBatch returned.
func publishToAll(t *testing.T, env *apptest.Env, tn apptest.Tenant, s *push.Service, title string) ([]uint64, error) {
	t.Helper()
	_, err := notice.NewStore(env.DB, env.Directory, nil).Publish(tn.Ctx(), tn.Admin.EmployeeID, directory.RoleAdmin,
		notice.PublishInput{Kind: notice.KindNotice, Title: title, Body: "<p>正文</p>", Audience: notice.Audience{All: true}})
	mustDo(t, err)
	open, err := pendingOf(env, tn)
	mustDo(t, err)
	ids := make([]uint64, len(open))
	for j, m := range open {
		ids[j] = m.ID
	}
	return ids, s.DeliverBatch(tn.Ctx(), ids)
}
