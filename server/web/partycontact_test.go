package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/server/web"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// contactCall sends method to the system contacts API for login with the key, and returns the status and answer.
func contactCall(t *testing.T, base, key, method, login string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, base+strings.Replace(web.SystemContactsPath, "{login}", login, 1), rd)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

// TestPartyContactJourney: PB makes a customer's contact through the system API (a one-time password, once; a
// retry updates; a staff login refused), the contact signs in from the service account with it and their WeChat
// is bound; PB's message to them is kept for their list and reaches their WeChat as a template message that opens
// it without a password, whatever the tenant's push channel; PB taking the account back ends the session.
func TestPartyContactJourney(t *testing.T) {
	env := apptest.New(t, dsn)
	st := newSystemTenant(t, env, "party")
	tn, ctx := st.Tenant, st.Ctx()
	const appID, secret, openID = "wx00000000000000ee", "0123456789abcdef0123456789abcdef", "o-chen-0001"
	mustDo(t, env.Sim.CreateServiceAccount(appID, secret, "演示服务号"))
	mustDo(t, env.Sim.AddFollower(appID, openID, "陈经理"))
	mustDo(t, env.Sim.AddTemplate(appID, "tpl-notice", "业务通知", []string{"thing1", "thing2"}, "事项", "内容"))
	// The tenant's channel is WeCom only: a contact has no WeCom and still gets the service account's message.
	if _, err := env.Binding.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptr(appID), Secret: ptr(secret)}); err != nil {
		t.Fatal(err)
	}
	admin := env.Token(t, tn, tn.Admin)
	env.GraphQL(t, admin, `mutation { mapMessageTemplate(kind: "system.message", templateId: "tpl-notice", fields: [{key: "thing1", fact: "subject"}, {key: "thing2", fact: "note"}]) { templateId } }`, nil).MustData(t, &struct{}{})
	env.RunWorker(t)
	base := env.HTTP.URL

	put := map[string]any{"party": "customer", "company": "华东建材有限公司", "name": "陈经理", "mobile": "13900000123"}
	code, raw := contactCall(t, base, st.Key, http.MethodPut, "chen.jl", put)
	made := decode[struct {
		Login, Company, Status string
		Created                bool
		OneTimePassword        string
	}](t, raw)
	if code != http.StatusCreated || !made.Created || made.OneTimePassword == "" || made.Company != "华东建材有限公司" {
		t.Fatalf("PUT a new contact: %d %s", code, raw)
	}
	put["company"] = "华东建材集团"
	if code, raw := contactCall(t, base, st.Key, http.MethodPut, "chen.jl", put); code != http.StatusOK ||
		strings.Contains(string(raw), "oneTimePassword") || !strings.Contains(string(raw), "华东建材集团") {
		t.Fatalf("PUT again: %d %s, want 200, updated, no password", code, raw)
	}
	// The answer that carried the password was lost: PB asks a new one.
	put["resetPassword"] = true
	code, raw = contactCall(t, base, st.Key, http.MethodPut, "chen.jl", put)
	again := decode[struct{ OneTimePassword string }](t, raw)
	if code != http.StatusOK || again.OneTimePassword == "" || again.OneTimePassword == made.OneTimePassword {
		t.Fatalf("PUT with resetPassword: %d %s, want a new one-time password", code, raw)
	}
	made.OneTimePassword = again.OneTimePassword
	delete(put, "resetPassword")
	// CRM keeps its own contacts, not PB's.
	crmKey, err := env.Directory.RotateSystemAPIKey(ctx, directory.SystemCRM)
	mustDo(t, err)
	if code, raw := contactCall(t, base, crmKey, http.MethodPut, "chen.jl", put); code != http.StatusConflict || !strings.Contains(string(raw), "PB") {
		t.Fatalf("CRM changing PB's contact: %d %s, want 409", code, raw)
	}
	if code, _ := contactCall(t, base, crmKey, http.MethodDelete, "chen.jl", nil); code != http.StatusConflict {
		t.Fatalf("CRM taking back PB's contact: %d, want 409", code)
	}
	var audited struct {
		AuditLog struct {
			Nodes []struct{ ActorKind, Actor, Action, Target string }
		}
	}
	env.GraphQL(t, admin, `{ auditLog(first: 20) { nodes { actorKind actor action target } } }`, nil).MustData(t, &audited)
	var made2 []string
	for _, n := range audited.AuditLog.Nodes {
		if n.Target == "chen.jl" && n.ActorKind == "SYSTEM" && n.Actor == "PB" {
			made2 = append(made2, n.Action)
		}
	}
	if !slices.Contains(made2, "contact.create") || !slices.Contains(made2, "contact.update") {
		t.Errorf("PB's changes in the audit log: %v", made2)
	}
	if code, raw := contactCall(t, base, st.Key, http.MethodPut, tn.Approver.Login, put); code != http.StatusConflict ||
		!strings.Contains(string(raw), "员工") {
		t.Fatalf("PUT an employee's login: %d %s, want 409", code, raw)
	}
	if code, raw := contactCall(t, base, st.Key, http.MethodPut, "wang.x", map[string]any{"party": "partner", "company": "x", "name": "王"}); code != http.StatusBadRequest ||
		!strings.Contains(string(raw), `"party"`) {
		t.Fatalf("PUT an unknown party: %d %s, want 400 naming party", code, raw)
	}
	if code, _ := contactCall(t, base, "wrong-key", http.MethodPut, "chen.jl", put); code != http.StatusUnauthorized {
		t.Fatalf("PUT with a wrong key: %d", code)
	}

	// First sign-in from the service account: the password page binds the WeChat; the one-time password is changed.
	link := deeplink.New("http://qiao.test", env.SimURL, []byte(apptest.LinkSecret)).WithMPOAuth(env.SimURL+"/mp").MP(tn.Slug, appID, "/messages")
	phone := newMPPhone(t, env, appID, openID, link)
	path, q := phone.tap()
	if path != "/h5/login" || q.Get("bind") == "" {
		t.Fatalf("the contact's first tap led to %s %v, want the password page", path, q)
	}
	var in struct{ Login session }
	env.GraphQLWith(t, phone.cookie(), `mutation($t: String!, $l: String!, $p: String!, $b: String) {
		login(tenant: $t, login: $l, password: $p, bindTicket: $b) { accessToken refreshToken account { login } } }`,
		map[string]any{"t": tn.Slug, "l": "chen.jl", "p": made.OneTimePassword, "b": q.Get("bind")}).MustData(t, &in)
	var changed struct{ ChangePassword session }
	env.GraphQL(t, in.Login.AccessToken, `mutation($o: String!) { changePassword(oldPassword: $o, newPassword: "Chen-own-2026!") { accessToken } }`,
		map[string]any{"o": made.OneTimePassword}).MustData(t, &changed)
	var listed struct {
		PartyContacts struct {
			Nodes []struct {
				Login, Source    string
				WechatBound      bool
				WechatSubscribed bool
			}
		}
	}
	env.GraphQL(t, admin, `{ partyContacts(filter: {search: "华东"}) { nodes { login source wechatBound wechatSubscribed } } }`, nil).MustData(t, &listed)
	if n := listed.PartyContacts.Nodes; len(n) != 1 || n[0].Login != "chen.jl" || n[0].Source != "PB" || !n[0].WechatBound || !n[0].WechatSubscribed {
		t.Fatalf("the admin's list: %+v", n)
	}

	var bindings struct {
		WechatBindings struct {
			Nodes []struct {
				Employee *struct{ Name string }
				Contact  *struct{ Name, Company string }
			}
		}
	}
	env.GraphQL(t, admin, `{ wechatBindings(query: "华东") { nodes { employee { name } contact { name company } } } }`, nil).MustData(t, &bindings)
	if n := bindings.WechatBindings.Nodes; len(n) != 1 || n[0].Employee != nil || n[0].Contact == nil || n[0].Contact.Name != "陈经理" {
		t.Fatalf("服务号 → 已绑定的微信 finds the contact's binding by company: %+v", n)
	}

	// PB's message: kept, and sent as a template message opening it.
	if code, raw := post(t, base, "Bearer "+st.Key, map[string]any{"messageId": "Q-1", "accounts": []string{"chen.jl"},
		"title": "报价单 Q-1 已确认", "content": "金额 12,000 元，请查收"}); code != http.StatusAccepted || !strings.Contains(string(raw), "chen.jl") {
		t.Fatalf("post to the contact: %d %s", code, raw)
	}
	var sent []sim.TemplateMessage
	waitFor(t, 30*time.Second, "the contact's template message", func() bool {
		sent = env.Sim.TemplateMessages(appID, openID)
		return len(sent) > 0
	})
	if m := sent[0]; m.Data["thing1"] != "报价单 Q-1 已确认" || !strings.Contains(m.URL, "/mp/connect/oauth2/authorize?appid="+appID) {
		t.Fatalf("template message %+v", m)
	}
	var d push.Delivery
	mustDo(t, env.DB.WithContext(ctx).Where("dedup_key LIKE ?", "system:PB:Q-1:contact:%").Take(&d).Error)
	if d.Channel != push.ChannelMP || d.Route == nil || !strings.Contains(*d.Route, "客户或供应商联系人") || d.EmployeeID != nil {
		t.Fatalf("delivery %+v (route %v)", d, d.Route)
	}
	var logged struct {
		Deliveries struct {
			Nodes []struct{ RecipientName string }
		}
	}
	env.GraphQL(t, admin, `{ deliveries(filter: {channel: "mp"}) { nodes { recipientName } } }`, nil).MustData(t, &logged)
	if n := logged.Deliveries.Nodes; len(n) != 1 || n[0].RecipientName != "陈经理（华东建材集团）" {
		t.Errorf("推送记录 names the contact %+v", n)
	}
	phone.link = sent[0].URL
	if path, q := phone.tap(); path != "/h5/sso" || q.Get("ticket") == "" || !strings.HasPrefix(q.Get("next"), "/messages/") {
		t.Fatalf("the template message led to %s %v, want signed in on the message", path, q)
	}

	// PB takes the account back: the session and binding end.
	if code, raw := contactCall(t, base, st.Key, http.MethodDelete, "chen.jl", nil); code != http.StatusNoContent {
		t.Fatalf("DELETE: %d %s", code, raw)
	}
	if res := env.GraphQL(t, changed.ChangePassword.AccessToken, `{ me { login } }`, nil); res.Code() != "unauthenticated" {
		t.Fatalf("the taken-back contact's session: %q", res.Code())
	}
	if _, bound, err := env.Directory.WeChatBindingByOpenID(ctx, appID, openID); err != nil || bound {
		t.Fatalf("binding after the account was taken back: %v, %v", bound, err)
	}
	if code, _ := contactCall(t, base, st.Key, http.MethodDelete, "chen.jl", nil); code != http.StatusNotFound {
		t.Fatalf("DELETE again: %d, want 404", code)
	}
}
