package graph_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// TestDeliveriesOfOneItem shows 推送记录 narrowed to one notice's push (DeliveryFilter.item): exactly that notice's
// deliveries, person by person, whatever else was pushed meanwhile; with the other filters; the same people
// pushProgress counts; nothing of another tenant's notice; and a malformed id refused.
func TestDeliveriesOfOneItem(t *testing.T) {
	env := apptest.New(t, dsn)
	a, b := env.Tenant(t, "pushitem"), env.Tenant(t, "pushother")
	ctx := a.Ctx()
	st := storesOf(env)
	publish := func(title string) uint64 {
		t.Helper()
		n, err := st.notices.Publish(ctx, a.Admin.EmployeeID, directory.RoleAdmin, notice.PublishInput{Kind: notice.KindNotice,
			Title: title, Body: "<p>正文</p>", Audience: notice.Audience{All: true}})
		if err != nil {
			t.Fatal(err)
		}
		return n.ID
	}
	first, second := publish("元旦放假通知"), publish("年会通知")
	// Deliveries as the push records them (the worker is not running): the first notice's three people, each with
	// another outcome; the second's; a survey's and another notice's whose keys share the first's number.
	deliver := func(key, kind string, to apptest.Person, status string, why *string) uint64 {
		t.Helper()
		d := push.Delivery{DedupKey: key, OutboxID: 1, Kind: kind, Channel: push.ChannelWeCom, Recipient: to.WeComUserID,
			EmployeeID: &to.EmployeeID, Status: status, Error: why}
		if err := env.DB.WithContext(ctx).Create(&d).Error; err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	sent := deliver(outbox.NoticeKey(first, a.Sender.EmployeeID), outbox.KindNoticePublished, a.Sender, push.StatusSent, nil)
	refused := deliver(outbox.NoticeKey(first, a.Approver.EmployeeID), outbox.KindNoticePublished, a.Approver,
		push.StatusUndeliverable, ptr("企业微信拒收：81013 用户不在应用可见范围"))
	skipped := deliver(outbox.NoticeKey(first, a.Admin.EmployeeID), outbox.KindNoticePublished, a.Admin, push.StatusSkipped,
		ptr("未加入企业微信"))
	other := deliver(outbox.NoticeKey(second, a.Sender.EmployeeID), outbox.KindNoticePublished, a.Sender, push.StatusSent, nil)
	survey := deliver(outbox.SurveyKey(first, a.Sender.EmployeeID), outbox.KindSurveyPublished, a.Sender, push.StatusSent, nil)
	longer := deliver(outbox.NoticeKey(first*10, a.Sender.EmployeeID), outbox.KindNoticePublished, a.Sender, push.StatusSent, nil)

	const q = `query($f: DeliveryFilter, $first: Int, $after: String) {
		deliveries(filter: $f, first: $first, after: $after) {
			nodes { id kind channel recipientName status error } pageInfo { hasNextPage endCursor } } }`
	type node struct{ ID, Kind, Channel, RecipientName, Status, Error string }
	type page struct {
		Deliveries struct {
			Nodes    []node
			PageInfo struct {
				HasNextPage bool
				EndCursor   string
			}
		}
	}
	item := func(kind string, id uint64) map[string]any { return map[string]any{"item": kind, "id": apptest.ID(id)} }
	list := func(t *testing.T, token string, f map[string]any, first int, after string) page {
		t.Helper()
		vars := map[string]any{"f": f, "first": first}
		if after != "" {
			vars["after"] = after
		}
		var p page
		env.GraphQL(t, token, q, vars).MustData(t, &p)
		return p
	}
	ids := func(p page) []uint64 {
		out := make([]uint64, len(p.Deliveries.Nodes))
		for i, n := range p.Deliveries.Nodes {
			out[i], _ = strconv.ParseUint(n.ID, 10, 64)
		}
		return out
	}
	admin := env.Token(t, a, a.Admin)

	t.Run("OneNotice", func(t *testing.T) {
		p := list(t, admin, map[string]any{"item": item("NOTICE", first)}, 50, "")
		if got, want := ids(p), []uint64{skipped, refused, sent}; !slices.Equal(got, want) {
			t.Fatalf("the first notice's deliveries = %v, want %v (newest first) and not %v", got, want, []uint64{other, survey, longer})
		}
		byName := map[string]node{}
		for _, n := range p.Deliveries.Nodes {
			byName[n.RecipientName] = n
		}
		if n := byName[a.Approver.Name]; n.Status != "UNDELIVERABLE" || n.Error == "" || n.Kind != outbox.KindNoticePublished || n.Channel != "wecom" {
			t.Errorf("the approver's delivery = %+v, want undeliverable with why", n)
		}
		if n := byName[a.Admin.Name]; n.Status != "SKIPPED" || n.Error != "未加入企业微信" {
			t.Errorf("the admin's delivery = %+v, want skipped with why", n)
		}
		if got := ids(list(t, admin, map[string]any{"item": item("NOTICE", second)}, 50, "")); !slices.Equal(got, []uint64{other}) {
			t.Errorf("the second notice's deliveries = %v, want [%d]", got, other)
		}
		if got := ids(list(t, admin, map[string]any{"item": item("SURVEY", first)}, 50, "")); !slices.Equal(got, []uint64{survey}) {
			t.Errorf("the survey of the same number's deliveries = %v, want [%d]", got, survey)
		}
	})

	t.Run("SameAsProgress", func(t *testing.T) {
		var got struct {
			PushProgress struct{ Sent, Skipped, Undeliverable int }
		}
		env.GraphQL(t, admin, `query($id: ID!) { pushProgress(item: NOTICE, id: $id) { sent skipped undeliverable } }`,
			map[string]any{"id": apptest.ID(first)}).MustData(t, &got)
		if p := got.PushProgress; p.Sent != 1 || p.Skipped != 1 || p.Undeliverable != 1 {
			t.Errorf("pushProgress of the first notice = %+v, want the three people listed", p)
		}
	})

	t.Run("WithOtherFilters", func(t *testing.T) {
		f := map[string]any{"item": item("NOTICE", first), "status": "UNDELIVERABLE"}
		if got := ids(list(t, admin, f, 50, "")); !slices.Equal(got, []uint64{refused}) {
			t.Errorf("the first notice's undeliverable = %v, want [%d]", got, refused)
		}
		f = map[string]any{"item": item("NOTICE", first), "status": "SENT", "recipient": a.Sender.WeComUserID}
		if got := ids(list(t, admin, f, 50, "")); !slices.Equal(got, []uint64{sent}) {
			t.Errorf("the first notice's sent to the sender = %v, want [%d]", got, sent)
		}
		f = map[string]any{"item": item("NOTICE", second), "status": "UNDELIVERABLE"}
		if got := ids(list(t, admin, f, 50, "")); len(got) != 0 {
			t.Errorf("the second notice's undeliverable = %v, want none", got)
		}
	})

	t.Run("Pages", func(t *testing.T) {
		f := map[string]any{"item": item("NOTICE", first)}
		p := list(t, admin, f, 2, "")
		if got := ids(p); !slices.Equal(got, []uint64{skipped, refused}) || !p.Deliveries.PageInfo.HasNextPage {
			t.Fatalf("first page = %v (more %v), want [%d %d] and more", got, p.Deliveries.PageInfo.HasNextPage, skipped, refused)
		}
		p = list(t, admin, f, 2, p.Deliveries.PageInfo.EndCursor)
		if got := ids(p); !slices.Equal(got, []uint64{sent}) || p.Deliveries.PageInfo.HasNextPage {
			t.Errorf("second page = %v (more %v), want [%d] and no more", got, p.Deliveries.PageInfo.HasNextPage, sent)
		}
	})

	t.Run("UnknownItem", func(t *testing.T) {
		if got := ids(list(t, admin, map[string]any{"item": item("NOTICE", first+second+1000)}, 50, "")); len(got) != 0 {
			t.Errorf("a notice never pushed lists %v, want none", got)
		}
	})

	t.Run("OtherTenant", func(t *testing.T) {
		// B's admin names A's notice: B has no deliveries of it, however it is filtered.
		other := env.Token(t, b, b.Admin)
		for _, f := range []map[string]any{{"item": item("NOTICE", first)}, {"item": item("NOTICE", first), "status": "SENT"}} {
			if got := ids(list(t, other, f, 50, "")); len(got) != 0 {
				t.Errorf("tenant B filtering by A's notice (%v) sees %v, want none", f, got)
			}
		}
	})

	t.Run("MalformedID", func(t *testing.T) {
		for _, id := range []any{"abc", "0", "-1", ""} {
			res := env.GraphQL(t, admin, q, map[string]any{"f": map[string]any{"item": map[string]any{"item": "NOTICE", "id": id}}})
			if res.Code() != "invalid" {
				t.Errorf("id %q: code = %q, want invalid (errors %+v)", id, res.Code(), res.Errors)
			}
		}
		res := env.GraphQL(t, admin, q, map[string]any{"f": map[string]any{"item": map[string]any{"item": "DISCUSSION", "id": "1"}}})
		if res.Code() != "invalid" {
			t.Errorf("an unknown item: code = %q, want invalid (errors %+v)", res.Code(), res.Errors)
		}
	})
}
