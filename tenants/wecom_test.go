package tenants_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

func sp(v string) *string { return &v }

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != field {
		t.Fatalf("err = %v, want invalid on %s", err, field)
	}
}

// TestSaveCorpAndApps walks an admin's binding: the corp first, then the apps; secrets come back only masked, are
// sealed at rest, and reach the WeCom client through Credentials, per credential.
func TestSaveCorpAndApps(t *testing.T) {
	db := mustDB(t)
	s := tenants.NewStore(db, mustSealer(t, masterKey))
	tn, ctx := mustTenant(t, s)

	if err := s.SaveApp(ctx, "OA", 1000002, sp("oa-secret-0001")); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("SaveApp before the corp: %v, want invalid", err)
	}
	if err := s.SaveCorp(ctx, tenants.CorpPatch{ContactSecret: sp("contact-secret-0001")}); err != nil {
		wantField(t, err, "corpId")
	} else {
		t.Fatal("SaveCorp without a corp ID succeeded")
	}
	if err := s.SaveCorp(ctx, tenants.CorpPatch{CorpID: sp(" ww1234567890 "), ContactSecret: sp("contact-secret-0001"),
		TrustedDomain: sp("OA.Example.com:8443")}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveApp(ctx, "OA", 1000002, sp("oa-secret-0001")); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveApp(ctx, "PB", 1000003, sp("pb-secret-0001")); err != nil {
		t.Fatal(err)
	}
	// The same app cannot serve two systems.
	wantField(t, s.SaveApp(ctx, "CRM", 1000003, sp("crm-secret-001")), "agentId")
	// An app's secret may be kept while its AgentID changes.
	if err := s.SaveApp(ctx, "PB", 1000004, nil); err != nil {
		t.Fatal(err)
	}

	b, err := s.Binding(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b.CorpID != "ww1234567890" || b.TrustedDomain != "oa.example.com:8443" || b.ContactSecret != "••••0001" ||
		b.CustomerSecret != "" || b.Mode != tenants.ModeSecret {
		t.Errorf("binding = %+v", b)
	}
	wantApps := []tenants.BoundApp{{System: "OA", AgentID: 1000002, Secret: "••••0001"}, {System: "PB", AgentID: 1000004, Secret: "••••0001"}}
	if diff := cmp.Diff(wantApps, b.Apps); diff != "" {
		t.Errorf("apps (-want +got):\n%s", diff)
	}
	var names []string
	for _, r := range b.Receivers {
		names = append(names, r.Name)
		if len(r.Token) != 32 || len(r.AESKey) != 43 || r.VerifiedAt != nil {
			t.Errorf("receiver %s keys %q %q verified %v", r.Name, r.Token, r.AESKey, r.VerifiedAt)
		}
	}
	if diff := cmp.Diff([]string{"oa", "pb", "contacts", "customers"}, names); diff != "" {
		t.Errorf("receivers (-want +got):\n%s", diff)
	}

	var stored []tenants.Receiver
	if err := db.WithContext(ctx).Find(&stored).Error; err != nil {
		t.Fatal(err)
	}
	for i, r := range stored {
		for _, k := range b.Receivers {
			if k.Name == r.Name && (bytes.Contains(r.TokenSealed, []byte(k.Token)) || bytes.Contains(r.AESKeySealed, []byte(k.AESKey))) {
				t.Errorf("receiver %d keys are not sealed", i)
			}
		}
	}

	for _, tc := range []struct {
		name string
		cred tenants.Credential
		want wecom.App
		code apperr.Code
	}{
		{"OA", tenants.AppCredential("OA"), wecom.App{CorpID: "ww1234567890", AgentID: 1000002, Secret: "oa-secret-0001"}, ""},
		{"PB", tenants.AppCredential("PB"), wecom.App{CorpID: "ww1234567890", AgentID: 1000004, Secret: "pb-secret-0001"}, ""},
		{"Contacts", tenants.ContactsCredential, wecom.App{CorpID: "ww1234567890", Secret: "contact-secret-0001"}, ""},
		// Without a customer-contact secret, the OA app's stands in (the newer arrangement, seed 003).
		{"CustomersFallBackToOA", tenants.CustomersCredential, wecom.App{CorpID: "ww1234567890", AgentID: 1000002, Secret: "oa-secret-0001"}, ""},
		{"ErrCRMUnbound", tenants.AppCredential("CRM"), wecom.App{}, apperr.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Credentials(ctx, tc.cred)
			if apperr.CodeOf(err) != tc.code {
				t.Fatalf("err = %v, want %q", err, tc.code)
			}
			if got != tc.want {
				t.Errorf("Credentials = %#v, want %#v", got, tc.want)
			}
		})
	}
	if err := s.SaveCorp(ctx, tenants.CorpPatch{CustomerSecret: sp("customer-secret-01")}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Credentials(ctx, tenants.CustomersCredential); got.Secret != "customer-secret-01" || got.AgentID != 0 {
		t.Errorf("customer credential after saving its secret = %#v", got)
	}

	t.Run("RemoveApp", func(t *testing.T) {
		if err := s.RemoveApp(ctx, "PB"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Credentials(ctx, tenants.AppCredential("PB")); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("PB after removal: %v", err)
		}
		if _, err := s.Receiver(context.Background(), tn.Slug, "pb"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("PB's receiver after removal: %v", err)
		}
		wantCode(t, s.RemoveApp(ctx, "PB"), apperr.NotFound)
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tc := range []struct {
			patch tenants.CorpPatch
			field string
		}{
			{tenants.CorpPatch{CorpID: sp("ww 12")}, "corpId"},
			{tenants.CorpPatch{ContactSecret: sp("has space")}, "contactSecret"},
			{tenants.CorpPatch{CustomerSecret: sp("")}, "customerSecret"},
			{tenants.CorpPatch{TrustedDomain: sp("https://oa.example.com")}, "trustedDomain"},
			{tenants.CorpPatch{TrustedDomain: sp("oa.example.com/h5")}, "trustedDomain"},
			{tenants.CorpPatch{TrustedDomain: sp("oa..example.com")}, "trustedDomain"},
			{tenants.CorpPatch{TrustedDomain: sp("oa_1.example.com")}, "trustedDomain"},
		} {
			wantField(t, s.SaveCorp(ctx, tc.patch), tc.field)
		}
		wantField(t, s.SaveApp(ctx, "CRM", 0, sp("x")), "agentId")
		wantField(t, s.SaveApp(ctx, "CRM", 1000009, nil), "secret")
		b2, _ := s.Binding(ctx)
		if b2.CorpID != "ww1234567890" || b2.TrustedDomain != "oa.example.com:8443" {
			t.Errorf("a refused patch changed the binding: %+v", b2)
		}
	})
}

// TestReceivers: the intake finds a receiver by tenant slug and name; keys can be pasted from WeCom or
// regenerated, and either makes the receiver unverified again; nothing leaks across tenants.
func TestReceivers(t *testing.T) {
	s := tenants.NewStore(mustDB(t), mustSealer(t, masterKey))
	a, ctxA := mustTenant(t, s)
	b, ctxB := mustTenant(t, s)
	if err := s.BindWeCom(ctxA, "wwreceivers01", 1000002, "oa-secret-0001"); err != nil {
		t.Fatal(err)
	}
	bg := context.Background()

	got, err := s.Receiver(bg, a.Slug, "oa")
	if err != nil {
		t.Fatal(err)
	}
	if got.TenantID != a.ID || got.CorpID != "wwreceivers01" || len(got.Keys.Token) != 32 {
		t.Errorf("Receiver = %+v", got)
	}
	for _, tc := range []struct{ slug, name string }{{a.Slug, "crm"}, {a.Slug, "nope"}, {b.Slug, "oa"}, {"no-such-tenant", "oa"}, {"BAD SLUG", "oa"}} {
		if _, err := s.Receiver(bg, tc.slug, tc.name); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("Receiver(%q, %q) = %v, want not_found", tc.slug, tc.name, err)
		}
	}

	now := time.Now().UTC().Truncate(time.Second)
	if err := s.MarkReceiverVerified(ctxA, "oa", now); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Receiver(bg, a.Slug, "oa"); got.Keys.VerifiedAt == nil || !got.Keys.VerifiedAt.Equal(now) {
		t.Errorf("VerifiedAt = %v, want %v", got.Keys.VerifiedAt, now)
	}

	const token, key = "PastedToken123", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
	if _, err := s.SetReceiverKeys(ctxA, "oa", token, key); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Receiver(bg, a.Slug, "oa")
	if got.Keys.Token != token || got.Keys.AESKey != key || got.Keys.VerifiedAt != nil {
		t.Errorf("after pasting keys: %+v", got.Keys)
	}
	fresh, err := s.SetReceiverKeys(ctxA, "oa", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if fresh.Token == token || len(fresh.Token) != 32 || len(fresh.AESKey) != 43 {
		t.Errorf("regenerated keys = %+v", fresh)
	}
	for _, tc := range []struct{ token, key, field string }{
		{"with space", key, "token"}, {token, "short", "encodingAESKey"}, {"", key, "token"}, {token, key + "+", "encodingAESKey"},
	} {
		_, err := s.SetReceiverKeys(ctxA, "oa", tc.token, tc.key)
		wantField(t, err, tc.field)
	}
	if _, err := s.SetReceiverKeys(ctxB, "oa", "", ""); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another tenant regenerating oa: %v, want not_found", err)
	}
	if got, _ := s.Receiver(bg, a.Slug, "oa"); got.Keys.Token != fresh.Token {
		t.Errorf("refused or foreign changes altered the keys: %+v", got.Keys)
	}
}
