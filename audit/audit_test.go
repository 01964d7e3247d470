package audit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/testkit"
	"gorm.io/gorm"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// TestLog: entries are written in the caller's transaction by the actor in ctx, read newest first page by page,
// and each tenant reads only its own; a change without an actor is refused, not logged anonymously.
func TestLog(t *testing.T) {
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil {
		t.Fatal(err)
	}
	admin := audit.Actor{Kind: audit.Admin, ID: "account:7", Source: "203.0.113.9"}
	a := audit.WithActor(tenancy.WithTenant(context.Background(), 9001), admin)
	b := audit.WithActor(tenancy.WithTenant(context.Background(), 9002), admin)
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	for i := range 5 {
		if err := audit.Record(a, db, now, audit.Change{Action: "wecom.bind", Target: fmt.Sprint(i),
			Changes: map[string]any{"secret": audit.Mask("sk-0123456789abcdef")}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := audit.Record(b, db, now, audit.Change{Action: "tenant.create"}); err != nil {
		t.Fatal(err)
	}
	// A change that fails takes its entry with it: the entry is part of the change's transaction.
	_ = db.Transaction(func(tx *gorm.DB) error {
		if err := audit.Record(a, tx, now, audit.Change{Action: "rolled.back"}); err != nil {
			t.Fatal(err)
		}
		return fmt.Errorf("the change failed")
	})

	first, err := audit.List(a, db, 3, 0)
	if err != nil || len(first) != 3 || first[0].Target != "4" || first[2].Target != "2" {
		t.Fatalf("first page: %+v, %v", first, err)
	}
	rest, err := audit.List(a, db, 3, first[2].ID)
	if err != nil || len(rest) != 2 || rest[1].Target != "0" {
		t.Fatalf("second page: %+v, %v", rest, err)
	}
	if e := first[0]; e.ActorKind != audit.Admin || e.Actor != "account:7" || e.Source != "203.0.113.9" ||
		!e.At.Equal(now) || string(e.Changes) != `{"secret":"••••cdef"}` {
		t.Errorf("entry %+v (changes %s)", e, e.Changes)
	}
	if other, err := audit.List(b, db, 10, 0); err != nil || len(other) != 1 || other[0].Action != "tenant.create" {
		t.Errorf("the other tenant's log: %+v, %v", other, err)
	}
	noActor := tenancy.WithTenant(context.Background(), 9001)
	if err := audit.Record(noActor, db, now, audit.Change{Action: "x"}); apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("without an actor: %v, want internal", err)
	}
	if _, err := audit.List(a, db, 0, 0); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("first 0: %v, want invalid", err)
	}
}

func TestMask(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"short", "••••"},
		{"12345678", "••••"},
		{"123456789", "••••6789"},
		{"密钥是一二三四五六七八", "••••五六七八"},
	} {
		if got := audit.Mask(c.in); got != c.want {
			t.Errorf("Mask(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
