-- Partners (issue 11): resellers and ISVs that onboard their customers through the API. The operator creates a
-- partner and issues its keys from the command line (qiao partner …). A key is shown once; only its SHA-256 is
-- kept. Issuing a new key gives the keys in use an end (expires_at) an overlap window later, so a partner's
-- integration keeps working while it changes keys. Not tenant-scoped: a partner stands above its customers.
-- New tables, nothing backfilled.
CREATE TABLE IF NOT EXISTS partners (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  slug VARCHAR(32) NOT NULL,
  name VARCHAR(128) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: the operator names a partner by its slug, WHERE slug=?
  -- EXPLAIN (new table): const uq_partners_slug, 1 row.
  UNIQUE KEY uq_partners_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- prefix is the key's first characters, shown so a partner can tell its keys apart; expires_at is NULL for a key
-- without an end.
CREATE TABLE IF NOT EXISTS partner_keys (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  partner_id BIGINT UNSIGNED NOT NULL,
  key_hash BINARY(32) NOT NULL,
  prefix VARCHAR(16) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NULL,
  PRIMARY KEY (id),
  -- why: every partner request finds its key by the hash, WHERE key_hash=?
  -- EXPLAIN (new table): const uq_partner_keys_hash, 1 row.
  UNIQUE KEY uq_partner_keys_hash (key_hash),
  -- why: issuing a key ends the partner's others, UPDATE … WHERE partner_id=? AND (expires_at IS NULL OR expires_at > ?),
  -- and lists them, WHERE partner_id=? ORDER BY id
  -- EXPLAIN (new table): ref ix_partner_keys_partner.
  KEY ix_partner_keys_partner (partner_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
