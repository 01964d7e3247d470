package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
)

// wecomBindingBatch is how many tenants one batch of copyWeComBindings copies.
const wecomBindingBatch = 500

// copyWeComBindings is the Go step of 0018_wecom_binding: each tenant's wecom_bindings row becomes its corp
// (wecom_corps) and its OA app (wecom_apps). It walks the tenants in order, a batch at a time, and inserts only
// what is missing (INSERT IGNORE), so a rerun, or a binding already saved by the new release, is left as it is.
func copyWeComBindings(ctx context.Context, conn *sql.Conn, log *slog.Logger) error {
	var copied int64
	for from := uint64(0); ; {
		var to sql.NullInt64
		if err := conn.QueryRowContext(ctx, "SELECT MAX(tenant_id) FROM (SELECT tenant_id FROM wecom_bindings "+
			"WHERE tenant_id > ? ORDER BY tenant_id LIMIT ?) b", from, wecomBindingBatch).Scan(&to); err != nil {
			return fmt.Errorf("copy wecom_bindings: %w", err)
		}
		if !to.Valid {
			break
		}
		n, err := execCount(ctx, conn, "INSERT IGNORE INTO wecom_corps (tenant_id, corp_id, mode, created_at, updated_at) "+
			"SELECT tenant_id, corp_id, 'secret', created_at, updated_at FROM wecom_bindings WHERE tenant_id > ? AND tenant_id <= ?",
			from, to.Int64)
		if err != nil {
			return fmt.Errorf("copy wecom_bindings to wecom_corps: %w", err)
		}
		copied += n
		if _, err := execCount(ctx, conn, "INSERT IGNORE INTO wecom_apps (tenant_id, system_code, agent_id, secret_sealed, "+
			"created_at, updated_at) SELECT tenant_id, 'OA', agent_id, secret_sealed, created_at, updated_at FROM wecom_bindings "+
			"WHERE tenant_id > ? AND tenant_id <= ?", from, to.Int64); err != nil {
			return fmt.Errorf("copy wecom_bindings to wecom_apps: %w", err)
		}
		from = uint64(to.Int64)
	}
	log.InfoContext(ctx, "wecom_bindings copied", "tenants", copied)
	return nil
}
