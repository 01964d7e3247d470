package sim_test

import (
	"bytes"
	"encoding/json"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
)

func (e *env) mpQR(tb testing.TB, tok, body string) mpQRAnswer {
	tb.Helper()
	resp, b := e.do(tb, "POST", "/mp/cgi-bin/qrcode/create?access_token="+url.QueryEscape(tok), body)
	var out mpQRAnswer
	if err := json.Unmarshal([]byte(b), &out); err != nil || resp.StatusCode != 200 {
		tb.Fatalf("qrcode/create: HTTP %d %s", resp.StatusCode, b)
	}
	out.raw = b
	return out
}

type mpQRAnswer struct {
	ErrCode       int    `json:"errcode"`
	Ticket        string `json:"ticket"`
	ExpireSeconds int64  `json:"expire_seconds"`
	URL           string `json:"url"`
	raw           string
}

func TestMPQRCodeCreate(t *testing.T) {
	long := strings.Repeat("码", 64)
	tests := []struct {
		name   string
		body   string
		code   int
		expire int64 // 0: a permanent code, without expire_seconds
	}{
		{"TemporaryDefault", `{"action_name":"QR_SCENE","action_info":{"scene":{"scene_id":123}}}`, 0, 60},
		{"TemporaryLife", `{"expire_seconds":604800,"action_name":"QR_SCENE","action_info":{"scene":{"scene_id":4000000000}}}`, 0, 604800},
		{"TemporaryCut", `{"expire_seconds":9999999,"action_name":"QR_STR_SCENE","action_info":{"scene":{"scene_str":"bind:42"}}}`, 0, 2592000},
		{"PermanentID", `{"action_name":"QR_LIMIT_SCENE","action_info":{"scene":{"scene_id":100000}}}`, 0, 0},
		{"PermanentStr", `{"action_name":"QR_LIMIT_STR_SCENE","action_info":{"scene":{"scene_str":"` + long + `"}}}`, 0, 0},
		{"ErrActionName", `{"action_name":"QR_FOREVER","action_info":{"scene":{"scene_id":1}}}`, 40052, 0},
		{"ErrPermanentIDRange", `{"action_name":"QR_LIMIT_SCENE","action_info":{"scene":{"scene_id":100001}}}`, 40053, 0},
		{"ErrSceneIDZero", `{"action_name":"QR_SCENE","action_info":{"scene":{"scene_id":0}}}`, 40053, 0},
		{"ErrSceneIDMissing", `{"action_name":"QR_SCENE","action_info":{"scene":{"scene_str":"x"}}}`, 40053, 0},
		{"ErrSceneStrEmpty", `{"action_name":"QR_STR_SCENE","action_info":{"scene":{"scene_str":""}}}`, 40053, 0},
		{"ErrSceneStrLong", `{"action_name":"QR_LIMIT_STR_SCENE","action_info":{"scene":{"scene_str":"` + long + `x"}}}`, 40053, 0},
		{"ErrNegativeLife", `{"expire_seconds":-1,"action_name":"QR_SCENE","action_info":{"scene":{"scene_id":1}}}`, 47003, 0},
		{"ErrNotJSON", `{"action_name":`, 47001, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustMPEnv(t, 0)
			out := e.mpQR(t, e.mpMustStable(t, false), tt.body)
			if out.ErrCode != tt.code {
				t.Fatalf("errcode %d, want %d: %s", out.ErrCode, tt.code, out.raw)
			}
			if tt.code != 0 {
				return
			}
			if out.Ticket == "" || !strings.HasPrefix(out.URL, "http://weixin.qq.com/q/") || out.ExpireSeconds != tt.expire ||
				strings.Contains(out.raw, "errcode") || (tt.expire == 0) == strings.Contains(out.raw, "expire_seconds") {
				t.Errorf("answer %s", out.raw)
			}
			resp, img := e.do(t, "GET", "/mp/cgi-bin/showqrcode?ticket="+url.QueryEscape(out.Ticket), "")
			if _, err := png.Decode(bytes.NewReader([]byte(img))); err != nil || resp.StatusCode != 200 {
				t.Errorf("showqrcode: HTTP %d, %v", resp.StatusCode, err)
			}
		})
	}
	t.Run("ErrToken", func(t *testing.T) {
		e := mustMPEnv(t, 0)
		if out := e.mpQR(t, "nope", tests[0].body); out.ErrCode != 40014 {
			t.Errorf("errcode %d, want 40014", out.ErrCode)
		}
	})
	t.Run("PermanentIsOnePerScene", func(t *testing.T) {
		e := mustMPEnv(t, 0)
		tok := e.mpMustStable(t, false)
		a, b := e.mpQR(t, tok, tests[3].body), e.mpQR(t, tok, tests[3].body)
		if a.Ticket != b.Ticket || a.URL != b.URL {
			t.Errorf("two permanent codes for one scene: %s and %s", a.raw, b.raw)
		}
	})
}

func TestMPShowQRExpired(t *testing.T) {
	e := mustMPEnv(t, 0)
	out := e.mpQR(t, e.mpMustStable(t, false), `{"expire_seconds":120,"action_name":"QR_SCENE","action_info":{"scene":{"scene_id":7}}}`)
	path := "/mp/cgi-bin/showqrcode?ticket=" + url.QueryEscape(out.Ticket)
	for _, tt := range []struct {
		name    string
		advance time.Duration
		path    string
		status  int
	}{
		{"Live", 119 * time.Second, path, 200},
		{"Unescaped", 0, "/mp/cgi-bin/showqrcode?ticket=" + out.Ticket, 404}, // "+" read as a space
		{"Expired", time.Second, path, 404},
		{"Unknown", 0, "/mp/cgi-bin/showqrcode?ticket=gQnope", 404},
	} {
		e.clock.Advance(tt.advance)
		if tt.name == "Unescaped" && !strings.Contains(out.Ticket, "+") {
			continue // this ticket happens to need no escaping
		}
		if resp, _ := e.do(t, "GET", tt.path, ""); resp.StatusCode != tt.status {
			t.Errorf("%s: HTTP %d, want %d", tt.name, resp.StatusCode, tt.status)
		}
	}
}

// TestMPScanQR: a scan by a stranger or an unfollower subscribes with
// "qrscene_"+scene, a follower's scan is SCAN with the scene, and each
// reaches the server with the ticket.
func TestMPScanQR(t *testing.T) {
	e, rc := mpServerEnv(t, sim.MPModeSafe, nil)
	tok := e.mpMustStable(t, false)
	byID := e.mpQR(t, tok, `{"expire_seconds":300,"action_name":"QR_SCENE","action_info":{"scene":{"scene_id":42}}}`).Ticket
	byStr := e.mpQR(t, tok, `{"action_name":"QR_LIMIT_STR_SCENE","action_info":{"scene":{"scene_str":"invite:7"}}}`).Ticket
	if err := e.sim.SetSubscribed(mpApp, "o-bob", false); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, e.sim)
	scan := func(ticket, openID, nickname string) (int, string) {
		b, _ := json.Marshal(map[string]string{"ticket": ticket, "openid": openID, "nickname": nickname})
		resp, body := e.do(t, "POST", "/_sim/mp/"+mpApp+"/scan", string(b))
		waitIdle(t, e.sim)
		return resp.StatusCode, body
	}
	steps := []struct {
		name, ticket, openID string
		status               int
	}{
		{"Stranger", byID, "o-dave", 204},
		{"Follower", byID, "o-alice", 204},
		{"FollowerByStr", byStr, "o-dave", 204},
		{"Unfollower", byStr, "o-bob", 204},
		{"ErrUnknownTicket", "gQnope", "o-alice", 404},
		{"ErrNoOpenID", byID, "", 400},
	}
	for _, st := range steps {
		if status, body := scan(st.ticket, st.openID, "Dave"); status != st.status {
			t.Errorf("%s: HTTP %d %s, want %d", st.name, status, body, st.status)
		}
	}
	if err := e.sim.ScanQR(mpOther, byID, "o-x", ""); err == nil {
		t.Error("another account's ticket was accepted")
	}
	e.clock.Advance(300 * time.Second)
	if status, body := scan(byID, "o-alice", ""); status != 400 || !strings.Contains(body, "expired") {
		t.Errorf("expired ticket: HTTP %d %s, want 400", status, body)
	}
	want := []mpEventKey{
		{Event: "unsubscribe", From: "o-bob"},
		{Event: "subscribe", From: "o-dave", Key: "qrscene_42", Ticket: byID},
		{Event: "SCAN", From: "o-alice", Key: "42", Ticket: byID},
		{Event: "SCAN", From: "o-dave", Key: "invite:7", Ticket: byStr},
		{Event: "subscribe", From: "o-bob", Key: "qrscene_invite:7", Ticket: byStr},
	}
	if diff := cmp.Diff(want, mpKeysOf(rc.got())); diff != "" {
		t.Errorf("events posted (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, mpKeysOfSim(e.sim.MPEvents(mpApp))); diff != "" {
		t.Errorf("events recorded (-want +got):\n%s", diff)
	}
	out := e.mpSend(t, tok, mpLeaveBody("o-dave", ""))
	if out.ErrCode != 0 {
		t.Errorf("the scanning stranger is not a follower: %+v", out)
	}
	resp, _ := e.do(t, "GET", "/_sim/mp/inbox/"+mpApp+"/o-dave", "")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("dave's phone: HTTP %d", resp.StatusCode)
	}
}
