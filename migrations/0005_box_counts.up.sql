-- The sizes of each person's three collaboration boxes, kept as counters. Without them every list page counted
-- the person's whole box for its totalCount (10,000 index entries, 2.3-4 ms in MariaDB, on every request) and
-- the home page's Counts counted all three. oa.Service changes these counters in the same transaction as every
-- change that moves an item in or out of a box (send, approve, reject, the closing of the others' rows,
-- withdraw), with relative increments, so they never need locking beyond their own row.
--   todo: collab_recipients rows of the person in state 'pending'
--   sent: collab_items the person sent, whatever their status
--   done: collab_recipients rows of the person in state 'approved', 'rejected' or 'closed'
-- Signed, so that a drift (a bug) shows as a wrong number instead of failing someone's approval.
-- The Go step of this file (backfillBoxCounts in 0005_box_counts.go) fills the table from the rows that exist, a
-- few hundred people per short transaction, with absolute values: it runs while the servers keep writing, and a
-- rerun after a partial run ends in the same counts. Servers of this version or later add their increments
-- correctly around it (each batch holds its people's entries until it commits). Servers older than this file do
-- not maintain the counters: a box they change after the backfill passed its owner stays off by that change. So
-- the servers of the release before must not change collaboration items from the start of this migration until
-- they are replaced (stop them); apart from that, the file runs online.
CREATE TABLE IF NOT EXISTS collab_box_counts (
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
