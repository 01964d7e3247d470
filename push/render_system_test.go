package push

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// TestRenderSystem: a PB or CRM message renders as a textcard titled 【code】title, with the content escaped as
// the description and the button on the system's URL, or on the H5 home when the system gave none; titles and
// descriptions past WeCom's limits are cut between characters and never inside an entity.
func TestRenderSystem(t *testing.T) {
	db := testkit.MustGorm(t, testkit.NewDatabase(t))
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatal(err)
	}
	ts := tenants.NewStore(db, nil)
	tn, err := ts.Create(tenancy.System(context.Background()), "system-render", "测试企业")
	if err != nil {
		t.Fatal(err)
	}
	ctx := tenancy.WithTenant(context.Background(), tn.ID)
	links := deeplink.New("https://qiao.test", "https://open.weixin.qq.com", []byte("push-test-link-key-0123456789abcdef"))
	s := NewService(Deps{DB: db, Tenants: ts, Links: links})
	app := wecom.App{CorpID: "wwsys", AgentID: 1000002}
	home := links.WeCom(tn.Slug, app.CorpID, app.AgentID, sysmsg.Home)

	long := strings.Repeat("审", 60) // 180 bytes
	// The content sits in a normal line and the messageId in a gray line below it (编号), which makes the card unique
	// to its message; the content gets what the two lines' markup leave of WeCom's 512 bytes.
	card := func(content, id string) string {
		return `<div class="normal">` + content + `</div><div class="gray">编号 ` + id + `</div>`
	}
	room := maxCardDesc - len(card("", "m-4"))
	tests := []struct {
		name        string
		p           outbox.SystemPayload
		title, desc string
		url         string
	}{
		{"WithURL", outbox.SystemPayload{System: "PB", MessageID: "order-7:approved", Title: "订单已审核", Content: "订单 <A&B> 已审核", URL: "https://pb.example/orders/7"},
			"【PB】订单已审核", card("订单 &lt;A&amp;B&gt; 已审核", "order-7:approved"), "https://pb.example/orders/7"},
		{"HomeWithoutURL", outbox.SystemPayload{System: "CRM", MessageID: "c<1>", Title: "新客户", Content: "张三 分配给您"},
			"【CRM】新客户", card("张三 分配给您", "c&lt;1&gt;"), home},
		{"LongTitleClipped", outbox.SystemPayload{System: "PB", MessageID: "m-3", Title: long, Content: "x"},
			"【PB】" + strings.Repeat("审", (maxCardTitle-len("【PB】"))/3), card("x", "m-3"), home},
		{"EntityNotCut", outbox.SystemPayload{System: "PB", MessageID: "m-4", Title: "t", Content: strings.Repeat("a", room-3) + "&"},
			"【PB】t", card(strings.Repeat("a", room-3), "m-4"), home},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := s.render(ctx, outboxMessage(outbox.KindSystemMessage, payload(t, tt.p)), app)
			if err != nil {
				t.Fatal(err)
			}
			c := m.TextCard
			if m.MsgType != "textcard" || c == nil {
				t.Fatalf("message %+v", m)
			}
			if c.Title != tt.title || c.Description != tt.desc || c.URL != tt.url || c.BtnTxt == "" {
				t.Errorf("card %q / %q / %q / %q, want %q / %q / %q", c.Title, c.Description, c.URL, c.BtnTxt, tt.title, tt.desc, tt.url)
			}
			if len(c.Title) > maxCardTitle || len(c.Description) > maxCardDesc {
				t.Errorf("card over WeCom's limits: title %d, description %d bytes", len(c.Title), len(c.Description))
			}
		})
	}
	if _, err := s.render(ctx, outboxMessage("system.unknown", payload(t, tests[0].p)), app); err == nil {
		t.Error("rendering an unknown kind succeeded")
	}
	if _, err := s.render(ctx, outboxMessage(outbox.KindSystemMessage, []byte(`{"to_id":"x"}`)), app); err == nil {
		t.Error("rendering an undecodable payload succeeded")
	}
}

// TestCardLines: a description's lines fit WeCom's 512 bytes by cutting the text of the lines that are not pinned,
// between characters and never inside an entity, leaving out the lines that no longer fit, and keeping pinned lines
// whole wherever they stand.
func TestCardLines(t *testing.T) {
	div := func(style, s string) string { return `<div class="` + style + `">` + s + `</div>` }
	norm := func(s string) message.Line { return message.Line{Style: message.Normal, Text: s} }
	pinned := message.Line{Style: message.Gray, Text: "编号 m-1", Pinned: true}
	for _, tc := range []struct {
		name  string
		lines []message.Line
		n     int
		want  string
	}{
		{"Fits", []message.Line{norm("同意 <好>")}, 512, div("normal", "同意 &lt;好&gt;")},
		{"CutBeforeEntity", []message.Line{norm("ab<cd")}, len(div("normal", "ab&l")), div("normal", "ab")},
		{"CutInRune", []message.Line{norm("预算")}, len(div("normal", "预")) + 1, div("normal", "预")},
		{"LaterLineLeftOut", []message.Line{norm("ab"), norm("cd")}, len(div("normal", "ab")) + 10, div("normal", "ab")},
		{"PinnedKeptAfterLongText", []message.Line{norm(strings.Repeat("审", 200)), pinned}, 100,
			div("normal", strings.Repeat("审", (100-len(div("gray", "编号 m-1"))-len(div("normal", "")))/3)) + div("gray", "编号 m-1")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := cardLines(tc.lines, tc.n)
			if got != tc.want {
				t.Errorf("cardLines = %q, want %q", got, tc.want)
			}
			if len(got) > tc.n {
				t.Errorf("%d bytes, over the limit of %d", len(got), tc.n)
			}
		})
	}
}
