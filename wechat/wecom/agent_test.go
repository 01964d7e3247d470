package wecom_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

func TestAgent(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	got, err := e.client.GetAgent(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	want := wecom.Agent{AgentID: agentID, Name: "OA", SquareLogoURL: got.SquareLogoURL, AllowParties: []int64{1}, AllowTags: []int64{}}
	if diff := cmp.Diff(want, got); diff != "" || got.SquareLogoURL == "" {
		t.Errorf("new app (-want +got):\n%s", diff)
	}

	str := func(s string) *string { return &s }
	yes := true
	if err := e.client.SetAgent(ctx, app, wecom.AgentSettings{
		Name: str("审批"), Description: str("请假与报销"), RedirectDomain: str("qiao.example"),
		HomeURL: str("https://qiao.example/h5/"), ReportLocation: &yes,
	}); err != nil {
		t.Fatal(err)
	}
	no := false
	// Only what is set changes.
	if err := e.client.SetAgent(ctx, app, wecom.AgentSettings{ReportEnter: &yes, ReportLocation: &no}); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.SetVisibleScope(corpID, agentID, sim.Scope{Users: []string{"alice"}, Tags: []int64{}}); err != nil {
		t.Fatal(err)
	}
	got, err = e.client.GetAgent(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	want = wecom.Agent{AgentID: agentID, Name: "审批", SquareLogoURL: got.SquareLogoURL, Description: "请假与报销",
		AllowUsers: []string{"alice"}, AllowParties: []int64{}, AllowTags: []int64{}, RedirectDomain: "qiao.example",
		ReportEnter: true, HomeURL: "https://qiao.example/h5/"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after SetAgent (-want +got):\n%s", diff)
	}

	for name, tt := range map[string]struct {
		s    wecom.AgentSettings
		code int
	}{
		"ShortDescription": {wecom.AgentSettings{Description: str("短")}, 45004},
		"BadHomeURL":       {wecom.AgentSettings{HomeURL: str("/h5")}, 40094},
		"BadDomain":        {wecom.AgentSettings{RedirectDomain: str("qiao.example:8080")}, 80001},
	} {
		if err := e.client.SetAgent(ctx, app, tt.s); wecom.CodeOf(err) != tt.code {
			t.Errorf("%s: %v, want errcode %d", name, err, tt.code)
		}
	}
	wrong := app
	wrong.AgentID = otherApp.AgentID
	if _, err := e.client.GetAgent(ctx, wrong); wecom.CodeOf(err) != 301002 {
		t.Errorf("GetAgent for another agent: %v, want 301002", err)
	}
	if err := e.client.SetAgent(ctx, wecom.App{CorpID: corpID, Secret: secret}, wecom.AgentSettings{}); err == nil || wecom.CodeOf(err) != 0 {
		t.Errorf("SetAgent without agentid: %v, want a local error", err)
	}
}
