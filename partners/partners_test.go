package partners_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/partners"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/testkit"
	"gorm.io/gorm"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// newStore is a Store on the package database with the tenancy plugin, as in production: partners must work
// without a tenant in the context.
func newStore(t *testing.T, now func() time.Time) *partners.Store {
	t.Helper()
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatal(err)
	}
	return partners.NewStore(db, now)
}

// TestKeys: a key works from the moment it is issued; issuing the next one leaves the old working for the overlap
// and no longer; 0 ends it at once; only the hash is stored; unknown, malformed and ended keys get one answer.
func TestKeys(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC))
	ps := newStore(t, clock.Now)
	p, err := ps.Create(ctx, "reseller-a", "甲代理商")
	if err != nil {
		t.Fatal(err)
	}
	works := func(key string) bool {
		got, err := ps.Authenticate(ctx, key)
		if err != nil && apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Fatalf("authenticate: %v", err)
		}
		return err == nil && got.ID == p.ID
	}
	first, k1, err := ps.IssueKey(ctx, p.Slug, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if !works(first) || bytes.Contains(k1.KeyHash, []byte(first)) || k1.Prefix != first[:9] {
		t.Fatalf("first key %q: works %v, stored %+v", first, works(first), k1)
	}
	second, _, err := ps.IssueKey(ctx, p.Slug, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(59 * time.Minute)
	if !works(first) || !works(second) {
		t.Errorf("within the overlap: first %v, second %v; want both", works(first), works(second))
	}
	clock.Advance(2 * time.Minute)
	if works(first) || !works(second) {
		t.Errorf("after the overlap: first %v, second %v; want the second only", works(first), works(second))
	}
	third, _, err := ps.IssueKey(ctx, p.Slug, 0)
	if err != nil {
		t.Fatal(err)
	}
	if works(second) || !works(third) {
		t.Errorf("overlap 0: second %v, third %v; want the third only", works(second), works(third))
	}
	for _, bad := range []string{"", "qp_nope", "not-a-key", third + "x", " " + third[:len(third)-1]} {
		if works(bad) {
			t.Errorf("key %q works", bad)
		}
	}
	keys, err := ps.Keys(ctx, p.ID)
	if err != nil || len(keys) != 3 {
		t.Fatalf("keys: %+v, %v", keys, err)
	}
}

func TestCreateRefusals(t *testing.T) {
	ctx := context.Background()
	ps := newStore(t, nil)
	if _, err := ps.Create(ctx, "isv-b", "乙软件"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, slug, pname string
		code              apperr.Code
	}{
		{"SlugTaken", "isv-b", "另一家", apperr.Conflict},
		{"BadSlug", "ISV B", "x", apperr.Invalid},
		{"EmptyName", "isv-c", " ", apperr.Invalid},
		{"BidiName", "isv-c", "a\u202eb", apperr.Invalid},
	} {
		if _, err := ps.Create(ctx, c.slug, c.pname); apperr.CodeOf(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	if _, _, err := ps.IssueKey(ctx, "isv-b", 31*24*time.Hour); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("an overlap past 30 days: %v, want invalid", err)
	}
	if _, _, err := ps.IssueKey(ctx, "nobody", time.Hour); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("an unknown partner: %v, want not_found", err)
	}
}
