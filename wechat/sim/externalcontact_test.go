package sim_test

import (
	"context"
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

const (
	cbToken  = "QDG6eK"
	cbAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
)

// eventSink is a callback server that decrypts what it gets.
type eventSink struct {
	mu     sync.Mutex
	events []wxcrypt.Event
	agents []string
}

func (e *env) mustSink(tb testing.TB, agent int64) *eventSink {
	tb.Helper()
	cr, err := wxcrypt.New(cbToken, cbAESKey, corpID)
	if err != nil {
		tb.Fatal(err)
	}
	k := &eventSink{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if answerVerification(w, r, cr) {
			return
		}
		body, _ := io.ReadAll(r.Body)
		q := r.URL.Query()
		plain, err := cr.DecryptMsg(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ev, err := wxcrypt.ParseEvent(plain)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		env, _ := wxcrypt.ParseEnvelope(body)
		k.mu.Lock()
		k.events = append(k.events, ev)
		k.agents = append(k.agents, env.AgentID)
		k.mu.Unlock()
	}))
	tb.Cleanup(srv.Close)
	tb.Cleanup(func() { e.waitIdle(tb) }) // runs first: no delivery outlives the sink
	mustSaveCallback(tb, e.sim, agent, srv.URL, cbToken, cbAESKey)
	return k
}

func (k *eventSink) got() []wxcrypt.Event {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]wxcrypt.Event(nil), k.events...)
}

func (e *env) waitIdle(tb testing.TB) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.sim.WaitIdle(ctx); err != nil {
		tb.Fatal(err)
	}
}

func TestExternalContacts(t *testing.T) {
	e := mustEnv(t)
	oa := e.mustSink(t, agentID)
	crm := e.mustSink(t, otherAgent)
	// CRM sees bob only, so it hears nothing of alice's customers.
	if err := e.sim.SetVisibleScope(corpID, otherAgent, sim.Scope{Users: []string{"bob"}}); err != nil {
		t.Fatal(err)
	}
	id, err := e.sim.AddExternalContact(corpID, "Alice", sim.ExternalContact{Name: "李四", Type: 2, CorpName: "腾讯",
		Position: "经理", Remark: "李总", Description: "采购", State: "qr1", AddWay: 1})
	if err != nil || !strings.HasPrefix(id, "wm") {
		t.Fatalf("AddExternalContact = %q, %v", id, err)
	}
	e.waitIdle(t)
	evs := oa.got()
	if len(evs) != 1 || len(crm.got()) != 0 {
		t.Fatalf("events: OA %d, CRM %d; want 1, 0", len(evs), len(crm.got()))
	}
	ev := evs[0]
	if ev.Event != "change_external_contact" || ev.ChangeType != "add_external_contact" || ev.UserID != "alice" ||
		ev.ExternalUserID != id || ev.State != "qr1" || ev.WelcomeCode == "" || ev.FromUserName != "sys" ||
		ev.ToUserName != corpID || ev.CreateTime != e.clock.Now().Unix() {
		t.Errorf("event = %+v", ev)
	}
	if oa.agents[0] != "1000002" {
		t.Errorf("envelope AgentID = %q", oa.agents[0])
	}

	e.clock.Advance(time.Minute)
	if _, err := e.sim.AddExternalContact(corpID, "bob", sim.ExternalContact{ExternalUserID: id, Remark: "老李"}); err != nil {
		t.Fatal(err)
	}
	e.waitIdle(t)
	if n := len(crm.got()); n != 1 {
		t.Errorf("CRM got %d events after bob added the customer, want 1", n)
	}

	tok, crmTok := e.mustToken(t, secret), e.mustToken(t, otherSecret)
	list, code := e.call(t, tok, "GET", "/cgi-bin/externalcontact/list?userid=ALICE", "")
	if code != 0 || cmp.Diff([]any{id}, list["external_userid"]) != "" {
		t.Errorf("list alice: %v", list)
	}
	got, code := e.call(t, tok, "GET", "/cgi-bin/externalcontact/get?external_userid="+id, "")
	if code != 0 {
		t.Fatalf("get: %v", got)
	}
	start := e.clock.Now().Add(-time.Minute).Unix()
	want := map[string]any{
		"errcode": 0.0, "errmsg": "ok", "next_cursor": "",
		"external_contact": map[string]any{"external_userid": id, "name": "李四", "type": 2.0, "gender": 0.0,
			"corp_name": "腾讯", "position": "经理"},
		"follow_user": []any{
			map[string]any{"userid": "alice", "remark": "李总", "description": "采购", "createtime": float64(start),
				"state": "qr1", "add_way": 1.0, "oper_userid": "alice", "tag_id": []any{}},
			map[string]any{"userid": "Bob", "remark": "老李", "description": "", "createtime": float64(start + 60),
				"state": "", "add_way": 0.0, "oper_userid": "Bob", "tag_id": []any{}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("get (-want +got):\n%s", diff)
	}
	// CRM sees bob's follow-up record only.
	if got, _ := e.call(t, crmTok, "GET", "/cgi-bin/externalcontact/get?external_userid="+id, ""); len(got["follow_user"].([]any)) != 1 {
		t.Errorf("CRM's view: %v", got["follow_user"])
	}

	for _, tt := range []struct {
		name, tok, path string
		code            int
	}{
		{"ListNone", tok, "/cgi-bin/externalcontact/list?userid=nobody-here", 40003},
		{"ListMissing", tok, "/cgi-bin/externalcontact/list", 41009},
		{"ListOutOfScope", crmTok, "/cgi-bin/externalcontact/list?userid=alice", 60011},
		{"GetMissing", tok, "/cgi-bin/externalcontact/get", 41035},
		{"GetUnknown", tok, "/cgi-bin/externalcontact/get?external_userid=wmnope", 40096},
		{"GetBadCursor", tok, "/cgi-bin/externalcontact/get?external_userid=" + id + "&cursor=zzz", 40058},
	} {
		if out, code := e.call(t, tt.tok, "GET", tt.path, ""); code != tt.code {
			t.Errorf("%s: errcode %d, want %d (%v)", tt.name, code, tt.code, out["errmsg"])
		}
	}
	if err := e.sim.AddUser(corpID, "carol", "Carol"); err != nil {
		t.Fatal(err)
	}
	if _, code := e.call(t, tok, "GET", "/cgi-bin/externalcontact/list?userid=carol", ""); code != 84061 {
		t.Errorf("member without customers: errcode %d, want 84061", code)
	}
}

func TestAddExternalContactErrors(t *testing.T) {
	e := mustEnv(t)
	id, err := e.sim.AddExternalContact(corpID, "alice", sim.ExternalContact{Name: "Wang"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, corp, user string
		ec               sim.ExternalContact
		want             error
	}{
		{"UnknownCorp", "wwnone", "alice", sim.ExternalContact{Name: "x"}, sim.ErrNotFound},
		{"UnknownUser", corpID, "ghost", sim.ExternalContact{Name: "x"}, sim.ErrNotFound},
		{"UnknownContact", corpID, "bob", sim.ExternalContact{ExternalUserID: "wmnope"}, sim.ErrNotFound},
		{"NoName", corpID, "alice", sim.ExternalContact{}, sim.ErrInvalid},
		{"BadType", corpID, "alice", sim.ExternalContact{Name: "x", Type: 3}, sim.ErrInvalid},
		{"AlreadyFollows", corpID, "ALICE", sim.ExternalContact{ExternalUserID: id}, sim.ErrConflict},
	} {
		if _, err := e.sim.AddExternalContact(tt.corp, tt.user, tt.ec); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	for _, tt := range []struct {
		name, path, body string
		status           int
	}{
		{"OK", "/_sim/corps/wwcorp/users/bob/external-contacts", `{"name":"Zhao","state":"s"}`, 201},
		{"Follow", "/_sim/corps/wwcorp/users/bob/external-contacts", `{"external_userid":"` + id + `"}`, 201},
		{"Conflict", "/_sim/corps/wwcorp/users/bob/external-contacts", `{"external_userid":"` + id + `"}`, 409},
		{"NotFound", "/_sim/corps/wwcorp/users/ghost/external-contacts", `{"name":"x"}`, 404},
		{"Invalid", "/_sim/corps/wwcorp/users/bob/external-contacts", `{}`, 400},
		{"JSON", "/_sim/corps/wwcorp/users/bob/external-contacts", `{`, 400},
	} {
		if resp, body := e.do(t, "POST", tt.path, tt.body); resp.StatusCode != tt.status {
			t.Errorf("%s: HTTP %d, want %d: %s", tt.name, resp.StatusCode, tt.status, body)
		}
	}
}

// TestExternalFollowUserPages: a customer with more than 500 followers is
// paged.
func TestExternalFollowUserPages(t *testing.T) {
	e := mustEnv(t)
	id, err := e.sim.AddExternalContact(corpID, "alice", sim.ExternalContact{Name: "Popular"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 501 {
		u := fmt.Sprintf("u%03d", i)
		if err := e.sim.AddUser(corpID, u, u); err != nil {
			t.Fatal(err)
		}
		if _, err := e.sim.AddExternalContact(corpID, u, sim.ExternalContact{ExternalUserID: id}); err != nil {
			t.Fatal(err)
		}
	}
	tok := e.mustToken(t, secret)
	var seen []string
	cursor := ""
	for page := 0; ; page++ {
		out, code := e.call(t, tok, "GET", "/cgi-bin/externalcontact/get?external_userid="+id+"&cursor="+cursor, "")
		if code != 0 || page > 2 {
			t.Fatalf("page %d: %v", page, out["errmsg"])
		}
		fu := out["follow_user"].([]any)
		if page == 0 && len(fu) != 500 {
			t.Errorf("first page has %d followers, want 500", len(fu))
		}
		for _, f := range fu {
			seen = append(seen, f.(map[string]any)["userid"].(string))
		}
		if cursor = out["next_cursor"].(string); cursor == "" {
			break
		}
	}
	if len(seen) != 502 || seen[0] != "alice" || seen[501] != "u500" {
		t.Errorf("followers over all pages: %d, first %s, last %s", len(seen), seen[0], seen[len(seen)-1])
	}
}

func TestExternalBatchGetByUser(t *testing.T) {
	e := mustEnv(t)
	var want []string // "userid/external_userid" in the order WeCom lists them
	for _, c := range []struct{ user, name string }{{"alice", "A1"}, {"Bob", "B1"}, {"alice", "A2"}, {"Bob", "B2"}, {"Bob", "B3"}} {
		id, err := e.sim.AddExternalContact(corpID, c.user, sim.ExternalContact{Name: c.name, Remark: c.name + " note"})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, c.user+"/"+id)
	}
	want = []string{want[0], want[2], want[1], want[3], want[4]} // grouped by member as listed
	tok := e.mustToken(t, secret)
	var got []string
	cursor := ""
	for page := 0; page < 5; page++ {
		out, code := e.call(t, tok, "POST", "/cgi-bin/externalcontact/batch/get_by_user",
			`{"userid_list":["alice","Bob","ghost"],"cursor":"`+cursor+`","limit":2}`)
		if code != 0 {
			t.Fatalf("page %d: %v", page, out)
		}
		for _, it := range out["external_contact_list"].([]any) {
			m := it.(map[string]any)
			fi, ec := m["follow_info"].(map[string]any), m["external_contact"].(map[string]any)
			if fi["remark"] != ec["name"].(string)+" note" {
				t.Errorf("follow_info %v for %v", fi, ec)
			}
			got = append(got, fi["userid"].(string)+"/"+ec["external_userid"].(string))
		}
		if cursor = out["next_cursor"].(string); cursor == "" {
			break
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pairs (-want +got):\n%s", diff)
	}
	many := `"u0"` + strings.Repeat(`,"u"`, 100)
	for _, tt := range []struct{ name, body string }{
		{"NoUsers", `{"userid_list":[]}`},
		{"TooManyUsers", `{"userid_list":[` + many + `]}`},
		{"LimitTooBig", `{"userid_list":["alice"],"limit":101}`},
		{"BadCursor", `{"userid_list":["alice"],"cursor":"!!"}`},
	} {
		if out, code := e.call(t, tok, "POST", "/cgi-bin/externalcontact/batch/get_by_user", tt.body); code != 40058 {
			t.Errorf("%s: errcode %d, want 40058 (%v)", tt.name, code, out["errmsg"])
		}
	}
}
