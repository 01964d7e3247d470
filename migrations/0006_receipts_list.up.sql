-- The notices list page selects read_at, which ix_receipts_list lacked: the optimizer then read the person's
-- whole ix_receipts_unread range and filesorted it (migrations/EXPLAIN.md#ix_receipts_list). With read_at at the
-- end, ix_receipts_list is an ordered covering range for the page as well as for its count.
-- The index is redefined by one online ALTER that drops and adds it: the list never runs without it, writers go
-- on while the new index is built, and a failure leaves the old index in place for a clean rerun. (This file
-- first did it as a DROP INDEX and a CREATE INDEX; where that failed between the two, the index is missing and
-- the DROP here fails: add any index of that name by hand, then migrate again.)
-- why: one person's list: WHERE tenant_id=? AND employee_id=? AND kind=? AND notice_id<? ORDER BY notice_id DESC,
-- reading read_at from the index.
-- EXPLAIN: see migrations/EXPLAIN.md#0006_receipts_list.
ALTER TABLE notice_receipts
  DROP INDEX ix_receipts_list,
  ADD INDEX ix_receipts_list (tenant_id, employee_id, kind, notice_id, read_at),
  ALGORITHM=INPLACE, LOCK=NONE;
