-- Interactive todo cards (issue 14): a collaboration item reaches an approver as a WeCom card with 同意 and 驳回.
-- A tap comes back as a template_card_event naming the card's task_id; a decision made anywhere changes the cards
-- still offering a choice, with a response_code WeCom gave (once each, for 72 hours) or, when none is left, by a
-- recall within 24 hours. A card is kept as long as its delivery record, so a tap on an old card still finds it; a
-- code until it expires. New tables, nothing backfilled: cards sent before stay plain textcards.

CREATE TABLE IF NOT EXISTS push_cards (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  delivery_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  recipient VARCHAR(64) NOT NULL,
  kind VARCHAR(64) NOT NULL,
  system_code VARCHAR(8) NOT NULL,
  card_key VARCHAR(64) NOT NULL,
  task_id VARCHAR(128) NOT NULL,
  msg_id VARCHAR(64) NULL,
  shows VARCHAR(64) NULL,
  changing VARCHAR(64) NULL,
  sent_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: a tap names its card, WHERE tenant_id=? AND task_id=?; task_ids are unique per app
  UNIQUE KEY ux_push_cards_task (tenant_id, task_id),
  -- why: a decision finds the reader's card of the item, WHERE tenant_id=? AND card_key=? AND employee_id=? ORDER BY id DESC
  KEY ix_push_cards_card (tenant_id, card_key, employee_id, id),
  -- why: retention, WHERE sent_at<? ORDER BY sent_at (every tenant)
  KEY ix_push_cards_sent (sent_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The response codes a card may still be changed with: the send's and each tap's, each good once until expires_at.
CREATE TABLE IF NOT EXISTS push_card_codes (
  tenant_id BIGINT UNSIGNED NOT NULL,
  card_id BIGINT UNSIGNED NOT NULL,
  code VARCHAR(128) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  PRIMARY KEY (tenant_id, card_id, code),
  -- why: retention, WHERE expires_at<? ORDER BY expires_at (every tenant)
  KEY ix_push_card_codes_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
