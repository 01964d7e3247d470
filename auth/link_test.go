package auth_test

import (
	"context"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

// TestLinks: a link token opens its one path for its account for LinkTTL, and nothing else: not another path, not
// /graphql (an access token's place), not after the account's tokens are revoked; and an access token is no link.
func TestLinks(t *testing.T) {
	e := newEnv(t)
	tn := e.newTenant(t, tenants.SettingsPatch{})
	sess := e.login(t, tn)
	me, err := e.svc.Authenticate(context.Background(), sess.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	const path = "/api/attachments/42"
	link, exp, err := e.svc.SignLink(context.Background(), me, path)
	if err != nil {
		t.Fatal(err)
	}
	if d := exp.Sub(e.clock.Now()); d != auth.LinkTTL {
		t.Errorf("link lives %v, want %v", d, auth.LinkTTL)
	}

	t.Run("OK", func(t *testing.T) {
		got, err := e.svc.AuthenticateLink(context.Background(), link, path)
		if err != nil {
			t.Fatal(err)
		}
		if got != me {
			t.Errorf("actor = %+v, want %+v", got, me)
		}
	})

	for _, c := range []struct {
		name, token, path string
	}{
		{"ErrOtherPath", link, "/api/attachments/43"},
		{"ErrPrefixOfPath", link, "/api/attachments/4"},
		{"ErrAccessTokenAsLink", sess.AccessToken, path},
		{"ErrEmpty", "", path},
		{"ErrTruncated", link[:len(link)-3], path},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.svc.AuthenticateLink(context.Background(), c.token, c.path)
			wantCode(t, err, apperr.Unauthenticated)
		})
	}

	t.Run("ErrLinkAsAccessToken", func(t *testing.T) {
		_, err := e.svc.Authenticate(context.Background(), link)
		wantCode(t, err, apperr.Unauthenticated)
	})

	t.Run("ErrOtherTenantInContext", func(t *testing.T) {
		other := e.newTenant(t, tenants.SettingsPatch{})
		_, err := e.svc.AuthenticateLink(other.ctx, link, path)
		wantCode(t, err, apperr.Unauthenticated)
	})

	// freshLink signs in again and signs a link, for a case that ends the account's links.
	freshLink := func(t *testing.T) string {
		t.Helper()
		a, err := e.svc.Authenticate(context.Background(), e.login(t, tn).AccessToken)
		if err != nil {
			t.Fatal(err)
		}
		l, _, err := e.svc.SignLink(context.Background(), a, path)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}

	t.Run("ErrRevoked", func(t *testing.T) {
		l := freshLink(t)
		if err := e.svc.RevokeSessions(tn.ctx, tn.account.ID); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.AuthenticateLink(context.Background(), l, path)
		wantCode(t, err, apperr.Unauthenticated)
	})

	t.Run("ErrFrozen", func(t *testing.T) {
		l := freshLink(t)
		if err := e.db.WithContext(tn.ctx).Model(&directory.Employee{}).Where("id = ?", tn.account.EmployeeID).
			Update("status", directory.StatusFrozen).Error; err != nil {
			t.Fatal(err)
		}
		defer func() {
			_ = e.db.WithContext(tn.ctx).Model(&directory.Employee{}).Where("id = ?", tn.account.EmployeeID).
				Update("status", directory.StatusActive).Error
		}()
		_, err := e.svc.AuthenticateLink(context.Background(), l, path)
		wantCode(t, err, apperr.Forbidden)
	})

	// Last: it moves the clock past the first link's life.
	t.Run("ErrExpired", func(t *testing.T) {
		e.clock.Advance(auth.LinkTTL + 31*time.Second) // past the leeway every token gets for clock skew
		_, err := e.svc.AuthenticateLink(context.Background(), link, path)
		wantCode(t, err, apperr.Unauthenticated)
	})
}
