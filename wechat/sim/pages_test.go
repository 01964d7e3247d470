package sim_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
)

const authorizePath = "/connect/oauth2/authorize?appid=wwcorp&redirect_uri=" +
	"https%3A%2F%2Fqiao.example%2Fauth%2Fcb%3Ftenant%3Dt1&response_type=code&scope=snsapi_base&state=xyz&agentid=1000002"

// mustCode runs the OAuth step as the member holding the phone and returns
// the code from the redirect.
func (e *env) mustCode(tb testing.TB) string {
	tb.Helper()
	resp, body := e.do(tb, "GET", authorizePath, "")
	if resp.StatusCode != http.StatusFound {
		tb.Fatalf("authorize: HTTP %d: %s", resp.StatusCode, body)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		tb.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != "https://qiao.example/auth/cb" {
		tb.Errorf("redirected to %s", got)
	}
	q := loc.Query()
	if q.Get("tenant") != "t1" || q.Get("state") != "xyz" || q.Get("code") == "" {
		tb.Errorf("redirect query = %v, want tenant, state and code", q)
	}
	return q.Get("code")
}

func TestOAuthFlow(t *testing.T) {
	e := mustEnv(t)

	// Nobody holds the phone yet: the page asks who does.
	resp, body := e.do(t, "GET", authorizePath, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="sim-pick-user"`) {
		t.Fatalf("chooser: HTTP %d: %s", resp.StatusCode, body)
	}
	pick := "/_sim/phone/wwcorp/alice?next=" + url.QueryEscape(authorizePath)
	if !strings.Contains(body, strings.ReplaceAll(pick, "&", "&amp;")) {
		t.Fatalf("chooser lacks link %s:\n%s", pick, body)
	}
	resp, _ = e.do(t, "GET", pick, "")
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != authorizePath {
		t.Fatalf("pick: HTTP %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	tok := e.mustToken(t, secret)
	code := e.mustCode(t)
	out := e.api(t, "GET", "/cgi-bin/auth/getuserinfo?access_token="+tok+"&code="+code, "")
	if out.ErrCode != 0 || out.UserID != "alice" {
		t.Fatalf("getuserinfo: %+v", out)
	}
	_, raw := e.do(t, "GET", "/cgi-bin/auth/getuserinfo?access_token="+tok+"&code="+e.mustCode(t), "")
	if !strings.Contains(raw, `"UserId":"alice"`) {
		t.Errorf("answer lacks UserId: %s", raw)
	}

	tests := []struct {
		name string
		code func(t *testing.T) string
		tok  func(t *testing.T) string
		want int
	}{
		{"ErrReused", func(*testing.T) string { return code }, func(*testing.T) string { return tok }, 40029},
		{"ErrUnknown", func(*testing.T) string { return "bogus" }, func(*testing.T) string { return tok }, 40029},
		{"ErrMissing", func(*testing.T) string { return "" }, func(*testing.T) string { return tok }, 41008},
		{"ErrExpired", func(t *testing.T) string {
			c := e.mustCode(t)
			e.clock.Advance(5 * time.Minute)
			return c
		}, func(t *testing.T) string { return e.mustToken(t, secret) }, 40029},
		{"ErrOtherCorp", func(t *testing.T) string { return e.mustCode(t) }, func(t *testing.T) string {
			e.sim.CreateCorp("wwother")
			if err := e.sim.AddApp("wwother", 1, "x", "x"); err != nil {
				t.Fatal(err)
			}
			out := e.api(t, "GET", "/cgi-bin/gettoken?corpid=wwother&corpsecret=x", "")
			return out.AccessToken
		}, 40029},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.code(t)
			out := e.api(t, "GET", "/cgi-bin/auth/getuserinfo?access_token="+tt.tok(t)+"&code="+c, "")
			if out.ErrCode != tt.want {
				t.Errorf("errcode = %d, want %d (%s)", out.ErrCode, tt.want, out.ErrMsg)
			}
		})
	}
}

func TestAuthorizeErrors(t *testing.T) {
	tests := []struct {
		name  string
		query string
	}{
		{"ErrUnknownCorp", "appid=wwnobody&redirect_uri=https%3A%2F%2Fx.example%2F&response_type=code&scope=snsapi_base"},
		{"ErrNoRedirect", "appid=wwcorp&response_type=code&scope=snsapi_base"},
		{"ErrRelativeRedirect", "appid=wwcorp&redirect_uri=%2Fcb&response_type=code&scope=snsapi_base"},
		{"ErrResponseType", "appid=wwcorp&redirect_uri=https%3A%2F%2Fx.example%2F&response_type=token&scope=snsapi_base"},
		{"ErrScope", "appid=wwcorp&redirect_uri=https%3A%2F%2Fx.example%2F&response_type=code&scope=snsapi_userinfo"},
		{"ErrAgent", "appid=wwcorp&redirect_uri=https%3A%2F%2Fx.example%2F&response_type=code&scope=snsapi_base&agentid=9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			resp, body := e.do(t, "GET", "/connect/oauth2/authorize?"+tt.query, "")
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `data-testid="sim-error"`) {
				t.Errorf("HTTP %d: %s", resp.StatusCode, body)
			}
		})
	}
}

// TestAuthorizePrivateInfo: snsapi_privateinfo names the app the member
// consents to, so agentid is required with it (and optional with
// snsapi_base).
func TestAuthorizePrivateInfo(t *testing.T) {
	const base = "/connect/oauth2/authorize?appid=wwcorp&redirect_uri=https%3A%2F%2Fx.example%2F&response_type=code"
	tests := []struct {
		name  string
		query string
		want  int
	}{
		{"OKPrivateInfo", "&scope=snsapi_privateinfo&agentid=1000002", http.StatusFound},
		{"OKBaseWithoutAgent", "&scope=snsapi_base", http.StatusFound},
		{"ErrPrivateInfoWithoutAgent", "&scope=snsapi_privateinfo", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			e.do(t, "GET", "/_sim/phone/wwcorp/alice", "") // alice holds the phone
			resp, body := e.do(t, "GET", base+tt.query, "")
			if resp.StatusCode != tt.want {
				t.Fatalf("HTTP %d, want %d: %s", resp.StatusCode, tt.want, body)
			}
			if tt.want == http.StatusBadRequest && !strings.Contains(body, `data-testid="sim-error"`) {
				t.Errorf("no error page: %s", body)
			}
		})
	}
}

func TestInbox(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	e.send(t, tok, textcard("alice", "First"))
	e.send(t, tok, `{"touser":"alice","msgtype":"textcard","agentid":1000002,"enable_duplicate_check":1,"textcard":{"title":"Second &lt;","description":"<script>x()</script><div class=\"highlight\">urgent</div>","url":"https://h5.example/item/2"}}`)
	e.send(t, tok, `{"touser":"alice","msgtype":"textcard","agentid":1000002,"enable_duplicate_check":1,"textcard":{"title":"Second &lt;","description":"<script>x()</script><div class=\"highlight\">urgent</div>","url":"https://h5.example/item/2"}}`)
	e.send(t, tok, `{"touser":"alice","msgtype":"text","agentid":1000002,"text":{"content":"plain"}}`)

	resp, body := e.do(t, "GET", "/_sim/inbox/wwcorp/ALICE", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d", resp.StatusCode)
	}
	for _, want := range []string{
		`<h1 data-testid="sim-inbox-title">alice`,
		`<a class="card" data-testid="sim-card" href="https://h5.example/item/2">`,
		`<a class="card" data-testid="sim-card" href="https://h5.example/item/1">`,
		`<div class="highlight">urgent</div>`, `&lt;script&gt;`, `>Open<`, `>详情<`, `data-testid="sim-text"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("inbox lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>") {
		t.Error("inbox renders a script tag from a description")
	}
	if n := strings.Count(body, `data-testid="sim-card"`); n != 2 {
		t.Errorf("%d cards shown, want 2 (the duplicate hidden)", n)
	}
	if strings.Index(body, "item/2") > strings.Index(body, "item/1") {
		t.Error("inbox is not newest first")
	}
	ck := resp.Cookies()
	if len(ck) != 1 || ck[0].Name != sim.PhoneCookie || ck[0].Value != "wwcorp/alice" || ck[0].Path != "/" {
		t.Errorf("cookies = %v", ck)
	}

	if resp, _ := e.do(t, "GET", "/_sim/inbox/wwcorp/ghost", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown user: HTTP %d", resp.StatusCode)
	}
	// Holding the phone after the inbox visit, the OAuth step goes straight
	// through.
	e.mustCode(t)
}

func TestControlAPI(t *testing.T) {
	e := mustEnv(t)
	e.sim.Reset()
	steps := []struct {
		name, method, path, body string
		status                   int
	}{
		{"CreateCorp", "POST", "/_sim/corps", `{"corpid":"wwnew"}`, 201},
		{"CreateCorpAgain", "POST", "/_sim/corps", `{"corpid":"wwnew"}`, 201},
		{"ErrCorpEmpty", "POST", "/_sim/corps", `{}`, 400},
		{"ErrCorpJSON", "POST", "/_sim/corps", `{`, 400},
		{"AddApp", "POST", "/_sim/corps/wwnew/apps", `{"agentid":7,"secret":"s","name":"OA"}`, 201},
		{"ErrAppTaken", "POST", "/_sim/corps/wwnew/apps", `{"agentid":7,"secret":"t"}`, 409},
		{"ErrSecretTaken", "POST", "/_sim/corps/wwnew/apps", `{"agentid":8,"secret":"s"}`, 409},
		{"ErrAppCorp", "POST", "/_sim/corps/wwnone/apps", `{"agentid":7,"secret":"s"}`, 404},
		{"ErrAppInvalid", "POST", "/_sim/corps/wwnew/apps", `{"agentid":0,"secret":"s"}`, 400},
		{"AddUser", "POST", "/_sim/corps/wwnew/users", `{"userid":"Zhang.San","name":"张三"}`, 201},
		{"ErrUserTaken", "POST", "/_sim/corps/wwnew/users", `{"userid":"zhang.san"}`, 409},
		{"ErrUserInvalid", "POST", "/_sim/corps/wwnew/users", `{"userid":"a b"}`, 400},
		{"ErrUserCorp", "POST", "/_sim/corps/wwnone/users", `{"userid":"a"}`, 404},
		{"Messages", "GET", "/_sim/corps/wwnew/users/zhang.san/messages", ``, 200},
		{"ErrMessagesUser", "GET", "/_sim/corps/wwnew/users/ghost/messages", ``, 404},
		{"Invalidate", "POST", "/_sim/corps/wwnew/invalidate-tokens", ``, 204},
		{"ErrInvalidate", "POST", "/_sim/corps/wwnone/invalidate-tokens", ``, 404},
		{"Index", "GET", "/_sim/", ``, 200},
	}
	for _, s := range steps {
		if resp, body := e.do(t, s.method, s.path, s.body); resp.StatusCode != s.status {
			t.Errorf("%s: HTTP %d, want %d: %s", s.name, resp.StatusCode, s.status, body)
		}
	}
	if err := e.sim.AddUser("wwnew", "ZHANG.SAN", ""); !errors.Is(err, sim.ErrConflict) {
		t.Errorf("AddUser duplicate: %v, want ErrConflict", err)
	}

	out := e.api(t, "GET", "/cgi-bin/gettoken?corpid=wwnew&corpsecret=s", "")
	e.send(t, out.AccessToken, `{"touser":"zhang.san","msgtype":"text","agentid":7,"text":{"content":"hello"}}`)
	_, body := e.do(t, "GET", "/_sim/corps/wwnew/users/Zhang.San/messages", "")
	var msgs []map[string]any
	if err := json.Unmarshal([]byte(body), &msgs); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{
		"msgid": msgs[0]["msgid"], "agentid": 7.0, "msgtype": "text", "payload": map[string]any{"content": "hello"},
		"received_at": "2026-03-01T09:00:00Z", "duplicate": false, "dropped": false, "recalled": false, "updated": false,
	}}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("messages JSON (-want +got):\n%s", diff)
	}

	var calls map[string]int
	_, body = e.do(t, "GET", "/_sim/calls", "")
	if err := json.Unmarshal([]byte(body), &calls); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]int{"/cgi-bin/gettoken": 1, "/cgi-bin/message/send": 1}, calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}

	if resp, _ := e.do(t, "POST", "/_sim/reset", ""); resp.StatusCode != http.StatusNoContent {
		t.Errorf("reset: HTTP %d", resp.StatusCode)
	}
	if e.sim.CallCount("/cgi-bin/gettoken") != 0 || e.sim.Messages("wwnew", "zhang.san") != nil {
		t.Error("reset kept state")
	}
}

func TestInboxEveryType(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	for _, b := range []string{
		msg("image", `{"media_id":"{image}"}`),
		msg("file", `{"media_id":"{file}"}`),
		msg("video", `{"media_id":"{video}","title":"Launch"}`),
		msg("markdown", `{"content":"**bold** <i>x</i>"}`),
		msg("news", `{"articles":[{"title":"News one","description":"First","url":"https://h5.example/n1","picurl":"https://h5.example/p.png"},{"title":"News two","url":"https://h5.example/n2"}]}`),
		msg("mpnews", `{"articles":[{"title":"Handbook","thumb_media_id":"{image}","content":"<p>x</p>","digest":"Read me"}]}`),
		msg("miniprogram_notice", `{"appid":"wxapp","title":"会议室预订成功","description":"明天","content_item":[{"key":"地点","value":"3楼"}]}`),
		msg("template_card", `{"card_type":"text_notice","main_title":{"title":"Notice","desc":"Leave"},"sub_title_text":"Two days",`+
			`"horizontal_content_list":[{"keyname":"By","value":"Alice"}],"card_action":{"type":1,"url":"https://h5.example/t1"}}`),
		msg("template_card", `{"card_type":"button_interaction","task_id":"b1","main_title":{"title":"Decide"},`+
			`"button_list":[{"text":"Yes","key":"y"},{"text":"No","key":"n"}]}`),
		msg("template_card", `{"card_type":"vote_interaction","task_id":"v1","main_title":{"title":"Vote"},`+
			`"checkbox":{"question_key":"q","option_list":[{"id":"a","text":"Noodles"}]},"submit_button":{"text":"Submit","key":"s"}}`),
	} {
		e.withMedia(t, tok, &b)
		if out, code := e.call(t, tok, "POST", "/cgi-bin/message/send", b); code != 0 {
			t.Fatalf("send %s: %v", b, out)
		}
	}
	resp, page := e.do(t, "GET", "/_sim/inbox/wwcorp/alice", "")
	if resp.StatusCode != 200 {
		t.Fatalf("HTTP %d", resp.StatusCode)
	}
	for _, want := range []string{
		`data-testid="sim-media">`, `[图片]`, `[文件]`, `[视频] Launch`,
		`**bold** &lt;i&gt;x&lt;/i&gt;`,
		`<a class="card" data-testid="sim-card" href="https://h5.example/n1">`, `src="https://h5.example/p.png"`, `>News two<`,
		`<div class="card" data-testid="sim-card">`, `>Handbook<`, `>Read me<`,
		`>会议室预订成功<`, `>地点: 3楼<`, `>进入小程序查看<`,
		`<a class="card" data-testid="sim-card" href="https://h5.example/t1">`, `>Notice<`, `>Two days<`, `>By: Alice<`,
		`>Decide<`, `>Yes<`, `>No<`, `>☐ Noodles<`, `>Submit<`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("inbox lacks %s", want)
		}
	}
	if strings.Contains(page, "<i>x</i>") {
		t.Error("markdown rendered as HTML")
	}
	if n := strings.Count(page, `data-testid="sim-card"`); n != 6 {
		t.Errorf("%d cards, want 6", n)
	}
}

// TestInboxHidesDropped: messages over the rate limit never reached the
// phone, so the page does not show them.
func TestInboxHidesDropped(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	for i := range 31 {
		e.send(t, tok, textcard("alice", fmt.Sprintf("Card %02d", i)))
	}
	_, page := e.do(t, "GET", "/_sim/inbox/wwcorp/alice", "")
	if n := strings.Count(page, `data-testid="sim-card"`); n != 30 || strings.Contains(page, "Card 30") {
		t.Errorf("%d cards shown (Card 30 shown: %v), want 30 without the dropped one", n, strings.Contains(page, "Card 30"))
	}
}
