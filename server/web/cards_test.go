package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// cardOf is the interactive card of item title in userID's simulated inbox, with its index there; ok is false
// while there is none.
func cardOf(env *apptest.Env, tn apptest.Tenant, userID, title string) (sim.Message, int, bool) {
	for i, m := range env.Sim.Messages(tn.CorpID, userID) {
		if m.MsgType == "template_card" && !m.Duplicate && strings.Contains(string(m.Payload), title) {
			return m, i, true
		}
	}
	return sim.Message{}, 0, false
}

// saveOACallback saves our intake as tn's OA app callback in the simulator's console, whose verification marks the
// receiver verified: the app's todo cards then have buttons.
func saveOACallback(t *testing.T, env *apptest.Env, tn apptest.Tenant) {
	t.Helper()
	keys := receiverKeys(t, env, tn)
	if err := env.Sim.SaveCallback(context.Background(), tn.CorpID, tn.AgentID,
		env.HTTP.URL+"/callback/wecom/"+tn.Slug+"/oa", keys["oa"].Token, keys["oa"].AESKey); err != nil {
		t.Fatalf("saving the OA app's callback: %v", err)
	}
}

// TestApproveInCard: with the OA app's callback verified, a collaboration item reaches its approvers as cards with
// 同意 and 驳回. A tap is decided by the same rules as the H5; the tapper's card then shows the decision, and the
// cards of the others whose part the decision ended show who ended it, changed in place (no new message). A
// decision on the page, and a withdrawal, change the cards alike; a card with no response code left is recalled and
// the news sent anew.
func TestApproveInCard(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "cards")
	ctx := tn.Ctx()
	saveOACallback(t, env, tn)
	env.RunWorker(t)
	lisi, wangwu := tn.Approver, tn.Admin // two approvers of one item
	send := func(title string, rule oa.Rule, to ...apptest.Person) oa.Item {
		t.Helper()
		ids := make([]uint64, len(to))
		for i, p := range to {
			ids[i] = p.EmployeeID
		}
		item, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: title, Body: "b", Rule: rule, RecipientIDs: ids})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range to {
			waitFor(t, 10*time.Second, p.Login+"'s card of "+title+" recorded", func() bool {
				_, _, ok := cardOf(env, tn, p.WeComUserID, title)
				var n int64
				err := env.DB.WithContext(ctx).Model(&push.Card{}).Where("card_key = ? AND employee_id = ?",
					"collab:"+apptest.ID(item.ID), p.EmployeeID).Count(&n).Error
				return ok && err == nil && n == 1
			})
		}
		return item
	}
	shows := func(p apptest.Person, title, want string) {
		t.Helper()
		waitFor(t, 10*time.Second, p.Login+"'s card of "+title+" showing "+want, func() bool {
			m, _, _ := cardOf(env, tn, p.WeComUserID, title)
			return m.ReplaceName == want
		})
	}
	inbox := func(p apptest.Person) int { return len(env.Sim.Messages(tn.CorpID, p.WeComUserID)) }

	t.Run("Card", func(t *testing.T) {
		send("采购申请", oa.RuleAny, lisi)
		m, _, _ := cardOf(env, tn, lisi.WeComUserID, "采购申请")
		var card struct {
			CardType   string `json:"card_type"`
			TaskID     string `json:"task_id"`
			ButtonList []struct {
				Text string `json:"text"`
				Key  string `json:"key"`
				Type int    `json:"type"`
				URL  string `json:"url"`
			} `json:"button_list"`
		}
		if err := json.Unmarshal(m.Payload, &card); err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, b := range card.ButtonList {
			texts = append(texts, b.Text)
		}
		if card.CardType != "button_interaction" || card.TaskID == "" || !slices.Equal(texts, []string{"同意", "驳回", "查看详情"}) ||
			card.ButtonList[2].Type != 1 || !strings.Contains(card.ButtonList[2].URL, "/oauth2/authorize") {
			t.Errorf("card = %+v", card)
		}
	})

	t.Run("TapAny", func(t *testing.T) {
		item := send("差旅报销", oa.RuleAny, lisi, wangwu)
		before := inbox(wangwu)
		_, i, _ := cardOf(env, tn, lisi.WeComUserID, "差旅报销")
		if _, err := env.Sim.ClickCard(tn.CorpID, lisi.WeComUserID, i, "approve"); err != nil {
			t.Fatal(err)
		}
		shows(lisi, "差旅报销", "已同意")
		shows(wangwu, "差旅报销", "已由"+lisi.Name+"同意")
		got, err := env.OA.Lookup(ctx, item.ID)
		if err != nil || got.Status != oa.StatusApproved {
			t.Errorf("item = %s, %v; want approved by the tap", got.Status, err)
		}
		if n := inbox(wangwu); n != before {
			t.Errorf("王五's inbox went from %d to %d messages; the card should change in place", before, n)
		}
		// The tap is in the event log, processed.
		waitFor(t, 5*time.Second, "the tap recorded", func() bool {
			p, err := env.Callbacks.List(ctx, callbacks.Filter{Event: "template_card_event"}, 10, "")
			return err == nil && len(p.Events) == 1 && p.Events[0].Status == callbacks.StatusProcessed
		})
	})

	t.Run("DecidedOnThePage", func(t *testing.T) {
		item := send("年度预算", oa.RuleAll, lisi, wangwu)
		if _, err := env.OA.Handle(ctx, wangwu.EmployeeID, item.ID, oa.ActionReject, "超支"); err != nil {
			t.Fatal(err)
		}
		shows(wangwu, "年度预算", "已驳回")
		shows(lisi, "年度预算", "已由"+wangwu.Name+"驳回")
	})

	t.Run("Withdrawn", func(t *testing.T) {
		item := send("会议室申请", oa.RuleAll, lisi, wangwu)
		before := inbox(lisi)
		if _, err := env.OA.Withdraw(ctx, tn.Sender.EmployeeID, item.ID); err != nil {
			t.Fatal(err)
		}
		shows(lisi, "会议室申请", "已由"+tn.Sender.Name+"撤回")
		shows(wangwu, "会议室申请", "已由"+tn.Sender.Name+"撤回")
		if n := inbox(lisi); n != before {
			t.Errorf("李四's inbox went from %d to %d messages; the card should change in place", before, n)
		}
	})

	t.Run("TapRefused", func(t *testing.T) {
		// The WeChat gate refuses the tapper (frozen since the card came): nothing is decided, and the card says why.
		item := send("借款申请", oa.RuleAll, lisi)
		freeze := func(st string) {
			t.Helper()
			if err := env.DB.WithContext(ctx).Exec("UPDATE employees SET status = ? WHERE tenant_id = ? AND id = ?", st,
				uint64(tn.ID), lisi.EmployeeID).Error; err != nil {
				t.Fatal(err)
			}
		}
		freeze("frozen")
		defer freeze("active")
		_, i, _ := cardOf(env, tn, lisi.WeComUserID, "借款申请")
		if _, err := env.Sim.ClickCard(tn.CorpID, lisi.WeComUserID, i, "approve"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "the refusal on the card", func() bool {
			m, _, _ := cardOf(env, tn, lisi.WeComUserID, "借款申请")
			return m.ReplaceName != "" && m.ReplaceName != "已同意"
		})
		if got, _ := env.OA.Lookup(ctx, item.ID); got.Status != oa.StatusPending {
			t.Errorf("item = %s after a refused tap, want pending", got.Status)
		}
	})

	t.Run("TapTooLate", func(t *testing.T) {
		// The item ended between the card and the tap: the tap changes nothing and says why.
		item := send("用车申请", oa.RuleAny, lisi, wangwu)
		var c push.Card
		if err := env.DB.WithContext(ctx).Where("card_key = ? AND employee_id = ?", "collab:"+apptest.ID(item.ID),
			lisi.EmployeeID).Take(&c).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := env.OA.Handle(ctx, wangwu.EmployeeID, item.ID, oa.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		shows(lisi, "用车申请", "已由"+wangwu.Name+"同意")
		_, err := env.Push.CardTapped(ctx, lisi.WeComUserID, c.TaskID, "reject", "", time.Now())
		if !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a tap after the end = %v, want conflict", err)
		}
		if _, err := env.Push.CardTapped(ctx, wangwu.WeComUserID, c.TaskID, "reject", "", time.Now()); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("a tap on another's card = %v, want forbidden", err)
		}
		if _, err := env.Push.CardTapped(ctx, lisi.WeComUserID, "qiao_0_0", "reject", "", time.Now()); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("a tap on an unknown card = %v, want not_found", err)
		}
		got, _ := env.OA.Lookup(ctx, item.ID)
		if got.Status != oa.StatusApproved {
			t.Errorf("item = %s after the late tap, want approved", got.Status)
		}
	})

	t.Run("NoCodeLeft", func(t *testing.T) {
		// WeCom's codes are spent or expired: the card is recalled and the withdrawal goes out as a message.
		item := send("印章申请", oa.RuleAll, lisi)
		if err := env.DB.WithContext(ctx).Exec("DELETE FROM push_card_codes WHERE tenant_id = ?", uint64(tn.ID)).Error; err != nil {
			t.Fatal(err)
		}
		before := inbox(lisi)
		if _, err := env.OA.Withdraw(ctx, tn.Sender.EmployeeID, item.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "the card recalled and the withdrawal sent", func() bool {
			ms := env.Sim.Messages(tn.CorpID, lisi.WeComUserID)
			_, i, ok := cardOf(env, tn, lisi.WeComUserID, "印章申请")
			return ok && ms[i].Recalled && len(ms) == before+1 && strings.Contains(string(ms[len(ms)-1].Payload), "协同已撤回")
		})
	})
}

// TestCardChangeFaults: WeCom failing under a card's change. A rate limit spends no code, and the change goes out
// when retried; a lost answer is taken as made on the retry (no recall of a card that shows it, no second message);
// a code WeCom refuses as spent makes the change take the next.
func TestCardChangeFaults(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "cardfaults")
	ctx := tn.Ctx()
	saveOACallback(t, env, tn)
	lisi := tn.Approver
	deliverAll := func() error {
		t.Helper()
		var ms []outbox.Message
		if err := env.DB.WithContext(ctx).Where("done_at IS NULL").Order("id").Find(&ms).Error; err != nil {
			t.Fatal(err)
		}
		var errs []error
		for _, m := range ms {
			errs = append(errs, env.Push.Deliver(ctx, m.ID))
		}
		return errors.Join(errs...)
	}
	withdrawn := func(title string) (oa.Item, push.Card) {
		t.Helper()
		item, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: title, Body: "b", Rule: oa.RuleAll,
			RecipientIDs: []uint64{lisi.EmployeeID}})
		if err != nil {
			t.Fatal(err)
		}
		if err := deliverAll(); err != nil {
			t.Fatal(err)
		}
		var c push.Card
		if err := env.DB.WithContext(ctx).Where("card_key = ?", "collab:"+apptest.ID(item.ID)).Take(&c).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := env.OA.Withdraw(ctx, tn.Sender.EmployeeID, item.ID); err != nil {
			t.Fatal(err)
		}
		return item, c
	}
	codes := func(c push.Card) int64 {
		var n int64
		if err := env.DB.WithContext(ctx).Raw("SELECT COUNT(*) FROM push_card_codes WHERE tenant_id = ? AND card_id = ?",
			uint64(tn.ID), c.ID).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	const update = "/cgi-bin/message/update_template_card"
	want := "已由" + tn.Sender.Name + "撤回"

	t.Run("RateLimited", func(t *testing.T) {
		_, c := withdrawn("限流中的撤回")
		if err := env.Sim.InjectFault(sim.Fault{Path: update, ErrCode: 45009, Count: 1}); err != nil {
			t.Fatal(err)
		}
		if _, ok := push.WaitOf(deliverAll()); !ok {
			t.Fatal("a rate-limited change did not wait")
		}
		if m, _, _ := cardOf(env, tn, lisi.WeComUserID, "限流中的撤回"); m.ReplaceName != "" || codes(c) != 1 {
			t.Fatalf("after the refused change the card shows %q with %d codes; want its buttons and its code", m.ReplaceName, codes(c))
		}
		if err := deliverAll(); err != nil {
			t.Fatal(err)
		}
		if m, _, _ := cardOf(env, tn, lisi.WeComUserID, "限流中的撤回"); m.ReplaceName != want {
			t.Errorf("after the retry the card shows %q, want %q", m.ReplaceName, want)
		}
	})

	t.Run("LostAnswer", func(t *testing.T) {
		_, c := withdrawn("回答丢失的撤回")
		before := len(env.Sim.Messages(tn.CorpID, lisi.WeComUserID))
		if err := env.Sim.InjectFault(sim.Fault{Path: update, DropAfter: true, Count: 1}); err != nil {
			t.Fatal(err)
		}
		if err := deliverAll(); err == nil {
			t.Fatal("a change whose answer was lost succeeded")
		}
		if err := deliverAll(); err != nil {
			t.Fatal(err)
		}
		ms := env.Sim.Messages(tn.CorpID, lisi.WeComUserID)
		m, i, _ := cardOf(env, tn, lisi.WeComUserID, "回答丢失的撤回")
		if m.ReplaceName != want || ms[i].Recalled || len(ms) != before {
			t.Errorf("card shows %q (recalled %v), %d messages after %d; want the change kept, no recall, no new message",
				m.ReplaceName, ms[i].Recalled, len(ms), before)
		}
		var d push.Delivery
		if err := env.DB.WithContext(ctx).Where("kind = ? AND employee_id = ?", "collab.withdrawn", lisi.EmployeeID).
			Order("id DESC").Take(&d).Error; err != nil || d.Status != push.StatusSent || codes(c) != 0 {
			t.Errorf("delivery %+v, %v, codes %d", d, err, codes(c))
		}
	})

	t.Run("SpentThenRefused", func(t *testing.T) {
		// The only code is refused as spent, so the card is recalled and the withdrawal goes out anew; WeCom
		// refuses that send (45009). The retry must send it: nothing showed the change on the card.
		withdrawn("先拒后发的撤回")
		before := len(env.Sim.Messages(tn.CorpID, lisi.WeComUserID))
		if err := env.Sim.InjectFault(sim.Fault{Path: update, ErrCode: 60140, Count: 1}); err != nil {
			t.Fatal(err)
		}
		if err := env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", ErrCode: 45009, Count: 1}); err != nil {
			t.Fatal(err)
		}
		if _, ok := push.WaitOf(deliverAll()); !ok {
			t.Fatal("the refused send did not wait")
		}
		if err := deliverAll(); err != nil {
			t.Fatal(err)
		}
		ms := env.Sim.Messages(tn.CorpID, lisi.WeComUserID)
		_, i, _ := cardOf(env, tn, lisi.WeComUserID, "先拒后发的撤回")
		if !ms[i].Recalled || len(ms) != before+1 || !strings.Contains(string(ms[len(ms)-1].Payload), "协同已撤回") {
			t.Errorf("card recalled %v, %d messages after %d (last %s); want the card recalled and the withdrawal sent",
				ms[i].Recalled, len(ms), before, ms[len(ms)-1].Payload)
		}
	})

	t.Run("CodeSpent", func(t *testing.T) {
		_, c := withdrawn("旧代码的撤回")
		// A code WeCom no longer takes, fresher than the send's: tried first, refused with 60140, then the next.
		if err := env.DB.WithContext(ctx).Exec("INSERT INTO push_card_codes (tenant_id, card_id, code, expires_at) VALUES (?, ?, ?, ?)",
			uint64(tn.ID), c.ID, "spent-code", time.Now().UTC().Add(100*time.Hour)).Error; err != nil {
			t.Fatal(err)
		}
		if err := deliverAll(); err != nil {
			t.Fatal(err)
		}
		if m, _, _ := cardOf(env, tn, lisi.WeComUserID, "旧代码的撤回"); m.ReplaceName != want || codes(c) != 0 {
			t.Errorf("card shows %q with %d codes left, want %q and none", m.ReplaceName, codes(c), want)
		}
	})
}
