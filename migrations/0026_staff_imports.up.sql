-- Staff imports (issue 12): an uploaded sheet's preview, kept so that "import" applies exactly what the admin saw,
-- and its progress and per-row results as the job applies it; kept as history. New tables, nothing backfilled.
CREATE TABLE IF NOT EXISTS staff_imports (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  file_name VARCHAR(255) NOT NULL,
  state VARCHAR(16) NOT NULL,
  started_by VARCHAR(128) NOT NULL,
  total INT NOT NULL,
  creates INT NOT NULL,
  updates INT NOT NULL,
  leaves INT NOT NULL,
  bad INT NOT NULL,
  applied INT NOT NULL DEFAULT 0,
  failed INT NOT NULL DEFAULT 0,
  new_departments TEXT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  finished_at DATETIME(6) NULL,
  PRIMARY KEY (id),
  -- why: the history lists a tenant's imports newest first, WHERE tenant_id=? ORDER BY id DESC LIMIT ?
  -- EXPLAIN (new table): ref ix_staff_imports_recent, backward index scan.
  KEY ix_staff_imports_recent (tenant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS staff_import_rows (
  tenant_id BIGINT UNSIGNED NOT NULL,
  import_id BIGINT UNSIGNED NOT NULL,
  line INT NOT NULL,
  action VARCHAR(8) NOT NULL,
  name VARCHAR(255) NOT NULL,
  login VARCHAR(255) NOT NULL,
  data MEDIUMTEXT NOT NULL,
  reasons TEXT NULL,
  result VARCHAR(8) NULL,
  error VARCHAR(1000) NULL,
  -- why: an import's rows are read in line order, all or by action, and the job takes the next ones without a
  -- result: WHERE tenant_id=? AND import_id=? [AND action IN ?] AND line > ? ORDER BY line LIMIT ?
  PRIMARY KEY (tenant_id, import_id, line)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
