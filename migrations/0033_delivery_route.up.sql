-- Which channel carried a push and why (issue 13): "企业微信成员", "企业微信优先：未加入企业微信，改用服务号", or why no
-- channel could. And whom it was for: the recipient column holds a WeCom userid or a service-account openid, which
-- no longer names the person once they leave WeCom or unbind their WeChat. Existing deliveries went through WeCom
-- and keep neither.
ALTER TABLE push_deliveries ADD COLUMN route VARCHAR(200) NULL, ADD COLUMN employee_id BIGINT UNSIGNED NULL, ALGORITHM=INSTANT;
