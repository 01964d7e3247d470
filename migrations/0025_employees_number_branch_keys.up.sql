-- An employee number names one person of a tenant (the import matches rows by it), and a branch is deleted only
-- when no employee carries it and lists how many do.
ALTER TABLE employees
  -- why: one employee per number and tenant; the import and the staff search look numbers up exactly,
  -- WHERE tenant_id=? AND employee_no=?
  -- EXPLAIN: const uq_employees_no, 1 row. migrations/EXPLAIN.md#0025_employees_number_branch_keys
  ADD UNIQUE KEY uq_employees_no (tenant_id, employee_no),
  -- why: a branch's employees are counted, WHERE tenant_id=? GROUP BY branch_id, and one is refused deletion
  -- while WHERE tenant_id=? AND branch_id=? finds any.
  -- EXPLAIN: ref ix_employees_branch, Using index. migrations/EXPLAIN.md#0025_employees_number_branch_keys
  ADD KEY ix_employees_branch (tenant_id, branch_id),
  ALGORITHM=INPLACE, LOCK=NONE;
