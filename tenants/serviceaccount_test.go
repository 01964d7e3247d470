package tenants_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenants"
)

// TestServiceAccount: an admin binds the service account with its AppID and AppSecret; the secret comes back only
// masked, is sealed at rest and reaches the client through MPAccount; Qiao makes the server configuration's keys;
// malformed fields are refused by name and change nothing; another tenant sees none of it.
func TestServiceAccount(t *testing.T) {
	db := mustDB(t)
	s := tenants.NewStore(db, mustSealer(t, masterKey))
	_, ctx := mustTenant(t, s)
	const appID, secret = "wx0123456789abcdef", "0123456789abcdef0123456789ABCDEF"

	if _, err := s.ServiceAccount(ctx); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("ServiceAccount before binding: %v, want not_found", err)
	}
	safe, bogus := tenants.MPSafe, tenants.MPEncryptMode("rot13")
	for _, c := range []struct {
		name  string
		patch tenants.ServiceAccountPatch
		field string
	}{
		{"no AppID on the first binding", tenants.ServiceAccountPatch{Secret: sp(secret)}, "appId"},
		{"no AppSecret on the first binding", tenants.ServiceAccountPatch{AppID: sp(appID)}, "secret"},
		{"a WeCom corp ID for an AppID", tenants.ServiceAccountPatch{AppID: sp("ww0123456789abcdef"), Secret: sp(secret)}, "appId"},
		{"a short secret", tenants.ServiceAccountPatch{AppID: sp(appID), Secret: sp("short")}, "secret"},
		{"an unknown mode", tenants.ServiceAccountPatch{AppID: sp(appID), Secret: sp(secret), EncryptMode: &bogus}, "encryptMode"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantField(t, s.SaveServiceAccount(ctx, c.patch), c.field)
			if _, err := s.ServiceAccount(ctx); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("a refused binding left something: %v", err)
			}
		})
	}

	if err := s.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: sp(" WX0123456789ABCDEF "), Secret: sp(secret)}); err != nil {
		t.Fatal(err)
	}
	v, err := s.ServiceAccount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v.AppID != appID || v.EncryptMode != safe || strings.Contains(v.Secret, secret[4:28]) || v.Secret == "" ||
		len(v.Token) != 32 || len(v.AESKey) != 43 {
		t.Fatalf("view = %+v, want the AppID lower-cased, safe mode, the secret masked, keys made", v)
	}
	acct, err := s.MPAccount(ctx)
	if err != nil || acct.AppID != appID || acct.Secret != secret {
		t.Fatalf("MPAccount = %v, %v", acct, err)
	}
	var row tenants.ServiceAccount
	if err := db.WithContext(ctx).Take(&row).Error; err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(row.SecretSealed, []byte(secret)) || bytes.Contains(row.TokenSealed, []byte(v.Token)) {
		t.Error("a secret is stored in the clear")
	}

	// Changing the mode keeps the secret and the keys.
	plain := tenants.MPPlain
	if err := s.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{EncryptMode: &plain}); err != nil {
		t.Fatal(err)
	}
	w, _ := s.ServiceAccount(ctx)
	if w.EncryptMode != plain || w.Token != v.Token || w.AESKey != v.AESKey || w.Secret != v.Secret {
		t.Errorf("after the mode change: %+v, want only the mode changed", w)
	}

	_, other := mustTenant(t, s)
	if _, err := s.ServiceAccount(other); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another tenant's ServiceAccount: %v, want not_found", err)
	}
	if _, err := s.MPAccount(other); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another tenant's MPAccount: %v, want not_found", err)
	}
}
