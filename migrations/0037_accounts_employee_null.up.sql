-- A customer's or supplier's contact person (0036) has an account and no employee: accounts.employee_id is NULL for
-- them, so no staff query (every one reads employees) reaches them, and uq_accounts_employee still holds one account
-- per employee (a unique key ignores NULLs). Existing rows keep their employee. Making a column nullable rebuilds the
-- table in place while reads and writes go on.
ALTER TABLE accounts MODIFY employee_id BIGINT UNSIGNED NULL, ALGORITHM=INPLACE, LOCK=NONE;
