package push

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
	"github.com/qiao-hq/qiao/oa/survey"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// TestRenderPublished: each published kind renders as a textcard whose link opens the item's H5 page, titled with
// the item. A survey that has not opened yet when its card is rendered says when voting starts, in China time.
func TestRenderPublished(t *testing.T) {
	env := noticetest.New(t, testkit.NewDatabase(t))
	tn := env.Tenant(t)
	ctx := tn.Ctx
	tenantRow, err := tenants.NewStore(env.DB, nil).Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	links := deeplink.New("https://qiao.test", "https://open.weixin.qq.com", []byte("push-test-link-key-0123456789abcdef"))
	s := NewService(Deps{DB: env.DB, Tenants: tenants.NewStore(env.DB, nil), Directory: directory.NewStore(env.DB, nil), Links: links, Now: env.Clock.Now})
	app := wecom.App{CorpID: "wwpub", AgentID: 1000002}
	all := notice.Audience{All: true}

	n, err := notice.NewStore(env.DB, env.Dir, env.Clock.Now).Publish(ctx, tn.Admin, directory.RoleAdmin,
		notice.PublishInput{Kind: notice.KindNews, Title: "新品发布", Body: "<p>今天<b>发布</b> &amp; 庆祝</p>", Audience: all})
	if err != nil {
		t.Fatal(err)
	}
	sv, err := survey.NewStore(env.DB, env.Dir, env.Clock.Now).Publish(ctx, tn.Admin, directory.RoleAdmin, survey.PublishInput{
		Title: "午餐", Audience: all,
		Questions: []survey.QuestionInput{{Text: "吃什么", Kind: survey.Single, Required: true, Options: []string{"面", "饭"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Opens at 20:00 UTC tomorrow, which is 04:00 the day after in China: the card must not show the UTC date.
	opens, closes := time.Date(2025, 3, 4, 20, 0, 0, 0, time.UTC), time.Date(2025, 3, 5, 20, 0, 0, 0, time.UTC)
	later, err := survey.NewStore(env.DB, env.Dir, env.Clock.Now).Publish(ctx, tn.Admin, directory.RoleAdmin, survey.PublishInput{
		Title: "晚餐", Audience: all, OpensAt: &opens, ClosesAt: &closes,
		Questions: []survey.QuestionInput{{Text: "吃什么", Kind: survey.Single, Required: true, Options: []string{"面", "饭"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ds := discussion.NewStore(env.DB, env.Dir, env.Clock.Now)
	d, err := ds.Start(ctx, tn.Ann, discussion.StartInput{Title: "团建", Body: "去哪", Audience: all})
	if err != nil {
		t.Fatal(err)
	}
	r, err := ds.Reply(ctx, tn.Ben, d.ID, discussion.ReplyInput{Body: "爬山"})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		kind   string
		p      outbox.PublishedPayload
		path   string
		title  string
		inDesc string
	}{
		{"News", outbox.KindNewsPublished, outbox.PublishedPayload{ItemID: n.ID, ToID: tn.Ann, ActorID: tn.Admin}, fmt.Sprintf("/notices/%d", n.ID), "新闻：新品发布", "今天发布 &amp; 庆祝"},
		{"SurveyOpen", outbox.KindSurveyPublished, outbox.PublishedPayload{ItemID: sv.Survey.ID, ToID: tn.Ann}, fmt.Sprintf("/surveys/%d", sv.Survey.ID), "调查：午餐", "管理员 发起了调查，请投票</div>"},
		{"SurveyOpensLater", outbox.KindSurveyPublished, outbox.PublishedPayload{ItemID: later.Survey.ID, ToID: tn.Ann}, fmt.Sprintf("/surveys/%d", later.Survey.ID), "调查：晚餐",
			`管理员 发起了调查，3月5日 04:00 开始投票</div><div class="highlight">截止：2025-03-06 04:00</div>`},
		{"Discussion", outbox.KindDiscussionPublished, outbox.PublishedPayload{ItemID: d.ID, ToID: tn.Ben}, fmt.Sprintf("/discussions/%d", d.ID), "讨论：团建", "发起了讨论"},
		{"Reply", outbox.KindDiscussionReplied, outbox.PublishedPayload{ItemID: d.ID, ToID: tn.Ann, ActorID: r.AuthorID, ReplyID: r.ID}, fmt.Sprintf("/discussions/%d", d.ID), "讨论有新回复：团建", "本 回复了您参与的讨论</div><div class=\"highlight\">爬山"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := s.render(ctx, outboxMessage(tt.kind, payload(t, tt.p)), app)
			if err != nil {
				t.Fatal(err)
			}
			if m.MsgType != "textcard" || m.TextCard == nil {
				t.Fatalf("message %+v", m)
			}
			if want := links.WeCom(tenantRow.Slug, app.CorpID, app.AgentID, tt.path); m.TextCard.URL != want {
				t.Errorf("url %s, want %s", m.TextCard.URL, want)
			}
			if m.TextCard.Title != tt.title || !strings.Contains(m.TextCard.Description, tt.inDesc) {
				t.Errorf("card %q / %q, want title %q and %q in the description", m.TextCard.Title, m.TextCard.Description, tt.title, tt.inDesc)
			}
		})
	}
	if _, err := s.render(ctx, outboxMessage(outbox.KindNoticePublished, payload(t, outbox.PublishedPayload{ItemID: n.ID + 100})), app); err == nil {
		t.Error("rendering an unknown notice succeeded")
	}
}

// payload encodes a payload as the outbox stores it.
func payload(t *testing.T, p any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// outboxMessage is an outbox message of kind with payload, as the renderers see it; its ID is 0, so links carry no event
// marker.
func outboxMessage(kind string, payload []byte) outbox.Message {
	return outbox.Message{Kind: kind, Payload: string(payload)}
}
