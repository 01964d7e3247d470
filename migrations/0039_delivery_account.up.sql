-- A push to a customer's or supplier's contact (0036) is for an account without an employee: account_id names it,
-- so 推送记录 can say whom it was for. Existing deliveries were for employees and keep employee_id only.
ALTER TABLE push_deliveries ADD COLUMN account_id BIGINT UNSIGNED NULL, ALGORITHM=INSTANT;
