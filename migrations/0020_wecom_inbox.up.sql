-- The WeCom callback inbox (issue 11): every event WeCom posts to a receiver (an app's callback, the contact-change
-- or the customer-contact event server) is written here, decrypted, in the same transaction as the outbox row that
-- has it processed, and only then acknowledged. content_hash is the SHA-256 of the decrypted event XML: WeCom's
-- retries and a replayed request carry the same event, find its row and are acknowledged without a second row.
--   status      received (waiting), processed, ignored (an event Qiao does not act on, kept), kept (stored for a
--               later consumer: change_contact for the directory sync), failed (error says why; replayable)
--   reason      why it was ignored or kept, in the admin's words
--   attempts    how often processing ran; replays counts the admin's replays, and names the outbox row of each
-- Processed, ignored and failed rows go 30 days after they came in (callbacks.Retention); kept ones stay for the
-- directory sync.
-- New table, nothing backfilled.
CREATE TABLE IF NOT EXISTS wecom_inbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  receiver VARCHAR(16) NOT NULL,
  content_hash BINARY(32) NOT NULL,
  agent_id BIGINT NOT NULL DEFAULT 0,
  msg_type VARCHAR(32) NOT NULL,
  event VARCHAR(64) NOT NULL,
  change_type VARCHAR(64) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  status VARCHAR(16) NOT NULL,
  reason VARCHAR(255) NULL,
  error VARCHAR(1000) NULL,
  attempts INT NOT NULL DEFAULT 0,
  replays INT NOT NULL DEFAULT 0,
  received_at DATETIME(6) NOT NULL,
  processed_at DATETIME(6) NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: the intake's insert finds a retry or replay by its content, INSERT … ON DUPLICATE KEY UPDATE id=id on
  -- (tenant_id, content_hash)
  -- EXPLAIN (new table): a unique-key probe per insert, no read.
  UNIQUE KEY uq_wecom_inbox_hash (tenant_id, content_hash),
  -- why: the admin's list, newest first, WHERE tenant_id=? [AND receiver=?] [AND event=?] [AND id<?] ORDER BY id
  -- DESC LIMIT ?; the receiver and event filters are read along it (a tenant has few receivers and event kinds)
  -- EXPLAIN (new table): range ix_wecom_inbox_tenant, backward.
  KEY ix_wecom_inbox_tenant (tenant_id, id),
  -- why: the list filtered by status (failed ones, to replay), WHERE tenant_id=? AND status=? [AND id<?] ORDER BY
  -- id DESC LIMIT ?
  -- EXPLAIN (new table): range ix_wecom_inbox_status, backward.
  KEY ix_wecom_inbox_status (tenant_id, status, id),
  -- why: retention across tenants, DELETE … WHERE received_at < ? AND status IN (…) ORDER BY received_at LIMIT ?
  -- EXPLAIN (new table): range ix_wecom_inbox_received, the expired rows only.
  KEY ix_wecom_inbox_received (received_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
