package sim_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/sim"
)

// TestExternalContactEvents drives every change_type through the control
// API: each reaches the customer-contact callback (envelope without an
// AgentID) and the OA app's callback, and the follow-up records change as
// the events say.
func TestExternalContactEvents(t *testing.T) {
	e := mustEnv(t)
	fastRetries(t, e.sim, time.Second)
	xc := newReceiver(t, e.sim, nil)
	oa := e.mustSink(t, agentID)
	p := "/_sim/corps/" + corpID
	if resp, b := e.do(t, "PUT", p+"/external-contact-callback",
		`{"url":"`+xc.url()+`","token":"`+rcvToken+`","encodingaeskey":"`+rcvAESKey+`"}`); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("external-contact-callback: HTTP %d: %s", resp.StatusCode, b)
	}
	// The same verification as an app's callback.
	if resp, b := e.do(t, "PUT", p+"/external-contact-callback",
		`{"url":"`+e.srv.URL+`/nothing","token":"`+rcvToken+`","encodingaeskey":"`+rcvAESKey+`"}`); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unverifiable external-contact-callback: HTTP %d: %s", resp.StatusCode, b)
	}
	id, err := e.sim.AddExternalContact(corpID, "alice", simContact("王客户"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.AddExternalContact(corpID, "Bob", simFollow(id)); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name, method, path, body string
		status                   int
		change, user             string // the event posted, "" for none
	}{
		{"Edit", "PATCH", p + "/users/alice/external-contacts/" + id, `{"remark":"王总","description":"大客户"}`, 204, "edit_external_contact", "alice"},
		{"ErrEditNotFollower", "PATCH", p + "/users/alice/external-contacts/wmnone", `{"remark":"x"}`, 404, "", ""},
		{"ErrEditUser", "PATCH", p + "/users/nobody/external-contacts/" + id, `{}`, 404, "", ""},
		{"DelFollowUser", "DELETE", p + "/external-contacts/" + id + "/followers/bob", ``, 204, "del_follow_user", "Bob"},
		{"ErrDelFollowUserAgain", "DELETE", p + "/external-contacts/" + id + "/followers/bob", ``, 404, "", ""},
		{"DelExternalContact", "DELETE", p + "/users/alice/external-contacts/" + id, ``, 204, "del_external_contact", "alice"},
		{"ErrGone", "PATCH", p + "/users/alice/external-contacts/" + id, `{}`, 404, "", ""},
	}
	want := []string{"add_external_contact/alice", "add_external_contact/Bob"}
	for _, s := range steps {
		if resp, b := e.do(t, s.method, s.path, s.body); resp.StatusCode != s.status {
			t.Errorf("%s: HTTP %d, want %d: %s", s.name, resp.StatusCode, s.status, b)
		}
		if s.change != "" {
			want = append(want, s.change+"/"+s.user)
		}
	}
	waitIdle(t, e.sim)

	evs, agents := xc.got()
	var got []string
	for i, ev := range evs {
		got = append(got, ev.ChangeType+"/"+ev.UserID)
		if ev.Event != "change_external_contact" || ev.ExternalUserID != id || agents[i] != "" {
			t.Errorf("customer-contact event %d: %+v, envelope AgentID %q", i, ev, agents[i])
		}
	}
	// Deliveries run concurrently, so they may arrive in any order (as
	// WeCom's may).
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("customer-contact callback got %v, want %v", got, want)
	}
	if n := len(oa.got()); n != len(want) {
		t.Errorf("the OA app's callback got %d events, want %d", n, len(want))
	}

	tok := e.mustToken(t, secret)
	if _, code := e.call(t, tok, "GET", "/cgi-bin/externalcontact/get?external_userid="+id, ""); code != 40096 {
		t.Errorf("get after both followers left: errcode %d, want 40096", code)
	}
	if _, code := e.call(t, tok, "GET", "/cgi-bin/externalcontact/list?userid=alice", ""); code != 84061 {
		t.Errorf("list alice after deleting her only customer: errcode %d, want 84061", code)
	}
}

// TestExternalContactEditShows: an edited remark is what
// externalcontact/get returns.
func TestExternalContactEditShows(t *testing.T) {
	e := mustEnv(t)
	id, err := e.sim.AddExternalContact(corpID, "alice", simContact("王客户"))
	if err != nil {
		t.Fatal(err)
	}
	remark := "王总"
	if err := e.sim.EditExternalContact(corpID, "ALICE", id, simEdit(&remark, nil)); err != nil {
		t.Fatal(err)
	}
	got, code := e.call(t, e.mustToken(t, secret), "GET", "/cgi-bin/externalcontact/get?external_userid="+id, "")
	follow, _ := got["follow_user"].([]any)
	if code != 0 || len(follow) != 1 {
		t.Fatalf("get: %v", got)
	}
	f := follow[0].(map[string]any)
	if f["remark"] != "王总" || f["description"] != "采购" {
		t.Errorf("follow_user = %v, want remark 王总 and the description kept", f)
	}
}

func simContact(name string) sim.ExternalContact {
	return sim.ExternalContact{Name: name, Remark: "王", Description: "采购"}
}

func simFollow(id string) sim.ExternalContact { return sim.ExternalContact{ExternalUserID: id} }

func simEdit(remark, description *string) sim.FollowEdit {
	return sim.FollowEdit{Remark: remark, Description: description}
}
