-- Personal WeChat bound to accounts through the tenant's service account (issue 13, seed 004 §4): the first sign-in
-- from WeChat asks for the password and binds that WeChat (its openid under the account's AppID) to the account;
-- later taps sign in at once. The binding ends on logout, a password change and resignation, or by an admin. A
-- session begun through a binding names it and lives only as long as it does. subscribed follows the account's
-- subscribe and unsubscribe events: an unsubscribed follower is not sent template messages. And each kind of message
-- mapped to one of the account's templates, field by field. New tables, nothing backfilled.
CREATE TABLE IF NOT EXISTS wechat_bindings (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  app_id VARCHAR(32) NOT NULL,
  open_id VARCHAR(64) NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  subscribed TINYINT(1) NOT NULL,
  bound_at DATETIME(6) NOT NULL,
  last_seen_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: the OAuth callback and the account's events name the follower, WHERE tenant_id=? AND app_id=? AND open_id=?
  UNIQUE KEY ux_wechat_bindings_openid (tenant_id, app_id, open_id),
  -- why: one WeChat an account; a push and the binding's endings look it up by account or employee.
  UNIQUE KEY ux_wechat_bindings_account (tenant_id, account_id),
  KEY ix_wechat_bindings_employee (tenant_id, employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS mp_template_maps (
  tenant_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(32) NOT NULL,
  template_id VARCHAR(128) NOT NULL,
  fields VARCHAR(2000) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  -- why: a send reads its kind's mapping, WHERE tenant_id=? AND kind=?; the screen reads all of a tenant's.
  PRIMARY KEY (tenant_id, kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
