package wecom_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/wecom"
)

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
