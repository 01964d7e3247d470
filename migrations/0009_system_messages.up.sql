-- The messageIds PB and CRM posted (issue 9 §4). A messageId names one message (its title, content and url), and
-- its idempotency used to be read from the outbox rows of the message, which retention now deletes. These tables
-- hold it instead, written by sysmsg.Service.Post in the same transaction as the outbox rows:
--   system_messages            one row per (tenant, system, messageId): the digest of the message it names
--   system_message_recipients  the employees an outbox row was written for, so a retry tells only the others
-- sysmsg.Prune forgets a messageId sysmsg.Retention after its first post.
-- New tables, nothing backfilled. The release before does not write them: a messageId it posted, before this
-- migration or while it still runs beside the new one, is known only by its outbox rows, and the new release's
-- first post of that messageId takes it over from them (message and people; sysmsg's adoptLegacy) as long as the
-- outbox keeps them. While both releases run, an old and a new post of one messageId at the same moment do not wait
-- for each other; the outbox's dedup key still tells nobody twice.

-- digest is SHA-256 over the title, content and url (sysmsg's digestOf); updated_at is the last call answered 202.
CREATE TABLE IF NOT EXISTS system_messages (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  system_code VARCHAR(8) NOT NULL,
  message_id VARCHAR(64) NOT NULL,
  digest BINARY(32) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  -- why: sysmsg.Prune walks the oldest rows of every tenant, SELECT … ORDER BY id LIMIT ?: ids grow with
  -- created_at, so the expired rows come first and each call reads one batch; and it deletes them, WHERE
  -- tenant_id=? AND id IN (…).
  -- EXPLAIN (10,000 rows, 5 tenants): the walk index PRIMARY, 1,000 rows for LIMIT 1000; the delete range PRIMARY.
  PRIMARY KEY (id),
  -- why: Post's claim, INSERT … ON DUPLICATE KEY UPDATE (which locks the row a concurrent post of the messageId
  -- waits for) and SELECT … WHERE tenant_id=? AND system_code=? AND message_id=? FOR UPDATE.
  -- EXPLAIN (10,000 rows): const uq_system_messages_id, 1 row.
  UNIQUE KEY uq_system_messages_id (tenant_id, system_code, message_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- message_row_id is system_messages.id.
CREATE TABLE IF NOT EXISTS system_message_recipients (
  tenant_id BIGINT UNSIGNED NOT NULL,
  message_row_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  -- why: Post's "told already", WHERE tenant_id=? AND message_row_id=? AND employee_id IN (…) (at most 1000 ids),
  -- and Prune's DELETE … WHERE tenant_id=? AND message_row_id IN (…) LIMIT ?
  -- EXPLAIN (200,000 rows): the read range PRIMARY, 5 rows for 5 ids, Using index; the delete range PRIMARY,
  -- the messages' rows only.
  PRIMARY KEY (tenant_id, message_row_id, employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
