package sim_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
)

func TestGetToken(t *testing.T) {
	tests := []struct {
		name  string
		query string
		code  int
	}{
		{"OK", "corpid=wwcorp&corpsecret=app-secret", 0},
		{"ErrCorpIDMissing", "corpsecret=app-secret", 41002},
		{"ErrSecretMissing", "corpid=wwcorp", 41004},
		{"ErrUnknownCorp", "corpid=wwnobody&corpsecret=app-secret", 40013},
		{"ErrWrongSecret", "corpid=wwcorp&corpsecret=nope", 40001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			out := e.api(t, "GET", "/cgi-bin/gettoken?"+tt.query, "")
			if out.ErrCode != tt.code {
				t.Fatalf("errcode = %d, want %d (%s)", out.ErrCode, tt.code, out.ErrMsg)
			}
			if tt.code == 0 && (out.AccessToken == "" || out.ExpiresIn != 7200 || out.ErrMsg != "ok") {
				t.Errorf("answer = %+v", out)
			}
			if tt.code != 0 && !strings.Contains(out.ErrMsg, "more info at") {
				t.Errorf("errmsg %q lacks WeCom's hint suffix", out.ErrMsg)
			}
		})
	}
}

func TestGetTokenLifetime(t *testing.T) {
	e := mustEnv(t)
	first := e.mustToken(t, secret)

	e.clock.Advance(1000 * time.Second)
	again := e.api(t, "GET", "/cgi-bin/gettoken?corpid=wwcorp&corpsecret=app-secret", "")
	if again.AccessToken != first || again.ExpiresIn != 6200 {
		t.Errorf("repeat inside validity: same token %v, expires_in %d; want same token, 6200",
			again.AccessToken == first, again.ExpiresIn)
	}
	if other := e.mustToken(t, otherSecret); other == first {
		t.Error("two apps of one corp share a token")
	}

	e.clock.Advance(6200 * time.Second)
	if fresh := e.mustToken(t, secret); fresh == first {
		t.Error("expired token was handed out again")
	}
	if got := e.sim.CallCount("/cgi-bin/gettoken"); got != 4 {
		t.Errorf("gettoken calls = %d, want 4", got)
	}
}

// TestGetTokenTTL: Options.TokenTTL sets the life of WeCom tokens: the
// answer's expires_in, and when a call with the token starts getting 42001.
func TestGetTokenTTL(t *testing.T) {
	e := mustEnvWith(t, sim.Options{TokenTTL: 60 * time.Second})
	out := e.api(t, "GET", "/cgi-bin/gettoken?corpid=wwcorp&corpsecret=app-secret", "")
	if out.ErrCode != 0 || out.ExpiresIn != 60 {
		t.Fatalf("gettoken: errcode %d, expires_in %d; want 0, 60", out.ErrCode, out.ExpiresIn)
	}
	e.clock.Advance(59 * time.Second)
	if got := e.send(t, out.AccessToken, textcard("alice", "t")); got.ErrCode != 0 {
		t.Errorf("send 59s after gettoken: errcode %d, want 0", got.ErrCode)
	}
	e.clock.Advance(time.Second)
	if got := e.send(t, out.AccessToken, textcard("alice", "t")); got.ErrCode != 42001 {
		t.Errorf("send 60s after gettoken: errcode %d, want 42001", got.ErrCode)
	}
	if again := e.api(t, "GET", "/cgi-bin/gettoken?corpid=wwcorp&corpsecret=app-secret", ""); again.ExpiresIn != 60 ||
		again.AccessToken == out.AccessToken {
		t.Errorf("gettoken after expiry: new token %v, expires_in %d; want a new token, 60",
			again.AccessToken != out.AccessToken, again.ExpiresIn)
	}
}

func TestTokenChecks(t *testing.T) {
	tests := []struct {
		name  string
		token func(t *testing.T, e *env) string
		body  string
		code  int
	}{
		{"OK", func(t *testing.T, e *env) string { return e.mustToken(t, secret) }, textcard("alice", "t"), 0},
		{"ErrMissing", func(t *testing.T, e *env) string { return "" }, textcard("alice", "t"), 41001},
		{"ErrUnknown", func(t *testing.T, e *env) string { return "forged" }, textcard("alice", "t"), 40014},
		{"ErrExpired", func(t *testing.T, e *env) string {
			tok := e.mustToken(t, secret)
			e.clock.Advance(7200 * time.Second)
			return tok
		}, textcard("alice", "t"), 42001},
		{"ErrInvalidated", func(t *testing.T, e *env) string {
			tok := e.mustToken(t, secret)
			e.sim.InvalidateTokens(corpID)
			return tok
		}, textcard("alice", "t"), 40014},
		{"ErrOtherAgent", func(t *testing.T, e *env) string { return e.mustToken(t, otherSecret) }, textcard("alice", "t"), 301002},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			out := e.send(t, tt.token(t, e), tt.body)
			if out.ErrCode != tt.code {
				t.Fatalf("errcode = %d, want %d (%s)", out.ErrCode, tt.code, out.ErrMsg)
			}
		})
	}
}

func TestSend(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		code        int
		invalid     string
		aliceGot    int
		bobGot      int
		errMsgHas   string
		wantType    string
		wantPayload string
	}{
		{name: "OKTextCard", body: textcard("alice|bob", "Leave request"), aliceGot: 1, bobGot: 1, wantType: "textcard",
			wantPayload: `{"title":"Leave request","description":"<div class=\"gray\">today</div>please approve","url":"https://h5.example/item/1","btntxt":"Open"}`},
		{name: "OKText", body: `{"touser":"alice","msgtype":"text","agentid":"1000002","text":{"content":"hi"}}`,
			aliceGot: 1, wantType: "text", wantPayload: `{"content":"hi"}`},
		{name: "OKAll", body: `{"touser":"@all","msgtype":"text","agentid":1000002,"text":{"content":"all"}}`,
			aliceGot: 1, bobGot: 1},
		{name: "OKCaseInsensitive", body: textcard("ALICE", "t"), aliceGot: 1},
		{name: "OKPartlyInvalid", body: textcard("alice|Ghost|nobody", "t"), invalid: "ghost|nobody", aliceGot: 1},
		{name: "ErrAllInvalid", body: textcard("ghost|nobody", "t"), code: 81013, invalid: "ghost|nobody"},
		{name: "ErrNoRecipients", body: textcard("", "t"), code: 82001},
		{name: "ErrOnlySeparators", body: textcard("|", "t"), code: 82001},
		{name: "ErrWrongJSON", body: `{"touser":"alice",`, code: 47001, errMsgHas: "Warning: wrong json format."},
		{name: "ErrMsgType", body: `{"touser":"alice","msgtype":"sticker","agentid":1000002}`, code: 40008},
		{name: "ErrEmptyText", body: `{"touser":"alice","msgtype":"text","agentid":1000002,"text":{}}`, code: 44004},
		{name: "ErrTextTooLong", body: `{"touser":"alice","msgtype":"text","agentid":1000002,"text":{"content":"` +
			strings.Repeat("x", 2049) + `"}}`, code: 45002},
		{name: "ErrCardFields", body: `{"touser":"alice","msgtype":"textcard","agentid":1000002,"textcard":{"title":"t"}}`, code: 41033},
		{name: "ErrAgentMissing", body: `{"touser":"alice","msgtype":"text","text":{"content":"x"}}`, code: 41011},
		{name: "ErrTooMany", body: textcard(strings.Repeat("u|", 1000)+"alice", "t"), code: 40032},
		{name: "OKAtLimit", body: textcard(strings.Repeat("u|", 999)+"alice", "t"), invalid: "u", aliceGot: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			out := e.send(t, e.mustToken(t, secret), tt.body)
			if out.ErrCode != tt.code || out.InvalidUser != tt.invalid {
				t.Fatalf("errcode, invaliduser = %d, %q; want %d, %q (%s)", out.ErrCode, out.InvalidUser, tt.code, tt.invalid, out.ErrMsg)
			}
			if !strings.Contains(out.ErrMsg, tt.errMsgHas) {
				t.Errorf("errmsg %q does not contain %q", out.ErrMsg, tt.errMsgHas)
			}
			if (tt.code == 0) != (out.MsgID != "") {
				t.Errorf("msgid = %q with errcode %d", out.MsgID, out.ErrCode)
			}
			alice, bob := e.sim.Messages(corpID, "alice"), e.sim.Messages(corpID, "bob")
			if len(alice) != tt.aliceGot || len(bob) != tt.bobGot {
				t.Fatalf("delivered alice=%d bob=%d, want %d %d", len(alice), len(bob), tt.aliceGot, tt.bobGot)
			}
			if tt.wantPayload != "" {
				want := sim.Message{MsgID: out.MsgID, AgentID: agentID, MsgType: tt.wantType,
					Payload: json.RawMessage(tt.wantPayload), ReceivedAt: e.clock.Now()}
				if diff := cmp.Diff(want, alice[0]); diff != "" {
					t.Errorf("alice's message (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestDuplicateCheck(t *testing.T) {
	card := func(title string, check bool, interval int) string {
		b := strings.TrimSuffix(textcard("alice", title), "}")
		if check {
			b += `,"enable_duplicate_check":1`
			if interval > 0 {
				b += `,"duplicate_check_interval":` + itoa(interval)
			}
		}
		return b + "}"
	}
	type step struct {
		advance time.Duration
		body    string
	}
	tests := []struct {
		name  string
		steps []step
		want  []bool // Duplicate flag of each message in alice's inbox
	}{
		{"SameWithinDefault", []step{{0, card("a", true, 0)}, {1799 * time.Second, card("a", true, 0)}}, []bool{false, true}},
		{"SameAfterDefault", []step{{0, card("a", true, 0)}, {1800 * time.Second, card("a", true, 0)}}, []bool{false, false}},
		{"SameWithinCustom", []step{{0, card("a", true, 60)}, {59 * time.Second, card("a", true, 60)}}, []bool{false, true}},
		{"SameAfterCustom", []step{{0, card("a", true, 60)}, {61 * time.Second, card("a", true, 60)}}, []bool{false, false}},
		{"DifferentContent", []step{{0, card("a", true, 0)}, {time.Second, card("b", true, 0)}}, []bool{false, false}},
		{"CheckOff", []step{{0, card("a", false, 0)}, {time.Second, card("a", false, 0)}}, []bool{false, false}},
		{"ThirdStillDuplicate", []step{{0, card("a", true, 0)}, {time.Second, card("a", true, 0)}, {time.Second, card("a", true, 0)}},
			[]bool{false, true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			tok := e.mustToken(t, secret)
			for _, s := range tt.steps {
				e.clock.Advance(s.advance)
				if out := e.send(t, tok, s.body); out.ErrCode != 0 {
					t.Fatalf("send: %+v", out)
				}
			}
			var got []bool
			for _, m := range e.sim.Messages(corpID, "alice") {
				got = append(got, m.Duplicate)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("duplicate flags (-want +got):\n%s", diff)
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
