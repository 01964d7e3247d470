package sim_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xen0n/go-workwx"
)

// A third-party SDK, written against qyapi.weixin.qq.com and never against
// this simulator, works unchanged when pointed at it: its token handling,
// paths, query and JSON shapes must all match WeCom's for these calls to
// succeed.
func TestThirdPartySDK(t *testing.T) {
	e := mustEnv(t)
	u, err := url.Parse(e.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	wx := workwx.New(corpID, workwx.WithQYAPIHost(u.Scheme+"://"+u.Host)).WithApp(secret, agentID)

	depts, err := wx.ListAllDepts()
	if err != nil {
		t.Fatalf("department/list: %v", err)
	}
	if !slices.ContainsFunc(depts, func(d *workwx.DeptInfo) bool { return d.ID == 1 }) {
		t.Errorf("department/list = %+v, want the root department 1", depts)
	}

	alice, err := wx.GetUser("alice")
	if err != nil {
		t.Fatalf("user/get: %v", err)
	}
	if alice.UserID != "alice" || alice.Name != "Alice" {
		t.Errorf("user/get = %+v, want alice", alice)
	}

	members, err := wx.ListUsersByDeptID(1, true)
	if err != nil {
		t.Fatalf("user/list: %v", err)
	}
	var ids []string
	for _, m := range members {
		ids = append(ids, strings.ToLower(m.UserID))
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"alice", "bob"}) {
		t.Errorf("user/list = %v, want alice and bob", ids)
	}

	if err := wx.SendTextMessage(&workwx.Recipient{UserIDs: []string{"alice"}}, "hello from another SDK", false); err != nil {
		t.Fatalf("message/send: %v", err)
	}
	got := e.sim.Messages(corpID, "alice")
	if len(got) != 1 || got[0].MsgType != "text" || !strings.Contains(string(got[0].Payload), "hello from another SDK") {
		t.Errorf("alice's inbox = %+v, want the text", got)
	}

	ticket, err := wx.GetJSAPITicket()
	if err != nil || ticket == "" {
		t.Errorf("get_jsapi_ticket = %q, %v", ticket, err)
	}

	e.do(t, "GET", "/_sim/phone/"+corpID+"/alice", "") // alice holds the phone
	who, err := wx.GetUserInfoByCode(e.mustCode(t))
	if err != nil {
		t.Fatalf("auth/getuserinfo: %v", err)
	}
	if who.UserID != "alice" {
		t.Errorf("auth/getuserinfo = %+v, want alice", who)
	}

	// WeCom's errors come back through the SDK's own error type.
	if _, err := wx.GetUser("nobody"); err == nil || !strings.Contains(err.Error(), "60111") {
		t.Errorf("user/get of an unknown member: %v, want errcode 60111", err)
	}
	// One token served every call above.
	if n := e.sim.CallCount("/cgi-bin/gettoken"); n != 1 {
		t.Errorf("gettoken calls = %d, want 1", n)
	}
}
