package sim_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qiao-hq/qiao/wechat/sim"
)

const mpTplLabelled = "tpl-todo"

// mpLabelledEnv is mustMPEnv with template tpl-todo (事项 thing1, 时间
// time2) added through the control API and the menu of mpValidMenu.
func mpLabelledEnv(t *testing.T) (*env, string) {
	t.Helper()
	e := mustMPEnv(t, 0)
	resp, body := e.do(t, "POST", "/_sim/mp/"+mpApp+"/templates",
		`{"template_id":"`+mpTplLabelled+`","title":"待办提醒","keys":["thing1","time2"],"labels":["事项","时间"]}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("add template: HTTP %d %s", resp.StatusCode, body)
	}
	tok := e.mpMustStable(t, false)
	if out := e.mp(t, "POST", "/cgi-bin/menu/create?access_token="+tok, mpValidMenu); out.ErrCode != 0 {
		t.Fatalf("menu/create: %+v", out)
	}
	return e, tok
}

func TestMPTemplateLabels(t *testing.T) {
	e, tok := mpLabelledEnv(t)
	out := e.mp(t, "GET", "/cgi-bin/template/get_all_private_template?access_token="+tok, "")
	var list []struct {
		TemplateID string `json:"template_id"`
		Content    string `json:"content"`
	}
	if err := json.Unmarshal(out.raw["template_list"], &list); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		mpTplLeave:    "{{thing1.DATA}}\n{{time2.DATA}}",
		mpTplLabelled: "事项:{{thing1.DATA}}\n时间:{{time2.DATA}}",
	}
	got := map[string]string{}
	for _, tpl := range list {
		got[tpl.TemplateID] = tpl.Content
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("template contents (-want +got):\n%s", diff)
	}

	for _, tt := range []struct {
		name   string
		labels []string
	}{{"ErrTooFew", []string{"事项"}}, {"ErrTooMany", []string{"a", "b", "c"}}} {
		err := e.sim.AddTemplate(mpApp, "tpl-"+tt.name, "x", []string{"thing1", "time2"}, tt.labels...)
		if err == nil {
			t.Errorf("%s: labels %q accepted", tt.name, tt.labels)
		}
	}
	resp, _ := e.do(t, "POST", "/_sim/mp/"+mpApp+"/templates", `{"template_id":"tpl-x","title":"x","keys":["a"],"labels":["A","B"]}`)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("control API with a label too many: HTTP %d, want 400", resp.StatusCode)
	}

	body, _ := json.Marshal(map[string]any{"touser": "o-alice", "template_id": mpTplLabelled,
		"data": map[string]any{"thing1": map[string]string{"value": "审批"}, "time2": map[string]string{"value": "3月2日"}}})
	if out := e.mpSend(t, tok, string(body)); out.ErrCode != 0 {
		t.Fatalf("send: %+v", out)
	}
	lines := e.sim.TemplateMessages(mpApp, "o-alice")[0].Lines
	wantLines := []sim.TemplateLine{{Key: "thing1", Label: "事项", Value: "审批"}, {Key: "time2", Label: "时间", Value: "3月2日"}}
	if diff := cmp.Diff(wantLines, lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func TestMPInboxPage(t *testing.T) {
	e, tok := mpLabelledEnv(t)
	send := func(tpl, thing, link string) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"touser": "o-alice", "template_id": tpl, "url": link,
			"data": map[string]any{"thing1": map[string]string{"value": thing}, "time2": map[string]string{"value": "2026-03-02 09:00"}}})
		if out := e.mpSend(t, tok, string(body)); out.ErrCode != 0 {
			t.Fatalf("send: %+v", out)
		}
	}
	send(mpTplLabelled, "第一条", "https://h5.example/first")
	send(mpTplLeave, "第二条", "")
	send(mpTplLabelled, "第三条：审批人张三请于今天下班前处理完毕谢谢", "https://h5.example/third")

	inbox := "/_sim/mp/inbox/" + mpApp + "/o-alice"
	resp, page := e.do(t, "GET", inbox, "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("inbox: HTTP %d", resp.StatusCode)
	}
	for _, want := range []string{
		`data-testid="sim-mp-account-name">Qiao<`,
		`data-testid="sim-mp-unsubscribe"`,
		`<span class="k">事项</span><span class="v">第三条：审批人张三请于今天下班前处理完毕…</span>`,
		`<span class="k">thing1</span><span class="v">第二条</span>`,
		`data-testid="sim-mp-open" href="https://h5.example/third">详情</a>`,
		`data-testid="sim-mp-menu"`,
		`href="` + inbox + `/tap?b=1.0">搜索</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(page, `data-testid="sim-mp-message"`); n != 3 {
		t.Errorf("%d messages shown, want 3", n)
	}
	if n := strings.Count(page, `data-testid="sim-mp-open"`); n != 2 {
		t.Errorf("%d 详情 links, want 2 (the message without url has none)", n)
	}
	if i, j := strings.Index(page, "第三条"), strings.Index(page, "第一条"); i < 0 || j < 0 || i > j {
		t.Error("messages are not newest first")
	}

	// The page handed the phone to alice: the account's web OAuth signs
	// her in without the chooser.
	resp, _ = e.do(t, "GET", mpAuthorizePath(mpApp, "snsapi_base", "https://h5.example/cb"), "")
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.Contains(loc, "code=") {
		t.Errorf("authorize after the phone page: HTTP %d to %q", resp.StatusCode, loc)
	}

	rc := newMPReceiver(t, e.sim, sim.MPModePlain, nil)
	if err := e.sim.ConfigureMPServer(t.Context(), mpApp, rc.url(), mpRcvToken, "", sim.MPModePlain); err != nil {
		t.Fatal(err)
	}
	taps := []struct {
		name, b string
		status  int
		to      string
	}{
		{"Click", "0", http.StatusFound, inbox},
		{"View", "1.0", http.StatusFound, "https://www.example.com/"},
		{"MiniProgram", "1.1", http.StatusFound, inbox},
		{"ErrNoButton", "9", http.StatusNotFound, ""},
		{"ErrNoSubButton", "1.7", http.StatusNotFound, ""},
		{"ErrNotANumber", "x", http.StatusNotFound, ""},
	}
	for _, tt := range taps {
		resp, _ := e.do(t, "GET", inbox+"/tap?b="+url.QueryEscape(tt.b), "")
		if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.to {
			t.Errorf("%s: HTTP %d to %q, want %d to %q", tt.name, resp.StatusCode, resp.Header.Get("Location"), tt.status, tt.to)
		}
	}

	// The 关注 button: refused without the page's token, then unfollows.
	resp, _ = e.do(t, "POST", inbox, url.Values{"subscribed": {"false"}}.Encode())
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("form without token: HTTP %d, want 403", resp.StatusCode)
	}
	token := csrfField.FindStringSubmatch(page)
	if token == nil {
		t.Fatal("page has no csrf field")
	}
	req, _ := http.NewRequest("POST", e.srv.URL+inbox, strings.NewReader(url.Values{"csrf": {token[1]}, "subscribed": {"false"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, _ = e.doRequest(t, req)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != inbox {
		t.Errorf("unfollow: HTTP %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	waitIdle(t, e.sim)
	want := []mpEventKey{
		{Event: "CLICK", From: "o-alice", Key: "V1001_TODAY"},
		{Event: "VIEW", From: "o-alice", Key: "https://www.example.com/"},
		{Event: "unsubscribe", From: "o-alice"},
	}
	// Each event is posted on its own, so they may arrive in any order.
	byEvent := cmpopts.SortSlices(func(a, b mpEventKey) bool { return a.Event < b.Event })
	if diff := cmp.Diff(want, mpKeysOf(rc.got()), byEvent); diff != "" {
		t.Errorf("events posted (-want +got):\n%s", diff)
	}

	resp, _ = e.do(t, "POST", "/_sim/mp/"+mpApp+"/followers/o-alice/block", `{"blocked":true}`)
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("block: HTTP %d", resp.StatusCode)
	}
	for _, body := range []string{`{}`, `{"blocked":`} {
		if resp, _ := e.do(t, "POST", "/_sim/mp/"+mpApp+"/followers/o-alice/block", body); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("block %s: HTTP %d, want 400", body, resp.StatusCode)
		}
	}
	_, page = e.do(t, "GET", inbox, "")
	for _, want := range []string{`data-testid="sim-mp-subscribe"`, `data-testid="sim-mp-blocked"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page after unfollowing and blocking lacks %s", want)
		}
	}
	if resp, _ := e.do(t, "GET", "/_sim/mp/inbox/"+mpApp+"/o-nobody", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown follower's phone: HTTP %d, want 404", resp.StatusCode)
	}
}

func TestMPIndexLinksPhones(t *testing.T) {
	e := mustMPEnv(t, 0)
	_, page := e.do(t, "GET", "/_sim/", "")
	for _, want := range []string{
		`data-testid="sim-mp-account">Qiao (` + mpApp + `)`,
		`href="/_sim/mp/inbox/` + mpApp + `/o-alice">Alice (o-alice)</a>`,
		`Other (` + mpOther + `)`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("index lacks %s", want)
		}
	}
}
