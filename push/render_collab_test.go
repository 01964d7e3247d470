package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// collabFixture is the push service on a fresh database with one tenant, the OA service writing its outbox, and
// a WeCom app to render for.
type collabFixture struct {
	db    *gorm.DB
	ctx   context.Context
	tn    tenants.Tenant
	svc   *oa.Service
	s     *Service
	links *deeplink.Builder
	app   wecom.App
}

func newCollabFixture(t *testing.T) *collabFixture {
	t.Helper()
	db := testkit.MustGorm(t, testkit.NewDatabase(t))
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatal(err)
	}
	ts := tenants.NewStore(db, nil)
	tn, err := ts.Create(tenancy.System(context.Background()), "collab-render", "测试企业")
	if err != nil {
		t.Fatal(err)
	}
	dir := directory.NewStore(db, nil)
	svc := oa.NewService(db, dir, nil)
	links := deeplink.New("https://qiao.test", "https://open.weixin.qq.com", []byte("push-test-link-key-0123456789abcdef"))
	return &collabFixture{
		db:    db,
		ctx:   tenancy.WithTenant(context.Background(), tn.ID),
		tn:    tn,
		svc:   svc,
		s:     NewService(Deps{DB: db, Tenants: ts, Directory: dir, OA: svc, Links: links}),
		links: links,
		app:   wecom.App{CorpID: "wwcollab", AgentID: 1000002},
	}
}

// person creates an active employee of the fixture's tenant.
func (f *collabFixture) person(t *testing.T, name string) uint64 {
	t.Helper()
	e := directory.Employee{Name: name, Status: directory.StatusActive}
	if err := f.db.WithContext(f.ctx).Create(&e).Error; err != nil {
		t.Fatal(err)
	}
	return e.ID
}

// handle has who act on item id, failing the test on error.
func (f *collabFixture) handle(t *testing.T, who, id uint64, act oa.Action, opinion string) {
	t.Helper()
	if _, err := f.svc.Handle(f.ctx, who, id, act, opinion); err != nil {
		t.Fatalf("%s by %d: %v", act, who, err)
	}
}

// message returns the outbox message with dedup key (kind, item, suffix), where suffix is the actor or recipient.
func (f *collabFixture) message(t *testing.T, kind string, item, suffix uint64) outbox.Message {
	t.Helper()
	var m outbox.Message
	if err := f.db.WithContext(f.ctx).Where("dedup_key = ?", fmt.Sprintf("%s:%d:%d", kind, item, suffix)).First(&m).Error; err != nil {
		t.Fatalf("no %s message for item %d: %v", kind, item, err)
	}
	return m
}

// TestRenderCollab: every collaboration kind the OA service writes renders as a textcard opening /items/<id>, with
// the actor's words escaped.
func TestRenderCollab(t *testing.T) {
	f := newCollabFixture(t)
	db, ctx, svc := f.db, f.ctx, f.svc
	sender, approver, other := f.person(t, "张<发起>"), f.person(t, "李审批"), f.person(t, "王三")

	commented := mustSend(t, svc, ctx, sender, approver)
	f.handle(t, approver, commented.ID, oa.ActionComment, "请补充<预算>")
	f.handle(t, approver, commented.ID, oa.ActionReject, "不同意")
	withdrawn := mustSend(t, svc, ctx, sender, other)
	if _, err := svc.Withdraw(ctx, sender, withdrawn.ID); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		kind   string
		item   oa.Item
		to     uint64
		title  string
		inDesc string
		btn    string
	}{
		{outbox.KindCollabSent, commented, approver, "新协同：预算", "张&lt;发起&gt; 发来协同", "去处理"},
		{outbox.KindCollabHandled, commented, sender, "协同已驳回：预算", "意见：不同意", "查看"},
		{outbox.KindCollabCommented, commented, sender, "协同新意见：预算", "李审批 发表了意见</div><div class=\"highlight\">请补充&lt;预算&gt;", "查看"},
		{outbox.KindCollabWithdrawn, withdrawn, other, "协同已撤回：预算", "张&lt;发起&gt; 撤回了此协同", "查看"},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			var m outbox.Message
			if err := db.WithContext(ctx).Where("kind = ? AND dedup_key LIKE ?", tt.kind, fmt.Sprintf("%s:%d:%%", tt.kind, tt.item.ID)).
				First(&m).Error; err != nil {
				t.Fatalf("no %s message: %v", tt.kind, err)
			}
			var p outbox.CollabPayload
			if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
				t.Fatal(err)
			}
			if p.ToID != tt.to {
				t.Errorf("to %d, want %d", p.ToID, tt.to)
			}
			msg, err := f.s.render(ctx, outboxMessage(tt.kind, json.RawMessage(m.Payload)), f.app)
			if err != nil {
				t.Fatal(err)
			}
			if msg.MsgType != "textcard" || msg.TextCard == nil {
				t.Fatalf("message %+v", msg)
			}
			if want := f.links.WeCom(f.tn.Slug, f.app.CorpID, f.app.AgentID, fmt.Sprintf("/items/%d", tt.item.ID)); msg.TextCard.URL != want {
				t.Errorf("url %s, want %s", msg.TextCard.URL, want)
			}
			c := msg.TextCard
			if c.Title != tt.title || !strings.Contains(c.Description, tt.inDesc) || c.BtnTxt != tt.btn {
				t.Errorf("card %q / %q / %q, want %q, %q in the description, %q", c.Title, c.Description, c.BtnTxt, tt.title, tt.inDesc, tt.btn)
			}
		})
	}
}

// TestRenderCollabHandled: the sender's card after a decision says what the item's rule made of it. One approval
// of an item that needs everyone's says who approved and that others must still approve, never "协同已同意"; the
// item's outcome (every approval under RuleAll, the first under RuleAny, a rejection) keeps the outcome wording.
// A message written before the payload carried the item's status renders as it always did.
func TestRenderCollabHandled(t *testing.T) {
	f := newCollabFixture(t)
	sender := f.person(t, "张发起")
	a, b, c := f.person(t, "李<审批>"), f.person(t, "王三"), f.person(t, "赵四")
	send := func(rule oa.Rule, to ...uint64) oa.Item {
		it, err := f.svc.Send(f.ctx, sender, oa.SendInput{Title: "预算", Rule: rule, RecipientIDs: to})
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	all := send(oa.RuleAll, a, b, c)
	f.handle(t, a, all.ID, oa.ActionApprove, "没问题")
	f.handle(t, b, all.ID, oa.ActionApprove, "")
	f.handle(t, c, all.ID, oa.ActionApprove, "")
	anyOne := send(oa.RuleAny, a, b, c)
	f.handle(t, b, anyOne.ID, oa.ActionApprove, "")
	rejected := send(oa.RuleAll, a, b, c)
	f.handle(t, a, rejected.ID, oa.ActionApprove, "")
	f.handle(t, c, rejected.ID, oa.ActionReject, "预算超标")

	// The first approval of the ALL item as the outbox held it before Status existed.
	var legacy outbox.CollabPayload
	if err := json.Unmarshal([]byte(f.message(t, outbox.KindCollabHandled, all.ID, a).Payload), &legacy); err != nil {
		t.Fatal(err)
	}
	legacy.Status = ""
	legacyJSON, err := json.Marshal(legacy)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		item    oa.Item
		actor   uint64
		payload string // instead of the outbox message, when set
		title   string
		inDesc  []string
	}{
		{name: "AllPartlyApproved", item: all, actor: a, title: "协同：李<审批> 已同意「预算」",
			inDesc: []string{"李&lt;审批&gt; 已同意", "还需其他人审批", "意见：没问题"}},
		{name: "AllPartlyApprovedSecond", item: all, actor: b, title: "协同：王三 已同意「预算」",
			inDesc: []string{"还需其他人审批"}},
		{name: "AllFullyApproved", item: all, actor: c, title: "协同已同意：预算", inDesc: []string{"赵四 已同意"}},
		{name: "AnyApproved", item: anyOne, actor: b, title: "协同已同意：预算", inDesc: []string{"王三 已同意"}},
		{name: "Rejected", item: rejected, actor: c, title: "协同已驳回：预算", inDesc: []string{"赵四 已驳回", "意见：预算超标"}},
		{name: "LegacyPayload", item: all, actor: a, payload: string(legacyJSON), title: "协同已同意：预算",
			inDesc: []string{"李&lt;审批&gt; 已同意"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload := tt.payload
			if payload == "" {
				payload = f.message(t, outbox.KindCollabHandled, tt.item.ID, tt.actor).Payload
			}
			msg, err := f.s.render(f.ctx, outboxMessage(outbox.KindCollabHandled, json.RawMessage(payload)), f.app)
			if err != nil {
				t.Fatal(err)
			}
			card := msg.TextCard
			if card == nil {
				t.Fatalf("message %+v", msg)
			}
			if card.Title != tt.title {
				t.Errorf("title %q, want %q", card.Title, tt.title)
			}
			for _, s := range tt.inDesc {
				if !strings.Contains(card.Description, s) {
					t.Errorf("description %q lacks %q", card.Description, s)
				}
			}
			if tt.title != "协同已同意：预算" && strings.Contains(card.Title+card.Description, "协同已同意") {
				t.Errorf("card %q / %q tells the sender the item is approved", card.Title, card.Description)
			}
		})
	}
}

// TestRenderCollabClosed: the recipients whose pending rows a decision closed get a card saying the item has ended,
// who approved or rejected it and that nothing is left for them to do, opening the item.
func TestRenderCollabClosed(t *testing.T) {
	f := newCollabFixture(t)
	sender := f.person(t, "张发起")
	a, b, c := f.person(t, "李<审批>"), f.person(t, "王三"), f.person(t, "赵四")
	send := func(rule oa.Rule) oa.Item {
		it, err := f.svc.Send(f.ctx, sender, oa.SendInput{Title: "预算", Rule: rule, RecipientIDs: []uint64{a, b, c}})
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	approved := send(oa.RuleAny)
	f.handle(t, a, approved.ID, oa.ActionApprove, "")
	rejected := send(oa.RuleAll)
	f.handle(t, b, rejected.ID, oa.ActionApprove, "")
	f.handle(t, c, rejected.ID, oa.ActionReject, "预算超标")

	tests := []struct {
		name string
		item oa.Item
		to   uint64
		desc string
	}{
		{"Approved", approved, b, `<div class="normal">李&lt;审批&gt; 已同意，无需您处理</div>`},
		{"ApprovedOther", approved, c, `<div class="normal">李&lt;审批&gt; 已同意，无需您处理</div>`},
		{"Rejected", rejected, a, `<div class="normal">赵四 已驳回，无需您处理</div>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := f.message(t, outbox.KindCollabClosed, tt.item.ID, tt.to)
			if m.Kind != outbox.KindCollabClosed {
				t.Errorf("kind %q", m.Kind)
			}
			msg, err := f.s.render(f.ctx, outboxMessage(m.Kind, json.RawMessage(m.Payload)), f.app)
			if err != nil {
				t.Fatal(err)
			}
			card := msg.TextCard
			if msg.MsgType != "textcard" || card == nil {
				t.Fatalf("message %+v", msg)
			}
			want := wecom.TextCard{Title: "协同已结束：预算", Description: tt.desc, BtnTxt: "查看",
				URL: f.links.WeCom(f.tn.Slug, f.app.CorpID, f.app.AgentID, fmt.Sprintf("/items/%d", tt.item.ID))}
			if *card != want {
				t.Errorf("card %+v, want %+v", *card, want)
			}
		})
	}
}

func mustSend(t *testing.T, svc *oa.Service, ctx context.Context, from, to uint64) oa.Item {
	t.Helper()
	it, err := svc.Send(ctx, from, oa.SendInput{Title: "预算", RecipientIDs: []uint64{to}})
	if err != nil {
		t.Fatal(err)
	}
	return it
}
