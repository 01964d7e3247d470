-- The notices list page selects read_at, which ix_receipts_list lacked: the optimizer then read the person's
-- whole ix_receipts_unread range and filesorted it (migrations/EXPLAIN.md#ix_receipts_list). With read_at at the
-- end, ix_receipts_list is an ordered covering range for the page as well as for its count.
-- why: one person's list: WHERE tenant_id=? AND employee_id=? AND kind=? AND notice_id<? ORDER BY notice_id DESC,
-- reading read_at from the index.
-- EXPLAIN: see migrations/EXPLAIN.md#0006_receipts_list.
ALTER TABLE notice_receipts DROP INDEX ix_receipts_list;
CREATE INDEX ix_receipts_list ON notice_receipts (tenant_id, employee_id, kind, notice_id, read_at);
