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

// TestRenderCollab: every collaboration kind the OA service writes renders as a textcard opening /items/<id>, with
// the actor's words escaped.
func TestRenderCollab(t *testing.T) {
	db := testkit.MustGorm(t, testkit.NewDatabase(t))
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatal(err)
	}
	ts := tenants.NewStore(db, nil)
	tn, err := ts.Create(tenancy.System(context.Background()), "collab-render", "测试企业")
	if err != nil {
		t.Fatal(err)
	}
	ctx := tenancy.WithTenant(context.Background(), tn.ID)
	person := func(name string) uint64 {
		e := directory.Employee{Name: name, Status: directory.StatusActive}
		if err := db.WithContext(ctx).Create(&e).Error; err != nil {
			t.Fatal(err)
		}
		return e.ID
	}
	sender, approver, other := person("张<发起>"), person("李审批"), person("王三")
	dir := directory.NewStore(db, nil)
	svc := oa.NewService(db, dir, nil)
	links := deeplink.New("https://qiao.test", "https://open.weixin.qq.com", []byte("key"))
	s := NewService(Deps{DB: db, Tenants: ts, Directory: dir, OA: svc, Links: links})
	app := wecom.App{CorpID: "wwcollab", AgentID: 1000002}

	commented := mustSend(t, svc, ctx, sender, approver)
	if _, err := svc.Handle(ctx, approver, commented.ID, oa.ActionComment, "请补充<预算>"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Handle(ctx, approver, commented.ID, oa.ActionReject, "不同意"); err != nil {
		t.Fatal(err)
	}
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
			msg, err := s.render(ctx, tt.kind, json.RawMessage(m.Payload), app)
			if err != nil {
				t.Fatal(err)
			}
			if msg.MsgType != "textcard" || msg.TextCard == nil {
				t.Fatalf("message %+v", msg)
			}
			if want := links.WeCom(tn.Slug, app.CorpID, app.AgentID, fmt.Sprintf("/items/%d", tt.item.ID)); msg.TextCard.URL != want {
				t.Errorf("url %s, want %s", msg.TextCard.URL, want)
			}
			c := msg.TextCard
			if c.Title != tt.title || !strings.Contains(c.Description, tt.inDesc) || c.BtnTxt != tt.btn {
				t.Errorf("card %q / %q / %q, want %q, %q in the description, %q", c.Title, c.Description, c.BtnTxt, tt.title, tt.inDesc, tt.btn)
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
