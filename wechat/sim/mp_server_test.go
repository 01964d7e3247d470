package sim_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

const mpRcvToken = "mpToken123"

// mpReceiver is a service account's server that checks every request the
// way the account's own server must for its mode (signatures, openid,
// decryption for the appid) and records the events.
type mpReceiver struct {
	srv  *httptest.Server
	mode string
	cr   *wxcrypt.Crypter
	// answer answers the n-th POST (from 1); status 0 hangs until the
	// simulator gives up. Nil answers 200 "success".
	answer func(n int) (status int, body string)

	mu     sync.Mutex
	hits   int
	events []wxcrypt.Event
	errs   []error
}

func newMPReceiver(tb testing.TB, s *sim.Server, mode string, answer func(n int) (int, string)) *mpReceiver {
	tb.Helper()
	cr, err := wxcrypt.New(mpRcvToken, rcvAESKey, mpApp)
	if err != nil {
		tb.Fatal(err)
	}
	rc := &mpReceiver{mode: mode, cr: cr, answer: answer}
	rc.srv = httptest.NewServer(http.HandlerFunc(rc.serve))
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := s.WaitIdle(ctx); err != nil {
			tb.Error(err)
		}
		rc.srv.Close()
		rc.mu.Lock()
		defer rc.mu.Unlock()
		for _, err := range rc.errs {
			tb.Errorf("mp receiver: %v", err)
		}
	})
	return rc
}

func (rc *mpReceiver) url() string { return rc.srv.URL + "/wx?tenant=t1" }

func (rc *mpReceiver) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !wxcrypt.VerifyPlain(mpRcvToken, q.Get("signature"), q.Get("timestamp"), q.Get("nonce")) || q.Get("tenant") != "t1" {
		http.Error(w, "bad signature", http.StatusForbidden)
		return
	}
	if r.Method == http.MethodGet {
		_, _ = io.WriteString(w, q.Get("echostr"))
		return
	}
	body, _ := io.ReadAll(r.Body)
	ev, err := rc.read(q, body)
	rc.mu.Lock()
	rc.hits++
	n := rc.hits
	if err == nil && q.Get("openid") != ev.FromUserName {
		err = fmt.Errorf("openid %q for an event from %q", q.Get("openid"), ev.FromUserName)
	}
	if err != nil {
		rc.errs = append(rc.errs, err)
	} else {
		rc.events = append(rc.events, ev)
	}
	rc.mu.Unlock()
	status, answer := http.StatusOK, "success"
	if rc.answer != nil {
		status, answer = rc.answer(n)
	}
	if status == 0 {
		<-r.Context().Done()
		return
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, answer)
}

// read reads an event as a server in rc's mode must.
func (rc *mpReceiver) read(q map[string][]string, body []byte) (wxcrypt.Event, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	if rc.mode == sim.MPModePlain {
		if get("encrypt_type") != "" || get("msg_signature") != "" {
			return wxcrypt.Event{}, errors.New("plain mode post carries encrypt_type or msg_signature")
		}
		return wxcrypt.ParseEvent(body)
	}
	if get("encrypt_type") != "aes" {
		return wxcrypt.Event{}, fmt.Errorf("encrypt_type %q", get("encrypt_type"))
	}
	plain, err := rc.cr.DecryptMsg(get("msg_signature"), get("timestamp"), get("nonce"), body)
	if err != nil {
		return wxcrypt.Event{}, err
	}
	ev, err := wxcrypt.ParseEvent(plain)
	if err != nil {
		return ev, err
	}
	switch rc.mode {
	case sim.MPModeSafe:
		env, _ := wxcrypt.ParseEnvelope(body)
		if env.ToUserName != mpApp || strings.Contains(string(body), "AgentID") || strings.Contains(string(body), "FromUserName") {
			return ev, fmt.Errorf("safe mode body is not the bare envelope: %s", body)
		}
	case sim.MPModeCompat:
		clear, err := wxcrypt.ParseEvent(body)
		if diff := cmp.Diff(ev, clear); err != nil || diff != "" {
			return ev, fmt.Errorf("compat body's plain fields differ from its Encrypt (%v):\n%s", err, diff)
		}
	}
	return ev, nil
}

func (rc *mpReceiver) got() []wxcrypt.Event {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]wxcrypt.Event(nil), rc.events...)
}

// mpConfigure submits the server through the control API and returns the
// HTTP status and body.
func (e *env) mpConfigure(tb testing.TB, appID, url, token, aesKey, mode string) (int, string) {
	tb.Helper()
	b, _ := json.Marshal(map[string]string{"url": url, "token": token, "aes_key": aesKey, "mode": mode})
	resp, body := e.do(tb, "POST", "/_sim/mp/"+appID+"/server", string(b))
	return resp.StatusCode, body
}

func TestMPServerConfiguration(t *testing.T) {
	// A server that answers verification but never with the echostr, and
	// one that never answers.
	wrong := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "hello")
	}))
	defer wrong.Close()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusInternalServerError)
	}))
	defer failing.Close()
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	refused := httptest.NewServer(http.NotFoundHandler())
	refusedURL := refused.URL + "/wx"
	refused.Close()

	tests := []struct {
		name                    string
		app, url, token, aesKey string
		mode                    string
		status                  int
		contains                string
	}{
		{"OKPlain", mpApp, "", mpRcvToken, "", sim.MPModePlain, 200, `"enabled":true`},
		{"OKCompat", mpApp, "", mpRcvToken, rcvAESKey, sim.MPModeCompat, 200, `"mode":"compat"`},
		{"OKSafe", mpApp, "", mpRcvToken, rcvAESKey, sim.MPModeSafe, 200, `"mode":"safe"`},
		{"ErrWrongAnswer", mpApp, wrong.URL + "/wx", mpRcvToken, "", sim.MPModePlain, 400, sim.MsgMPTokenFailed + ": " + wrong.URL + "/wx"},
		{"ErrStatus", mpApp, failing.URL + "/wx", mpRcvToken, "", sim.MPModePlain, 400, sim.MsgMPTokenFailed},
		{"ErrTimeout", mpApp, hang.URL + "/wx", mpRcvToken, "", sim.MPModePlain, 400, sim.MsgMPURLTimeout + ": " + hang.URL + "/wx"},
		{"ErrRefused", mpApp, refusedURL, mpRcvToken, "", sim.MPModePlain, 400, sim.MsgMPURLTimeout + ": " + refusedURL},
		{"ErrURL", mpApp, "ftp://example.com/", mpRcvToken, "", sim.MPModePlain, 400, "http"},
		{"ErrTokenShort", mpApp, "", "ab", "", sim.MPModePlain, 400, "Token"},
		{"ErrTokenChars", mpApp, "", "abc-123", "", sim.MPModePlain, 400, "Token"},
		{"ErrMode", mpApp, "", mpRcvToken, rcvAESKey, "secure", 400, "mode"},
		{"ErrNoKeySafe", mpApp, "", mpRcvToken, "", sim.MPModeSafe, 400, "EncodingAESKey"},
		{"ErrShortKey", mpApp, "", mpRcvToken, rcvAESKey[:42], sim.MPModeCompat, 400, "EncodingAESKey"},
		{"ErrUnknownAccount", "wxnobody", "", mpRcvToken, "", sim.MPModePlain, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustMPEnv(t, 0)
			if err := e.sim.SetMPCallbackPolicy(mpApp, 100*time.Millisecond, 0); err != nil {
				t.Fatal(err)
			}
			u := tt.url
			if u == "" {
				u = newMPReceiver(t, e.sim, tt.mode, nil).url()
			}
			status, body := e.mpConfigure(t, tt.app, u, tt.token, tt.aesKey, tt.mode)
			if status != tt.status || !strings.Contains(body, tt.contains) {
				t.Fatalf("HTTP %d %s, want %d containing %q", status, body, tt.status, tt.contains)
			}
			if tt.app != mpApp {
				return
			}
			resp, got := e.do(t, "GET", "/_sim/mp/"+mpApp+"/server", "")
			var cfg sim.MPServerConfig
			if err := json.Unmarshal([]byte(got), &cfg); err != nil || resp.StatusCode != 200 {
				t.Fatalf("GET server: HTTP %d %s", resp.StatusCode, got)
			}
			want := sim.MPServerConfig{}
			if tt.status == 200 {
				want = sim.MPServerConfig{URL: u, Token: tt.token, AESKey: tt.aesKey, Mode: tt.mode, Enabled: true}
			}
			if diff := cmp.Diff(want, cfg); diff != "" {
				t.Errorf("saved configuration (-want +got):\n%s", diff)
			}
		})
	}
}

// mpServerEnv is mustMPEnv with a receiver in mode configured as the
// account's server, retries quick.
func mpServerEnv(t *testing.T, mode string, answer func(n int) (int, string)) (*env, *mpReceiver) {
	t.Helper()
	e := mustMPEnv(t, 0)
	if err := e.sim.SetMPCallbackPolicy(mpApp, 200*time.Millisecond, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	rc := newMPReceiver(t, e.sim, mode, answer)
	key := rcvAESKey
	if mode == sim.MPModePlain {
		key = ""
	}
	if err := e.sim.ConfigureMPServer(context.Background(), mpApp, rc.url(), mpRcvToken, key, mode); err != nil {
		t.Fatal(err)
	}
	return e, rc
}

// mpEventKey is what the tests compare of an event.
type mpEventKey struct{ Event, From, Key, Ticket, Status string }

func mpKeysOf(evs []wxcrypt.Event) []mpEventKey {
	out := make([]mpEventKey, len(evs))
	for i, ev := range evs {
		out[i] = mpEventKey{ev.Event, ev.FromUserName, ev.EventKey, ev.Ticket, ev.Status}
	}
	return out
}

func mpKeysOfSim(evs []sim.MPEvent) []mpEventKey {
	out := make([]mpEventKey, len(evs))
	for i, ev := range evs {
		out[i] = mpEventKey{ev.Event, ev.FromUserName, ev.EventKey, ev.Ticket, ev.Status}
	}
	return out
}

// TestMPEventsPosted: in each mode, follows, unfollows and template sends
// (delivered and blocked) reach the server as WeChat posts them, in order,
// and match the account's event log.
func TestMPEventsPosted(t *testing.T) {
	for _, mode := range []string{sim.MPModePlain, sim.MPModeCompat, sim.MPModeSafe} {
		t.Run(mode, func(t *testing.T) {
			e, rc := mpServerEnv(t, mode, nil)
			tok := e.mpMustStable(t, false)
			steps := []func() error{
				func() error { return e.sim.SetSubscribed(mpApp, "o-alice", false) },
				func() error { return e.sim.SetSubscribed(mpApp, "o-alice", false) }, // no change, no event
				func() error { return e.sim.SetSubscribed(mpApp, "o-alice", true) },
				func() error { return e.sim.AddFollower(mpApp, "o-carol", "Carol") },
				func() error {
					if out := e.mpSend(t, tok, mpLeaveBody("o-bob", "")); out.ErrCode != 0 {
						return fmt.Errorf("send: %+v", out)
					}
					return nil
				},
				func() error { return e.sim.SetBlocked(mpApp, "o-bob", true) },
				func() error {
					if out := e.mpSend(t, tok, mpLeaveBody("o-bob", "")); out.ErrCode != 0 || out.MsgID == 0 {
						return fmt.Errorf("send to a blocking follower: %+v", out)
					}
					return nil
				},
			}
			for i, step := range steps {
				if err := step(); err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				// One at a time, so the server sees them in order.
				waitIdle(t, e.sim)
			}
			want := []mpEventKey{
				{Event: "unsubscribe", From: "o-alice"},
				{Event: "subscribe", From: "o-alice"},
				{Event: "subscribe", From: "o-carol"},
				{Event: "TEMPLATESENDJOBFINISH", From: "o-bob", Status: "success"},
				{Event: "TEMPLATESENDJOBFINISH", From: "o-bob", Status: "failed:user block"},
			}
			if diff := cmp.Diff(want, mpKeysOf(rc.got())); diff != "" {
				t.Errorf("events posted (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want, mpKeysOfSim(e.sim.MPEvents(mpApp))); diff != "" {
				t.Errorf("events recorded (-want +got):\n%s", diff)
			}
			if n := len(e.sim.TemplateMessages(mpApp, "o-bob")); n != 1 {
				t.Errorf("bob's phone has %d messages, want 1: the blocked send is not there", n)
			}
			got := rc.got()
			if last := got[len(got)-1]; last.ToUserName != mpApp || last.MsgType != "event" || last.MsgId == "" || last.CreateTime == 0 {
				t.Errorf("job-finish event %+v lacks its header or MsgID", last)
			}
		})
	}
}

// TestMPPostRetries: "success", an empty body or a passive reply with 200
// ends the tries; anything else is tried 3 times in all.
func TestMPPostRetries(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		tries  int
		ok     bool
	}{
		{"Success", 200, "success", 1, true},
		{"Empty", 200, "", 1, true},
		{"PassiveReply", 200, "<xml><MsgType><![CDATA[text]]></MsgType></xml>", 1, true},
		{"OtherBody", 200, "ok", 3, false},
		{"ServerError", 500, "", 3, false},
		{"NoAnswer", 0, "", 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, rc := mpServerEnv(t, sim.MPModeSafe, func(int) (int, string) { return tt.status, tt.body })
			if err := e.sim.SetSubscribed(mpApp, "o-alice", false); err != nil {
				t.Fatal(err)
			}
			waitIdle(t, e.sim)
			resp, body := e.do(t, "GET", "/_sim/mp/"+mpApp+"/callbacks", "")
			var atts []sim.CallbackAttempt
			if err := json.Unmarshal([]byte(body), &atts); err != nil || resp.StatusCode != 200 {
				t.Fatalf("GET callbacks: HTTP %d %s", resp.StatusCode, body)
			}
			if len(atts) != tt.tries || len(rc.got()) != tt.tries {
				t.Fatalf("%d attempts recorded, %d received, want %d: %+v", len(atts), len(rc.got()), tt.tries, atts)
			}
			for i, a := range atts {
				last := i == len(atts)-1
				if a.AppID != mpApp || a.CorpID != "" || a.Event != "unsubscribe" || a.Try != i+1 ||
					a.Delivery != atts[0].Delivery || a.OK != (tt.ok && last) || (a.Error == "") != a.OK {
					t.Errorf("attempt %d: %+v", i+1, a)
				}
			}
		})
	}
}

func TestMPServerDisable(t *testing.T) {
	e, rc := mpServerEnv(t, sim.MPModePlain, nil)
	resp, _ := e.do(t, "DELETE", "/_sim/mp/"+mpApp+"/server", "")
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE server: HTTP %d", resp.StatusCode)
	}
	if err := e.sim.SetSubscribed(mpApp, "o-alice", false); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, e.sim)
	if n := len(rc.got()); n != 0 {
		t.Errorf("a stopped server got %d posts", n)
	}
	if n := len(e.sim.MPEvents(mpApp)); n != 1 {
		t.Errorf("%d events recorded, want the unsubscribe", n)
	}
	cfg, err := e.sim.MPServer(mpApp)
	if err != nil || cfg.Enabled || cfg.URL != rc.url() {
		t.Errorf("MPServer = %+v, %v: want the configuration kept, disabled", cfg, err)
	}
	for _, path := range []string{"/_sim/mp/wxnobody/server", "/_sim/mp/wxnobody/callbacks"} {
		if resp, _ := e.do(t, "GET", path, ""); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: HTTP %d, want 404", path, resp.StatusCode)
		}
	}
	if resp, _ := e.do(t, "PUT", "/_sim/mp/"+mpApp+"/callback-policy", `{"timeout_ms":6000}`); resp.StatusCode != 400 {
		t.Errorf("a timeout over 5 s: HTTP %d, want 400", resp.StatusCode)
	}
}

// TestMPResetStopsPosts: Reset cancels a post in flight and WaitIdle does
// not wait for the dropped account.
func TestMPResetStopsPosts(t *testing.T) {
	e := mustMPEnv(t, 0)
	started := make(chan struct{}, 3)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, r.URL.Query().Get("echostr"))
			return
		}
		_, _ = io.ReadAll(r.Body) // the server notices a hang-up only after the body
		started <- struct{}{}
		<-r.Context().Done()
	}))
	defer srv.Close()
	if err := e.sim.ConfigureMPServer(context.Background(), mpApp, srv.URL, mpRcvToken, "", sim.MPModePlain); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.SetSubscribed(mpApp, "o-alice", false); err != nil {
		t.Fatal(err)
	}
	<-started
	e.sim.Reset()
	waitIdle(t, e.sim)
}
