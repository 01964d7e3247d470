package wecom_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/wecom"
)

// TestMessageJSONKeepsItsCard: a message encoded and decoded again (a delivery stores the message it first sent and
// repeats it) keeps its template card, of its own type; a message without one stays without.
func TestMessageJSONKeepsItsCard(t *testing.T) {
	for _, tc := range []struct {
		name string
		msg  wecom.Message
	}{
		{"Button", wecom.Message{ToUser: []string{"lisi"}, MsgType: wecom.MsgTypeTemplateCard, EnableDuplicateCheck: true,
			TemplateCard: &wecom.ButtonInteractionCard{TaskID: "qiao_1_2", MainTitle: wecom.CardMainTitle{Title: "新协同：预算"},
				CardAction: &wecom.CardAction{Type: 1, URL: "https://h5.example/items/1"},
				ButtonList: []wecom.CardButton{{Text: "同意", Style: 1, Key: "approve"}, {Type: 1, Text: "查看详情", URL: "https://h5.example/items/1"}}}}},
		{"TextNotice", wecom.Message{ToUser: []string{"lisi"}, MsgType: wecom.MsgTypeTemplateCard,
			TemplateCard: &wecom.TextNoticeCard{MainTitle: wecom.CardMainTitle{Title: "通知"}, CardAction: &wecom.CardAction{Type: 1, URL: "https://x"}}}},
		{"Textcard", wecom.Message{ToUser: []string{"lisi"}, MsgType: "textcard",
			TextCard: &wecom.TextCard{Title: "新协同", Description: "<div>请处理</div>", URL: "https://x", BtnTxt: "去处理"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.msg)
			if err != nil {
				t.Fatal(err)
			}
			var got wecom.Message
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("decode %s: %v", b, err)
			}
			if diff := cmp.Diff(tc.msg, got); diff != "" {
				t.Errorf("decoded message differs (-sent +decoded):\n%s", diff)
			}
		})
	}
	var m wecom.Message
	if err := json.Unmarshal([]byte(`{"MsgType":"template_card","TemplateCard":{"card_type":"nonsense"}}`), &m); err == nil {
		t.Error("an unknown card_type decoded")
	}
}
