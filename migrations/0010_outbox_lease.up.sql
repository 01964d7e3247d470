-- Delivery you can trust (issue 9). An outbox row used to be finished once the relay had handed it to Redis
-- (enqueued_at): a Redis that restarted empty took the task with it and the row was never looked at again. Now a
-- row is finished when its delivery is recorded (done_at), and until then the relay hands it over again whenever
-- its lease (due_at) runs out, under the same asynq task ID so a task that is still alive is not doubled.
--   due_at     when the relay may hand the row (again) to the queue; NULL once the row is done (and, until
--              0011's step has run, for rows written before this migration)
--   handovers  how many times the relay handed it over (the lease grows with it)
--   done_at    when its delivery was recorded as sent, skipped or undeliverable; the retention clock starts here
--   order_key  the (item, recipient) the row belongs to, when its cards must reach the phone in event order
-- Nullable columns and a defaulted INT are added in place, and the indexes are built while writers go on.
ALTER TABLE outbox
  ADD COLUMN due_at DATETIME(6) NULL,
  ADD COLUMN handovers INT NOT NULL DEFAULT 0,
  ADD COLUMN done_at DATETIME(6) NULL,
  ADD COLUMN order_key VARCHAR(191) NULL,
  -- why: the relay's claim, WHERE due_at <= ? ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED; rows that are
  -- done have due_at NULL and sit outside the range
  -- EXPLAIN: range ix_outbox_due, only the due rows read. migrations/EXPLAIN.md#0010_outbox_lease
  ADD INDEX ix_outbox_due (due_at, id),
  -- why: the push handler's order check, WHERE tenant_id=? AND order_key=? AND id<? AND done_at IS NULL LIMIT 1
  -- EXPLAIN: range ix_outbox_order, the (item, recipient)'s few rows. migrations/EXPLAIN.md#0010_outbox_lease
  ADD INDEX ix_outbox_order (tenant_id, order_key, id),
  -- why: retention, DELETE … WHERE done_at < ? ORDER BY done_at LIMIT ? across tenants (the pruner serves all)
  -- EXPLAIN: range ix_outbox_done, the expired rows only. migrations/EXPLAIN.md#0010_outbox_lease
  ADD INDEX ix_outbox_done (done_at),
  ALGORITHM=INPLACE, LOCK=NONE;
