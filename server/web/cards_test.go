package web_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/oa"
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

// TestApproveInCard: with the OA app's callback verified, a collaboration item reaches its approvers as cards with
// 同意 and 驳回. A tap is decided by the same rules as the H5; the tapper's card then shows the decision, and the
// cards of the others whose part the decision ended show who ended it, changed in place (no new message). A
// decision on the page, and a withdrawal, change the cards alike; a card with no response code left is recalled and
// the news sent anew.
func TestApproveInCard(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "cards")
	ctx := tn.Ctx()
	keys := receiverKeys(t, env, tn)
	if err := env.Sim.SaveCallback(context.Background(), tn.CorpID, tn.AgentID,
		env.HTTP.URL+"/callback/wecom/"+tn.Slug+"/oa", keys["oa"].Token, keys["oa"].AESKey); err != nil {
		t.Fatalf("saving the OA app's callback: %v", err)
	}
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
			waitFor(t, 10*time.Second, p.Login+"'s card of "+title, func() bool {
				_, _, ok := cardOf(env, tn, p.WeComUserID, title)
				return ok
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
		_, err := env.Push.CardTapped(ctx, lisi.WeComUserID, c.TaskID, "reject", "")
		if !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a tap after the end = %v, want conflict", err)
		}
		if _, err := env.Push.CardTapped(ctx, wangwu.WeComUserID, c.TaskID, "reject", ""); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("a tap on another's card = %v, want forbidden", err)
		}
		if _, err := env.Push.CardTapped(ctx, lisi.WeComUserID, "qiao_0_0", "reject", ""); !apperr.Is(err, apperr.NotFound) {
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
			_, i, _ := cardOf(env, tn, lisi.WeComUserID, "印章申请")
			return ms[i].Recalled && len(ms) == before+1 && strings.Contains(string(ms[len(ms)-1].Payload), "协同已撤回")
		})
	})
}
