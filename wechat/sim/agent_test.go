package sim_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
)

func TestAgentGetSet(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	get := func() map[string]any {
		t.Helper()
		out, code := e.call(t, tok, "GET", "/cgi-bin/agent/get?agentid=1000002", "")
		if code != 0 {
			t.Fatalf("agent/get: %v", out)
		}
		delete(out, "errcode")
		delete(out, "errmsg")
		return out
	}
	want := map[string]any{
		"agentid": 1000002.0, "name": "OA", "square_logo_url": "https://wework.qpic.cn/wwpic/sim-1000002/0", "description": "",
		"allow_userinfos": map[string]any{"user": []any{}}, "allow_partys": map[string]any{"partyid": []any{1.0}},
		"allow_tags": map[string]any{"tagid": []any{}}, "close": 0.0, "redirect_domain": "",
		"report_location_flag": 0.0, "isreportenter": 0.0, "home_url": "",
	}
	if diff := cmp.Diff(want, get()); diff != "" {
		t.Fatalf("new app (-want +got):\n%s", diff)
	}

	set := `{"agentid":1000002,"name":"审批","description":"请假与报销","redirect_domain":"qiao.example",` +
		`"home_url":"https://qiao.example/h5/","report_location_flag":1,"isreportenter":1,"logo_mediaid":"m1"}`
	if out, code := e.call(t, tok, "POST", "/cgi-bin/agent/set", set); code != 0 {
		t.Fatalf("agent/set: %v", out)
	}
	// Fields left out keep their values.
	if out, code := e.call(t, tok, "POST", "/cgi-bin/agent/set", `{"agentid":"1000002","isreportenter":0}`); code != 0 {
		t.Fatalf("agent/set: %v", out)
	}
	if err := e.sim.SetVisibleScope(corpID, agentID, sim.Scope{Users: []string{"alice"}}); err != nil {
		t.Fatal(err)
	}
	want["name"], want["description"], want["redirect_domain"], want["home_url"] = "审批", "请假与报销", "qiao.example", "https://qiao.example/h5/"
	want["report_location_flag"], want["square_logo_url"] = 1.0, "https://wework.qpic.cn/wwpic/sim-m1/0"
	want["allow_userinfos"] = map[string]any{"user": []any{map[string]any{"userid": "alice"}}}
	want["allow_partys"] = map[string]any{"partyid": []any{}}
	if diff := cmp.Diff(want, get()); diff != "" {
		t.Errorf("after agent/set (-want +got):\n%s", diff)
	}
}

func TestAgentErrors(t *testing.T) {
	e := mustEnv(t)
	tok, other := e.mustToken(t, secret), e.mustToken(t, otherSecret)
	tests := []struct {
		name, tok, method, path, body string
		code                          int
	}{
		{"GetNoAgent", tok, "GET", "/cgi-bin/agent/get", "", 41011},
		{"GetOtherAgent", other, "GET", "/cgi-bin/agent/get?agentid=1000002", "", 301002},
		{"SetNoAgent", tok, "POST", "/cgi-bin/agent/set", `{"name":"x"}`, 41011},
		{"SetOtherAgent", other, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"name":"x"}`, 301002},
		{"SetJSON", tok, "POST", "/cgi-bin/agent/set", `{"agentid":`, 47001},
		{"SetLocationFlag", tok, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"report_location_flag":2}`, 40059},
		{"SetReportEnter", tok, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"isreportenter":2}`, 40058},
		{"SetEmptyName", tok, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"name":""}`, 40058},
		{"SetShortDescription", tok, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"description":"短"}`, 45004},
		{"SetLongDescription", tok, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"description":"` + strings.Repeat("长", 121) + `"}`, 45004},
		{"SetHomeURL", tok, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"home_url":"/h5"}`, 40094},
		{"SetDomainPort", tok, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"redirect_domain":"qiao.example:8080"}`, 80001},
		{"SetDomainIP", tok, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"redirect_domain":"10.0.0.1"}`, 80001},
		{"SetDomainScheme", tok, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"redirect_domain":"https://qiao.example"}`, 80001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if out, code := e.call(t, tt.tok, tt.method, tt.path, tt.body); code != tt.code {
				t.Errorf("errcode = %d, want %d (%v)", code, tt.code, out["errmsg"])
			}
		})
	}
	// A refused set changes nothing, not even its valid fields.
	e.call(t, tok, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"name":"new","home_url":"bad"}`)
	if out, _ := e.call(t, tok, "GET", "/cgi-bin/agent/get?agentid=1000002", ""); out["name"] != "OA" {
		t.Errorf("name = %v after a refused set", out["name"])
	}
}

// TestRedirectDomain: once the app has a trusted domain, the OAuth step
// only redirects to it.
func TestRedirectDomain(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	e.do(t, "GET", "/_sim/inbox/wwcorp/alice", "") // alice holds the phone
	authorize := func(redirect string) int {
		resp, _ := e.do(t, "GET", "/connect/oauth2/authorize?appid=wwcorp&redirect_uri="+url.QueryEscape(redirect)+
			"&response_type=code&scope=snsapi_base&state=s&agentid=1000002", "")
		return resp.StatusCode
	}
	if got := authorize("https://anything.example/cb"); got != http.StatusFound {
		t.Errorf("no trusted domain: HTTP %d, want 302", got)
	}
	if out, code := e.call(t, tok, "POST", "/cgi-bin/agent/set", `{"agentid":1000002,"redirect_domain":"qiao.example"}`); code != 0 {
		t.Fatal(out)
	}
	for redirect, want := range map[string]int{
		"https://qiao.example/cb":      http.StatusFound,
		"http://QIAO.example:8080/cb":  http.StatusFound,
		"https://evil.example/cb":      http.StatusBadRequest,
		"https://sub.qiao.example/cb":  http.StatusBadRequest,
		"https://qiao.example.evil/cb": http.StatusBadRequest,
	} {
		if got := authorize(redirect); got != want {
			t.Errorf("%s: HTTP %d, want %d", redirect, got, want)
		}
	}
}
