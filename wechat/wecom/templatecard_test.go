package wecom_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/wecom"
)

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
