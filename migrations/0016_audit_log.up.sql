-- Each tenant's audit log (issue 11): every change an admin, a partner or the operator makes to a tenant's
-- configuration: who (actor_kind and actor: an account, a partner's key, the operator), from where (source: the
-- client's address, or "cli"), when, what (action, target) and what changed (changes, secrets masked by the
-- writer). Written by audit.Record in the transaction of the change; never updated.
-- New table, nothing backfilled.
CREATE TABLE IF NOT EXISTS audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  at DATETIME(6) NOT NULL,
  actor_kind VARCHAR(16) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  source VARCHAR(64) NOT NULL,
  action VARCHAR(64) NOT NULL,
  target VARCHAR(128) NOT NULL DEFAULT '',
  changes JSON NOT NULL,
  PRIMARY KEY (id),
  -- why: a tenant's log, newest first, page by page: WHERE tenant_id=? AND id < ? ORDER BY id DESC LIMIT ?
  -- EXPLAIN (2,000 rows, 2 tenants): ix_audit_log_tenant (ref with a cursor, range without), Using where, no
  -- filesort: read backwards and stopped by the LIMIT.
  KEY ix_audit_log_tenant (tenant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
