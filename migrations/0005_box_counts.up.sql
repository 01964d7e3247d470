-- The sizes of each person's three collaboration boxes, kept as counters. Without them every list page counted
-- the person's whole box for its totalCount (10,000 index entries, 2.3-4 ms in MariaDB, on every request) and
-- the home page's Counts counted all three. oa.Service changes these counters in the same transaction as every
-- change that moves an item in or out of a box (send, approve, reject, the closing of the others' rows,
-- withdraw), with relative increments, so they never need locking beyond their own row.
--   todo: collab_recipients rows of the person in state 'pending'
--   sent: collab_items the person sent, whatever their status
--   done: collab_recipients rows of the person in state 'approved', 'rejected' or 'closed'
-- Signed, so that a drift (a bug) shows as a wrong number instead of failing someone's approval.
-- Deploy with the old writers stopped: a write by old code between this backfill and the new code starting
-- would not reach the counters.
CREATE TABLE collab_box_counts (
  tenant_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  todo INT NOT NULL DEFAULT 0,
  sent INT NOT NULL DEFAULT 0,
  done INT NOT NULL DEFAULT 0,
  -- why: List's totalCount and Counts, WHERE tenant_id=? AND employee_id=? (one row); and the writers'
  -- INSERT … ON DUPLICATE KEY UPDATE todo = todo + VALUES(todo), which finds the row by this key
  -- EXPLAIN: const PRIMARY, 1 row. migrations/EXPLAIN.md#collab_box_counts
  PRIMARY KEY (tenant_id, employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Backfill from the rows that exist, in one statement that reads each table once: the recipients' rows and the
-- senders' items, summed per person. It runs on MariaDB and on the embedded engine alike.
INSERT INTO collab_box_counts (tenant_id, employee_id, todo, sent, done)
SELECT b.tenant_id, b.employee_id, SUM(b.todo), SUM(b.sent), SUM(b.done)
FROM (
  SELECT r.tenant_id AS tenant_id, r.recipient_id AS employee_id,
    CASE WHEN r.state = 'pending' THEN 1 ELSE 0 END AS todo,
    0 AS sent,
    CASE WHEN r.state IN ('approved', 'rejected', 'closed') THEN 1 ELSE 0 END AS done
  FROM collab_recipients r
  UNION ALL
  SELECT i.tenant_id, i.sender_id, 0, 1, 0
  FROM collab_items i
) b
GROUP BY b.tenant_id, b.employee_id;
