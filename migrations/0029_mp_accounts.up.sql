-- The WeChat service account a tenant binds (issue 13, seed 004 §3): its AppID and sealed AppSecret, its server
-- configuration (服务器配置: the Token and EncodingAESKey Qiao generates, sealed, and how the account encrypts the
-- events it posts: 明文, 兼容 or 安全模式), and its last preflight. Kept apart from the WeCom receivers: a tenant may
-- have a service account without WeCom, and its events are signed another way. New table, nothing backfilled.
CREATE TABLE IF NOT EXISTS mp_accounts (
  tenant_id BIGINT UNSIGNED NOT NULL,
  app_id VARCHAR(32) NOT NULL,
  secret_sealed VARBINARY(512) NOT NULL,
  token_sealed VARBINARY(512) NOT NULL,
  aes_key_sealed VARBINARY(512) NOT NULL,
  encrypt_mode VARCHAR(8) NOT NULL,
  preflight TEXT NULL,
  preflight_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  -- why: one service account a tenant, read by the tenant, WHERE tenant_id=?
  PRIMARY KEY (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
