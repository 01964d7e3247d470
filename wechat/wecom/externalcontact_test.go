package wecom_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

func TestExternalContacts(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	if ids, err := e.client.ListExternalContacts(ctx, app, "alice"); err != nil || ids != nil {
		t.Errorf("member without customers: %v, %v; want none", ids, err)
	}
	li, err := e.sim.AddExternalContact(corpID, "alice", sim.ExternalContact{Name: "李四", Type: 2, CorpName: "腾讯",
		Position: "经理", Remark: "李总", Description: "采购", State: "qr1", AddWay: 1})
	if err != nil {
		t.Fatal(err)
	}
	wang, err := e.sim.AddExternalContact(corpID, "alice", sim.ExternalContact{Name: "王五"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.AddExternalContact(corpID, "bob", sim.ExternalContact{ExternalUserID: li, Remark: "老李"}); err != nil {
		t.Fatal(err)
	}

	ids, err := e.client.ListExternalContacts(ctx, app, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{li, wang}, ids); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}

	d, err := e.client.GetExternalContact(ctx, app, li, "")
	if err != nil {
		t.Fatal(err)
	}
	now := e.clock.Now().Unix()
	want := wecom.ExternalContactDetail{
		Contact: wecom.ExternalContact{ExternalUserID: li, Name: "李四", Type: 2, CorpName: "腾讯", Position: "经理"},
		FollowUsers: []wecom.FollowUser{
			{UserID: "alice", Remark: "李总", Description: "采购", CreateTime: now, State: "qr1", OperUserID: "alice", AddWay: 1},
			{UserID: "bob", Remark: "老李", CreateTime: now, OperUserID: "bob"},
		},
	}
	if diff := cmp.Diff(want, d, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("get (-want +got):\n%s", diff)
	}
	if _, err := e.client.GetExternalContact(ctx, app, "wmnobody", ""); wecom.CodeOf(err) != wecom.CodeInvalidExternalUserID {
		t.Errorf("unknown contact: %v, want 40096", err)
	}
	for name, err := range map[string]error{
		"ListEmpty": func() error { _, err := e.client.ListExternalContacts(ctx, app, ""); return err }(),
		"GetEmpty":  func() error { _, err := e.client.GetExternalContact(ctx, app, "", ""); return err }(),
	} {
		if err == nil || wecom.CodeOf(err) != 0 {
			t.Errorf("%s: %v, want a local error", name, err)
		}
	}
}

func TestExternalFollowUserPaging(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	id, err := e.sim.AddExternalContact(corpID, "alice", sim.ExternalContact{Name: "Popular"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		u := fmt.Sprintf("m%03d", i)
		if err := e.sim.AddUser(corpID, u, u); err != nil {
			t.Fatal(err)
		}
		if _, err := e.sim.AddExternalContact(corpID, u, sim.ExternalContact{ExternalUserID: id}); err != nil {
			t.Fatal(err)
		}
	}
	var all []string
	cursor := ""
	for page := 0; page < 3; page++ {
		d, err := e.client.GetExternalContact(ctx, app, id, cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range d.FollowUsers {
			all = append(all, f.UserID)
		}
		if cursor = d.NextCursor; cursor == "" {
			break
		}
	}
	if len(all) != 501 || all[0] != "alice" || all[500] != "m499" || cursor != "" {
		t.Errorf("%d followers over the pages (first %s, last %s), cursor %q", len(all), all[0], all[len(all)-1], cursor)
	}
}

func TestBatchGetExternalContacts(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	var want []string
	for _, c := range []struct{ user, name string }{{"alice", "A1"}, {"alice", "A2"}, {"bob", "B1"}} {
		id, err := e.sim.AddExternalContact(corpID, c.user, sim.ExternalContact{Name: c.name, Remark: c.name})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, c.user+"/"+id)
	}
	var got []string
	cursor := ""
	for page := 0; page < 4; page++ {
		b, err := e.client.BatchGetExternalContacts(ctx, app, []string{"alice", "bob"}, cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Contacts) > 2 {
			t.Errorf("page %d has %d entries, limit 2", page, len(b.Contacts))
		}
		for _, c := range b.Contacts {
			if c.Follow.Remark != c.Contact.Name {
				t.Errorf("follow %+v for %+v", c.Follow, c.Contact)
			}
			got = append(got, c.Follow.UserID+"/"+c.Contact.ExternalUserID)
		}
		if cursor = b.NextCursor; cursor == "" {
			break
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pairs (-want +got):\n%s", diff)
	}
	tooMany := make([]string, 101)
	for name, args := range map[string]struct {
		ids   []string
		limit int
	}{
		"NoUsers":       {nil, 0},
		"TooManyUsers":  {tooMany, 0},
		"LimitTooBig":   {[]string{"alice"}, 101},
		"NegativeLimit": {[]string{"alice"}, -1},
	} {
		if _, err := e.client.BatchGetExternalContacts(ctx, app, args.ids, "", args.limit); err == nil || wecom.CodeOf(err) != 0 {
			t.Errorf("%s: %v, want a local error", name, err)
		}
	}
}
