-- Which channel carried a push and why (issue 13): "WeCom member", "no active WeCom membership: service account",
-- "unsubscribed from the service account". Existing deliveries went through WeCom and keep no reason.
ALTER TABLE push_deliveries ADD COLUMN route VARCHAR(200) NULL, ALGORITHM=INSTANT;
