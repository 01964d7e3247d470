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
