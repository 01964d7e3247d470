-- A session begun through a personal WeChat's binding (issue 13) names it, so that ending the binding ends the
-- sessions of that WeChat and no other. Existing sessions have none.
ALTER TABLE refresh_tokens ADD COLUMN binding_id BIGINT UNSIGNED NULL, ALGORITHM=INSTANT;
