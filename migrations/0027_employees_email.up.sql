-- WeCom refuses two members with one email (seed 000), so creating an employee, and each batch of an import, looks
-- emails up exactly. Without an index each lookup read the tenant's employees: a 50,000-person import slowed from
-- about 1,800 to about 500 rows a second as the table grew.
ALTER TABLE employees
  -- why: WHERE tenant_id=? AND email IN (…) AND status <> 'resigned' (directory.checkTaken, takenInBatch)
  -- EXPLAIN: range ix_employees_tenant_email. migrations/EXPLAIN.md#0027_employees_email
  ADD INDEX ix_employees_tenant_email (tenant_id, email),
  ALGORITHM=INPLACE, LOCK=NONE;
