package sim_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// answerVerification answers the console's verification request as a
// callback server must (check the signature, decrypt echostr, answer the
// plaintext) and reports whether r was one.
func answerVerification(w http.ResponseWriter, r *http.Request, cr *wxcrypt.Crypter) bool {
	q := r.URL.Query()
	if r.Method != http.MethodGet || q.Get("echostr") == "" {
		return false
	}
	plain, err := cr.VerifyURL(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return true
	}
	_, _ = w.Write(plain)
	return true
}

// verifying answers verification requests for the test key (rcvToken,
// rcvAESKey) and passes everything else to h.
func verifying(tb testing.TB, h http.Handler) http.Handler {
	tb.Helper()
	cr, err := wxcrypt.New(rcvToken, rcvAESKey, corpID)
	if err != nil {
		tb.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !answerVerification(w, r, cr) {
			h.ServeHTTP(w, r)
		}
	})
}

// mustSaveCallback saves a callback of the env's corp through the console
// path, verification included.
func mustSaveCallback(tb testing.TB, s *sim.Server, agent int64, url, token, aesKey string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.SaveCallback(ctx, corpID, agent, url, token, aesKey); err != nil {
		tb.Fatal(err)
	}
}

// TestSaveCallbackVerifies: the console saves a callback URL only when
// its verification request gets exactly the decrypted echostr with HTTP
// 200 in time; each refusal says 回调地址请求不通过 and why, and leaves the
// previous callback in place.
func TestSaveCallbackVerifies(t *testing.T) {
	cr, err := wxcrypt.New(rcvToken, rcvAESKey, corpID)
	if err != nil {
		t.Fatal(err)
	}
	wrongKey, err := wxcrypt.New(rcvToken, strings.Repeat("A", 43), corpID)
	if err != nil {
		t.Fatal(err)
	}
	echoWith := func(c *wxcrypt.Crypter, suffix string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			plain, err := c.VerifyURL(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"))
			if err != nil {
				http.Error(w, err.Error(), http.StatusForbidden)
				return
			}
			_, _ = w.Write(append(plain, suffix...))
		}
	}
	cases := []struct {
		name    string
		handler http.HandlerFunc
		reason  string // "" for a save
	}{
		{"OK", echoWith(cr, ""), ""},
		{"ErrStatus", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotFound) }, "HTTP 404"},
		{"ErrNewline", echoWith(cr, "\n"), "is not the decrypted echostr"},
		{"ErrQuoted", func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			plain, _ := cr.VerifyURL(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"))
			_, _ = w.Write([]byte(`"` + string(plain) + `"`))
		}, "is not the decrypted echostr"},
		{"ErrWrongKey", echoWith(wrongKey, ""), "HTTP 403"},
		{"ErrEmpty", func(http.ResponseWriter, *http.Request) {}, `the answer \"\" is not`},
		{"ErrTimeout", func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, "no answer within 200ms"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := mustEnv(t)
			fastRetries(t, e.sim, 200*time.Millisecond)
			var gets atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet {
					gets.Add(1)
					if r.URL.Query().Get("tenant") != "t1" {
						t.Errorf("verification dropped the URL's own query: %s", r.URL.RawQuery)
					}
				}
				c.handler(w, r)
			}))
			defer srv.Close()
			url := srv.URL + "/wecom/callback?tenant=t1"

			resp, body := e.do(t, "PUT", "/_sim/corps/"+corpID+"/apps/1000002/callback",
				`{"url":"`+url+`","token":"`+rcvToken+`","encodingaeskey":"`+rcvAESKey+`"}`)
			if gets.Load() != 1 {
				t.Errorf("%d verification requests, want 1", gets.Load())
			}
			if c.reason == "" {
				if resp.StatusCode != http.StatusNoContent {
					t.Fatalf("HTTP %d: %s", resp.StatusCode, body)
				}
				return
			}
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, sim.MsgCallbackRefused+": ") ||
				!strings.Contains(body, c.reason) {
				t.Errorf("HTTP %d %s, want 400 with %s: …%s…", resp.StatusCode, body, sim.MsgCallbackRefused, c.reason)
			}
			// The Go method refuses the same way, with a *ConsoleError.
			err := e.sim.SaveCallback(context.Background(), corpID, agentID, url, rcvToken, rcvAESKey)
			var ce *sim.ConsoleError
			if !errors.As(err, &ce) || ce.Msg != sim.MsgCallbackRefused || !errors.Is(err, sim.ErrInvalid) {
				t.Errorf("SaveCallback: %v, want a *ConsoleError that is ErrInvalid", err)
			}
		})
	}
}

// TestSaveCallbackRefusedKeepsPrevious: a refused URL leaves the saved
// callback receiving events.
func TestSaveCallbackRefusedKeepsPrevious(t *testing.T) {
	e := mustContactEnv(t)
	fastRetries(t, e.sim, time.Second)
	rc := newReceiver(t, e.sim, nil)
	mustSaveCallback(t, e.sim, 0, rc.url(), rcvToken, rcvAESKey)
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	err := e.sim.SaveCallback(context.Background(), corpID, 0, dead.URL, rcvToken, rcvAESKey)
	if !errors.Is(err, sim.ErrInvalid) || !strings.Contains(err.Error(), "request failed") {
		t.Fatalf("SaveCallback to a closed server: %v", err)
	}
	if err := e.sim.AddUser(corpID, "carol", "Carol"); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, e.sim)
	if evs, _ := rc.got(); len(evs) != 1 || evs[0].UserID != "carol" {
		t.Errorf("the saved callback got %+v, want carol's create_user", evs)
	}
}

// TestMemberStatusEvents: a member activating, an admin disabling them
// and enabling them again each post update_user with the new Status to
// the contact callback.
func TestMemberStatusEvents(t *testing.T) {
	e := mustContactEnv(t)
	fastRetries(t, e.sim, time.Second)
	rc := newReceiver(t, e.sim, nil)
	mustSaveCallback(t, e.sim, 0, rc.url(), rcvToken, rcvAESKey)
	p := "/_sim/corps/" + corpID + "/users"
	if resp, b := e.do(t, "POST", p, `{"userid":"dave","name":"Dave","status":4}`); resp.StatusCode != http.StatusCreated ||
		!strings.Contains(b, `"status":4`) {
		t.Fatalf("create pending: HTTP %d: %s", resp.StatusCode, b)
	}
	for _, step := range []struct {
		method, path string
		status       int
	}{
		{"POST", p + "/dave/activate", http.StatusNoContent},
		{"POST", p + "/dave/activate", http.StatusConflict},
		{"POST", p + "/nobody/activate", http.StatusNotFound},
	} {
		if resp, b := e.do(t, step.method, step.path, ""); resp.StatusCode != step.status {
			t.Errorf("%s %s: HTTP %d, want %d: %s", step.method, step.path, resp.StatusCode, step.status, b)
		}
	}
	if resp, b := e.do(t, "GET", p+"/dave", ""); !strings.Contains(b, `"status":1`) {
		t.Errorf("dave after activating: HTTP %d: %s", resp.StatusCode, b)
	}
	for _, body := range []string{`{"enable":0}`, `{"enable":1}`} {
		if resp, b := e.do(t, "PATCH", "/_sim/corps/"+corpID+"/users/alice", body); resp.StatusCode != http.StatusOK {
			t.Fatalf("PATCH %s: HTTP %d: %s", body, resp.StatusCode, b)
		}
	}
	waitIdle(t, e.sim)
	evs, _ := rc.got()
	var got []string
	for _, ev := range evs {
		got = append(got, ev.ChangeType+"/"+ev.UserID+"/"+ev.Status)
	}
	// Deliveries run concurrently: compare them in any order.
	slices.Sort(got)
	if want := []string{"create_user/dave/", "update_user/alice/1", "update_user/alice/2", "update_user/dave/1"}; !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
}
