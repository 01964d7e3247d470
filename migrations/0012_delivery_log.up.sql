-- The delivery log stands on its own (the outbox row it came from is pruned sooner):
--   kind           the outbox kind, for the admins' delivery view
--   first_sent_at  when a request that may have reached a phone first went to WeCom for it: WeCom's duplicate
--                  check (4 hours at most) counts from there, so the "too late to resend safely" rule applies only
--                  once such a send was made
--   answer         what WeCom answered (errcode, msgid, invaliduser), as compact JSON
-- Rows of the release before get their first_sent_at in 0013's Go step. Rows its workers write after this
-- migration, while they still run, get neither kind nor first_sent_at: stop the old workers before the new ones start
-- (README, Deploying).
ALTER TABLE push_deliveries
  ADD COLUMN kind VARCHAR(64) NOT NULL DEFAULT '',
  ADD COLUMN first_sent_at DATETIME(6) NULL,
  ADD COLUMN answer VARCHAR(500) NULL,
  -- why: retention, DELETE … WHERE updated_at < ? ORDER BY updated_at LIMIT ? across tenants
  -- EXPLAIN: range ix_push_updated, the expired rows only. migrations/EXPLAIN.md#0012_delivery_log
  ADD INDEX ix_push_updated (updated_at),
  ALGORITHM=INPLACE, LOCK=NONE;
