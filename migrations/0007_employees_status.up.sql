-- The staff directory counts the tenant's active people on every page (WHERE status = 'active'), and nothing indexed
-- status: the count read every row of the tenant, or of the whole table when the tenant is a large share of it
-- (migrations/EXPLAIN.md#0007_employees_status). With status after the tenant, the count reads one index range
-- and no rows, and a next page of active people (name, id after the cursor) walks the same range in name order.
-- Built online: writers to employees go on while it is built.
-- why: WHERE tenant_id=? AND status='active' (count, and pages ORDER BY name, id).
-- EXPLAIN: count ref ix_employees_tenant_status_name, Using index, 5,000 entries instead of 15,000 rows (ALL).
ALTER TABLE employees
  ADD INDEX ix_employees_tenant_status_name (tenant_id, status, name),
  ALGORITHM=INPLACE, LOCK=NONE;
