package sim_test

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
)

// tapEvent is a template_card_event as an app reads it, answers included.
type tapEvent struct {
	ToUserName    string `xml:"ToUserName"`
	FromUserName  string `xml:"FromUserName"`
	CreateTime    int64  `xml:"CreateTime"`
	MsgType       string `xml:"MsgType"`
	Event         string `xml:"Event"`
	EventKey      string `xml:"EventKey"`
	TaskID        string `xml:"TaskId"`
	CardType      string `xml:"CardType"`
	ResponseCode  string `xml:"ResponseCode"`
	AgentID       int64  `xml:"AgentID"`
	SelectedItems []struct {
		QuestionKey string   `xml:"QuestionKey"`
		OptionIDs   []string `xml:"OptionIds>OptionId"`
	} `xml:"SelectedItems>SelectedItem"`
}

// tapReceiver is the app's callback server (receiver), its events read as
// template_card_events and answered with reply's passive reply (none when
// reply is nil or says nil).
type tapReceiver struct {
	*receiver
	tb testing.TB
}

func newTapReceiver(tb testing.TB, s *sim.Server, reply func(ev tapEvent) []byte) *tapReceiver {
	tb.Helper()
	rc := &receiver{}
	if reply != nil {
		rc.reply = func(plain []byte) []byte {
			var ev tapEvent
			if err := xml.Unmarshal(plain, &ev); err != nil {
				tb.Errorf("receiver: %v", err)
				return nil
			}
			return reply(ev)
		}
	}
	return &tapReceiver{receiver: startReceiver(tb, s, rc), tb: tb}
}

func (rc *tapReceiver) got() ([]tapEvent, []string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	evs := make([]tapEvent, len(rc.plains))
	for i, plain := range rc.plains {
		if err := xml.Unmarshal(plain, &evs[i]); err != nil {
			rc.tb.Errorf("receiver: %v", err)
		}
	}
	return evs, slices.Clone(rc.agents)
}

// tapEnv is an env whose app 1000002 has a callback (the receiver) and
// whose app 1000003 has none, with tokens for both.
type tapEnv struct {
	*env
	rcv             *tapReceiver
	tok, otherToken string
}

func mustTapEnv(tb testing.TB, reply func(ev tapEvent) []byte) tapEnv {
	tb.Helper()
	e := mustEnv(tb)
	fastRetries(tb, e.sim, time.Second)
	rcv := newTapReceiver(tb, e.sim, reply)
	mustSaveCallback(tb, e.sim, agentID, rcv.srv.URL+"/wecom/callback", rcvToken, rcvAESKey)
	return tapEnv{env: e, rcv: rcv, tok: e.mustToken(tb, secret), otherToken: e.mustToken(tb, otherSecret)}
}

// leaveCard is a button card for alice and bob: 同意 and 驳回 post an
// event, 详情 opens a page.
func leaveCard(agent int, task string) string {
	return `{"touser":"alice|bob","msgtype":"template_card","agentid":` + itoa(agent) + `,"template_card":{` +
		`"card_type":"button_interaction","task_id":"` + task + `","main_title":{"title":"请假审批","desc":"张三 · 年假"},` +
		`"sub_title_text":"共 2 天","horizontal_content_list":[{"keyname":"开始","value":"3月2日"}],` +
		`"card_action":{"type":1,"url":"https://h5.example/leave/1"},"button_list":[` +
		`{"text":"同意","style":1,"key":"agree"},{"text":"驳回","style":3,"key":"reject"},` +
		`{"text":"详情","type":1,"key":"detail","url":"https://h5.example/leave/1"}]}}`
}

func (te tapEnv) mustSend(tb testing.TB, tok, body string) map[string]any {
	tb.Helper()
	out, code := te.call(tb, tok, "POST", "/cgi-bin/message/send", body)
	if code != 0 {
		tb.Fatalf("send %s: %v", body, out)
	}
	return out
}

// TestClickCard: a tap on a callback button posts one template_card_event
// with a fresh response_code, good once for that message only; refused
// taps post nothing.
func TestClickCard(t *testing.T) {
	te := mustTapEnv(t, nil)
	sent := te.mustSend(t, te.tok, leaveCard(agentID, "leave-1")) // alice 0, bob 0
	te.mustSend(t, te.tok, leaveCard(agentID, "leave-2"))         // alice 1, bob 1

	code, err := te.sim.ClickCard(corpID, "ALICE", 0, "agree")
	if err != nil {
		t.Fatal(err)
	}
	waitIdle(t, te.sim)
	evs, agents := te.rcv.got()
	want := tapEvent{ToUserName: corpID, FromUserName: "alice", CreateTime: te.clock.Now().Unix(), MsgType: "event",
		Event: "template_card_event", EventKey: "agree", TaskID: "leave-1", CardType: "button_interaction",
		ResponseCode: code, AgentID: agentID}
	if diff := cmp.Diff([]tapEvent{want}, evs); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"1000002"}, agents); diff != "" {
		t.Errorf("envelope AgentID (-want +got):\n%s", diff)
	}
	if code == "" || code == sent["response_code"] {
		t.Errorf("response_code %q is not fresh (send's was %v)", code, sent["response_code"])
	}
	if at := attempts(t, te.env); len(at) != 1 || at[0].Event != "template_card_event" || !at[0].OK || at[0].AgentID != agentID {
		t.Errorf("attempts = %+v", at)
	}

	update := func(tok, body string) int {
		_, code := te.call(t, tok, "POST", "/cgi-bin/message/update_template_card", body)
		return code
	}
	if c := update(te.otherToken, `{"agentid":1000003,"response_code":"`+code+`","atall":1,"button":{"replace_name":"x"}}`); c != 60140 {
		t.Errorf("the code with another app: errcode %d, want 60140", c)
	}
	if c := update(te.tok, `{"agentid":1000002,"response_code":"`+code+`","userids":["alice"],"button":{"replace_name":"已同意"}}`); c != 0 {
		t.Fatalf("update with the tap's code: errcode %d", c)
	}
	if c := update(te.tok, `{"agentid":1000002,"response_code":"`+code+`","atall":1,"button":{"replace_name":"x"}}`); c != 60140 {
		t.Errorf("the code again: errcode %d, want 60140", c)
	}
	alice, bob := te.sim.Messages(corpID, "alice"), te.sim.Messages(corpID, "bob")
	if alice[0].ReplaceName != "已同意" || alice[1].Updated || bob[0].Updated || bob[1].Updated {
		t.Errorf("the code updated more than alice's copy of leave-1: alice %+v, bob %+v", alice, bob)
	}

	// Cards the taps below are refused on.
	te.mustSend(t, te.tok, `{"touser":"alice","msgtype":"text","agentid":1000002,"text":{"content":"hi"}}`)  // alice 2
	te.mustSend(t, te.tok, `{"touser":"alice","msgtype":"template_card","agentid":1000002,"template_card":`+ // alice 3
		`{"card_type":"text_notice","main_title":{"title":"通知"},"card_action":{"type":1,"url":"https://h5.example/n"}}}`)
	recalled := te.mustSend(t, te.tok, leaveCard(agentID, "leave-3")) // alice 4
	if _, c := te.call(t, te.tok, "POST", "/cgi-bin/message/recall", `{"msgid":"`+recalled["msgid"].(string)+`"}`); c != 0 {
		t.Fatalf("recall: errcode %d", c)
	}
	te.mustSend(t, te.otherToken, leaveCard(otherAgent, "crm-1")) // alice 5: an app without a callback
	te.mustSend(t, te.tok, `{"touser":"bob","msgtype":"text","agentid":1000002,"text":{"content":"hi"}}`)

	for _, tt := range []struct {
		name, user string
		index      int
		key        string
		want       error
		status     int
	}{
		{"ErrGreyed", "alice", 0, "reject", sim.ErrInvalid, 400},
		{"ErrText", "alice", 2, "agree", sim.ErrInvalid, 400},
		{"ErrNotInteractive", "alice", 3, "agree", sim.ErrInvalid, 400},
		{"ErrRecalled", "alice", 4, "agree", sim.ErrInvalid, 400},
		{"ErrNoCallback", "alice", 5, "agree", sim.ErrInvalid, 400},
		{"ErrUnknownKey", "alice", 1, "maybe", sim.ErrInvalid, 400},
		{"ErrNoKey", "alice", 1, "", sim.ErrInvalid, 400},
		{"ErrURLButton", "alice", 1, "detail", sim.ErrInvalid, 400},
		{"ErrBeyondInbox", "bob", 5, "agree", sim.ErrNotFound, 404},
		{"ErrNegativeIndex", "alice", -1, "agree", sim.ErrNotFound, 404},
		{"ErrUnknownUser", "ghost", 0, "agree", sim.ErrNotFound, 404},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := te.sim.ClickCard(corpID, tt.user, tt.index, tt.key); !errors.Is(err, tt.want) {
				t.Errorf("ClickCard: %v, want %v", err, tt.want)
			}
			resp, body := te.do(t, "POST", "/_sim/corps/"+corpID+"/users/"+tt.user+"/messages/"+itoa(tt.index)+"/click",
				`{"key":"`+tt.key+`"}`)
			var out map[string]string
			if resp.StatusCode != tt.status || json.Unmarshal([]byte(body), &out) != nil || out["error"] == "" {
				t.Errorf("POST click: HTTP %d %s, want %d and a JSON error", resp.StatusCode, body, tt.status)
			}
		})
	}
	waitIdle(t, te.sim)
	if evs, _ := te.rcv.got(); len(evs) != 1 {
		t.Errorf("refused taps posted %d events", len(evs)-1)
	}

	// The control endpoint answers the code and task_id; the code is good
	// for that card.
	resp, body := te.do(t, "POST", "/_sim/corps/"+corpID+"/users/bob/messages/1/click", `{"key":"reject"}`)
	var click struct {
		ResponseCode string `json:"response_code"`
		TaskID       string `json:"task_id"`
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &click) != nil || click.TaskID != "leave-2" || click.ResponseCode == "" {
		t.Fatalf("POST click: HTTP %d %s", resp.StatusCode, body)
	}
	if c := update(te.tok, `{"agentid":1000002,"response_code":"`+click.ResponseCode+`","atall":1,`+
		`"template_card":{"card_type":"text_notice","main_title":{"title":"已驳回"},"card_action":{"type":1,"url":"https://h5.example/x"}}}`); c != 0 {
		t.Errorf("update with the endpoint's code: errcode %d", c)
	}
	waitIdle(t, te.sim)
	if evs, _ := te.rcv.got(); len(evs) != 2 || evs[1].FromUserName != "Bob" || evs[1].EventKey != "reject" || evs[1].TaskID != "leave-2" {
		t.Errorf("events = %+v", evs)
	}
	if _, err := te.sim.ClickCard(corpID, "alice", 1, "agree"); !errors.Is(err, sim.ErrInvalid) {
		t.Errorf("tap on a card replaced by a text_notice: %v, want ErrInvalid", err)
	}
}

// TestClickCardSelections: the answers of a vote, a multiple choice and a
// button card's drop-down travel in SelectedItems, presets included.
func TestClickCardSelections(t *testing.T) {
	te := mustTapEnv(t, nil)
	card := func(task, body string) string {
		return `{"touser":"alice","msgtype":"template_card","agentid":1000002,"template_card":{"task_id":"` + task +
			`","main_title":{"title":"Q"},` + body + `}}`
	}
	te.mustSend(t, te.tok, card("v1", `"card_type":"vote_interaction","checkbox":{"question_key":"lunch","mode":1,`+
		`"option_list":[{"id":"noodles","text":"面"},{"id":"rice","text":"饭","is_checked":true}]},"submit_button":{"text":"提交","key":"go"}`))
	te.mustSend(t, te.tok, card("m1", `"card_type":"multiple_interaction","select_list":[`+
		`{"question_key":"room","selected_id":"r1","option_list":[{"id":"r1","text":"A"},{"id":"r2","text":"B"}]},`+
		`{"question_key":"time","option_list":[{"id":"am","text":"上午"},{"id":"pm","text":"下午"}]}],"submit_button":{"text":"提交","key":"go"}`))
	te.mustSend(t, te.tok, card("b1", `"card_type":"button_interaction","button_selection":{"question_key":"who","title":"代理人",`+
		`"selected_id":"u1","option_list":[{"id":"u1","text":"张三"},{"id":"u2","text":"李四"}]},"button_list":[{"text":"转交","key":"pass"}]`))

	type item struct {
		Q   string
		IDs []string
	}
	for _, tt := range []struct {
		name     string
		index    int
		selected []string
		want     []item
		err      error
	}{
		{"VotePreset", 0, nil, []item{{"lunch", []string{"rice"}}}, nil},
		{"VoteBoth", 0, []string{"noodles", "lunch:rice"}, []item{{"lunch", []string{"noodles", "rice"}}}, nil},
		{"MultiplePreset", 1, []string{"pm"}, []item{{"room", []string{"r1"}}, {"time", []string{"pm"}}}, nil},
		{"ButtonSelection", 2, []string{"u2"}, []item{{"who", []string{"u2"}}}, nil},
		{"ErrUnknownOption", 0, []string{"soup"}, nil, sim.ErrInvalid},
		{"ErrTwoForOne", 1, []string{"am", "pm"}, nil, sim.ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := te.rcv.got()
			key := "go"
			if tt.index == 2 {
				key = "pass"
			}
			_, err := te.sim.ClickCardSelecting(corpID, "alice", tt.index, key, tt.selected)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ClickCardSelecting: %v, want %v", err, tt.err)
			}
			waitIdle(t, te.sim)
			evs, _ := te.rcv.got()
			if tt.err != nil {
				if len(evs) != len(before) {
					t.Errorf("a refused tap posted an event")
				}
				return
			}
			if len(evs) != len(before)+1 {
				t.Fatalf("%d events posted, want 1", len(evs)-len(before))
			}
			var got []item
			for _, it := range evs[len(evs)-1].SelectedItems {
				got = append(got, item{it.QuestionKey, it.OptionIDs})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SelectedItems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestClickCardPassiveReply: an update_button reply to the tap greys the
// tapper's card only.
func TestClickCardPassiveReply(t *testing.T) {
	te := mustTapEnv(t, func(ev tapEvent) []byte {
		return []byte(`<xml><ToUserName><![CDATA[` + ev.FromUserName + `]]></ToUserName><FromUserName><![CDATA[` + corpID +
			`]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[update_button]]></MsgType>` +
			`<Button><ReplaceName><![CDATA[已处理]]></ReplaceName></Button></xml>`)
	})
	te.mustSend(t, te.tok, leaveCard(agentID, "leave-1"))
	if _, err := te.sim.ClickCard(corpID, "bob", 0, "agree"); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, te.sim)
	alice, bob := te.sim.Messages(corpID, "alice")[0], te.sim.Messages(corpID, "bob")[0]
	if bob.ReplaceName != "已处理" || !bob.Updated || alice.ReplaceName != "" || alice.Updated {
		t.Errorf("after the reply alice = %+v, bob = %+v", alice, bob)
	}
	if _, err := te.sim.ClickCard(corpID, "bob", 0, "agree"); !errors.Is(err, sim.ErrInvalid) {
		t.Errorf("tap on the greyed card: %v, want ErrInvalid", err)
	}
}

var clickForm = regexp.MustCompile(`<form method="post" action="([^"]+)" class="sim-card-click"><input type="hidden" name="csrf" value="([^"]+)"><input type="hidden" name="key" value="agree">`)

// TestClickCardPage: the inbox shows a button card's content and its
// buttons as forms; a form post taps and comes back; after replace_name
// one greyed button is left.
func TestClickCardPage(t *testing.T) {
	te := mustTapEnv(t, nil)
	te.mustSend(t, te.tok, `{"touser":"alice","msgtype":"text","agentid":1000002,"text":{"content":"hi"}}`)
	te.mustSend(t, te.tok, leaveCard(agentID, "leave-1")) // alice 1
	inbox := "/_sim/inbox/" + corpID + "/alice"
	_, page := te.do(t, "GET", inbox, "")
	for _, want := range []string{
		`<div class="card sim-card-interactive" data-testid="sim-card" data-index="1" data-task-id="leave-1">`,
		`<a class="open" data-testid="sim-card-open" href="https://h5.example/leave/1">`, `>请假审批<`, `>张三 · 年假<`, `>共 2 天<`, `>开始: 3月2日<`,
		`<button type="submit" class="btn sim-card-btn sim-card-btn-style1" data-testid="sim-card-button" data-key="agree">同意</button>`,
		`class="btn sim-card-btn sim-card-btn-style3" data-testid="sim-card-button" data-key="reject">驳回</button>`,
		`<a class="btn sim-card-btn sim-card-btn-style1 sim-card-btn-url" data-testid="sim-card-button" data-key="detail" href="https://h5.example/leave/1">详情</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("inbox lacks %s", want)
		}
	}
	m := clickForm.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form for 同意 in:\n%s", page)
	}
	action := m[1]
	if action != "/_sim/corps/"+corpID+"/users/alice/messages/1/click" {
		t.Errorf("form action %q", action)
	}

	post := func(form url.Values, referer string) (*http.Response, string) {
		req, err := http.NewRequest("POST", te.srv.URL+action, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Referer", referer)
		return te.doRequest(t, req)
	}
	if resp, _ := post(url.Values{"key": {"agree"}}, te.srv.URL+inbox); resp.StatusCode != http.StatusForbidden {
		t.Errorf("form without csrf: HTTP %d, want 403", resp.StatusCode)
	}
	if resp, body := post(url.Values{"key": {"maybe"}, "csrf": {m[2]}}, ""); resp.StatusCode != 400 || !strings.Contains(body, `data-testid="sim-error"`) {
		t.Errorf("form with an unknown key: HTTP %d %s", resp.StatusCode, body)
	}
	for _, tt := range []struct{ referer, back string }{
		{te.srv.URL + inbox + "?x=1", inbox + "?x=1"},
		{"https://evil.example/_sim/x", inbox},
		{"", inbox},
	} {
		resp, body := post(url.Values{"key": {"agree"}, "csrf": {m[2]}}, tt.referer)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tt.back {
			t.Errorf("form post from %q: HTTP %d to %q, want 303 to %q: %s", tt.referer, resp.StatusCode, resp.Header.Get("Location"), tt.back, body)
		}
	}
	waitIdle(t, te.sim)
	evs, _ := te.rcv.got()
	if len(evs) != 3 || evs[0].EventKey != "agree" {
		t.Fatalf("events = %+v", evs)
	}

	if _, c := te.call(t, te.tok, "POST", "/cgi-bin/message/update_template_card",
		`{"agentid":1000002,"response_code":"`+evs[2].ResponseCode+`","atall":1,"button":{"replace_name":"已同意"}}`); c != 0 {
		t.Fatalf("update: errcode %d", c)
	}
	_, page = te.do(t, "GET", inbox, "")
	want := `<div class="btns off" data-testid="sim-card-disabled"><button type="button" class="btn sim-card-btn sim-card-btn-replaced" data-testid="sim-card-button" data-replaced="true" disabled>已同意</button></div>`
	if !strings.Contains(page, want) || strings.Contains(page, `data-key="agree"`) || strings.Contains(page, ">驳回<") {
		t.Errorf("inbox after replace_name lacks the greyed button or still has the buttons:\n%s", page)
	}
}

// TestClickCardCodeExpires: a tap's response_code lasts 72 hours, as the
// one message/send answers.
func TestClickCardCodeExpires(t *testing.T) {
	te := mustTapEnv(t, nil)
	te.mustSend(t, te.tok, leaveCard(agentID, "leave-1"))
	code, err := te.sim.ClickCard(corpID, "alice", 0, "agree")
	if err != nil {
		t.Fatal(err)
	}
	te.clock.Advance(72 * time.Hour)
	tok := te.mustToken(t, secret)
	if _, c := te.call(t, tok, "POST", "/cgi-bin/message/update_template_card",
		`{"agentid":1000002,"response_code":"`+code+`","atall":1,"button":{"replace_name":"x"}}`); c != 60140 {
		t.Errorf("a 72-hour-old code: errcode %d, want 60140", c)
	}
}
