-- An employee's state in WeCom (issue 11), as WeCom's events report it: active (activated, or entering the app),
-- disabled, not_joined (invited, not yet activated), exited; NULL until an event says. wecom_status_at is the event's
-- own time, so an older event arriving late does not undo a newer one. Nullable columns at the end: instant.
ALTER TABLE employees
  ADD COLUMN wecom_status VARCHAR(16) NULL,
  ADD COLUMN wecom_status_at DATETIME(6) NULL,
  ALGORITHM=INSTANT;
