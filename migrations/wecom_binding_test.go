package migrations_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/migrations"
)

// TestCopyWeComBindings: every tenant's binding of the release before 0018, across batch boundaries, becomes its
// corp and OA app with the sealed secret byte for byte. On both engines.
func TestCopyWeComBindings(t *testing.T) {
	ctx := context.Background()
	for _, engine := range engines {
		t.Run(engine.name, func(t *testing.T) {
			db := engine.empty(t)
			if _, err := migrations.ApplyFS(ctx, db, quiet(), before(t, "0018")); err != nil {
				t.Fatalf("Apply up to 0017: %v", err)
			}
			const n = 1203 // three batches of 500
			var values []string
			for i := 1; i <= n; i++ {
				values = append(values, fmt.Sprintf("(%d, 'ww%04d', %d, X'%08x', '2026-01-02 03:04:05', '2026-01-02 03:04:05')", i, i, 1000000+i, i))
				if len(values) == 500 || i == n {
					exec(t, db, "INSERT INTO wecom_bindings (tenant_id, corp_id, agent_id, secret_sealed, created_at, updated_at) VALUES "+
						strings.Join(values, ", "))
					values = values[:0]
				}
			}
			if _, err := migrations.Apply(ctx, db, quiet()); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			type row struct {
				Corp   string
				Agent  int64
				Secret string
			}
			got := map[int]row{}
			rows, err := db.QueryContext(ctx, "SELECT c.tenant_id, c.corp_id, a.agent_id, HEX(a.secret_sealed) FROM wecom_corps c "+
				"JOIN wecom_apps a ON a.tenant_id = c.tenant_id AND a.system_code = 'OA' WHERE c.mode = 'secret'")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id int
				var r row
				if err := rows.Scan(&id, &r.Corp, &r.Agent, &r.Secret); err != nil {
					t.Fatal(err)
				}
				got[id] = r
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			want := map[int]row{}
			for i := 1; i <= n; i++ {
				want[i] = row{fmt.Sprintf("ww%04d", i), int64(1000000 + i), fmt.Sprintf("%08X", i)}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("copied bindings (-want +got):\n%s", diff)
			}
		})
	}
}
