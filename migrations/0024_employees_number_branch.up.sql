-- An employee's number (工号) and branch company (分公司), issue 12. Nullable columns at the end: instant.
ALTER TABLE employees
  ADD COLUMN employee_no VARCHAR(32) NULL,
  ADD COLUMN branch_id BIGINT UNSIGNED NULL,
  ALGORITHM=INSTANT;
