package sim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
)

// call sends a request to a WeCom path with the app's token added and
// returns the decoded answer and its errcode.
func (e *env) call(tb testing.TB, tok, method, path, body string) (map[string]any, int) {
	tb.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	resp, b := e.do(tb, method, path+sep+"access_token="+url.QueryEscape(tok), body)
	if resp.StatusCode != 200 {
		tb.Fatalf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, b)
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(b), &out); err != nil {
		tb.Fatalf("%s %s: %v in %s", method, path, err, b)
	}
	code, _ := out["errcode"].(float64)
	return out, int(code)
}

// mediaSamples are the smallest uploads media/upload takes for each type.
var mediaSamples = map[string][]byte{
	"image": append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, "jpeg body"...),
	"voice": []byte("#!AMR\n voice"),
	"video": []byte("\x00\x00\x00\x18ftypmp42 body"),
	"file":  []byte("plain file body"),
}

// mustMedia uploads a medium of type typ and returns its media_id.
func (e *env) mustMedia(tb testing.TB, tok, typ string) string {
	tb.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("media", "sample."+typ)
	if err == nil {
		_, err = part.Write(mediaSamples[typ])
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		tb.Fatal(err)
	}
	req, err := http.NewRequest("POST", e.srv.URL+"/cgi-bin/media/upload?type="+typ+"&access_token="+url.QueryEscape(tok), &body)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := e.browser.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		ErrCode int    `json:"errcode"`
		MediaID string `json:"media_id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.ErrCode != 0 || out.MediaID == "" {
		tb.Fatalf("media/upload %s: %+v, %v", typ, out, err)
	}
	return out.MediaID
}

// withMedia uploads one medium for each of {image}, {voice}, {video} and
// {file} that the strings name, and puts its media_id in their place.
func (e *env) withMedia(tb testing.TB, tok string, strs ...*string) {
	tb.Helper()
	for typ := range mediaSamples {
		ph := "{" + typ + "}"
		var id string
		for _, p := range strs {
			if strings.Contains(*p, ph) {
				if id == "" {
					id = e.mustMedia(tb, tok, typ)
				}
				*p = strings.ReplaceAll(*p, ph, id)
			}
		}
	}
}

// msg builds a message/send body for alice with one payload.
func msg(msgType, payload string, extra ...string) string {
	b := `{"touser":"alice","msgtype":"` + msgType + `","agentid":1000002`
	if payload != "" {
		b += `,"` + msgType + `":` + payload
	}
	for _, x := range extra {
		b += "," + x
	}
	return b + "}"
}

func TestSendMsgTypes(t *testing.T) {
	article := func(title, desc string) string {
		return `{"title":"` + title + `","description":"` + desc + `","url":"https://h5.example/a","picurl":"https://h5.example/p.png"}`
	}
	articles := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = article(fmt.Sprint("t", i), "d")
		}
		return `{"articles":[` + strings.Join(parts, ",") + `]}`
	}
	mpArticle := `{"title":"Policy","thumb_media_id":"{image}","content":"<p>hi</p>","digest":"short","author":"HR"}`
	notice := `{"card_type":"text_notice","main_title":{"title":"Leave","desc":"2 days"},"card_action":{"type":1,"url":"https://h5.example/1"}}`
	buttons := `{"card_type":"button_interaction","task_id":"task-1","main_title":{"title":"Approve?"},` +
		`"button_list":[{"text":"Yes","key":"yes"},{"text":"No","key":"no","style":2}]}`
	tests := []struct {
		name     string
		body     string
		code     int
		payload  string // stored payload, when checked
		response bool   // answers a response_code
	}{
		{name: "OKImage", body: msg("image", `{"media_id":"{image}"}`), payload: `{"media_id":"{image}"}`},
		{name: "OKVoice", body: msg("voice", `{"media_id":"{voice}"}`), payload: `{"media_id":"{voice}"}`},
		{name: "OKFile", body: msg("file", `{"media_id":"{file}"}`, `"safe":1`), payload: `{"media_id":"{file}"}`},
		{name: "OKVideo", body: msg("video", `{"media_id":"{video}","title":"T","description":"D"}`),
			payload: `{"media_id":"{video}","title":"T","description":"D"}`},
		{name: "OKMarkdown", body: msg("markdown", `{"content":"**hi** <b>"}`), payload: `{"content":"**hi** <b>"}`},
		{name: "OKNews", body: msg("news", articles(8)), response: false},
		{name: "OKNewsMiniprogram", body: msg("news", `{"articles":[{"title":"t","appid":"wxapp","pagepath":"p"}]}`)},
		{name: "OKMPNews", body: msg("mpnews", `{"articles":[`+mpArticle+`]}`, `"safe":2`)},
		{name: "OKMiniprogram", body: msg("miniprogram_notice", `{"appid":"wxapp","page":"p","title":"会议室预订成功","content_item":[{"key":"时间","value":"9:00"}]}`)},
		{name: "OKTextNotice", body: msg("template_card", notice),
			payload: `{"card_action":{"type":1,"url":"https://h5.example/1"},"card_type":"text_notice","main_title":{"desc":"2 days","title":"Leave"}}`},
		{name: "OKButtons", body: msg("template_card", buttons), response: true},
		{name: "OKVote", body: msg("template_card", `{"card_type":"vote_interaction","task_id":"v1","main_title":{"title":"Lunch"},`+
			`"checkbox":{"question_key":"q","option_list":[{"id":"a","text":"Noodles"}],"mode":1},"submit_button":{"text":"Vote","key":"k"}}`), response: true},
		{name: "OKMultiple", body: msg("template_card", `{"card_type":"multiple_interaction","task_id":"m1","main_title":{"title":"Pick"},`+
			`"select_list":[{"question_key":"q","option_list":[{"id":"a","text":"A"}]}],"submit_button":{"text":"Go","key":"k"}}`), response: true},
		{name: "OKNewsNotice", body: msg("template_card", `{"card_type":"news_notice","main_title":{"title":"New"},`+
			`"card_image":{"url":"https://h5.example/p.png"},"card_action":{"type":2,"appid":"wxapp"}}`)},

		{name: "ErrImageNoMedia", body: msg("image", `{}`), code: 41006},
		{name: "ErrImageUnknownMedia", body: msg("image", `{"media_id":"3-nope"}`), code: 40007},
		{name: "ErrImageWithVoice", body: msg("image", `{"media_id":"{voice}"}`), code: 40007},
		{name: "ErrMPNewsThumbNotImage", body: msg("mpnews", `{"articles":[{"title":"t","thumb_media_id":"{file}","content":"c"}]}`), code: 40007},
		{name: "ErrImageMissing", body: msg("image", ""), code: 41006},
		{name: "ErrVideoTitle", body: msg("video", `{"media_id":"m","title":"`+strings.Repeat("x", 129)+`"}`), code: 45002},
		{name: "ErrMarkdownEmpty", body: msg("markdown", `{"content":""}`), code: 44004},
		{name: "ErrMarkdownTooLong", body: msg("markdown", `{"content":"`+strings.Repeat("x", 2049)+`"}`), code: 45002},
		{name: "ErrTextCardTitle", body: msg("textcard", `{"description":"d","url":"u"}`), code: 41016},
		{name: "ErrTextCardURL", body: msg("textcard", `{"title":"t","description":"d"}`), code: 41010},
		{name: "ErrTextCardDesc", body: msg("textcard", `{"title":"t","description":"`+strings.Repeat("x", 513)+`","url":"u"}`), code: 45002},
		{name: "ErrNewsNone", body: msg("news", `{"articles":[]}`), code: 40058},
		{name: "ErrNewsNine", body: msg("news", articles(9)), code: 45008},
		{name: "ErrNewsTitle", body: msg("news", `{"articles":[`+article("", "d")+`]}`), code: 41016},
		{name: "ErrNewsTitleLong", body: msg("news", `{"articles":[`+article(strings.Repeat("t", 129), "d")+`]}`), code: 45002},
		{name: "ErrNewsDescLong", body: msg("news", `{"articles":[`+article("t", strings.Repeat("d", 513))+`]}`), code: 45002},
		{name: "ErrNewsNoURL", body: msg("news", `{"articles":[{"title":"t"}]}`), code: 41010},
		{name: "ErrNewsSafe", body: msg("news", articles(1), `"safe":1`), code: 40074},
		{name: "ErrSafe2NotMPNews", body: msg("text", `{"content":"x"}`, `"safe":2`), code: 40058},
		{name: "ErrSafe3", body: msg("text", `{"content":"x"}`, `"safe":3`), code: 40058},
		{name: "ErrMPNewsThumb", body: msg("mpnews", `{"articles":[{"title":"t","content":"c"}]}`), code: 41006},
		{name: "ErrMPNewsContent", body: msg("mpnews", `{"articles":[{"title":"t","thumb_media_id":"m"}]}`), code: 40058},
		{name: "ErrMiniprogramAppID", body: msg("miniprogram_notice", `{"title":"会议室预订成功"}`), code: 40058},
		{name: "ErrMiniprogramTitle", body: msg("miniprogram_notice", `{"appid":"wxapp","title":"短"}`), code: 45002},
		{name: "ErrCardType", body: msg("template_card", `{"main_title":{"title":"x"}}`), code: 40058},
		{name: "ErrCardTypeUnknown", body: msg("template_card", `{"card_type":"poster"}`), code: 40058},
		{name: "ErrNoticeNoAction", body: msg("template_card", `{"card_type":"text_notice","main_title":{"title":"x"}}`), code: 40058},
		{name: "ErrNoticeNoTitle", body: msg("template_card", `{"card_type":"text_notice","card_action":{"type":1,"url":"u"}}`), code: 40058},
		{name: "ErrNoticeMenuNoTask", body: msg("template_card", `{"card_type":"text_notice","main_title":{"title":"x"},`+
			`"card_action":{"type":1,"url":"u"},"action_menu":{"action_list":[{"text":"a","key":"b"}]}}`), code: 42014},
		{name: "ErrNewsNoticeImage", body: msg("template_card", `{"card_type":"news_notice","main_title":{"title":"x"},"card_action":{"type":1,"url":"u"}}`), code: 40058},
		{name: "ErrButtonsNoTask", body: msg("template_card", strings.Replace(buttons, `"task_id":"task-1",`, "", 1)), code: 42014},
		{name: "ErrButtonsBadTask", body: msg("template_card", strings.Replace(buttons, "task-1", "task 1", 1)), code: 42014},
		{name: "ErrButtonsNone", body: msg("template_card", `{"card_type":"button_interaction","task_id":"t","main_title":{"title":"x"}}`), code: 40058},
		{name: "ErrButtonNoKey", body: msg("template_card", `{"card_type":"button_interaction","task_id":"t","main_title":{"title":"x"},"button_list":[{"text":"a"}]}`), code: 40058},
		{name: "ErrVoteNoSubmit", body: msg("template_card", `{"card_type":"vote_interaction","task_id":"v","main_title":{"title":"x"},`+
			`"checkbox":{"question_key":"q","option_list":[{"id":"a","text":"A"}]}}`), code: 40058},
		{name: "ErrMultipleNoSelect", body: msg("template_card", `{"card_type":"multiple_interaction","task_id":"m","main_title":{"title":"x"},`+
			`"submit_button":{"text":"Go","key":"k"}}`), code: 40058},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			tok := e.mustToken(t, secret)
			e.withMedia(t, tok, &tt.body, &tt.payload)
			out, code := e.call(t, tok, "POST", "/cgi-bin/message/send", tt.body)
			if code != tt.code {
				t.Fatalf("errcode = %d, want %d (%v)", code, tt.code, out["errmsg"])
			}
			got := e.sim.Messages(corpID, "alice")
			if tt.code != 0 {
				if len(got) != 0 {
					t.Errorf("refused message delivered: %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].MsgID != out["msgid"] {
				t.Fatalf("inbox = %+v, want the message %v", got, out["msgid"])
			}
			if tt.payload != "" && string(got[0].Payload) != tt.payload {
				t.Errorf("payload = %s, want %s", got[0].Payload, tt.payload)
			}
			rc, _ := out["response_code"].(string)
			if (rc != "") != tt.response || got[0].ResponseCode != rc {
				t.Errorf("response_code %q (inbox %q), want one: %v", rc, got[0].ResponseCode, tt.response)
			}
		})
	}
}

// TestSendRecipients covers toparty, totag, @all and the app's visible
// range.
func TestSendRecipients(t *testing.T) {
	e := mustEnv(t)
	sales, err := e.sim.CreateDepartment(corpID, sim.Department{Name: "Sales", ParentID: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []sim.Member{
		{UserID: "carol", Name: "Carol", Department: []int64{sales}},
		{UserID: "dave", Name: "Dave", Department: []int64{sales}},
		{UserID: "erin", Name: "Erin"},
	} {
		if err := e.sim.CreateUser(corpID, m); err != nil {
			t.Fatal(err)
		}
	}
	tag, err := e.sim.CreateTag(corpID, sim.Tag{Name: "oncall", Users: []string{"erin"}})
	if err != nil {
		t.Fatal(err)
	}
	// The other app sees Sales only.
	if err := e.sim.SetVisibleScope(corpID, otherAgent, sim.Scope{Departments: []int64{sales}}); err != nil {
		t.Fatal(err)
	}
	body := func(agent int, to string) string {
		return fmt.Sprintf(`{%s,"msgtype":"text","agentid":%d,"text":{"content":"hi"}}`, to, agent)
	}
	many := func(n int) string {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprint(i + 1)
		}
		return strings.Join(ids, "|")
	}
	tests := []struct {
		name   string
		other  bool // sent by the other app
		to     string
		code   int
		fields map[string]string
		got    []string // who received it, sorted
	}{
		{name: "OKParty", to: fmt.Sprintf(`"toparty":"%d|999"`, sales), fields: map[string]string{"invalidparty": "999"},
			got: []string{"carol", "dave"}},
		{name: "OKTag", to: fmt.Sprintf(`"totag":"%d|77"`, tag), fields: map[string]string{"invalidtag": "77"}, got: []string{"erin"}},
		{name: "OKUsersAndParty", to: fmt.Sprintf(`"touser":"Carol|alice","toparty":"%d"`, sales), got: []string{"alice", "carol", "dave"}},
		{name: "OKAllInScope", other: true, to: `"touser":"@all"`, got: []string{"carol", "dave"}},
		{name: "OKOutOfScopeInvalid", other: true, to: `"touser":"alice|Carol"`, fields: map[string]string{"invaliduser": "alice"},
			got: []string{"carol"}},
		{name: "ErrOutOfScopeOnly", other: true, to: `"touser":"alice|bob"`, code: 81013,
			fields: map[string]string{"invaliduser": "alice|bob"}},
		{name: "ErrPartiesInvalid", to: `"toparty":"999","totag":"77"`, code: 81013,
			fields: map[string]string{"invalidparty": "999", "invalidtag": "77"}},
		{name: "ErrTooManyParties", to: `"toparty":"` + many(101) + `"`, code: 82002},
		{name: "ErrTooManyTags", to: `"totag":"` + many(101) + `"`, code: 82003},
		{name: "ErrEmpty", to: `"touser":"","toparty":"","totag":""`, code: 82001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, agent := e.mustToken(t, secret), agentID
			if tt.other {
				tok, agent = e.mustToken(t, otherSecret), otherAgent
			}
			out, code := e.call(t, tok, "POST", "/cgi-bin/message/send", body(agent, tt.to))
			if code != tt.code {
				t.Fatalf("errcode = %d, want %d (%v)", code, tt.code, out["errmsg"])
			}
			for _, f := range []string{"invaliduser", "invalidparty", "invalidtag"} {
				if got, _ := out[f].(string); got != tt.fields[f] {
					t.Errorf("%s = %q, want %q", f, got, tt.fields[f])
				}
			}
			var got []string
			for _, u := range []string{"alice", "bob", "carol", "dave", "erin"} {
				for _, m := range e.sim.Messages(corpID, u) {
					if m.MsgID == out["msgid"] && out["msgid"] != nil {
						got = append(got, u)
					}
				}
			}
			if diff := cmp.Diff(tt.got, got); diff != "" {
				t.Errorf("recipients (-want +got):\n%s", diff)
			}
		})
	}
}

// marks lists each message of the user as "ok", "dropped" or "dup".
func (e *env) marks(user string) []string {
	var out []string
	for _, m := range e.sim.Messages(corpID, user) {
		switch {
		case m.Duplicate:
			out = append(out, "dup")
		case m.Dropped:
			out = append(out, "dropped")
		default:
			out = append(out, "ok")
		}
	}
	return out
}

func TestMemberRateLimit(t *testing.T) {
	t.Run("PerMinute", func(t *testing.T) {
		e := mustEnv(t)
		tok, other := e.mustToken(t, secret), e.mustToken(t, otherSecret)
		for i := range 31 {
			out := e.send(t, tok, textcard("alice|bob", fmt.Sprint("n", i)))
			if out.ErrCode != 0 || out.InvalidUser != "" {
				t.Fatalf("send %d: %+v; the excess must be dropped silently", i, out)
			}
			e.clock.Advance(time.Second)
		}
		// The same app is over its 30 for this minute; another app is not.
		e.send(t, other, `{"touser":"alice","msgtype":"text","agentid":1000003,"text":{"content":"crm"}}`)
		// A duplicate is not delivered, so it counts for nothing.
		dup := strings.TrimSuffix(textcard("bob", "n0"), "}") + `,"enable_duplicate_check":1}`
		e.send(t, tok, dup)
		// 60 s after the first delivery it has left the window.
		e.clock.Advance(29 * time.Second)
		e.send(t, tok, textcard("alice", "late"))

		want := append(append(repeat("ok", 30), "dropped"), "ok", "ok")
		if diff := cmp.Diff(want, e.marks("alice")); diff != "" {
			t.Errorf("alice (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(append(append(repeat("ok", 30), "dropped"), "dup"), e.marks("bob")); diff != "" {
			t.Errorf("bob (-want +got):\n%s", diff)
		}
	})
	t.Run("PerHour", func(t *testing.T) {
		e := mustEnv(t)
		tok := e.mustToken(t, secret)
		// 1000 deliveries at 25 a minute take 40 minutes.
		for i := range 1000 {
			if out := e.send(t, tok, fmt.Sprintf(`{"touser":"alice","msgtype":"text","agentid":1000002,"text":{"content":"%d"}}`, i)); out.ErrCode != 0 {
				t.Fatalf("send %d: %+v", i, out)
			}
			if i%25 == 24 {
				e.clock.Advance(time.Minute)
			}
		}
		e.send(t, tok, textcard("alice", "over the hour"))
		// The first 25 leave the hour window 60 minutes after they came.
		e.clock.Advance(20 * time.Minute)
		e.send(t, tok, textcard("alice", "next hour"))
		marks := e.marks("alice")
		if diff := cmp.Diff([]string{"ok", "dropped", "ok"}, marks[999:]); diff != "" || len(marks) != 1002 {
			t.Errorf("last marks (-want +got):\n%s (of %d)", diff, len(marks))
		}
		// The control API shows the mark.
		_, body := e.do(t, "GET", "/_sim/corps/wwcorp/users/alice/messages", "")
		var msgs []map[string]any
		if err := json.Unmarshal([]byte(body), &msgs); err != nil {
			t.Fatal(err)
		}
		if msgs[1000]["dropped"] != true || msgs[1001]["dropped"] != false {
			t.Errorf("control API marks: %v, %v", msgs[1000]["dropped"], msgs[1001]["dropped"])
		}
	})
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestRecall(t *testing.T) {
	e := mustEnv(t)
	tok, other := e.mustToken(t, secret), e.mustToken(t, otherSecret)
	first := e.send(t, tok, textcard("alice|bob", "Recall me"))
	kept := e.send(t, tok, textcard("alice", "Keep me"))
	recall := func(tok, msgID string) int {
		_, code := e.call(t, tok, "POST", "/cgi-bin/message/recall", `{"msgid":"`+msgID+`"}`)
		return code
	}
	if code := recall(other, first.MsgID); code != 40058 {
		t.Errorf("recall by another app: errcode %d, want 40058", code)
	}
	if code := recall(tok, "nope"); code != 40058 {
		t.Errorf("recall unknown: errcode %d, want 40058", code)
	}
	if _, code := e.call(t, tok, "POST", "/cgi-bin/message/recall", `{}`); code != 40058 {
		t.Errorf("recall without msgid: errcode %d, want 40058", code)
	}
	e.clock.Advance(24*time.Hour - time.Second)
	tok = e.mustToken(t, secret) // the old one expired
	if code := recall(tok, first.MsgID); code != 0 {
		t.Fatalf("recall: errcode %d", code)
	}
	for _, u := range []string{"alice", "bob"} {
		if m := e.sim.Messages(corpID, u)[0]; !m.Recalled {
			t.Errorf("%s's copy not marked recalled", u)
		}
	}
	if m := e.sim.Messages(corpID, "alice")[1]; m.Recalled {
		t.Error("another message was marked recalled")
	}
	e.clock.Advance(time.Second)
	if code := recall(tok, kept.MsgID); code != 42052 {
		t.Errorf("recall after 24h: errcode %d, want 42052", code)
	}

	_, page := e.do(t, "GET", "/_sim/inbox/wwcorp/alice", "")
	if !strings.Contains(page, `data-testid="sim-recalled"`) || !strings.Contains(page, "message recalled") ||
		strings.Contains(page, "Recall me") || !strings.Contains(page, "Keep me") {
		t.Errorf("inbox after recall:\n%s", page)
	}
}

func TestUpdateTemplateCard(t *testing.T) {
	card := func(task string) string {
		return `{"touser":"alice|bob","msgtype":"template_card","agentid":1000002,"template_card":{"card_type":"button_interaction",` +
			`"task_id":"` + task + `","main_title":{"title":"Approve leave?"},"button_list":[{"text":"Approve","key":"ok"},{"text":"Reject","key":"no"}]}}`
	}
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	out, code := e.call(t, tok, "POST", "/cgi-bin/message/send", card("leave-1"))
	rc, _ := out["response_code"].(string)
	if code != 0 || rc == "" {
		t.Fatalf("send: %v", out)
	}
	if _, code := e.call(t, tok, "POST", "/cgi-bin/message/send", strings.Replace(card("leave-1"), "Approve leave?", "Other", 1)); code != 42014 {
		t.Errorf("reused task_id: errcode %d, want 42014", code)
	}

	update := func(tok, body string) (map[string]any, int) {
		return e.call(t, tok, "POST", "/cgi-bin/message/update_template_card", body)
	}
	for _, tt := range []struct {
		name, tok, body string
		code            int
	}{
		{"ErrOtherAgent", tok, `{"agentid":1000003,"response_code":"` + rc + `","atall":1,"button":{"replace_name":"x"}}`, 301002},
		{"ErrOtherApp", e.mustToken(t, otherSecret), `{"agentid":1000003,"response_code":"` + rc + `","atall":1,"button":{"replace_name":"x"}}`, 60140},
		{"ErrUnknownCode", tok, `{"agentid":1000002,"response_code":"nope","atall":1,"button":{"replace_name":"x"}}`, 60140},
		{"ErrNothing", tok, `{"agentid":1000002,"response_code":"` + rc + `","atall":1}`, 40058},
		{"ErrNoTargets", tok, `{"agentid":1000002,"response_code":"` + rc + `","button":{"replace_name":"x"}}`, 82001},
		{"ErrBadCard", tok, `{"agentid":1000002,"response_code":"` + rc + `","atall":1,"template_card":{"card_type":"text_notice"}}`, 40058},
	} {
		if out, code := update(tt.tok, tt.body); code != tt.code {
			t.Errorf("%s: errcode %d, want %d (%v)", tt.name, code, tt.code, out["errmsg"])
		}
	}

	out, code = update(tok, `{"agentid":1000002,"response_code":"`+rc+`","userids":["ALICE","ghost"],"button":{"replace_name":"Approved"}}`)
	if code != 0 {
		t.Fatalf("update: %v", out)
	}
	if diff := cmp.Diff([]any{"ghost"}, out["invaliduser"]); diff != "" {
		t.Errorf("invaliduser (-want +got):\n%s", diff)
	}
	alice, bob := e.sim.Messages(corpID, "alice")[0], e.sim.Messages(corpID, "bob")[0]
	if !alice.Updated || alice.ReplaceName != "Approved" || bob.Updated {
		t.Errorf("after update alice = %+v, bob = %+v", alice, bob)
	}
	if _, code := update(tok, `{"agentid":1000002,"response_code":"`+rc+`","atall":1,"button":{"replace_name":"x"}}`); code != 60140 {
		t.Errorf("reused response_code: errcode %d, want 60140", code)
	}
	_, page := e.do(t, "GET", "/_sim/inbox/wwcorp/alice", "")
	if !strings.Contains(page, `data-testid="sim-updated"`) || !strings.Contains(page, `data-testid="sim-card-disabled"`) ||
		!strings.Contains(page, ">Approved<") || strings.Contains(page, ">Reject<") {
		t.Errorf("inbox after update:\n%s", page)
	}

	// A whole new card, for everyone.
	out, _ = e.call(t, tok, "POST", "/cgi-bin/message/send", card("leave-2"))
	rc2, _ := out["response_code"].(string)
	newCard := `{"card_type":"text_notice","main_title":{"title":"Leave approved"},"card_action":{"type":1,"url":"https://h5.example/9"}}`
	if out, code := update(tok, `{"agentid":"1000002","response_code":"`+rc2+`","atall":1,"template_card":`+newCard+`}`); code != 0 {
		t.Fatalf("update with a card: %v", out)
	}
	for _, u := range []string{"alice", "bob"} {
		m := e.sim.Messages(corpID, u)[1]
		if !m.Updated || !strings.Contains(string(m.Payload), "Leave approved") {
			t.Errorf("%s's card = %+v", u, m)
		}
	}

	// Codes expire after 72 hours.
	out, _ = e.call(t, tok, "POST", "/cgi-bin/message/send", card("leave-3"))
	e.clock.Advance(72 * time.Hour)
	tok = e.mustToken(t, secret)
	if _, code := update(tok, `{"agentid":1000002,"response_code":"`+out["response_code"].(string)+`","atall":1,"button":{"replace_name":"x"}}`); code != 60140 {
		t.Errorf("expired response_code: errcode %d, want 60140", code)
	}
}

// TestTaskIDResend shows a resend of the identical card (a retry under the
// duplicate check) is not a task_id conflict.
func TestTaskIDResend(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	body := `{"touser":"alice","msgtype":"template_card","agentid":1000002,"enable_duplicate_check":1,"template_card":` +
		`{"card_type":"button_interaction","task_id":"t1","main_title":{"title":"Q"},"button_list":[{"text":"A","key":"a"}]}}`
	for i := range 2 {
		if _, code := e.call(t, tok, "POST", "/cgi-bin/message/send", body); code != 0 {
			t.Fatalf("send %d: errcode %d", i, code)
		}
	}
	if diff := cmp.Diff([]string{"ok", "dup"}, e.marks("alice")); diff != "" {
		t.Errorf("marks (-want +got):\n%s", diff)
	}
}

func mustUnmarshal(tb testing.TB, s string, v any) {
	tb.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		tb.Fatalf("%v in %s", err, s)
	}
}

// TestSendExpiredMedia: media live 3 days.
func TestSendExpiredMedia(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	body := msg("file", `{"media_id":"{file}"}`)
	e.withMedia(t, tok, &body)
	e.clock.Advance(72*time.Hour - time.Second)
	tok = e.mustToken(t, secret)
	if out, code := e.call(t, tok, "POST", "/cgi-bin/message/send", body); code != 0 {
		t.Fatalf("just before expiry: %v", out)
	}
	e.clock.Advance(time.Second)
	if _, code := e.call(t, tok, "POST", "/cgi-bin/message/send", body); code != 40007 {
		t.Errorf("expired medium: errcode %d, want 40007", code)
	}
}
