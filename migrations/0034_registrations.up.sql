-- Open registration (issue 13, seed 001 §4.3 开放注册): a person applies from the phone with their name, department,
-- position, account, mobile and email; an admin approves (the account is made and WeCom invites them when the
-- contact sync adds them) or refuses with a reason; the applicant follows the application by its token. New table,
-- nothing backfilled.
CREATE TABLE IF NOT EXISTS registrations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  department_id BIGINT UNSIGNED NULL,
  position VARCHAR(128) NULL,
  login VARCHAR(64) NOT NULL,
  mobile VARCHAR(32) NULL,
  email VARCHAR(255) NULL,
  note VARCHAR(500) NULL,
  token_hash CHAR(64) NOT NULL,
  status VARCHAR(16) NOT NULL,
  reason VARCHAR(500) NULL,
  decided_by VARCHAR(64) NULL,
  decided_at DATETIME(6) NULL,
  employee_id BIGINT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: the admins' list, WHERE tenant_id=? AND status=? ORDER BY id DESC
  KEY ix_registrations_status (tenant_id, status, id),
  -- why: the applicant's status page, public, WHERE tenant_id=? AND token_hash=?
  UNIQUE KEY ux_registrations_token (tenant_id, token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
