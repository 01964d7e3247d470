-- Branch companies (分公司, seed 002; issue 12): labels a tenant's admins manage and an employee may carry, named in
-- the import template. New table, nothing backfilled.
CREATE TABLE IF NOT EXISTS branches (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: one branch of a name per tenant; the import finds a branch by name, WHERE tenant_id=? AND name=?, and the
  -- list is by name.
  -- EXPLAIN (new table): const/ref uq_branches_name.
  UNIQUE KEY uq_branches_name (tenant_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
