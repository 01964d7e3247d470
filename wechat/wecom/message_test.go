package wecom_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

func TestSendMessage(t *testing.T) {
	tooMany := make([]string, wecom.MaxRecipients+1)
	for i := range tooMany {
		tooMany[i] = "u"
	}
	tests := []struct {
		name      string
		msg       wecom.Message
		code      int  // WeCom errcode
		localErr  bool // refused before any request
		want      wecom.SendResult
		delivered map[string]string // userid → payload JSON
	}{
		{name: "OKTextCard", msg: card("alice", "bob"), delivered: map[string]string{
			"alice": `{"title":"Leave request","description":"Alice asks for 2 days","url":"https://qiao.example/h5/item/1","btntxt":"Open"}`,
			"bob":   `{"title":"Leave request","description":"Alice asks for 2 days","url":"https://qiao.example/h5/item/1","btntxt":"Open"}`,
		}},
		{name: "OKText", msg: wecom.Message{ToUser: []string{"bob"}, MsgType: wecom.MsgTypeText, Text: &wecom.Text{Content: "你好"}},
			delivered: map[string]string{"bob": `{"content":"你好"}`}},
		{name: "OKPartlyInvalid", msg: card("alice", "Ghost", "nobody"),
			want: wecom.SendResult{InvalidUser: []string{"ghost", "nobody"}}, delivered: map[string]string{
				"alice": `{"title":"Leave request","description":"Alice asks for 2 days","url":"https://qiao.example/h5/item/1","btntxt":"Open"}`,
			}},
		{name: "ErrAllInvalid", msg: card("ghost", "nobody"), code: 81013,
			want: wecom.SendResult{InvalidUser: []string{"ghost", "nobody"}}},
		{name: "ErrNoRecipients", msg: card(), localErr: true},
		{name: "ErrTooMany", msg: card(tooMany...), localErr: true},
		{name: "ErrPipeInID", msg: card("a|b"), localErr: true},
		{name: "ErrMsgType", msg: wecom.Message{ToUser: []string{"alice"}, MsgType: "voice"}, localErr: true},
		{name: "ErrNoPayload", msg: wecom.Message{ToUser: []string{"alice"}, MsgType: wecom.MsgTypeText}, localErr: true},
		{name: "ErrCardNoURL", msg: wecom.Message{ToUser: []string{"alice"}, MsgType: wecom.MsgTypeTextCard,
			TextCard: &wecom.TextCard{Title: "t", Description: "d"}}, localErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, nil)
			res, err := e.client.SendMessage(context.Background(), app, tt.msg)
			switch {
			case tt.localErr:
				if err == nil || wecom.CodeOf(err) != 0 {
					t.Fatalf("err = %v, want a local validation error", err)
				}
				if get, send := e.calls(); get+send != 0 {
					t.Errorf("made %d requests for an invalid message", get+send)
				}
				return
			case wecom.CodeOf(err) != tt.code:
				t.Fatalf("err = %v, want errcode %d", err, tt.code)
			}
			if diff := cmp.Diff(tt.want, res, cmpopts.IgnoreFields(wecom.SendResult{}, "MsgID")); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			if (tt.code == 0) != (res.MsgID != "") {
				t.Errorf("msgid %q with errcode %d", res.MsgID, tt.code)
			}
			got := map[string]string{}
			for _, u := range []string{"alice", "bob"} {
				for _, m := range e.sim.Messages(corpID, u) {
					if m.MsgID != res.MsgID || m.AgentID != agentID || m.MsgType != tt.msg.MsgType {
						t.Errorf("%s got %+v", u, m)
					}
					got[u] = string(m.Payload)
				}
			}
			if diff := cmp.Diff(tt.delivered, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("delivered payloads (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSendDuplicateCheck(t *testing.T) {
	e := mustEnv(t, nil)
	msg := card("alice")
	msg.EnableDuplicateCheck, msg.DuplicateCheckInterval = true, 600
	for _, advance := range []time.Duration{0, 599 * time.Second, time.Second} {
		e.clock.Advance(advance)
		if _, err := e.client.SendMessage(context.Background(), app, msg); err != nil {
			t.Fatal(err)
		}
	}
	var dup []bool
	for _, m := range e.sim.Messages(corpID, "alice") {
		dup = append(dup, m.Duplicate)
	}
	// The second is within 600s of the first; the third is 600s after the
	// first delivery, so it is delivered again.
	if diff := cmp.Diff([]bool{false, true, false}, dup); diff != "" {
		t.Errorf("duplicate flags (-want +got):\n%s", diff)
	}
}

func TestOAuth(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	phone := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	t.Cleanup(phone.CloseIdleConnections)
	get := func(u string) *http.Response {
		t.Helper()
		resp, err := phone.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}

	// Alice opens her inbox, which puts the phone in her hand, then taps a
	// card whose URL is the authorize link.
	get(e.srv.URL + "/_sim/inbox/wwcorp/alice")
	resp := get(wecom.OAuthURL(e.srv.URL, corpID, agentID, "https://qiao.example/auth/cb?tenant=t1", "s1"))
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: HTTP %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if loc.Host != "qiao.example" || loc.Query().Get("state") != "s1" || loc.Query().Get("tenant") != "t1" {
		t.Errorf("redirected to %s", loc)
	}
	code := loc.Query().Get("code")

	info, err := e.client.GetUserInfo(ctx, app, code)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wecom.UserInfo{UserID: "alice"}, info); diff != "" {
		t.Errorf("user info (-want +got):\n%s", diff)
	}
	// Back button: the same code again.
	if _, err := e.client.GetUserInfo(ctx, app, code); wecom.CodeOf(err) != wecom.CodeInvalidCode {
		t.Errorf("reused code: err = %v, want errcode 40029", err)
	}
	if _, err := e.client.GetUserInfo(ctx, app, ""); err == nil || wecom.CodeOf(err) != 0 {
		t.Errorf("empty code: err = %v, want a local error", err)
	}
}

// TestDecodesLegacyUserID checks the client reads the "UserId" spelling
// alone, as older WeCom answers have it.
func TestDecodesLegacyUserID(t *testing.T) {
	e := mustEnv(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/cgi-bin/auth/getuserinfo" {
				_ = json.NewEncoder(w).Encode(map[string]any{"errcode": 0, "errmsg": "ok", "UserId": "Bob"})
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	info, err := e.client.GetUserInfo(context.Background(), app, "c")
	if err != nil || info.UserID != "Bob" {
		t.Errorf("GetUserInfo = %+v, %v; want Bob", info, err)
	}
}

func TestOAuthURL(t *testing.T) {
	tests := []struct {
		name, base, corp, redirect, state string
		agent                             int64
		want                              string
	}{
		{"DefaultBase", "", "ww1234", "https://qiao.example/auth/cb?t=1&x=a b", "abc", 1000002,
			"https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1234&redirect_uri=https%3A%2F%2Fqiao.example%2Fauth%2Fcb%3Ft%3D1%26x%3Da+b&response_type=code&scope=snsapi_base&state=abc&agentid=1000002#wechat_redirect"},
		{"SimulatorBase", "http://127.0.0.1:9090/", "wwsim", "http://localhost:8080/cb", "S9", 7,
			"http://127.0.0.1:9090/connect/oauth2/authorize?appid=wwsim&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcb&response_type=code&scope=snsapi_base&state=S9&agentid=7#wechat_redirect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, wecom.OAuthURL(tt.base, tt.corp, tt.agent, tt.redirect, tt.state)); diff != "" {
				t.Errorf("OAuthURL (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCodeOf(t *testing.T) {
	wrapped := &wecom.Error{API: "message/send", Code: 81013, Msg: "all invalid"}
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"Nil", nil, 0},
		{"Plain", context.Canceled, 0},
		{"Direct", wrapped, 81013},
		{"Wrapped", fmt.Errorf("outer: %w", wrapped), 81013},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wecom.CodeOf(tt.err); got != tt.want {
				t.Errorf("CodeOf = %d, want %d", got, tt.want)
			}
		})
	}
	if got := wrapped.Error(); !strings.Contains(got, "message/send") || !strings.Contains(got, "81013") {
		t.Errorf("Error() = %q", got)
	}
}

func buttonCard(task string) wecom.ButtonInteractionCard {
	return wecom.ButtonInteractionCard{
		TaskID:     task,
		Source:     wecom.CardSource{Desc: "OA", DescColor: 1},
		MainTitle:  wecom.CardMainTitle{Title: "Approve leave?", Desc: "Alice, 2 days"},
		ButtonList: []wecom.CardButton{{Text: "Approve", Key: "ok", Style: 1}, {Text: "Reject", Key: "no", Style: 2}},
	}
}

// withMedia uploads a medium for each "{image}", "{voice}", "{video}" or
// "{file}" placeholder in m's media fields and puts its id in their place,
// in m and in payload.
func (e *env) withMedia(t *testing.T, m wecom.Message, payload string) (wecom.Message, string) {
	t.Helper()
	samples := map[wecom.MediaType][]byte{
		wecom.MediaImage: append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, "jpeg body"...),
		wecom.MediaVoice: []byte("#!AMR\n voice"),
		wecom.MediaVideo: []byte("\x00\x00\x00\x18ftypmp42 body"),
		wecom.MediaFile:  []byte("plain file body"),
	}
	fill := func(id *string) {
		typ := wecom.MediaType(strings.Trim(*id, "{}"))
		if _, ok := samples[typ]; !ok || *id != "{"+string(typ)+"}" {
			return
		}
		up, err := e.client.UploadMedia(context.Background(), app, typ, "sample", samples[typ])
		if err != nil {
			t.Fatal(err)
		}
		payload = strings.ReplaceAll(payload, *id, up.ID)
		*id = up.ID
	}
	for _, media := range []**wecom.Media{&m.Image, &m.Voice, &m.File} {
		if *media != nil {
			c := **media
			fill(&c.MediaID)
			*media = &c
		}
	}
	if m.Video != nil {
		v := *m.Video
		fill(&v.MediaID)
		m.Video = &v
	}
	if m.MPNews != nil {
		n := wecom.MPNews{Articles: slices.Clone(m.MPNews.Articles)}
		for i := range n.Articles {
			fill(&n.Articles[i].ThumbMediaID)
		}
		m.MPNews = &n
	}
	return m, payload
}

// TestSendEveryMsgType sends each msgtype and compares what the simulator
// recorded with WeCom's JSON for it.
func TestSendEveryMsgType(t *testing.T) {
	to := func(m wecom.Message) wecom.Message { m.ToUser = []string{"alice"}; return m }
	tests := []struct {
		name    string
		msg     wecom.Message
		payload string
		code    bool // answers a response_code
	}{
		{name: "Image", msg: wecom.Message{MsgType: wecom.MsgTypeImage, Image: &wecom.Media{MediaID: "{image}"}}, payload: `{"media_id":"{image}"}`},
		{name: "Voice", msg: wecom.Message{MsgType: wecom.MsgTypeVoice, Voice: &wecom.Media{MediaID: "{voice}"}}, payload: `{"media_id":"{voice}"}`},
		{name: "File", msg: wecom.Message{MsgType: wecom.MsgTypeFile, File: &wecom.Media{MediaID: "{file}"}}, payload: `{"media_id":"{file}"}`},
		{name: "Video", msg: wecom.Message{MsgType: wecom.MsgTypeVideo, Video: &wecom.Video{MediaID: "{video}", Title: "T", Description: "D"}},
			payload: `{"media_id":"{video}","title":"T","description":"D"}`},
		{name: "Markdown", msg: wecom.Message{MsgType: wecom.MsgTypeMarkdown, Markdown: &wecom.Markdown{Content: "**hi**"}},
			payload: `{"content":"**hi**"}`},
		{name: "News", msg: wecom.Message{MsgType: wecom.MsgTypeNews, News: &wecom.News{Articles: []wecom.NewsArticle{
			{Title: "One", Description: "d", URL: "https://h5.example/1", PicURL: "https://h5.example/p.png"},
			{Title: "Two", AppID: "wxapp", PagePath: "pages/i"}}}},
			payload: `{"articles":[{"title":"One","description":"d","url":"https://h5.example/1","picurl":"https://h5.example/p.png"},` +
				`{"title":"Two","appid":"wxapp","pagepath":"pages/i"}]}`},
		{name: "MPNews", msg: wecom.Message{MsgType: wecom.MsgTypeMPNews, Safe: 2, MPNews: &wecom.MPNews{Articles: []wecom.MPNewsArticle{
			{Title: "Handbook", ThumbMediaID: "{image}", Author: "HR", Content: "<p>x</p>", Digest: "short"}}}},
			payload: `{"articles":[{"title":"Handbook","thumb_media_id":"{image}","author":"HR","content":"<p>x</p>","digest":"short"}]}`},
		{name: "MiniprogramNotice", msg: wecom.Message{MsgType: wecom.MsgTypeMiniprogramNotice, MiniprogramNotice: &wecom.MiniprogramNotice{
			AppID: "wxapp", Page: "pages/i", Title: "会议室预订成功", EmphasisFirstItem: true,
			ContentItem: []wecom.NoticeEntry{{Key: "时间", Value: "9:00"}}}},
			payload: `{"appid":"wxapp","page":"pages/i","title":"会议室预订成功","emphasis_first_item":true,"content_item":[{"key":"时间","value":"9:00"}]}`},
		{name: "TextNotice", msg: wecom.Message{MsgType: wecom.MsgTypeTemplateCard, TemplateCard: wecom.TextNoticeCard{
			MainTitle:             wecom.CardMainTitle{Title: "Leave", Desc: "2 days"},
			EmphasisContent:       &wecom.CardEmphasis{Title: "2", Desc: "days"},
			SubTitleText:          "From Monday",
			HorizontalContentList: []wecom.CardHorizontalContent{{KeyName: "By", Value: "Alice"}, {Type: 3, KeyName: "Approver", UserID: "bob"}},
			JumpList:              []wecom.CardJump{{Type: 1, Title: "Open", URL: "https://h5.example/j"}},
			CardAction:            &wecom.CardAction{Type: 1, URL: "https://h5.example/1"},
		}}, payload: `{"card_type":"text_notice","main_title":{"title":"Leave","desc":"2 days"},"emphasis_content":{"title":"2","desc":"days"},` +
			`"sub_title_text":"From Monday","horizontal_content_list":[{"keyname":"By","value":"Alice"},{"type":3,"keyname":"Approver","userid":"bob"}],` +
			`"jump_list":[{"type":1,"title":"Open","url":"https://h5.example/j"}],"card_action":{"type":1,"url":"https://h5.example/1"}}`},
		{name: "NewsNotice", msg: wecom.Message{MsgType: wecom.MsgTypeTemplateCard, TemplateCard: &wecom.NewsNoticeCard{
			MainTitle: wecom.CardMainTitle{Title: "New office"}, CardImage: &wecom.CardImage{URL: "https://h5.example/p.png", AspectRatio: 1.5},
			VerticalContentList: []wecom.CardVerticalContent{{Title: "Where", Desc: "3F"}},
			CardAction:          &wecom.CardAction{Type: 2, AppID: "wxapp", PagePath: "pages/i"},
		}}, payload: `{"card_type":"news_notice","main_title":{"title":"New office"},"card_image":{"url":"https://h5.example/p.png","aspect_ratio":1.5},` +
			`"vertical_content_list":[{"title":"Where","desc":"3F"}],"card_action":{"type":2,"appid":"wxapp","pagepath":"pages/i"}}`},
		{name: "ButtonInteraction", msg: wecom.Message{MsgType: wecom.MsgTypeTemplateCard, TemplateCard: buttonCard("leave-1")}, code: true,
			payload: `{"card_type":"button_interaction","source":{"desc":"OA","desc_color":1},"task_id":"leave-1",` +
				`"main_title":{"title":"Approve leave?","desc":"Alice, 2 days"},` +
				`"button_list":[{"text":"Approve","style":1,"key":"ok"},{"text":"Reject","style":2,"key":"no"}]}`},
		{name: "VoteInteraction", msg: wecom.Message{MsgType: wecom.MsgTypeTemplateCard, TemplateCard: wecom.VoteInteractionCard{
			TaskID: "vote-1", MainTitle: wecom.CardMainTitle{Title: "Lunch"},
			Checkbox:     &wecom.CardCheckbox{QuestionKey: "q", Mode: 1, OptionList: []wecom.CardCheckboxOption{{ID: "a", Text: "Noodles", IsChecked: true}}},
			SubmitButton: &wecom.CardSubmitButton{Text: "Vote", Key: "submit"},
		}}, code: true, payload: `{"card_type":"vote_interaction","task_id":"vote-1","main_title":{"title":"Lunch"},` +
			`"checkbox":{"question_key":"q","option_list":[{"id":"a","text":"Noodles","is_checked":true}],"mode":1},"submit_button":{"text":"Vote","key":"submit"}}`},
		{name: "MultipleInteraction", msg: wecom.Message{MsgType: wecom.MsgTypeTemplateCard, TemplateCard: wecom.MultipleInteractionCard{
			TaskID: "multi-1", MainTitle: wecom.CardMainTitle{Title: "Pick"},
			SelectList:   []wecom.CardSelect{{QuestionKey: "q1", Title: "Day", OptionList: []wecom.CardOption{{ID: "mon", Text: "Monday"}}}},
			SubmitButton: &wecom.CardSubmitButton{Text: "Go", Key: "go"},
		}}, code: true, payload: `{"card_type":"multiple_interaction","task_id":"multi-1","main_title":{"title":"Pick"},` +
			`"select_list":[{"question_key":"q1","title":"Day","option_list":[{"id":"mon","text":"Monday"}]}],"submit_button":{"text":"Go","key":"go"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, nil)
			m, payload := e.withMedia(t, to(tt.msg), tt.payload)
			res, err := e.client.SendMessage(context.Background(), app, m)
			if err != nil {
				t.Fatal(err)
			}
			if (res.ResponseCode != "") != tt.code {
				t.Errorf("response code %q, want one: %v", res.ResponseCode, tt.code)
			}
			got := e.sim.Messages(corpID, "alice")
			if len(got) != 1 || got[0].MsgID != res.MsgID || got[0].MsgType != tt.msg.MsgType || got[0].ResponseCode != res.ResponseCode {
				t.Fatalf("inbox = %+v", got)
			}
			var want, have any
			if err := json.Unmarshal([]byte(payload), &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(got[0].Payload, &have); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, have); diff != "" {
				t.Errorf("payload (-want +got):\n%s", diff)
			}
			if got[0].Safe != tt.msg.Safe {
				t.Errorf("safe = %d, want %d", got[0].Safe, tt.msg.Safe)
			}
		})
	}
}

// TestSendInvalidLocally: messages WeCom would refuse never leave the
// client.
func TestSendInvalidLocally(t *testing.T) {
	alice := []string{"alice"}
	long := strings.Repeat("x", 2049)
	many := func(n int) []string {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprint(i + 1)
		}
		return ids
	}
	text := &wecom.Text{Content: "x"}
	tests := []struct {
		name string
		msg  wecom.Message
	}{
		{"AllAndUsers", wecom.Message{ToAll: true, ToUser: alice, MsgType: "text", Text: text}},
		{"TooManyParties", wecom.Message{ToParty: many(101), MsgType: "text", Text: text}},
		{"TooManyTags", wecom.Message{ToTag: many(101), MsgType: "text", Text: text}},
		{"PipeInParty", wecom.Message{ToParty: []string{"1|2"}, MsgType: "text", Text: text}},
		{"TextTooLong", wecom.Message{ToUser: alice, MsgType: "text", Text: &wecom.Text{Content: long}}},
		{"Safe3", wecom.Message{ToUser: alice, MsgType: "text", Text: text, Safe: 3}},
		{"Safe2Text", wecom.Message{ToUser: alice, MsgType: "text", Text: text, Safe: 2}},
		{"ImageNoMedia", wecom.Message{ToUser: alice, MsgType: "image", Image: &wecom.Media{}}},
		{"FileWrongField", wecom.Message{ToUser: alice, MsgType: "file", Image: &wecom.Media{MediaID: "m"}}},
		{"VideoTitle", wecom.Message{ToUser: alice, MsgType: "video", Video: &wecom.Video{MediaID: "m", Title: long}}},
		{"MarkdownEmpty", wecom.Message{ToUser: alice, MsgType: "markdown", Markdown: &wecom.Markdown{}}},
		{"CardTitleLong", wecom.Message{ToUser: alice, MsgType: "textcard", TextCard: &wecom.TextCard{Title: long, Description: "d", URL: "u"}}},
		{"NewsNone", wecom.Message{ToUser: alice, MsgType: "news", News: &wecom.News{}}},
		{"NewsNine", wecom.Message{ToUser: alice, MsgType: "news", News: &wecom.News{Articles: make([]wecom.NewsArticle, 9)}}},
		{"NewsNoURL", wecom.Message{ToUser: alice, MsgType: "news", News: &wecom.News{Articles: []wecom.NewsArticle{{Title: "t"}}}}},
		{"NewsSafe", wecom.Message{ToUser: alice, MsgType: "news", Safe: 1, News: &wecom.News{Articles: []wecom.NewsArticle{{Title: "t", URL: "u"}}}}},
		{"MPNewsNoThumb", wecom.Message{ToUser: alice, MsgType: "mpnews", MPNews: &wecom.MPNews{Articles: []wecom.MPNewsArticle{{Title: "t", Content: "c"}}}}},
		{"MiniprogramNoAppID", wecom.Message{ToUser: alice, MsgType: "miniprogram_notice", MiniprogramNotice: &wecom.MiniprogramNotice{Title: "t"}}},
		{"NoCard", wecom.Message{ToUser: alice, MsgType: "template_card"}},
		{"NoticeNoAction", wecom.Message{ToUser: alice, MsgType: "template_card", TemplateCard: wecom.TextNoticeCard{MainTitle: wecom.CardMainTitle{Title: "t"}}}},
		{"NoticeNoTitle", wecom.Message{ToUser: alice, MsgType: "template_card", TemplateCard: wecom.TextNoticeCard{CardAction: &wecom.CardAction{Type: 1, URL: "u"}}}},
		{"NoticeMenuNoTask", wecom.Message{ToUser: alice, MsgType: "template_card", TemplateCard: wecom.TextNoticeCard{
			MainTitle: wecom.CardMainTitle{Title: "t"}, CardAction: &wecom.CardAction{Type: 1, URL: "u"},
			ActionMenu: &wecom.CardActionMenu{ActionList: []wecom.CardMenuAction{{Text: "a", Key: "b"}}}}}},
		{"NewsNoticeNoImage", wecom.Message{ToUser: alice, MsgType: "template_card", TemplateCard: wecom.NewsNoticeCard{
			MainTitle: wecom.CardMainTitle{Title: "t"}, CardAction: &wecom.CardAction{Type: 1, URL: "u"}}}},
		{"ButtonsNoTask", wecom.Message{ToUser: alice, MsgType: "template_card", TemplateCard: buttonCard("")}},
		{"ButtonsBadTask", wecom.Message{ToUser: alice, MsgType: "template_card", TemplateCard: buttonCard("a b")}},
		{"ButtonsSeven", wecom.Message{ToUser: alice, MsgType: "template_card", TemplateCard: wecom.ButtonInteractionCard{
			TaskID: "t", MainTitle: wecom.CardMainTitle{Title: "t"}, ButtonList: make([]wecom.CardButton, 7)}}},
		{"ButtonNoKey", wecom.Message{ToUser: alice, MsgType: "template_card", TemplateCard: wecom.ButtonInteractionCard{
			TaskID: "t", MainTitle: wecom.CardMainTitle{Title: "t"}, ButtonList: []wecom.CardButton{{Text: "a"}}}}},
		{"VoteNoSubmit", wecom.Message{ToUser: alice, MsgType: "template_card", TemplateCard: wecom.VoteInteractionCard{
			TaskID: "t", MainTitle: wecom.CardMainTitle{Title: "t"},
			Checkbox: &wecom.CardCheckbox{QuestionKey: "q", OptionList: []wecom.CardCheckboxOption{{ID: "a", Text: "A"}}}}}},
		{"MultipleNoSelect", wecom.Message{ToUser: alice, MsgType: "template_card", TemplateCard: wecom.MultipleInteractionCard{
			TaskID: "t", MainTitle: wecom.CardMainTitle{Title: "t"}, SubmitButton: &wecom.CardSubmitButton{Text: "a", Key: "b"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, nil)
			if _, err := e.client.SendMessage(context.Background(), app, tt.msg); err == nil || wecom.CodeOf(err) != 0 {
				t.Fatalf("err = %v, want a local error", err)
			}
			if get, send := e.calls(); get+send != 0 {
				t.Errorf("made %d requests", get+send)
			}
		})
	}
}

func TestSendRecipientsAndFlags(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	dept, err := e.sim.CreateDepartment(corpID, sim.Department{Name: "Sales", ParentID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.sim.CreateUser(corpID, sim.Member{UserID: "carol", Name: "Carol", Department: []int64{dept}}); err != nil {
		t.Fatal(err)
	}
	tag, err := e.sim.CreateTag(corpID, sim.Tag{Name: "oncall", Users: []string{"bob"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.client.SendMessage(ctx, app, wecom.Message{
		ToUser: []string{"Ghost"}, ToParty: []string{fmt.Sprint(dept), "999"}, ToTag: []string{fmt.Sprint(tag), "77"},
		MsgType: wecom.MsgTypeText, Text: &wecom.Text{Content: "hi $userName=carol$"}, Safe: 1, EnableIDTrans: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := wecom.SendResult{InvalidUser: []string{"ghost"}, InvalidParty: []string{"999"}, InvalidTag: []string{"77"}}
	if diff := cmp.Diff(want, res, cmpopts.IgnoreFields(wecom.SendResult{}, "MsgID")); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	for _, u := range []string{"bob", "carol"} {
		got := e.sim.Messages(corpID, u)
		if len(got) != 1 || got[0].Safe != 1 || !got[0].EnableIDTrans {
			t.Errorf("%s got %+v", u, got)
		}
	}
	if got := e.sim.Messages(corpID, "alice"); len(got) != 0 {
		t.Errorf("alice got %+v", got)
	}

	// @all reaches everyone in the app's range.
	if err := e.sim.SetVisibleScope(corpID, agentID, sim.Scope{Users: []string{"alice", "carol"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.SendMessage(ctx, app, wecom.Message{ToAll: true, MsgType: "text", Text: &wecom.Text{Content: "all"}}); err != nil {
		t.Fatal(err)
	}
	for u, n := range map[string]int{"alice": 1, "bob": 1, "carol": 2} {
		if got := len(e.sim.Messages(corpID, u)); got != n {
			t.Errorf("%s has %d messages, want %d", u, got, n)
		}
	}
}

// TestSendNotRepeated: with the duplicate check on, a send that timed out
// or lost its answer is still never repeated, since WeCom may have acted
// on it; only -1, where WeCom did not act, is retried.
func TestSendNotRepeated(t *testing.T) {
	dupCard := func() wecom.Message {
		m := card("alice")
		m.EnableDuplicateCheck = true
		return m
	}
	tests := []struct {
		name      string
		fault     sim.Fault
		check     bool
		sends     int
		delivered int
		errIs     func(error) bool
	}{
		{"Timeout", sim.Fault{Path: "/cgi-bin/message/send", LatencyMS: 1000, Count: 1}, true, 1, 0,
			func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
		{"AnswerLost", sim.Fault{Path: "/cgi-bin/message/send", DropAfter: true, Count: 1}, true, 1, 1,
			func(err error) bool { return err != nil && wecom.CodeOf(err) == 0 }},
		{"BusyWithCheck", sim.Fault{Path: "/cgi-bin/message/send", ErrCode: -1, Count: 1}, true, 2, 1,
			func(err error) bool { return err == nil }},
		{"BusyWithoutCheck", sim.Fault{Path: "/cgi-bin/message/send", ErrCode: -1, Count: 1}, false, 1, 0,
			func(err error) bool { return wecom.CodeOf(err) == wecom.CodeBusy }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, nil)
			c := e.newClient(t, 300*time.Millisecond)
			if _, err := c.AccessToken(context.Background(), app); err != nil {
				t.Fatal(err)
			}
			if err := e.sim.InjectFault(tt.fault); err != nil {
				t.Fatal(err)
			}
			m := dupCard()
			m.EnableDuplicateCheck = tt.check
			_, err := c.SendMessage(context.Background(), app, m)
			if !tt.errIs(err) {
				t.Fatalf("err = %v", err)
			}
			if _, send := e.calls(); send != tt.sends {
				t.Errorf("message/send calls = %d, want %d", send, tt.sends)
			}
			if got := len(e.sim.Messages(corpID, "alice")); got != tt.delivered {
				t.Errorf("alice has %d messages, want %d", got, tt.delivered)
			}
		})
	}
}

func TestRecallMessage(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	res := e.mustSend(t, e.client)
	if err := e.client.RecallMessage(ctx, otherApp, res.MsgID); wecom.CodeOf(err) != 40058 {
		t.Errorf("recall by another app: %v, want errcode 40058", err)
	}
	if err := e.client.RecallMessage(ctx, app, res.MsgID); err != nil {
		t.Fatal(err)
	}
	if m := e.sim.Messages(corpID, "alice")[0]; !m.Recalled {
		t.Errorf("not recalled: %+v", m)
	}
	late := e.mustSend(t, e.client)
	e.clock.Advance(24 * time.Hour)
	if err := e.client.RecallMessage(ctx, app, late.MsgID); wecom.CodeOf(err) != 42052 {
		t.Errorf("recall after 24h: %v, want errcode 42052", err)
	}
	if err := e.client.RecallMessage(ctx, app, ""); err == nil || wecom.CodeOf(err) != 0 {
		t.Errorf("empty msgid: %v, want a local error", err)
	}
}

func TestUpdateTemplateCard(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	send := func(task string) wecom.SendResult {
		t.Helper()
		res, err := e.client.SendMessage(ctx, app, wecom.Message{ToUser: []string{"alice", "bob"},
			MsgType: wecom.MsgTypeTemplateCard, TemplateCard: buttonCard(task)})
		if err != nil || res.ResponseCode == "" {
			t.Fatalf("send: %+v, %v", res, err)
		}
		return res
	}
	first := send("leave-1")
	invalid, err := e.client.UpdateTemplateCard(ctx, app, wecom.TemplateCardUpdate{
		ResponseCode: first.ResponseCode, UserIDs: []string{"alice", "carol"}, ReplaceName: "Approved"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"carol"}, invalid); diff != "" {
		t.Errorf("invalid users (-want +got):\n%s", diff)
	}
	if a, b := e.sim.Messages(corpID, "alice")[0], e.sim.Messages(corpID, "bob")[0]; !a.Updated || a.ReplaceName != "Approved" || b.Updated {
		t.Errorf("alice %+v, bob %+v", a, b)
	}
	if _, err := e.client.UpdateTemplateCard(ctx, app, wecom.TemplateCardUpdate{
		ResponseCode: first.ResponseCode, AtAll: true, ReplaceName: "again"}); wecom.CodeOf(err) != 60140 {
		t.Errorf("reused code: %v, want errcode 60140", err)
	}

	second := send("leave-2")
	done := wecom.TextNoticeCard{MainTitle: wecom.CardMainTitle{Title: "Leave approved"},
		CardAction: &wecom.CardAction{Type: 1, URL: "https://h5.example/1"}}
	if _, err := e.client.UpdateTemplateCard(ctx, app, wecom.TemplateCardUpdate{
		ResponseCode: second.ResponseCode, AtAll: true, Card: done}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"alice", "bob"} {
		if m := e.sim.Messages(corpID, u)[1]; !m.Updated || !strings.Contains(string(m.Payload), `"text_notice"`) {
			t.Errorf("%s: %+v", u, m)
		}
	}

	for name, u := range map[string]wecom.TemplateCardUpdate{
		"NoCode":     {AtAll: true, ReplaceName: "x"},
		"Neither":    {ResponseCode: "c", AtAll: true},
		"Both":       {ResponseCode: "c", AtAll: true, ReplaceName: "x", Card: done},
		"NoTargets":  {ResponseCode: "c", ReplaceName: "x"},
		"BadCard":    {ResponseCode: "c", AtAll: true, Card: wecom.TextNoticeCard{}},
		"TooManyIDs": {ResponseCode: "c", ReplaceName: "x", PartyIDs: make([]int64, 101)},
	} {
		if _, err := e.client.UpdateTemplateCard(ctx, app, u); err == nil || wecom.CodeOf(err) != 0 {
			t.Errorf("%s: %v, want a local error", name, err)
		}
	}
}
