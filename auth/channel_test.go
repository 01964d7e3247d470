package auth_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
)

// weChatSession signs in as WeChat does: a ticket, exchanged for a session.
func (e *env) weChatSession(t *testing.T, tn tenant) auth.Session {
	t.Helper()
	ticket, err := e.svc.IssueSSOTicket(tn.ctx, tn.account.ID)
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.svc.ExchangeSSOTicket(context.Background(), ticket)
	if err != nil {
		t.Fatalf("exchange ticket: %v", err)
	}
	return s
}

// jwtPayload returns the claims of a token without checking it.
func jwtPayload(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not a JWT", token)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// defaultRole returns the tenant's default system role (every account of newTenant has it).
func (e *env) defaultRole(t *testing.T, tn tenant) directory.SystemRole {
	t.Helper()
	roles, err := e.dir.SystemRolesOf(tn.ctx, tn.account.ID)
	if err != nil || len(roles) != 1 || !roles[0].IsDefault {
		t.Fatalf("roles of a new account = %+v, %v; want the default role", roles, err)
	}
	return roles[0]
}

func (e *env) setAllowWeChat(t *testing.T, tn tenant, roleID uint64, allow bool) {
	t.Helper()
	if _, err := e.dir.UpdateSystemRole(tn.ctx, roleID, directory.SystemRolePatch{AllowWeChat: &allow}); err != nil {
		t.Fatal(err)
	}
}

func wantGate(t *testing.T, err error, cause error) {
	t.Helper()
	wantCode(t, err, apperr.Forbidden)
	if !errors.Is(err, cause) {
		t.Errorf("err = %v, want cause %v", err, cause)
	}
}

func TestChannel(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name   string
		signIn func(*testing.T, tenant) auth.Session
		want   string
		claim  any
	}{
		{"WeChat", e.weChatSession, auth.ChannelWeChat, "wechat"},
		{"Password", e.login, auth.ChannelWeb, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sess := tc.signIn(t, e.newTenant(t, tenants.SettingsPatch{}))
			if got := jwtPayload(t, sess.AccessToken)["ch"]; got != tc.claim {
				t.Errorf("claim ch = %v, want %v", got, tc.claim)
			}
			actor, err := e.svc.Authenticate(context.Background(), sess.AccessToken)
			if err != nil {
				t.Fatal(err)
			}
			if actor.Channel != tc.want {
				t.Errorf("Channel = %q, want %q", actor.Channel, tc.want)
			}
			// A refresh keeps the channel.
			next, err := e.svc.Refresh(context.Background(), sess.RefreshToken)
			if err != nil {
				t.Fatal(err)
			}
			if actor, err = e.svc.Authenticate(context.Background(), next.AccessToken); err != nil || actor.Channel != tc.want {
				t.Errorf("after refresh: Channel = %q, %v; want %q", actor.Channel, err, tc.want)
			}
			// So does a password change.
			changed, err := e.svc.ChangePassword(context.Background(), actor, password, "Other-pass-2026")
			if err != nil {
				t.Fatal(err)
			}
			if actor, err = e.svc.Authenticate(context.Background(), changed.AccessToken); err != nil || actor.Channel != tc.want {
				t.Errorf("after password change: Channel = %q, %v; want %q", actor.Channel, err, tc.want)
			}
		})
	}
}

// TestWeChatGate: a WeChat-channel session is refused, at once, when its employee no longer passes the WeChat gate
// (seed 000 §4); a password session of the same account is not affected.
func TestWeChatGate(t *testing.T) {
	e := newEnv(t)
	other := newEnv(t)

	t.Run("AllowWeChatOffTakesEffectAtOnce", func(t *testing.T) {
		tn := e.newTenant(t, tenants.SettingsPatch{})
		wx, pw := e.weChatSession(t, tn), e.login(t, tn)
		role := e.defaultRole(t, tn)
		e.setAllowWeChat(t, tn, role.ID, false)

		_, err := e.svc.Authenticate(context.Background(), wx.AccessToken)
		wantGate(t, err, directory.ErrWeChatNotAllowed)
		if !strings.Contains(apperr.MessageOf(err), "微信") {
			t.Errorf("message %q does not say why", apperr.MessageOf(err))
		}
		_, err = e.svc.Refresh(context.Background(), wx.RefreshToken)
		wantGate(t, err, directory.ErrWeChatNotAllowed)
		ticket, err := e.svc.IssueSSOTicket(tn.ctx, tn.account.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.ExchangeSSOTicket(context.Background(), ticket)
		wantGate(t, err, directory.ErrWeChatNotAllowed)
		_, err = e.svc.SessionFor(tn.ctx, tn.account.ID)
		wantGate(t, err, directory.ErrWeChatNotAllowed)
		if _, err := e.svc.Authenticate(context.Background(), pw.AccessToken); err != nil {
			t.Errorf("password session refused by the WeChat gate: %v", err)
		}

		e.setAllowWeChat(t, tn, role.ID, true)
		if _, err := e.svc.Authenticate(context.Background(), wx.AccessToken); err != nil {
			t.Errorf("allowed again, still refused: %v", err)
		}
	})
	t.Run("StatementsPerRequest", func(t *testing.T) {
		// A request of a WeChat session reads the account with its employee's status, then asks the gate, which
		// knows the employee is active and needs one query; a password session needs the first only.
		tn := e.newTenant(t, tenants.SettingsPatch{})
		wx, pw := e.weChatSession(t, tn), e.login(t, tn)
		n := testkit.CountStatements(t, e.db)
		for _, tc := range []struct {
			name  string
			token string
			want  int64
		}{{"WeChat", wx.AccessToken, 2}, {"Password", pw.AccessToken, 1}} {
			n.Reset()
			if _, err := e.svc.Authenticate(context.Background(), tc.token); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got := n.Count(); got != tc.want {
				t.Errorf("%s session: %d statements a request, want %d", tc.name, got, tc.want)
			}
		}
	})
	t.Run("PasswordInsideWeChat", func(t *testing.T) {
		// A password typed inside WeChat begins a WeChat-channel session: the gate decides at sign-in and on every
		// request, as it does for a session begun through OAuth. Outside WeChat the same password is a web session.
		tn := e.newTenant(t, tenants.SettingsPatch{})
		role := e.defaultRole(t, tn)
		inWeChat := auth.WithWeChatClient(context.Background())

		s, err := e.svc.Login(inWeChat, tn.Slug, login, password)
		if err != nil {
			t.Fatalf("allowed person refused inside WeChat: %v", err)
		}
		a, err := e.svc.Authenticate(context.Background(), s.AccessToken)
		if err != nil || a.Channel != auth.ChannelWeChat {
			t.Fatalf("session inside WeChat: actor %+v, %v; want channel %q", a, err, auth.ChannelWeChat)
		}

		e.setAllowWeChat(t, tn, role.ID, false)
		defer e.setAllowWeChat(t, tn, role.ID, true)
		_, err = e.svc.Authenticate(context.Background(), s.AccessToken)
		wantGate(t, err, directory.ErrWeChatNotAllowed)
		_, err = e.svc.Login(inWeChat, tn.Slug, login, password)
		wantGate(t, err, directory.ErrWeChatNotAllowed)
		web, err := e.svc.Login(context.Background(), tn.Slug, login, password)
		if err != nil {
			t.Fatalf("password outside WeChat refused: %v", err)
		}
		if a, err := e.svc.Authenticate(context.Background(), web.AccessToken); err != nil || a.Channel != auth.ChannelWeb {
			t.Errorf("session outside WeChat: actor %+v, %v; want a web session", a, err)
		}
	})
	t.Run("NoRoleGrantsOA", func(t *testing.T) {
		tn := e.newTenant(t, tenants.SettingsPatch{})
		wx := e.weChatSession(t, tn)
		crm, err := e.dir.CreateSystemRole(tn.ctx, "CRM only", []string{directory.SystemCRM}, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.dir.AssignSystemRoles(tn.ctx, tn.account.ID, []uint64{crm.ID}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Authenticate(context.Background(), wx.AccessToken)
		wantGate(t, err, directory.ErrNoSystemRole)
		_, err = e.svc.SessionFor(tn.ctx, tn.account.ID)
		wantGate(t, err, directory.ErrNoSystemRole)
	})
	t.Run("ResignedAndFrozen", func(t *testing.T) {
		tn := e.newTenant(t, tenants.SettingsPatch{})
		wx := e.weChatSession(t, tn)
		for _, st := range []directory.Status{directory.StatusResigned, directory.StatusFrozen} {
			setStatus(t, e, tn, st)
			_, err := e.svc.Authenticate(context.Background(), wx.AccessToken)
			wantCode(t, err, apperr.Forbidden)
			_, err = e.svc.Refresh(context.Background(), wx.RefreshToken)
			wantCode(t, err, apperr.Forbidden)
		}
		setStatus(t, e, tn, directory.StatusActive)
		if _, err := e.svc.Authenticate(context.Background(), wx.AccessToken); err != nil {
			t.Errorf("active again: %v", err)
		}
	})
	t.Run("OtherTenantsRolesDoNotReach", func(t *testing.T) {
		a := e.newTenant(t, tenants.SettingsPatch{})
		b := other.newTenant(t, tenants.SettingsPatch{})
		wxA, wxB := e.weChatSession(t, a), other.weChatSession(t, b)
		other.setAllowWeChat(t, b, other.defaultRole(t, b).ID, false)
		if _, err := e.svc.Authenticate(context.Background(), wxA.AccessToken); err != nil {
			t.Errorf("tenant A refused after tenant B changed its own role: %v", err)
		}
		_, err := other.svc.Authenticate(context.Background(), wxB.AccessToken)
		wantGate(t, err, directory.ErrWeChatNotAllowed)
	})
}
