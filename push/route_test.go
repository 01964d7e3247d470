package push

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/mp"
)

// nopMP stands for the service-account client where nothing is sent: routing only asks whether there is one.
type nopMP struct{}

func (nopMP) AccessToken(context.Context, mp.Account) (string, error) { return "", nil }
func (nopMP) SendTemplate(context.Context, mp.Account, mp.TemplateMessage) (int64, error) {
	return 0, errors.New("not sent")
}

// TestRouteOf: the channel a message takes to a person, by the tenant's choice, the person's WeCom state and their
// WeChat binding, and the reason the delivery records.
func TestRouteOf(t *testing.T) {
	db := testkit.MustGorm(t, testkit.NewDatabase(t))
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatal(err)
	}
	sealer, err := tenants.NewSealer("push-route-test-key-0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	ts := tenants.NewStore(db, sealer)
	dir := directory.NewStore(db, nil)
	s := NewService(Deps{DB: db, Tenants: ts, Directory: dir, MP: nopMP{}})
	mk := func(slug string) context.Context {
		tn, err := ts.Create(tenancy.System(context.Background()), slug, slug)
		if err != nil {
			t.Fatal(err)
		}
		return audit.WithActor(tenancy.WithTenant(context.Background(), tn.ID), audit.Actor{Kind: audit.System, ID: "test"})
	}
	const appID = "wx0000000000000abc"
	st := func(s directory.WeComStatus) *directory.WeComStatus { return &s }
	uid := func(s string) *string { return &s }
	type person struct {
		userID           *string
		status           *directory.WeComStatus
		bound, following bool
	}
	for _, tc := range []struct {
		name    string
		channel *tenants.PushChannel // nil: no service account
		p       person
		want    string // channel, "" for none
		why     string // in the reason
	}{
		{"NoServiceAccount", nil, person{userID: uid("u1"), status: st(directory.WeComActive)}, ChannelWeCom, "企业微信成员"},
		{"NoServiceAccountNoWeCom", nil, person{}, "", "没有企业微信账号"},
		{"WeComOnly", ptrTo(tenants.PushWeCom), person{userID: uid("u1"), bound: true, following: true}, ChannelWeCom, "企业微信成员"},
		{"MPOnly", ptrTo(tenants.PushMP), person{userID: uid("u1"), status: st(directory.WeComActive), bound: true, following: true}, ChannelMP, "仅服务号"},
		{"MPOnlyUnbound", ptrTo(tenants.PushMP), person{userID: uid("u1")}, "", "尚未绑定"},
		{"FirstActiveMember", ptrTo(tenants.PushWeComFirst), person{userID: uid("u1"), status: st(directory.WeComActive), bound: true, following: true}, ChannelWeCom, "企业微信成员"},
		{"FirstNotJoined", ptrTo(tenants.PushWeComFirst), person{userID: uid("u1"), status: st(directory.WeComNotJoined), bound: true, following: true}, ChannelMP, "未激活或已停用"},
		{"FirstNotInWeCom", ptrTo(tenants.PushWeComFirst), person{bound: true, following: true}, ChannelMP, "未加入企业微信"},
		{"FirstNotJoinedUnfollowed", ptrTo(tenants.PushWeComFirst), person{userID: uid("u1"), status: st(directory.WeComNotJoined), bound: true}, "", "取消关注"},
		{"FirstUnknownUnbound", ptrTo(tenants.PushWeComFirst), person{userID: uid("u1")}, ChannelWeCom, "状态未知"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := mk("route-" + strings.ToLower(tc.name))
			if tc.channel != nil {
				if err := ts.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptrTo(appID),
					Secret: ptrTo("0123456789abcdef0123456789abcdef"), PushChannel: tc.channel}); err != nil {
					t.Fatal(err)
				}
			}
			e := directory.Employee{Name: "甲", WeComUserID: tc.p.userID, WeComStatus: tc.p.status, Status: directory.StatusActive}
			emp, acct, err := dir.CreateEmployee(ctx, e, "jia", "Passw0rd!", directory.RoleMember)
			if err != nil {
				t.Fatal(err)
			}
			if tc.p.bound {
				if _, err := dir.BindWeChat(ctx, appID, "o-jia", acct); err != nil {
					t.Fatal(err)
				}
				if err := dir.SetWeChatSubscribed(ctx, appID, "o-jia", tc.p.following); err != nil {
					t.Fatal(err)
				}
			}
			emp.WeComStatus = tc.p.status
			r, err := s.routeOf(ctx, emp)
			if err != nil {
				t.Fatal(err)
			}
			if r.channel != tc.want || !strings.Contains(r.why, tc.why) {
				t.Errorf("route = %+v, want channel %q with %q in its reason", r, tc.want, tc.why)
			}
			if r.channel == ChannelMP && r.recipient != "o-jia" {
				t.Errorf("recipient %q, want the openid", r.recipient)
			}
		})
	}
}

func ptrTo[T any](v T) *T { return &v }
