-- The admins' delivery view (issue 11) counts a tenant's deliveries per day and status, and a partner's customer
-- list the last day's: WHERE tenant_id=? AND created_at >= ? GROUP BY DATE(created_at), status. Without this index
-- that reads every delivery the tenant has kept; with it, the days asked for, from the index alone.
ALTER TABLE push_deliveries
  -- why: per-day counts, WHERE tenant_id=? AND created_at >= ? GROUP BY day, status
  -- EXPLAIN: range ix_push_day, Using index; the window's rows only. migrations/EXPLAIN.md#0021_delivery_day
  ADD INDEX ix_push_day (tenant_id, created_at, status),
  ALGORITHM=INPLACE, LOCK=NONE;
