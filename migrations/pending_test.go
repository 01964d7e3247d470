package migrations_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/migrations"
	"github.com/qiao-hq/qiao/testkit"
)

func TestPending(t *testing.T) {
	ctx := context.Background()
	db := mustSQL(t, testkit.NewEmptyDatabase(t))
	all := migrations.Versions()
	check := func(t *testing.T, want []string) {
		t.Helper()
		got, err := migrations.Pending(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Pending (-want +got):\n%s", diff)
		}
	}
	t.Run("NeverMigrated", func(t *testing.T) { check(t, all) })
	if _, err := migrations.Apply(ctx, db, quiet()); err != nil {
		t.Fatal(err)
	}
	t.Run("Current", func(t *testing.T) { check(t, nil) })
	t.Run("Behind", func(t *testing.T) {
		last := all[len(all)-1]
		if _, err := db.ExecContext(ctx, "DELETE FROM schema_migrations WHERE version = ?", last); err != nil {
			t.Fatal(err)
		}
		check(t, []string{last})
	})
}
