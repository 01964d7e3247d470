package sim_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// The official test key; any 43 letters or digits would do.
const (
	rcvToken  = "QDG6eK"
	rcvAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
)

// receiver is a callback server that checks every POST the way an app
// must (signature, decryption for the corp) and records the events.
type receiver struct {
	srv *httptest.Server
	// status answers the n-th POST (from 1); 0 means never answer.
	status func(n int) int
	// reply, when set, is the passive reply to a decrypted event (nil for
	// none), encrypted and written as the answer.
	reply func(plain []byte) []byte

	mu     sync.Mutex
	hits   int
	events []wxcrypt.Event
	plains [][]byte // each event as decrypted
	agents []string // envelope AgentID per event
	errs   []error
}

// newReceiver starts a receiver for the env's corp. Its cleanup waits for
// the simulator's deliveries first, so none is cut off.
func newReceiver(tb testing.TB, s *sim.Server, status func(n int) int) *receiver {
	tb.Helper()
	return startReceiver(tb, s, &receiver{status: status})
}

// startReceiver serves rc (its status and reply set) for the env's corp.
func startReceiver(tb testing.TB, s *sim.Server, rc *receiver) *receiver {
	tb.Helper()
	cr, err := wxcrypt.New(rcvToken, rcvAESKey, corpID)
	if err != nil {
		tb.Fatal(err)
	}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if answerVerification(w, r, cr) {
			return
		}
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.hits++
		n := rc.hits
		rc.mu.Unlock()
		q := r.URL.Query()
		plain, err := cr.DecryptMsg(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
		var ev wxcrypt.Event
		if err == nil {
			ev, err = wxcrypt.ParseEvent(plain)
		}
		env, _ := wxcrypt.ParseEnvelope(body)
		rc.mu.Lock()
		if err != nil {
			rc.errs = append(rc.errs, err)
		} else {
			rc.events = append(rc.events, ev)
			rc.plains = append(rc.plains, plain)
			rc.agents = append(rc.agents, env.AgentID)
		}
		rc.mu.Unlock()
		if err == nil && rc.reply != nil {
			if answer := rc.reply(plain); answer != nil {
				out, err := cr.EncryptMsg(answer, q.Get("timestamp"), q.Get("nonce"))
				if err != nil {
					rc.mu.Lock()
					rc.errs = append(rc.errs, err)
					rc.mu.Unlock()
					return
				}
				_, _ = w.Write(out)
				return
			}
		}
		st := http.StatusOK
		if rc.status != nil {
			st = rc.status(n)
		}
		if st == 0 {
			<-r.Context().Done() // hang until the simulator gives up
			return
		}
		w.WriteHeader(st)
	}))
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
			tb.Errorf("receiver: %v", err)
		}
	})
	return rc
}

func (rc *receiver) url() string { return rc.srv.URL + "/wecom/callback?tenant=t1" }

func (rc *receiver) got() ([]wxcrypt.Event, []string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.events), slices.Clone(rc.agents)
}

func (rc *receiver) hitCount() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.hits
}

func waitIdle(tb testing.TB, s *sim.Server) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.WaitIdle(ctx); err != nil {
		tb.Fatal(err)
	}
}

// fastRetries makes the corp's callback tries quick for tests.
func fastRetries(tb testing.TB, s *sim.Server, timeout time.Duration) {
	tb.Helper()
	if err := s.SetCallbackPolicy(corpID, timeout, 10*time.Millisecond); err != nil {
		tb.Fatal(err)
	}
}

func attempts(tb testing.TB, e *env) []sim.CallbackAttempt {
	tb.Helper()
	resp, body := e.do(tb, "GET", "/_sim/callbacks?corpid="+corpID, "")
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET /_sim/callbacks: HTTP %d", resp.StatusCode)
	}
	var out []sim.CallbackAttempt
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		tb.Fatal(err)
	}
	return out
}

type changeKey struct {
	ChangeType string
	UserID     string
	ID         int64
}

func keys(evs []wxcrypt.Event) []changeKey {
	out := make([]changeKey, len(evs))
	for i, ev := range evs {
		out[i] = changeKey{ev.ChangeType, ev.UserID, ev.Id}
	}
	return out
}

// TestConsoleChangesPostEvents: changes made as an admin (control API)
// reach the contact-sync callback and the callback of an app whose scope
// covers them, encrypted for the corp with each target's key; writes with
// the contact-sync secret post nothing.
func TestConsoleChangesPostEvents(t *testing.T) {
	e := mustContactEnv(t)
	fastRetries(t, e.sim, time.Second)
	contacts := newReceiver(t, e.sim, nil)
	appRcv := newReceiver(t, e.sim, nil)
	p := "/_sim/corps/" + corpID
	for _, put := range []struct{ path, body string }{
		{p + "/apps/0/callback", `{"url":"` + contacts.url() + `","token":"` + rcvToken + `","encodingaeskey":"` + rcvAESKey + `"}`},
		{p + "/apps/1000002/callback", `{"url":"` + appRcv.url() + `","token":"` + rcvToken + `","encodingaeskey":"` + rcvAESKey + `"}`},
	} {
		if resp, b := e.do(t, "PUT", put.path, put.body); resp.StatusCode != 204 {
			t.Fatalf("PUT %s: HTTP %d: %s", put.path, resp.StatusCode, b)
		}
	}
	sales := e.mustDept(t, "Sales", 1) // before the scope: the app still sees everything
	if err := e.sim.SetVisibleScope(corpID, agentID, sim.Scope{Departments: []int64{sales}}); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, e.sim)

	steps := []struct{ method, path, body string }{
		{"POST", p + "/users", `{"userid":"carol","name":"Carol","department":[2]}`},
		{"POST", p + "/users", `{"userid":"dave","name":"Dave"}`},
		{"PATCH", p + "/users/carol", `{"position":"Lead","gender":"2"}`},
		{"PATCH", p + "/users/carol", `{"position":"Lead"}`}, // no change, no event
		{"PATCH", p + "/departments/2", `{"name":"Sales East"}`},
		{"DELETE", p + "/users/carol", ``},
		{"POST", p + "/departments", `{"name":"HR","parentid":1}`},
		{"DELETE", p + "/departments/3", ``},
	}
	for _, s := range steps {
		if resp, b := e.do(t, s.method, s.path, s.body); resp.StatusCode >= 300 {
			t.Fatalf("%s %s: HTTP %d: %s", s.method, s.path, resp.StatusCode, b)
		}
		waitIdle(t, e.sim) // one at a time, so the order is known
	}
	// API writes with the contact-sync secret are not echoed.
	e.mustOK(t, "POST", "user/create", e.tok, "", `{"userid":"erin","name":"Erin","mobile":"13800000009"}`, nil)
	e.mustOK(t, "POST", "department/create", e.tok, "", `{"name":"Ops","parentid":1}`, nil)
	waitIdle(t, e.sim)

	evs, agents := contacts.got()
	want := []changeKey{
		{"create_party", "", sales}, {"create_user", "carol", 0}, {"create_user", "dave", 0},
		{"update_user", "carol", 0}, {"update_party", "", sales}, {"delete_user", "carol", 0},
		{"create_party", "", 3}, {"delete_party", "", 3},
	}
	if got := keys(evs); !slices.Equal(got, want) {
		t.Errorf("contact-sync callback got %v\nwant %v", got, want)
	}
	for i, a := range agents {
		if a != "" {
			t.Errorf("contact-sync envelope %d has AgentID %q, want empty", i, a)
		}
	}
	appEvs, appAgents := appRcv.got()
	wantApp := []changeKey{
		{"create_party", "", sales}, {"create_user", "carol", 0}, {"update_user", "carol", 0}, {"update_party", "", sales}, {"delete_user", "carol", 0},
	}
	if got := keys(appEvs); !slices.Equal(got, wantApp) {
		t.Errorf("app callback got %v\nwant %v (only what its scope covers)", got, wantApp)
	}
	if len(appAgents) > 0 && appAgents[0] != "1000002" {
		t.Errorf("app envelope AgentID %q, want 1000002", appAgents[0])
	}

	if len(evs) == len(want) {
		create, update := evs[1], evs[3]
		if create.ToUserName != corpID || create.FromUserName != "sys" || create.MsgType != "event" ||
			create.Event != "change_contact" || !slices.Equal(create.Department, wxcrypt.Int64List{sales}) ||
			create.CreateTime != e.clock.Now().Unix() {
			t.Errorf("create_user event: %+v", create)
		}
		if update.Position != "Lead" || update.Gender != "2" || update.Department != nil || update.Mobile != "" {
			t.Errorf("update_user event: %+v, want the changed position and gender only", update)
		}
		if evs[4].Name != "Sales East" {
			t.Errorf("update_party event: %+v", evs[4])
		}
	}
}

func TestCallbackRetries(t *testing.T) {
	cases := []struct {
		name     string
		status   func(n int) int
		statuses []int
	}{
		{"OKFirst", nil, []int{200}},
		{"OKThird", func(n int) int { return []int{0, 500, 503, 200}[n] }, []int{500, 503, 200}},
		{"ErrAlways", func(int) int { return 500 }, []int{500, 500, 500}},
		{"ErrTimeout", func(int) int { return 0 }, []int{0, 0, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := mustEnv(t)
			const timeout = 150 * time.Millisecond
			fastRetries(t, e.sim, timeout)
			rc := newReceiver(t, e.sim, c.status)
			mustSaveCallback(t, e.sim, 0, rc.url(), rcvToken, rcvAESKey)
			start := time.Now()
			if err := e.sim.AddUser(corpID, "carol", "Carol"); err != nil {
				t.Fatal(err)
			}
			waitIdle(t, e.sim)
			elapsed := time.Since(start)

			got := attempts(t, e)
			var statuses []int
			for i, a := range got {
				statuses = append(statuses, a.Status)
				if a.Try != i+1 || a.Delivery != got[0].Delivery || a.Event != "change_contact" ||
					a.ChangeType != "create_user" || a.AgentID != 0 || a.URL != rc.url() || a.OK != (a.Status == 200) {
					t.Errorf("attempt %d: %+v", i, a)
				}
				if a.Status == 0 && a.Error == "" {
					t.Errorf("attempt %d without a status has no error", i)
				}
			}
			if !slices.Equal(statuses, c.statuses) {
				t.Errorf("statuses %v, want %v", statuses, c.statuses)
			}
			if rc.hitCount() != len(c.statuses) {
				t.Errorf("receiver got %d posts, want %d", rc.hitCount(), len(c.statuses))
			}
			evs, _ := rc.got()
			for _, ev := range evs {
				if ev.ChangeType != "create_user" || ev.UserID != "carol" {
					t.Errorf("receiver decrypted %+v, want carol's create_user on every try", ev)
				}
			}
			if len(evs) != len(c.statuses) {
				t.Errorf("receiver decrypted %d posts, want %d", len(evs), len(c.statuses))
			}
			if c.name == "ErrTimeout" && (elapsed < 3*timeout || elapsed > 3*time.Second) {
				t.Errorf("3 timed-out tries took %s, want about 3x%s", elapsed, timeout)
			}
		})
	}
}

func TestCallbackControlErrors(t *testing.T) {
	e := mustEnv(t)
	rc := newReceiver(t, e.sim, nil)
	p := "/_sim/corps/" + corpID
	good := `"token":"` + rcvToken + `","encodingaeskey":"` + rcvAESKey + `"`
	steps := []struct {
		name, method, path, body string
		status                   int
	}{
		{"ErrURL", "PUT", p + "/apps/1000002/callback", `{"url":"ftp://x",` + good + `}`, 400},
		{"ErrToken", "PUT", p + "/apps/1000002/callback", `{"url":"http://x","token":"a-b","encodingaeskey":"` + rcvAESKey + `"}`, 400},
		{"ErrKey", "PUT", p + "/apps/1000002/callback", `{"url":"http://x","token":"t","encodingaeskey":"short"}`, 400},
		{"ErrApp", "PUT", p + "/apps/42/callback", `{"url":"http://x",` + good + `}`, 404},
		{"ErrCorp", "PUT", "/_sim/corps/wwnone/apps/0/callback", `{"url":"http://x",` + good + `}`, 404},
		{"Set", "PUT", p + "/apps/1000002/callback", `{"url":"` + rc.url() + `",` + good + `}`, 204},
		{"Clear", "PUT", p + "/apps/1000002/callback", `{"url":""}`, 204},
		{"Policy", "PUT", p + "/callback-policy", `{"timeout_ms":100,"retry_spacing_ms":5}`, 204},
		{"ErrPolicyTimeout", "PUT", p + "/callback-policy", `{"timeout_ms":6000}`, 400},
		{"ErrPolicySpacing", "PUT", p + "/callback-policy", `{"retry_spacing_ms":10001}`, 400},
		{"PolicyMaxSpacing", "PUT", p + "/callback-policy", `{"retry_spacing_ms":10000}`, 204},
		{"ErrPolicyCorp", "PUT", "/_sim/corps/wwnone/callback-policy", `{"timeout_ms":100}`, 404},
		{"List", "GET", "/_sim/callbacks", ``, 200},
	}
	for _, s := range steps {
		if resp, body := e.do(t, s.method, s.path, s.body); resp.StatusCode != s.status {
			t.Errorf("%s: HTTP %d, want %d: %s", s.name, resp.StatusCode, s.status, body)
		}
	}
}

// TestResetStopsBackgroundWork: with 5 s timeouts, retry spacing and row
// delay, Reset still ends every background goroutine at once: a callback
// POST in flight is cancelled, a delivery between tries and a batch job
// between rows (or paused) stop waiting. Nothing is left within a second.
func TestResetStopsBackgroundWork(t *testing.T) {
	tests := []struct {
		name     string
		rowDelay time.Duration
		paused   bool
	}{
		{"RowDelay", 5 * time.Second, false},
		{"Paused", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ignore := goleak.IgnoreCurrent()
			e := mustContactEnv(t)
			if err := e.sim.SetCallbackPolicy(corpID, 5*time.Second, 5*time.Second); err != nil {
				t.Fatal(err)
			}
			// hanging never answers until the POST is cancelled; failing
			// answers 500, so its delivery waits 5 s for the next try.
			hit, hangEnded := make(chan struct{}), make(chan struct{})
			var once sync.Once
			hanging := httptest.NewServer(verifying(t, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				// The body read to the end, the server notices the client
				// hanging up and ends r's context.
				_, _ = io.Copy(io.Discard, r.Body)
				once.Do(func() { close(hit) })
				<-r.Context().Done()
				close(hangEnded)
			})))
			defer hanging.Close()
			failing := httptest.NewServer(verifying(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusInternalServerError)
			})))
			defer failing.Close()
			mustSaveCallback(t, e.sim, 0, hanging.URL, rcvToken, rcvAESKey)
			mustSaveCallback(t, e.sim, agentID, failing.URL, rcvToken, rcvAESKey)
			if err := e.sim.SetBatchPace(corpID, tt.rowDelay, tt.paused); err != nil {
				t.Fatal(err)
			}
			id := e.upload(t, e.tok, "file", "u.csv", usersCSV("erin,Erin,13800000001,,1"))
			e.startJob(t, "syncuser", id, "")
			if err := e.sim.AddUser(corpID, "carol", ""); err != nil {
				t.Fatal(err)
			}
			// Wait until one POST hangs and the other delivery has made its
			// first try and is waiting for the second.
			deadline := time.Now().Add(5 * time.Second)
			for !slices.ContainsFunc(e.sim.CallbackAttempts(corpID), func(a sim.CallbackAttempt) bool {
				return a.URL == failing.URL
			}) {
				if time.Now().After(deadline) {
					t.Fatal("the failing callback got no try")
				}
				time.Sleep(5 * time.Millisecond)
			}
			<-hit

			start := time.Now()
			e.sim.Reset()
			select {
			case <-hangEnded:
			case <-time.After(time.Second):
				t.Error("the callback POST in flight was not cancelled within 1 s of Reset")
			}
			hanging.Close()
			failing.Close()
			e.srv.Close()
			e.browser.CloseIdleConnections()
			// goleak retries for about 0.4 s, well under the 5 s waits.
			if err := goleak.Find(ignore); err != nil {
				t.Errorf("goroutines left %s after Reset: %v", time.Since(start), err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("background work took %s to end after Reset, want under 1 s", d)
			}
		})
	}
}
