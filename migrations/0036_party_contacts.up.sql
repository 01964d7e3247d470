-- Customers' and suppliers' contact people (issue 13, seed 004 §2 客户、供应商门户): an account without an employee,
-- made by an admin, by PB or CRM through the system API, or by an approved application, that signs in only from the
-- service account and reads the messages addressed to it. Their accounts have no employee (0037). New tables, nothing backfilled.

CREATE TABLE IF NOT EXISTS party_contacts (
  tenant_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  party VARCHAR(16) NOT NULL,
  company VARCHAR(128) NOT NULL,
  name VARCHAR(64) NOT NULL,
  mobile VARCHAR(32) NULL,
  status VARCHAR(16) NOT NULL,
  source VARCHAR(16) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (tenant_id, account_id),
  -- why: the service account's sign-in by mobile, WHERE tenant_id=? AND mobile=?; one contact a mobile
  UNIQUE KEY ux_party_contacts_mobile (tenant_id, mobile),
  -- why: the admins' list, newest first, WHERE tenant_id=? ORDER BY account_id DESC (the primary key)
  KEY ix_party_contacts_company (tenant_id, company)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A system message addressed to a contact, kept whole: the contact's message list reads it (a system message to an
-- employee is kept only as a digest, since the employee's WeCom card is the message). One row per contact told;
-- sysmsg.Prune forgets it with its system_messages row.
CREATE TABLE IF NOT EXISTS contact_messages (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  message_row_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  system_code VARCHAR(8) NOT NULL,
  title VARCHAR(128) NOT NULL,
  content VARCHAR(2048) NOT NULL,
  url VARCHAR(2048) NULL,
  created_at DATETIME(6) NOT NULL,
  read_at DATETIME(6) NULL,
  PRIMARY KEY (id),
  -- why: a retry tells only the contacts not yet told, WHERE tenant_id=? AND message_row_id=? AND account_id IN (…)
  UNIQUE KEY ux_contact_messages_told (tenant_id, message_row_id, account_id),
  -- why: the contact's list, newest first, WHERE tenant_id=? AND account_id=? AND id<? ORDER BY id DESC
  KEY ix_contact_messages_inbox (tenant_id, account_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
