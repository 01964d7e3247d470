package sim_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/sim"
)

func TestFaultErrCodes(t *testing.T) {
	tests := []struct {
		name  string
		fault sim.Fault
		// codes are the errcodes of five gettoken calls in a row.
		codes []int
	}{
		{"busy twice", sim.Fault{Path: "/cgi-bin/gettoken", ErrCode: -1, Count: 2}, []int{-1, -1, 0, 0, 0}},
		{"rate limited always", sim.Fault{ErrCode: 45009}, []int{45009, 45009, 45009, 45009, 45009}},
		{"other path untouched", sim.Fault{Path: "/cgi-bin/message/send", ErrCode: -1}, []int{0, 0, 0, 0, 0}},
		{"concurrency", sim.Fault{Path: "/cgi-bin/gettoken", ErrCode: 45033, Count: 1}, []int{45033, 0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			if err := e.sim.InjectFault(tt.fault); err != nil {
				t.Fatal(err)
			}
			for i, want := range tt.codes {
				out := e.api(t, "GET", "/cgi-bin/gettoken?corpid="+corpID+"&corpsecret="+secret, "")
				if out.ErrCode != want {
					t.Errorf("call %d: errcode %d (%s), want %d", i+1, out.ErrCode, out.ErrMsg, want)
				}
			}
			if got := e.sim.CallCount("/cgi-bin/gettoken"); got != len(tt.codes) {
				t.Errorf("CallCount = %d, want every faulted call counted too (%d)", got, len(tt.codes))
			}
		})
	}
}

func TestFaultRate(t *testing.T) {
	e := mustEnv(t)
	if err := e.sim.InjectFault(sim.Fault{ErrCode: -1, Rate: 0.3}); err != nil {
		t.Fatal(err)
	}
	const n = 400
	busy := 0
	for range n {
		if e.api(t, "GET", "/cgi-bin/gettoken?corpid="+corpID+"&corpsecret="+secret, "").ErrCode == -1 {
			busy++
		}
	}
	// 400 draws at p=0.3: mean 120, sd ~9.2; 60..180 is beyond 6 sd.
	if busy < 60 || busy > 180 {
		t.Errorf("%d of %d calls busy, want about 30%%", busy, n)
	}
	if e.sim.FaultHits() != busy {
		t.Errorf("FaultHits = %d, want %d", e.sim.FaultHits(), busy)
	}
}

func TestFaultDropAndLatency(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	sendURL := e.srv.URL + "/cgi-bin/message/send?access_token=" + url.QueryEscape(tok)
	post := func() error {
		resp, err := http.Post(sendURL, "application/json", strings.NewReader(textcard("alice", "dropped")))
		if err == nil {
			resp.Body.Close()
		}
		return err
	}

	// Drop: no answer and nothing delivered.
	if err := e.sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", Drop: true, Count: 1}); err != nil {
		t.Fatal(err)
	}
	if err := post(); err == nil {
		t.Fatal("dropped call answered")
	}
	if n := len(e.sim.Messages(corpID, "alice")); n != 0 {
		t.Fatalf("dropped call delivered %d messages", n)
	}

	// DropAfter: no answer, but the message went out.
	if err := e.sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", DropAfter: true, Count: 1}); err != nil {
		t.Fatal(err)
	}
	if err := post(); err == nil {
		t.Fatal("drop_after call answered")
	}
	if n := len(e.sim.Messages(corpID, "alice")); n != 1 {
		t.Fatalf("drop_after delivered %d messages, want 1", n)
	}

	// Latency: a client with a shorter timeout gives up.
	if err := e.sim.InjectFault(sim.Fault{Path: "/cgi-bin/message/send", LatencyMS: 300, Count: 1}); err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Timeout: 50 * time.Millisecond}
	resp, err := c.Post(sendURL, "application/json", strings.NewReader(textcard("alice", "slow")))
	if err == nil {
		resp.Body.Close()
		t.Fatal("slow call answered within 50ms")
	}
	var ne interface{ Timeout() bool }
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("slow call error = %v, want a timeout", err)
	}
}

func TestFaultControlAPI(t *testing.T) {
	e := mustEnv(t)
	tests := []struct {
		body string
		want int
	}{
		{`{"path":"/cgi-bin/gettoken","errcode":-1,"count":1}`, http.StatusCreated},
		{`{"rate":1.5,"errcode":-1}`, http.StatusBadRequest},
		{`{"path":"/cgi-bin/gettoken"}`, http.StatusBadRequest},
		{`{"drop":true,"drop_after":true}`, http.StatusBadRequest},
		{`{"latency_ms":-1}`, http.StatusBadRequest},
		{`not json`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		if resp, b := e.do(t, "POST", "/_sim/faults", tt.body); resp.StatusCode != tt.want {
			t.Errorf("POST /_sim/faults %s: HTTP %d (%s), want %d", tt.body, resp.StatusCode, b, tt.want)
		}
	}
	if out := e.api(t, "GET", "/cgi-bin/gettoken?corpid="+corpID+"&corpsecret="+secret, ""); out.ErrCode != -1 {
		t.Errorf("errcode after injecting -1 = %d", out.ErrCode)
	}
	e.do(t, "POST", "/_sim/faults", `{"errcode":45009}`)
	if resp, _ := e.do(t, "DELETE", "/_sim/faults", ""); resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE /_sim/faults: HTTP %d", resp.StatusCode)
	}
	if out := e.api(t, "GET", "/cgi-bin/gettoken?corpid="+corpID+"&corpsecret="+secret, ""); out.ErrCode != 0 {
		t.Errorf("errcode after clearing faults = %d", out.ErrCode)
	}
}

func TestAPILimitPerCorp(t *testing.T) {
	e := mustEnv(t)
	if resp, b := e.do(t, "PUT", "/_sim/limits", `{"per_minute":3,"per_hour":5}`); resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT /_sim/limits: HTTP %d %s", resp.StatusCode, b)
	}
	tok := e.mustToken(t, secret) // gettoken is counted on its own path
	send := func() int { return e.send(t, tok, textcard("alice", "x")).ErrCode }

	for i := range 3 {
		if code := send(); code != 0 {
			t.Fatalf("send %d: errcode %d within the limit", i+1, code)
		}
	}
	if code := send(); code != 45009 {
		t.Fatalf("4th send in a minute: errcode %d, want 45009", code)
	}
	// Other APIs of the same corp, and other corps, are counted apart.
	if out := e.api(t, "GET", "/cgi-bin/gettoken?corpid="+corpID+"&corpsecret="+otherSecret, ""); out.ErrCode != 0 {
		t.Errorf("gettoken after message/send was limited: errcode %d", out.ErrCode)
	}
	const other = "wwother"
	e.sim.CreateCorp(other)
	for _, err := range []error{e.sim.AddApp(other, agentID, "other-corp-secret", "OA"), e.sim.AddUser(other, "alice", "Alice")} {
		if err != nil {
			t.Fatal(err)
		}
	}
	otherTok := e.api(t, "GET", "/cgi-bin/gettoken?corpid="+other+"&corpsecret=other-corp-secret", "").AccessToken
	if out := e.send(t, otherTok, textcard("alice", "x")); out.ErrCode != 0 {
		t.Errorf("message/send of another corp while %s is banned: errcode %d, want 0", corpID, out.ErrCode)
	}
	// The ban lasts the minute from the refusal.
	e.clock.Advance(59 * time.Second)
	if code := send(); code != 45009 {
		t.Errorf("send 59s into the ban: errcode %d, want 45009", code)
	}
	e.clock.Advance(2 * time.Second)
	if code := send(); code != 0 {
		t.Errorf("send after the minute ban: errcode %d, want 0", code)
	}
	// 5 calls counted in the hour already (3 + the refused + this one);
	// the next is over the hour and banned for an hour.
	if code := send(); code != 45009 {
		t.Errorf("send over the hourly limit: errcode %d, want 45009", code)
	}
	e.clock.Advance(30 * time.Minute)
	if code := send(); code != 45009 {
		t.Errorf("send 30 min into an hour ban: errcode %d, want 45009", code)
	}
	e.clock.Advance(31 * time.Minute)
	if code := send(); code != 0 {
		t.Errorf("send after the hour ban: errcode %d, want 0", code)
	}
}

func TestAPILimitExemptsGetUserInfo(t *testing.T) {
	e := mustEnv(t)
	e.sim.SetAPILimits(1, 0)
	tok := e.mustToken(t, secret)
	userinfo := func(code string) int {
		return e.api(t, "GET", "/cgi-bin/auth/getuserinfo?access_token="+url.QueryEscape(tok)+"&code="+url.QueryEscape(code), "").ErrCode
	}
	// Valid codes are exempt, as WeCom documents: three in a minute pass a
	// limit of one.
	e.do(t, "GET", "/_sim/phone/"+corpID+"/alice", "")
	for i := range 3 {
		if code := userinfo(e.mustCode(t)); code != 0 {
			t.Errorf("getuserinfo %d with a valid code: errcode %d, want 0", i+1, code)
		}
	}
	// Bad codes count: the first is 40029, the next is over the limit.
	if code := userinfo("nope"); code != 40029 {
		t.Errorf("bad code: errcode %d, want 40029", code)
	}
	if code := userinfo("nope"); code != 45009 {
		t.Errorf("second bad code in a minute: errcode %d, want 45009", code)
	}
}
