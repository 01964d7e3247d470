-- Tenants are the root of isolation: every other table carries tenant_id, which leads every index and sits in
-- every unique key. The per-tenant account rules (lockout, password policy) live on the tenant row.
CREATE TABLE tenants (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  slug VARCHAR(64) NOT NULL,
  name VARCHAR(128) NOT NULL,
  lockout_threshold INT NOT NULL DEFAULT 5,
  lockout_minutes INT NOT NULL DEFAULT 15,
  password_min_length INT NOT NULL DEFAULT 8,
  password_require_symbol TINYINT(1) NOT NULL DEFAULT 0,
  force_password_change TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_tenants_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One WeCom corp per tenant; the OA system is one app (agent) of it. The secret is sealed (AES-GCM) at rest.
CREATE TABLE wecom_bindings (
  tenant_id BIGINT UNSIGNED NOT NULL,
  corp_id VARCHAR(64) NOT NULL,
  agent_id BIGINT NOT NULL,
  secret_sealed VARBINARY(512) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE employees (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  wecom_userid VARCHAR(64) NULL,
  mobile VARCHAR(32) NULL,
  email VARCHAR(128) NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'active',
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_employees_wecom (tenant_id, wecom_userid),
  -- EXPLAIN: the SearchEmployees page walks it in name order, 21 rows read (5,100 when few match);
  -- its count scans the table (type ALL) at this seed. migrations/EXPLAIN.md#ix_employees_tenant_name
  KEY ix_employees_tenant_name (tenant_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- An account is an employee's login. token_version is carried in every JWT: bumping it revokes older tokens.
CREATE TABLE accounts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  login VARCHAR(64) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  role VARCHAR(16) NOT NULL DEFAULT 'member',
  token_version INT NOT NULL DEFAULT 1,
  failed_logins INT NOT NULL DEFAULT 0,
  locked_until DATETIME(6) NULL,
  must_change_password TINYINT(1) NOT NULL DEFAULT 0,
  password_changed_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- EXPLAIN: sign-in const uq_accounts_login, 1 row. migrations/EXPLAIN.md#uq_accounts_login
  UNIQUE KEY uq_accounts_login (tenant_id, login),
  -- EXPLAIN: the WeChat gate const uq_accounts_employee, 1 row. migrations/EXPLAIN.md#uq_accounts_employee
  UNIQUE KEY uq_accounts_employee (tenant_id, employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Refresh tokens are stored as SHA-256 hashes; a rotated token points at its successor, and presenting a rotated
-- token again revokes the whole family (a stolen token is useless once either party uses it).
CREATE TABLE refresh_tokens (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  family VARCHAR(64) NOT NULL,
  token_hash CHAR(64) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  rotated_at DATETIME(6) NULL,
  revoked_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_refresh_hash (tenant_id, token_hash),
  KEY ix_refresh_family (tenant_id, family)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE collab_items (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  sender_id BIGINT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL,
  body TEXT NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- sent list: WHERE tenant_id=? AND sender_id=? ORDER BY id DESC
  -- EXPLAIN: sent page ref ix_items_sender, 21 of 2,000 rows read, no filesort; the sent count is
  -- Using index (2,000 rows). migrations/EXPLAIN.md#ix_items_sender
  KEY ix_items_sender (tenant_id, sender_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE collab_recipients (
  tenant_id BIGINT UNSIGNED NOT NULL,
  item_id BIGINT UNSIGNED NOT NULL,
  recipient_id BIGINT UNSIGNED NOT NULL,
  state VARCHAR(16) NOT NULL DEFAULT 'pending',
  opinion VARCHAR(1000) NULL,
  handled_at DATETIME(6) NULL,
  PRIMARY KEY (tenant_id, item_id, recipient_id),
  -- todo / done lists: WHERE tenant_id=? AND recipient_id=? AND state[=|<>]'pending' ORDER BY item_id DESC
  -- EXPLAIN: todo page ref ix_recipients_box, 21 rows read, Using index, no filesort; the todo count
  -- reads all 10,000 entries (Using index, 2.3-4 ms). migrations/EXPLAIN.md#ix_recipients_box
  KEY ix_recipients_box (tenant_id, recipient_id, state, item_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Transactional outbox: written in the same transaction as the domain row, relayed to asynq by the worker.
-- dedup_key is stable per (event, recipient), so writing the same event twice is a no-op.
CREATE TABLE outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(64) NOT NULL,
  dedup_key VARCHAR(191) NOT NULL,
  payload TEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  enqueued_at DATETIME(6) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_outbox_dedup (tenant_id, dedup_key),
  -- relay scan: WHERE enqueued_at IS NULL ORDER BY id
  -- EXPLAIN: relay scan ref ix_outbox_pending, 20 of 200,000 rows read. migrations/EXPLAIN.md#ix_outbox_pending
  KEY ix_outbox_pending (enqueued_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per message we tried to put on a phone; the unique key is what makes the push handler idempotent.
CREATE TABLE push_deliveries (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  dedup_key VARCHAR(191) NOT NULL,
  outbox_id BIGINT UNSIGNED NOT NULL,
  channel VARCHAR(16) NOT NULL,
  recipient VARCHAR(64) NOT NULL,
  status VARCHAR(16) NOT NULL,
  msg_id VARCHAR(128) NULL,
  error VARCHAR(500) NULL,
  attempts INT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_push_dedup (tenant_id, dedup_key),
  KEY ix_push_recent (tenant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
