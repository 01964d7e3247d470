-- The service account's settings in Qiao (issue 13, seed 004 §3.7): which column of the staff record a person signs
-- in with from WeChat, whether people may apply to register from the phone, and which channel carries pushes
-- (WeCom only, the service account only, or WeCom first with the service account for people without an active
-- WeCom membership). The defaults keep every tenant as it was: login, no registration, WeCom only.
ALTER TABLE mp_accounts ADD COLUMN identity_column VARCHAR(16) NOT NULL DEFAULT 'login',
  ADD COLUMN allow_register TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN push_channel VARCHAR(16) NOT NULL DEFAULT 'wecom', ALGORITHM=INSTANT;
