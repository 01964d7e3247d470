-- Which partner brought which tenant on (issue 11): a partner acts as admin on these tenants only. One partner a
-- tenant at most; a tenant the operator created has no row. New table, nothing backfilled.
CREATE TABLE IF NOT EXISTS partner_customers (
  tenant_id BIGINT UNSIGNED NOT NULL,
  partner_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (tenant_id),
  -- why: a partner's customers are listed, WHERE partner_id=? ORDER BY tenant_id
  -- EXPLAIN (new table): ref ix_partner_customers_partner.
  KEY ix_partner_customers_partner (partner_id, tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
