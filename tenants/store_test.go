package tenants_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

func mustDB(t *testing.T) *gorm.DB {
	t.Helper()
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatalf("use tenancy plugin: %v", err)
	}
	return db
}

// uniqueSlug keeps tests independent inside the package's one database.
func uniqueSlug(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "t-" + hex.EncodeToString(b)
}

func mustTenant(t *testing.T, s *tenants.Store) (tenants.Tenant, context.Context) {
	t.Helper()
	tn, err := s.Create(tenancy.System(context.Background()), uniqueSlug(t), "测试企业")
	if err != nil {
		t.Fatalf("create tenant: %v", err)
	}
	return tn, tenancy.WithTenant(context.Background(), tn.ID)
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("err = %v (code %q), want code %q", err, got, code)
	}
}

func TestCreateAndResolve(t *testing.T) {
	s := tenants.NewStore(mustDB(t), nil)
	sys := tenancy.System(context.Background())
	slug := uniqueSlug(t)

	created, err := s.Create(sys, slug, "  广州测试有限公司 ")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		if created.ID == 0 || created.Name != "广州测试有限公司" {
			t.Fatalf("created = %+v", created)
		}
		if diff := cmp.Diff(tenants.DefaultSettings(), created.Settings()); diff != "" {
			t.Errorf("settings (-want +got):\n%s", diff)
		}
	})
	t.Run("BySlug", func(t *testing.T) {
		got, err := s.BySlug(context.Background(), slug)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != created.ID || got.Slug != slug {
			t.Errorf("BySlug = %+v, want id %d", got, created.ID)
		}
	})
	t.Run("ErrSlugTaken", func(t *testing.T) {
		_, err := s.Create(sys, slug, "again")
		wantCode(t, err, apperr.Conflict)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tc := range []struct{ slug, name, field string }{
			{"A-Upper", "n", "slug"}, {"x", "n", "slug"}, {"has space", "n", "slug"}, {"ok-slug", " ", "name"},
		} {
			_, err := s.Create(sys, tc.slug, tc.name)
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != tc.field {
				t.Errorf("Create(%q, %q) = %v, want invalid on %s", tc.slug, tc.name, err, tc.field)
			}
		}
	})
	t.Run("ErrUnknownSlug", func(t *testing.T) {
		for _, slug := range []string{"no-such-tenant", "BAD SLUG", ""} {
			_, err := s.BySlug(context.Background(), slug)
			wantCode(t, err, apperr.NotFound)
		}
	})
	t.Run("ErrNoTenant", func(t *testing.T) {
		_, err := s.Current(context.Background())
		wantCode(t, err, apperr.Internal)
		if !errors.Is(err, tenancy.ErrNoTenant) {
			t.Errorf("err = %v, want it to wrap ErrNoTenant", err)
		}
		// A System context is not a tenant: Current must not pick an arbitrary row.
		if _, err := s.Current(sys); !errors.Is(err, tenancy.ErrNoTenant) {
			t.Errorf("Current(System) err = %v, want ErrNoTenant", err)
		}
		if _, err := s.Create(context.Background(), uniqueSlug(t), "n"); !errors.Is(err, tenancy.ErrNoTenant) {
			t.Errorf("Create without context err = %v, want ErrNoTenant", err)
		}
	})
}

func TestSettings(t *testing.T) {
	s := tenants.NewStore(mustDB(t), nil)
	_, ctxA := mustTenant(t, s)
	_, ctxB := mustTenant(t, s)

	t.Run("PartialUpdate", func(t *testing.T) {
		got, err := s.UpdateSettings(ctxA, tenants.SettingsPatch{LockoutThreshold: ptr(3), PasswordRequireSymbol: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		want := tenants.DefaultSettings()
		want.LockoutThreshold, want.PasswordRequireSymbol = 3, true
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("after first patch (-want +got):\n%s", diff)
		}
		got, err = s.UpdateSettings(ctxA, tenants.SettingsPatch{PasswordRequireSymbol: ptr(false), ForcePasswordChange: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		want.PasswordRequireSymbol, want.ForcePasswordChange = false, true
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("after second patch (-want +got):\n%s", diff)
		}
		if read, _ := s.Settings(ctxA); !cmp.Equal(read, want) {
			t.Errorf("Settings = %+v, want %+v", read, want)
		}
	})
	t.Run("OtherTenantUntouched", func(t *testing.T) {
		got, err := s.Settings(ctxB)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tenants.DefaultSettings(), got); diff != "" {
			t.Errorf("tenant B (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		before, _ := s.Settings(ctxA)
		_, err := s.UpdateSettings(ctxA, tenants.SettingsPatch{LockoutThreshold: ptr(10), LockoutMinutes: ptr(0)})
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != "lockoutMinutes" {
			t.Fatalf("err = %v, want invalid on lockoutMinutes", err)
		}
		if after, _ := s.Settings(ctxA); !cmp.Equal(before, after) {
			t.Errorf("a refused patch changed settings: %+v -> %+v", before, after)
		}
	})
	t.Run("ErrNoTenant", func(t *testing.T) {
		_, err := s.UpdateSettings(context.Background(), tenants.SettingsPatch{LockoutThreshold: ptr(3)})
		if !errors.Is(err, tenancy.ErrNoTenant) {
			t.Errorf("err = %v, want ErrNoTenant", err)
		}
	})
}

func TestWeCom(t *testing.T) {
	db := mustDB(t)
	s := tenants.NewStore(db, mustSealer(t, masterKey))
	_, ctxA := mustTenant(t, s)
	_, ctxB := mustTenant(t, s)

	t.Run("ErrUnbound", func(t *testing.T) {
		_, err := s.WeComApp(ctxA)
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("BindAndRead", func(t *testing.T) {
		if err := s.BindWeCom(ctxA, "ww0123456789", 1000002, "s3cret-A"); err != nil {
			t.Fatal(err)
		}
		got, err := s.WeComApp(ctxA)
		if err != nil {
			t.Fatal(err)
		}
		want := wecom.App{CorpID: "ww0123456789", AgentID: 1000002, Secret: "s3cret-A"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("WeComApp (-want +got):\n%s", diff)
		}
	})
	t.Run("SecretSealedAtRest", func(t *testing.T) {
		var b tenants.App
		if err := db.WithContext(ctxA).Take(&b).Error; err != nil {
			t.Fatal(err)
		}
		if len(b.SecretSealed) == 0 || string(b.SecretSealed) == "s3cret-A" || bytes.Contains(b.SecretSealed, []byte("s3cret-A")) {
			t.Errorf("stored secret is not sealed: %q", b.SecretSealed)
		}
	})
	t.Run("Rebind", func(t *testing.T) {
		if err := s.BindWeCom(ctxA, "ww-new", 1000003, "s3cret-A2"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.WeComApp(ctxA)
		if want := (wecom.App{CorpID: "ww-new", AgentID: 1000003, Secret: "s3cret-A2"}); got != want {
			t.Errorf("after rebind = %+v, want %+v", got, want)
		}
	})
	t.Run("OtherTenantUnbound", func(t *testing.T) {
		_, err := s.WeComApp(ctxB)
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("ErrWrongMasterKey", func(t *testing.T) {
		other := tenants.NewStore(db, mustSealer(t, otherMasterKey))
		_, err := other.WeComApp(ctxA)
		wantCode(t, err, apperr.Internal)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tc := range []struct {
			corp   string
			agent  int64
			secret string
			field  string
		}{
			{"", 1, "s", "corpId"}, {"ww", 0, "s", "agentId"}, {"ww", 1, "  ", "secret"}, {"w w", 1, "s", "corpId"},
		} {
			err := s.BindWeCom(ctxB, tc.corp, tc.agent, tc.secret)
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != tc.field {
				t.Errorf("BindWeCom(%q, %d, %q) = %v, want invalid on %s", tc.corp, tc.agent, tc.secret, err, tc.field)
			}
		}
	})
}
