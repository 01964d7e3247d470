package sim_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/sim"
)

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// mustConsoleToken reads the console's hidden form token from a page.
func mustConsoleToken(tb testing.TB, e *env) string {
	tb.Helper()
	resp, body := e.do(tb, "GET", "/_sim/console/"+corpID, "")
	m := csrfField.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		tb.Fatalf("console page: HTTP %d, no token in %.300s", resp.StatusCode, body)
	}
	return m[1]
}

// postForm posts a console form and returns the status and page.
func (e *env) postForm(tb testing.TB, path string, form url.Values) (int, string) {
	tb.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body := e.doRequest(tb, req)
	return resp.StatusCode, body
}

// message is the page's console-message element, "" without one.
var messageElem = regexp.MustCompile(`data-testid="console-message" data-ok="(true|false)">([^<]*)<`)

// TestConsolePages: each console page answers 200 with the elements a
// browser test drives; unknown corps and apps are 404.
func TestConsolePages(t *testing.T) {
	e := mustEnv(t)
	if err := e.sim.SetContactSecret(corpID, "contact-secret"); err != nil {
		t.Fatal(err)
	}
	tok := e.mustToken(t, secret)
	menu := `{"button":[{"type":"click","name":"今日待办","key":"todo"},{"name":"更多","sub_button":[{"type":"view","name":"审批","url":"https://oa.example/h5/"}]}]}`
	if out := e.api(t, "POST", "/cgi-bin/menu/create?agentid=1000002&access_token="+tok, menu); out.ErrCode != 0 {
		t.Fatalf("menu/create: %+v", out)
	}
	for _, tc := range []struct {
		name, path string
		status     int
		want       []string
	}{
		{"Index", "/_sim/", 200, []string{`data-testid="sim-console-link" href="/_sim/console/wwcorp"`}},
		{"Corp", "/_sim/console/" + corpID, 200, []string{
			`data-testid="corp-id">wwcorp<`, `data-testid="app-agentid">1000002<`, `href="/_sim/console/wwcorp/apps/1000003"`,
			`data-testid="contact-secret">contact-secret<`, `data-testid="contact-secret-show"`,
			`name="url"`, `data-testid="contact-callback-url"`, `data-testid="contact-callback-token"`,
			`data-testid="contact-callback-aeskey"`, `data-testid="contact-callback-random"`, `data-testid="contact-callback-save"`,
			`data-testid="external-callback-url"`, `data-testid="external-callback-save"`,
			`data-testid="contact-trusted-ips"`, `data-testid="member-add-userid"`, `data-testid="member-add-name"`,
			`data-testid="member-add-mobile"`, `data-testid="member-add-save"`, `href="/_sim/inbox/wwcorp/alice"`,
			`href="/_sim/console/wwcorp/customers?userid=Bob"`}},
		{"App", "/_sim/console/" + corpID + "/apps/1000002", 200, []string{
			`data-testid="app-agentid">1000002<`, `data-testid="app-secret">app-secret<`, `data-testid="app-scope">全部成员<`,
			`data-testid="callback-url"`, `data-testid="callback-token"`, `data-testid="callback-aeskey"`,
			`data-testid="callback-random"`, `data-testid="callback-save"`, `data-testid="callback-saved">未设置<`,
			`data-testid="trusted-ips"`, `data-testid="trusted-ips-save"`, `data-testid="domain"`,
			`data-testid="domain-fetch-origin"`, `data-testid="domain-save"`, `data-testid="domain-verify-download"`,
			`data-testid="domain-verify-name">WW_verify_`, `data-testid="menu-button">今日待办`,
			`data-testid="menu-sub-button">审批 <span class="none">view · https://oa.example/h5/`}},
		{"AppWithoutMenu", "/_sim/console/" + corpID + "/apps/1000003", 200, []string{`data-testid="menu-empty"`}},
		{"Customers", "/_sim/console/" + corpID + "/customers?userid=Bob", 200, []string{
			`data-testid="customer-add-member"`, `<option value="Bob" selected>`, `data-testid="customer-add-name"`,
			`data-testid="customer-add-type"`, `data-testid="customer-add-corp-name"`, `data-testid="customer-add-remark"`,
			`data-testid="customer-add-save"`, `data-testid="customers-empty"`}},
		{"UnknownCorp", "/_sim/console/nope", 404, []string{`data-testid="sim-error"`}},
		{"UnknownApp", "/_sim/console/" + corpID + "/apps/999", 404, []string{`data-testid="sim-error"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := e.do(t, "GET", tc.path, "")
			if resp.StatusCode != tc.status {
				t.Fatalf("HTTP %d, want %d", resp.StatusCode, tc.status)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %s", w)
				}
			}
		})
	}
}

// TestConsoleVerifyFile: the download is the file DomainVerifyFile names.
func TestConsoleVerifyFile(t *testing.T) {
	e := mustEnv(t)
	name, content, err := e.sim.DomainVerifyFile(corpID, agentID)
	if err != nil {
		t.Fatal(err)
	}
	resp, body := e.do(t, "GET", "/_sim/console/"+corpID+"/apps/1000002/verify-file", "")
	if resp.StatusCode != 200 || body != content || !strings.Contains(resp.Header.Get("Content-Disposition"), name) {
		t.Fatalf("HTTP %d %q %q, want %s holding %s", resp.StatusCode, resp.Header.Get("Content-Disposition"), body, name, content)
	}
}

// TestConsoleForms posts each form: the method the control API calls runs,
// and the page shows 保存成功 or the console's refusal in red.
func TestConsoleForms(t *testing.T) {
	verifier := httptest.NewServer(verifying(t, http.NotFoundHandler()))
	defer verifier.Close()
	wrong := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "not the echostr")
	}))
	defer wrong.Close()
	eventSrv := httptest.NewServer(verifying(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "success")
	})))
	defer eventSrv.Close()

	cb := func(u string) url.Values {
		return url.Values{"url": {u}, "token": {rcvToken}, "encodingaeskey": {rcvAESKey}}
	}
	const app = "/_sim/console/" + corpID + "/apps/1000002"
	const corp = "/_sim/console/" + corpID
	for _, tc := range []struct {
		name   string
		setup  func(t *testing.T, e *env) string // returns an external_userid when one is needed
		path   func(id string) string
		form   url.Values
		formFn func(t *testing.T, e *env) url.Values // more fields, made per env
		// noEvents starts without a customer-contact callback.
		noEvents bool
		status   int
		ok       bool
		text     string
		check    func(t *testing.T, e *env, body string)
	}{
		{name: "AppCallbackOK", path: fixed(app + "/callback"), form: cb(verifier.URL + "/cb"), status: 200, ok: true, text: "保存成功",
			check: func(t *testing.T, e *env, body string) {
				if !strings.Contains(body, `data-testid="callback-saved">`+verifier.URL+"/cb<") || !strings.Contains(body, `data-testid="callback-verified"`) {
					t.Error("saved URL not shown as verified")
				}
			}},
		{name: "AppCallbackWrongAnswer", path: fixed(app + "/callback"), form: cb(wrong.URL + "/cb"), status: 400, text: sim.MsgCallbackRefused,
			check: func(t *testing.T, e *env, body string) {
				if !strings.Contains(body, `data-testid="callback-saved">未设置<`) {
					t.Error("a refused callback was stored")
				}
				if !strings.Contains(body, `value="`+wrong.URL+`/cb"`) {
					t.Error("the typed URL is not kept in the form")
				}
			}},
		{name: "AppCallbackBadKey", path: fixed(app + "/callback"), form: url.Values{"url": {verifier.URL}, "token": {rcvToken}, "encodingaeskey": {"short"}},
			status: 400, text: "EncodingAESKey"},
		{name: "ContactCallbackOK", path: fixed(corp + "/contact-callback"), form: cb(verifier.URL + "/contacts"), status: 200, ok: true, text: "保存成功",
			check: func(t *testing.T, e *env, body string) {
				if !strings.Contains(body, `data-testid="contact-callback-saved">`+verifier.URL+"/contacts<") {
					t.Error("contact callback not shown")
				}
			}},
		{name: "ExternalCallbackWrongAnswer", noEvents: true, path: fixed(corp + "/external-callback"), form: cb(wrong.URL), status: 400, text: sim.MsgCallbackRefused,
			check: func(t *testing.T, e *env, body string) {
				if !strings.Contains(body, `data-testid="external-callback-saved">未设置<`) {
					t.Error("a refused callback was stored")
				}
			}},
		{name: "TrustedIPs", path: fixed(app + "/trusted-ips"), form: url.Values{"ips": {"203.0.113.7\r\n\r\n10.0.0.0/8\r\n"}}, status: 200, ok: true, text: "企业可信IP已保存",
			check: func(t *testing.T, e *env, body string) {
				if !strings.Contains(body, ">203.0.113.7\n10.0.0.0/8</textarea>") {
					t.Error("saved IPs not shown")
				}
				tok := e.mustToken(t, secret)
				if out := e.api(t, "GET", "/cgi-bin/agent/get?agentid=1000002&access_token="+tok, ""); out.ErrCode != 60020 {
					t.Errorf("call from 127.0.0.1: errcode %d, want 60020", out.ErrCode)
				}
			}},
		{name: "DomainOK", path: fixed(app + "/domain"), form: url.Values{"domain": {"oa.example.com"}},
			formFn: func(t *testing.T, e *env) url.Values {
				return url.Values{"fetch_origin": {mustVerifyOrigin(t, e, true)}}
			},
			status: 200, ok: true, text: "可信域名已保存",
			check: func(t *testing.T, e *env, body string) {
				if !strings.Contains(body, `data-testid="domain-saved">oa.example.com<`) {
					t.Error("saved domain not shown")
				}
			}},
		{name: "DomainWrongFile", path: fixed(app + "/domain"), form: url.Values{"domain": {"oa.example.com"}},
			formFn: func(t *testing.T, e *env) url.Values {
				return url.Values{"fetch_origin": {mustVerifyOrigin(t, e, false)}}
			},
			status: 400, text: sim.MsgDomainRefused,
			check: func(t *testing.T, e *env, body string) {
				if !strings.Contains(body, `data-testid="domain-saved">未设置<`) {
					t.Error("a refused domain was stored")
				}
			}},
		{name: "TrustedIPsInvalid", path: fixed(app + "/trusted-ips"), form: url.Values{"ips": {"not-an-ip"}}, status: 400, text: "not-an-ip"},
		{name: "MemberAdd", path: fixed(corp + "/members"), form: url.Values{"userid": {"carol"}, "name": {"<b>Carol</b>"}, "mobile": {"13800000001"}},
			status: 200, ok: true, text: "已添加成员 carol",
			check: func(t *testing.T, e *env, body string) {
				m, err := e.sim.GetUser(corpID, "carol")
				if err != nil || m.Name != "<b>Carol</b>" || m.Mobile != "13800000001" {
					t.Errorf("member %+v, %v", m, err)
				}
				if strings.Contains(body, "<b>Carol") || !strings.Contains(body, "&lt;b&gt;Carol") {
					t.Error("member name not escaped")
				}
			}},
		{name: "MemberAddTaken", path: fixed(corp + "/members"), form: url.Values{"userid": {"alice"}, "name": {"A"}}, status: 409},
		{name: "CustomerAdd", path: fixed(corp + "/customers"),
			form:   url.Values{"userid": {"alice"}, "name": {"张三"}, "type": {"2"}, "corp_name": {"客户公司"}, "remark": {"老客户"}},
			status: 200, ok: true, text: "已添加客户 wm",
			check: func(t *testing.T, e *env, body string) {
				mustEvent(t, e, "add_external_contact")
				for _, w := range []string{`data-testid="customer-name">张三<`, "企业微信用户", "客户公司", `value="老客户" data-testid="customer-remark"`} {
					if !strings.Contains(body, w) {
						t.Errorf("customer list lacks %s", w)
					}
				}
			}},
		{name: "CustomerAddNoName", path: fixed(corp + "/customers"), form: url.Values{"userid": {"alice"}, "type": {"1"}}, status: 400, text: "name"},
		{name: "CustomerRemark", setup: mustCustomer, path: func(id string) string { return corp + "/customers/" + id + "/remark" },
			form: url.Values{"userid": {"alice"}, "remark": {"新备注"}}, status: 200, ok: true, text: "备注已修改",
			check: func(t *testing.T, e *env, body string) {
				mustEvent(t, e, "edit_external_contact")
				if !strings.Contains(body, `value="新备注"`) {
					t.Error("remark not shown")
				}
			}},
		{name: "CustomerDelete", setup: mustCustomer, path: func(id string) string { return corp + "/customers/" + id + "/delete" },
			form: url.Values{"userid": {"alice"}}, status: 200, ok: true, text: "已删除客户",
			check: func(t *testing.T, e *env, body string) {
				mustEvent(t, e, "del_external_contact")
				if !strings.Contains(body, `data-testid="customers-empty"`) {
					t.Error("deleted customer still listed")
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := mustEnv(t)
			if !tc.noEvents {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				if err := e.sim.SaveExternalContactCallback(ctx, corpID, eventSrv.URL, rcvToken, rcvAESKey); err != nil {
					t.Fatal(err)
				}
			}
			var id string
			if tc.setup != nil {
				id = tc.setup(t, e)
			}
			form := url.Values{"csrf": {mustConsoleToken(t, e)}}
			for k, v := range tc.form {
				form[k] = v
			}
			if tc.formFn != nil {
				for k, v := range tc.formFn(t, e) {
					form[k] = v
				}
			}
			status, body := e.postForm(t, tc.path(id), form)
			if status != tc.status {
				t.Fatalf("HTTP %d, want %d: %s", status, tc.status, messageElem.FindString(body))
			}
			m := messageElem.FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no console-message")
			}
			if (m[1] == "true") != tc.ok || !strings.Contains(m[2], tc.text) {
				t.Errorf("message ok=%s %q, want ok=%v containing %q", m[1], m[2], tc.ok, tc.text)
			}
			if tc.check != nil {
				tc.check(t, e, body)
			}
		})
	}
}

// TestConsoleRefusesCrossSitePosts: a form without the page's token (as
// another site's page would post it) is refused and changes nothing.
func TestConsoleRefusesCrossSitePosts(t *testing.T) {
	e := mustEnv(t)
	for _, csrf := range []string{"", "guessed"} {
		status, _ := e.postForm(t, "/_sim/console/"+corpID+"/members",
			url.Values{"csrf": {csrf}, "userid": {"mallory"}, "name": {"M"}})
		if status != http.StatusForbidden {
			t.Errorf("csrf %q: HTTP %d, want 403", csrf, status)
		}
	}
	if _, err := e.sim.GetUser(corpID, "mallory"); err == nil {
		t.Error("a cross-site post added a member")
	}
}

// mustVerifyOrigin serves app 1000002's WW_verify_ file (or, when !right,
// another code under its name) and returns the server's origin.
func mustVerifyOrigin(t *testing.T, e *env, right bool) string {
	t.Helper()
	name, content, err := e.sim.DomainVerifyFile(corpID, agentID)
	if err != nil {
		t.Fatal(err)
	}
	if !right {
		content = "WRONGCODE"
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/"+name {
			http.NotFound(w, r)
			return
		}
		_, _ = io.WriteString(w, content)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func fixed(p string) func(string) string { return func(string) string { return p } }

// mustCustomer gives alice a customer and returns its external_userid.
func mustCustomer(t *testing.T, e *env) string {
	t.Helper()
	id, err := e.sim.AddExternalContact(corpID, "alice", sim.ExternalContact{Name: "李四", Remark: "旧备注"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// mustEvent waits for the callbacks and checks that one carried changeType.
func mustEvent(t *testing.T, e *env, changeType string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.sim.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(e.sim.CallbackAttempts(corpID), func(a sim.CallbackAttempt) bool {
		return a.AgentID == 0 && a.ChangeType == changeType && a.OK
	}) {
		t.Errorf("no %s delivered to the customer-contact callback: %+v", changeType, e.sim.CallbackAttempts(corpID))
	}
}
