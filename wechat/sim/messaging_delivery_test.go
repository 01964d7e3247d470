package sim_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
)

// TestSendRecipients covers toparty, totag, @all and the app's visible
// range.
func TestSendRecipients(t *testing.T) {
	e := mustEnv(t)
	sales, err := e.sim.CreateDepartment(corpID, sim.Department{Name: "Sales", ParentID: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []sim.Member{
		{UserID: "carol", Name: "Carol", Department: []int64{sales}},
		{UserID: "dave", Name: "Dave", Department: []int64{sales}},
		{UserID: "erin", Name: "Erin"},
	} {
		if err := e.sim.CreateUser(corpID, m); err != nil {
			t.Fatal(err)
		}
	}
	tag, err := e.sim.CreateTag(corpID, sim.Tag{Name: "oncall", Users: []string{"erin"}})
	if err != nil {
		t.Fatal(err)
	}
	// The other app sees Sales only.
	if err := e.sim.SetVisibleScope(corpID, otherAgent, sim.Scope{Departments: []int64{sales}}); err != nil {
		t.Fatal(err)
	}
	body := func(agent int, to string) string {
		return fmt.Sprintf(`{%s,"msgtype":"text","agentid":%d,"text":{"content":"hi"}}`, to, agent)
	}
	many := func(n int) string {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprint(i + 1)
		}
		return strings.Join(ids, "|")
	}
	tests := []struct {
		name   string
		other  bool // sent by the other app
		to     string
		code   int
		fields map[string]string
		got    []string // who received it, sorted
	}{
		{name: "OKParty", to: fmt.Sprintf(`"toparty":"%d|999"`, sales), fields: map[string]string{"invalidparty": "999"},
			got: []string{"carol", "dave"}},
		{name: "OKTag", to: fmt.Sprintf(`"totag":"%d|77"`, tag), fields: map[string]string{"invalidtag": "77"}, got: []string{"erin"}},
		{name: "OKUsersAndParty", to: fmt.Sprintf(`"touser":"Carol|alice","toparty":"%d"`, sales), got: []string{"alice", "carol", "dave"}},
		{name: "OKAllInScope", other: true, to: `"touser":"@all"`, got: []string{"carol", "dave"}},
		{name: "OKOutOfScopeInvalid", other: true, to: `"touser":"alice|Carol"`, fields: map[string]string{"invaliduser": "alice"},
			got: []string{"carol"}},
		{name: "ErrOutOfScopeOnly", other: true, to: `"touser":"alice|bob"`, code: 81013,
			fields: map[string]string{"invaliduser": "alice|bob"}},
		{name: "ErrPartiesInvalid", to: `"toparty":"999","totag":"77"`, code: 81013,
			fields: map[string]string{"invalidparty": "999", "invalidtag": "77"}},
		{name: "ErrTooManyParties", to: `"toparty":"` + many(101) + `"`, code: 82002},
		{name: "ErrTooManyTags", to: `"totag":"` + many(101) + `"`, code: 82003},
		{name: "ErrEmpty", to: `"touser":"","toparty":"","totag":""`, code: 82001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, agent := e.mustToken(t, secret), agentID
			if tt.other {
				tok, agent = e.mustToken(t, otherSecret), otherAgent
			}
			out, code := e.call(t, tok, "POST", "/cgi-bin/message/send", body(agent, tt.to))
			if code != tt.code {
				t.Fatalf("errcode = %d, want %d (%v)", code, tt.code, out["errmsg"])
			}
			for _, f := range []string{"invaliduser", "invalidparty", "invalidtag"} {
				if got, _ := out[f].(string); got != tt.fields[f] {
					t.Errorf("%s = %q, want %q", f, got, tt.fields[f])
				}
			}
			var got []string
			for _, u := range []string{"alice", "bob", "carol", "dave", "erin"} {
				for _, m := range e.sim.Messages(corpID, u) {
					if m.MsgID == out["msgid"] && out["msgid"] != nil {
						got = append(got, u)
					}
				}
			}
			if diff := cmp.Diff(tt.got, got); diff != "" {
				t.Errorf("recipients (-want +got):\n%s", diff)
			}
		})
	}
}

// marks lists each message of the user as "ok", "dropped" or "dup".
func (e *env) marks(user string) []string {
	var out []string
	for _, m := range e.sim.Messages(corpID, user) {
		switch {
		case m.Duplicate:
			out = append(out, "dup")
		case m.Dropped:
			out = append(out, "dropped")
		default:
			out = append(out, "ok")
		}
	}
	return out
}

func TestMemberRateLimit(t *testing.T) {
	t.Run("PerMinute", func(t *testing.T) {
		e := mustEnv(t)
		tok, other := e.mustToken(t, secret), e.mustToken(t, otherSecret)
		for i := range 31 {
			out := e.send(t, tok, textcard("alice|bob", fmt.Sprint("n", i)))
			if out.ErrCode != 0 || out.InvalidUser != "" {
				t.Fatalf("send %d: %+v; the excess must be dropped silently", i, out)
			}
			e.clock.Advance(time.Second)
		}
		// The same app is over its 30 for this minute; another app is not.
		e.send(t, other, `{"touser":"alice","msgtype":"text","agentid":1000003,"text":{"content":"crm"}}`)
		// A duplicate is not delivered, so it counts for nothing.
		dup := strings.TrimSuffix(textcard("bob", "n0"), "}") + `,"enable_duplicate_check":1}`
		e.send(t, tok, dup)
		// 60 s after the first delivery it has left the window.
		e.clock.Advance(29 * time.Second)
		e.send(t, tok, textcard("alice", "late"))

		want := append(append(repeat("ok", 30), "dropped"), "ok", "ok")
		if diff := cmp.Diff(want, e.marks("alice")); diff != "" {
			t.Errorf("alice (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(append(append(repeat("ok", 30), "dropped"), "dup"), e.marks("bob")); diff != "" {
			t.Errorf("bob (-want +got):\n%s", diff)
		}
	})
	t.Run("PerHour", func(t *testing.T) {
		e := mustEnv(t)
		tok := e.mustToken(t, secret)
		// 1000 deliveries at 25 a minute take 40 minutes.
		for i := range 1000 {
			if out := e.send(t, tok, fmt.Sprintf(`{"touser":"alice","msgtype":"text","agentid":1000002,"text":{"content":"%d"}}`, i)); out.ErrCode != 0 {
				t.Fatalf("send %d: %+v", i, out)
			}
			if i%25 == 24 {
				e.clock.Advance(time.Minute)
			}
		}
		e.send(t, tok, textcard("alice", "over the hour"))
		// The first 25 leave the hour window 60 minutes after they came.
		e.clock.Advance(20 * time.Minute)
		e.send(t, tok, textcard("alice", "next hour"))
		marks := e.marks("alice")
		if diff := cmp.Diff([]string{"ok", "dropped", "ok"}, marks[999:]); diff != "" || len(marks) != 1002 {
			t.Errorf("last marks (-want +got):\n%s (of %d)", diff, len(marks))
		}
		// The control API shows the mark.
		_, body := e.do(t, "GET", "/_sim/corps/wwcorp/users/alice/messages", "")
		var msgs []map[string]any
		if err := json.Unmarshal([]byte(body), &msgs); err != nil {
			t.Fatal(err)
		}
		if msgs[1000]["dropped"] != true || msgs[1001]["dropped"] != false {
			t.Errorf("control API marks: %v, %v", msgs[1000]["dropped"], msgs[1001]["dropped"])
		}
	})
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestRecall(t *testing.T) {
	e := mustEnv(t)
	tok, other := e.mustToken(t, secret), e.mustToken(t, otherSecret)
	first := e.send(t, tok, textcard("alice|bob", "Recall me"))
	kept := e.send(t, tok, textcard("alice", "Keep me"))
	recall := func(tok, msgID string) int {
		_, code := e.call(t, tok, "POST", "/cgi-bin/message/recall", `{"msgid":"`+msgID+`"}`)
		return code
	}
	if code := recall(other, first.MsgID); code != 40058 {
		t.Errorf("recall by another app: errcode %d, want 40058", code)
	}
	if code := recall(tok, "nope"); code != 40058 {
		t.Errorf("recall unknown: errcode %d, want 40058", code)
	}
	if _, code := e.call(t, tok, "POST", "/cgi-bin/message/recall", `{}`); code != 40058 {
		t.Errorf("recall without msgid: errcode %d, want 40058", code)
	}
	e.clock.Advance(24*time.Hour - time.Second)
	tok = e.mustToken(t, secret) // the old one expired
	if code := recall(tok, first.MsgID); code != 0 {
		t.Fatalf("recall: errcode %d", code)
	}
	for _, u := range []string{"alice", "bob"} {
		if m := e.sim.Messages(corpID, u)[0]; !m.Recalled {
			t.Errorf("%s's copy not marked recalled", u)
		}
	}
	if m := e.sim.Messages(corpID, "alice")[1]; m.Recalled {
		t.Error("another message was marked recalled")
	}
	e.clock.Advance(time.Second)
	if code := recall(tok, kept.MsgID); code != 42052 {
		t.Errorf("recall after 24h: errcode %d, want 42052", code)
	}

	_, page := e.do(t, "GET", "/_sim/inbox/wwcorp/alice", "")
	if !strings.Contains(page, `data-testid="sim-recalled"`) || !strings.Contains(page, "message recalled") ||
		strings.Contains(page, "Recall me") || !strings.Contains(page, "Keep me") {
		t.Errorf("inbox after recall:\n%s", page)
	}
}
