package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// TestServiceAccountPush: under "WeCom first", a person who has not joined WeCom gets the service account's
// template message, filled from the message's description under the tenant's mapping, opening Qiao through the
// account's OAuth; the delivery says which channel and why. A send whose answer is lost after WeChat took it is
// retried without a second message; an unsubscribed follower is not sent to; WeChat's job-finish event is recorded.
func TestServiceAccountPush(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "mppush")
	ctx := tn.Ctx()
	const appID, secret, openID = "wx00000000000000cc", "0123456789abcdef0123456789abcdef", "o-approver-push"
	mustDo(t, env.Sim.CreateServiceAccount(appID, secret, "演示服务号"))
	mustDo(t, env.Sim.AddFollower(appID, openID, "李审批"))
	mustDo(t, env.Sim.AddTemplate(appID, "tpl-todo", "待办事项提醒", []string{"thing1", "thing2", "time3", "phrase4"},
		"事项", "发起人", "时间", "状态"))
	channel := tenants.PushWeComFirst
	if _, err := env.Binding.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptr(appID), Secret: ptr(secret), PushChannel: &channel}); err != nil {
		t.Fatal(err)
	}
	// The approver has not joined WeCom; their personal WeChat is bound.
	notJoined := directory.WeComNotJoined
	mustDo(t, env.DB.WithContext(ctx).Model(&directory.Employee{}).Where("id = ?", tn.Approver.EmployeeID).
		Update("wecom_status", notJoined).Error)
	acct, err := env.Directory.AccountByEmployee(ctx, tn.Approver.EmployeeID)
	mustDo(t, err)
	_, err = env.Directory.BindWeChat(audit.WithActor(ctx, audit.Actor{Kind: audit.Employee, ID: acct.Login}), appID, openID, acct)
	mustDo(t, err)

	admin := env.Token(t, tn, tn.Admin)
	fields := []map[string]any{{"key": "thing1", "fact": "subject"}, {"key": "thing2", "fact": "actor"},
		{"key": "time3", "fact": "time"}, {"key": "phrase4", "fact": "status"}}
	var preview struct {
		TemplatePreview struct {
			Title string
			Lines []struct{ Label, Value string }
		}
	}
	env.GraphQL(t, admin, `query($f: [TemplateFieldInput!]!) { templatePreview(kind: "collab.sent", templateId: "tpl-todo", fields: $f) { title lines { label value } } }`,
		map[string]any{"f": fields}).MustData(t, &preview)
	if p := preview.TemplatePreview; p.Title != "待办事项提醒" || len(p.Lines) != 4 || p.Lines[0].Label != "事项" || p.Lines[3].Value != "待处理" {
		t.Errorf("preview = %+v", p)
	}
	env.GraphQL(t, admin, `mutation($f: [TemplateFieldInput!]) { mapMessageTemplate(kind: "collab.sent", templateId: "tpl-todo", fields: $f) { templateId } }`,
		map[string]any{"f": fields}).MustData(t, &struct{}{})
	if res := env.GraphQL(t, admin, `mutation { mapMessageTemplate(kind: "collab.sent", templateId: "tpl-none", fields: [{key: "thing1", fact: "subject"}]) { templateId } }`, nil); res.Code() != "invalid" {
		t.Errorf("a template the account lacks: code %q", res.Code())
	}

	env.RunWorker(t)
	sender := env.Token(t, tn, tn.Sender)
	send := func(title string) string {
		t.Helper()
		var out struct{ SendCollabItem struct{ ID string } }
		env.GraphQL(t, sender, `mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"title": title, "body": "正文", "recipientIds": []string{apptest.ID(tn.Approver.EmployeeID)}}}).MustData(t, &out)
		return out.SendCollabItem.ID
	}
	// delivery waits for the end of the approver's delivery of item. A retry waits the queue's first failure delay
	// (5 s and jitter) and its scheduler's pass (up to 5 s more), so the limit leaves room for one.
	delivery := func(t *testing.T, item string) push.Delivery {
		t.Helper()
		var d push.Delivery
		waitFor(t, 30*time.Second, "the delivery of item "+item, func() bool {
			var ds []push.Delivery
			mustDo(t, env.DB.WithContext(ctx).Where("dedup_key = ? AND status IN ?", "collab.sent:"+item+":"+apptest.ID(tn.Approver.EmployeeID),
				[]string{push.StatusSent, push.StatusUndeliverable, push.StatusSkipped}).Find(&ds).Error)
			if len(ds) == 0 {
				return false
			}
			d = ds[0]
			return true
		})
		return d
	}
	messages := func() []sim.TemplateMessage { return env.Sim.TemplateMessages(appID, openID) }

	d := delivery(t, send("预算审批"))
	if d.Status != push.StatusSent || d.Channel != push.ChannelMP || d.Recipient != openID || d.Route == nil ||
		!strings.Contains(*d.Route, "企业微信优先") || d.MsgID == nil {
		t.Fatalf("delivery = %+v (route %v)", d, d.Route)
	}
	got := messages()
	if len(got) != 1 {
		t.Fatalf("%d template messages, want 1", len(got))
	}
	m := got[0]
	if m.TemplateID != "tpl-todo" || m.Data["thing1"] != "预算审批" || m.Data["phrase4"] != "待处理" ||
		!strings.Contains(m.Data["thing2"], "发起人") || m.ClientMsgID == "" {
		t.Errorf("message = %+v", m)
	}
	var logged struct {
		Deliveries struct {
			Nodes []struct{ Channel, Route, RecipientName string }
		}
	}
	env.GraphQL(t, admin, `{ deliveries(filter: {channel: "mp"}) { nodes { channel route recipientName } } }`, nil).MustData(t, &logged)
	if n := logged.Deliveries.Nodes; len(n) != 1 || n[0].Channel != "mp" || n[0].RecipientName != tn.Approver.Name || !strings.Contains(n[0].Route, "企业微信优先") {
		t.Errorf("推送记录 of the service account's channel: %+v", n)
	}
	if res := env.GraphQL(t, admin, `{ deliveries(filter: {channel: "sms"}) { nodes { id } } }`, nil); res.Code() != "invalid" {
		t.Errorf("an unknown channel filter: %q", res.Code())
	}
	if !strings.Contains(m.URL, "/mp/connect/oauth2/authorize?appid="+appID) || !strings.Contains(m.URL, "%2Foauth%2Fmp%2Fcallback") {
		t.Errorf("the message opens %q, want Qiao through the account's OAuth", m.URL)
	}

	var travel string
	t.Run("LostAnswer", func(t *testing.T) {
		mustDo(t, env.Sim.InjectFault(sim.Fault{Path: "/mp/cgi-bin/message/template/send", DropAfter: true, Count: 1}))
		travel = send("差旅报销")
		d := delivery(t, travel)
		if d.Status != push.StatusSent || d.Attempts < 2 {
			t.Errorf("after a lost answer: %+v", d)
		}
		if n := len(messages()); n != 2 {
			t.Errorf("%d template messages after a lost answer and its retry, want 2", n)
		}
	})
	t.Run("JobFinished", func(t *testing.T) {
		d := delivery(t, travel)
		found, err := env.Push.JobFinished(ctx, *d.MsgID, "failed:user block")
		mustDo(t, err)
		if !found {
			t.Fatal("the job-finish found no delivery")
		}
		var after push.Delivery
		mustDo(t, env.DB.WithContext(ctx).Where("id = ?", d.ID).Take(&after).Error)
		if after.Status != push.StatusUndeliverable || after.Error == nil || !strings.Contains(*after.Error, "user block") {
			t.Errorf("after WeChat's job-finish event: %+v", after)
		}
	})
	t.Run("Unsubscribed", func(t *testing.T) {
		mustDo(t, env.Sim.SetSubscribed(appID, openID, false))
		d := delivery(t, send("采购申请"))
		if d.Status != push.StatusUndeliverable || d.Error == nil || !strings.Contains(*d.Error, "43004") {
			t.Errorf("to an unsubscribed follower: %+v", d)
		}
		if d := delivery(t, send("第二次采购")); d.Status != push.StatusSkipped || d.Route == nil || !strings.Contains(*d.Route, "取消关注") {
			t.Errorf("the next message to an unsubscribed follower: %+v", d)
		}
		if n := len(messages()); n != 2 {
			t.Errorf("%d template messages, want still 2", n)
		}
	})
}

// TestServiceAccountEvents: the account's 服务器配置 points at our intake, which passes WeChat's verification; in
// safe mode its follow and unfollow events reach the WeChat's binding and a template message's job-finish its
// delivery, through the inbox; a plain post to an account in safe mode is refused.
func TestServiceAccountEvents(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "mpevents")
	ctx := tn.Ctx()
	const appID, secret, openID = "wx00000000000000dd", "0123456789abcdef0123456789abcdef", "o-approver-events"
	mustDo(t, env.Sim.CreateServiceAccount(appID, secret, "演示服务号"))
	mustDo(t, env.Sim.AddFollower(appID, openID, "李审批"))
	mustDo(t, env.Sim.AddTemplate(appID, "tpl-todo", "待办事项提醒", []string{"thing1"}, "事项"))
	channel := tenants.PushMP
	v, err := env.Binding.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptr(appID), Secret: ptr(secret), PushChannel: &channel})
	mustDo(t, err)
	acct, err := env.Directory.AccountByEmployee(ctx, tn.Approver.EmployeeID)
	mustDo(t, err)
	_, err = env.Directory.BindWeChat(audit.WithActor(ctx, audit.Actor{Kind: audit.Employee, ID: acct.Login}), appID, openID, acct)
	mustDo(t, err)
	admin := env.Token(t, tn, tn.Admin)
	env.GraphQL(t, admin, `mutation { mapMessageTemplate(kind: "collab.sent", templateId: "tpl-todo", fields: [{key: "thing1", fact: "subject"}]) { templateId } }`, nil).MustData(t, &struct{}{})
	env.RunWorker(t)

	url := env.HTTP.URL + "/callback/mp/" + tn.Slug
	if !strings.HasSuffix(v.EventURL, "/callback/mp/"+tn.Slug) {
		t.Errorf("the portal shows the event URL %q", v.EventURL)
	}
	if err := env.Sim.ConfigureMPServer(context.Background(), appID, url, "wrongtoken123", v.AESKey, "safe"); err == nil ||
		!strings.Contains(err.Error(), "token验证失败") {
		t.Errorf("a wrong Token passed WeChat's verification: %v", err)
	}
	mustDo(t, env.Sim.ConfigureMPServer(context.Background(), appID, url, v.Token, v.AESKey, "safe"))
	subscribed := func() bool {
		b, _, err := env.Directory.WeChatBindingByOpenID(ctx, appID, openID)
		mustDo(t, err)
		return b.Subscribed
	}
	mustDo(t, env.Sim.SetSubscribed(appID, openID, false))
	waitFor(t, 10*time.Second, "the unfollow recorded", func() bool { return !subscribed() })
	mustDo(t, env.Sim.SetSubscribed(appID, openID, true))
	waitFor(t, 10*time.Second, "the follow recorded", subscribed)

	// The follower blocks the account's messages: WeChat accepts the send and reports the refusal later.
	mustDo(t, env.Sim.SetBlocked(appID, openID, true))
	var out struct{ SendCollabItem struct{ ID string } }
	env.GraphQL(t, env.Token(t, tn, tn.Sender), `mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"title": "预算", "body": "正文", "recipientIds": []string{apptest.ID(tn.Approver.EmployeeID)}}}).MustData(t, &out)
	key := "collab.sent:" + out.SendCollabItem.ID + ":" + apptest.ID(tn.Approver.EmployeeID)
	waitFor(t, 10*time.Second, "the job-finish recorded", func() bool {
		var d push.Delivery
		mustDo(t, env.DB.WithContext(ctx).Where("dedup_key = ?", key).Limit(1).Find(&d).Error)
		return d.Status == push.StatusUndeliverable && d.Error != nil && strings.Contains(*d.Error, "user block")
	})

	t.Run("PlainToSafeRefused", func(t *testing.T) {
		mustDo(t, env.Sim.ConfigureMPServer(context.Background(), appID, url, v.Token, "", "plain"))
		mustDo(t, env.Sim.SetSubscribed(appID, openID, false))
		mustDo(t, env.Sim.WaitIdle(context.Background()))
		attempts := env.Sim.MPCallbackAttempts(appID)
		last := attempts[len(attempts)-1]
		if last.Event != "unsubscribe" || last.Status != http.StatusForbidden || !subscribed() {
			t.Errorf("a plain post to a safe account: %+v, subscribed %v", last, subscribed())
		}
	})
}

// TestBindByQRCode: a person signed in with a password asks for a binding QR code; a scan by a WeChat that does not
// follow the account yet follows it and waits for the person's confirmation, which binds it; the code works once,
// for that person only; a WeChat bound to another account is never taken from it by scanning someone's code.
func TestBindByQRCode(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "mpqr")
	ctx := tn.Ctx()
	const appID, secret = "wx00000000000000a7", "0123456789abcdef0123456789abcdef"
	mustDo(t, env.Sim.CreateServiceAccount(appID, secret, "演示服务号"))
	v, err := env.Binding.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptr(appID), Secret: ptr(secret)})
	mustDo(t, err)
	mustDo(t, env.Sim.ConfigureMPServer(context.Background(), appID, env.HTTP.URL+"/callback/mp/"+tn.Slug, v.Token, v.AESKey, "safe"))
	env.RunWorker(t)
	approver := env.Token(t, tn, tn.Approver)
	sender := env.Token(t, tn, tn.Sender)

	create := func(token string) (scene, ticket string) {
		var out struct {
			CreateWechatBindQR struct{ Scene, ImageURL string }
		}
		env.GraphQL(t, token, `mutation { createWechatBindQR { scene imageUrl } }`, nil).MustData(t, &out)
		u, err := url.Parse(out.CreateWechatBindQR.ImageURL)
		mustDo(t, err)
		res, err := http.Get(out.CreateWechatBindQR.ImageURL)
		mustDo(t, err)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("the code's image: %d", res.StatusCode)
		}
		return out.CreateWechatBindQR.Scene, u.Query().Get("ticket")
	}
	status := func(token, scene string) string {
		var out struct{ WechatBindQRStatus string }
		env.GraphQL(t, token, `query($s: String!) { wechatBindQRStatus(scene: $s) }`, map[string]any{"s": scene}).MustData(t, &out)
		return out.WechatBindQRStatus
	}
	confirm := func(token, scene string) apptest.Response {
		return env.GraphQL(t, token, `mutation($s: String!) { confirmWechatBindQR(scene: $s) }`, map[string]any{"s": scene})
	}
	bound := func(openID string) (uint64, bool) {
		b, found, err := env.Directory.WeChatBindingByOpenID(ctx, appID, openID)
		mustDo(t, err)
		return b.AccountID, found
	}

	scene, ticket := create(approver)
	if st := status(approver, scene); st != "PENDING" {
		t.Fatalf("before the scan: %s", st)
	}
	if res := confirm(approver, scene); res.Code() != "invalid" {
		t.Errorf("confirming before any scan: %q", res.Code())
	}
	if st := status(sender, scene); st != "EXPIRED" {
		t.Errorf("another person reads the approver's code as %s", st)
	}
	mustDo(t, env.Sim.ScanQR(appID, ticket, "o-qr-approver", "李审批"))
	waitFor(t, 10*time.Second, "the scan recorded", func() bool { return status(approver, scene) == "SCANNED" })
	if _, found := bound("o-qr-approver"); found {
		t.Fatal("the scan alone bound the WeChat")
	}
	if res := confirm(sender, scene); res.Code() != "invalid" {
		t.Errorf("another person confirming the approver's code: %q", res.Code())
	}
	if res := confirm(approver, scene); res.Code() != "" {
		t.Fatalf("confirming: %+v", res.Errors)
	}
	if acct, found := bound("o-qr-approver"); !found || acct != tn.Approver.AccountID || status(approver, scene) != "BOUND" {
		t.Fatalf("after confirming: bound to %d (%v), status %s", acct, found, status(approver, scene))
	}

	// The sender's code scanned by the approver's WeChat (sent to them, say): it stays the approver's.
	scene2, ticket2 := create(sender)
	mustDo(t, env.Sim.ScanQR(appID, ticket2, "o-qr-approver", "李审批"))
	waitFor(t, 10*time.Second, "the second scan recorded", func() bool { return status(sender, scene2) == "SCANNED" })
	if res := confirm(sender, scene2); res.Code() != "conflict" {
		t.Errorf("confirming a WeChat bound to another account: %q", res.Code())
	}
	if acct, _ := bound("o-qr-approver"); acct != tn.Approver.AccountID {
		t.Errorf("the approver's WeChat moved to account %d", acct)
	}
}
