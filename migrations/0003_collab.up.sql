-- Collaboration items, complete: the approval rule, withdrawal, rich-text bodies, comments, attachments and related
-- items. Index comments name the query each index serves (oa/list.go, oa/view.go, oa/handle.go, oa/service.go).
-- The boxes need no new index: todo and done read ix_recipients_box (tenant_id, recipient_id, state, item_id) one
-- state at a time, newest first; sent reads ix_items_sender (tenant_id, sender_id, id); counts read them alone.

-- rule: 'all' (every recipient must approve) or 'any' (the first approval decides). status gains 'withdrawn'
-- (no schema change: it is a VARCHAR checked in code).
ALTER TABLE collab_items ADD COLUMN rule VARCHAR(8) NOT NULL DEFAULT 'all';

-- The body is sanitised HTML of up to 20,000 characters, up to 80,000 bytes in utf8mb4: more than TEXT's 65,535.
ALTER TABLE collab_items MODIFY body MEDIUMTEXT NOT NULL;

-- Comments (意见) a recipient adds while the item is pending for them. They do not change anyone's state, and one
-- person may comment more than once, so they are rows of their own rather than a field of collab_recipients
-- (which keeps exactly one decision per recipient).
CREATE TABLE collab_comments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  item_id BIGINT UNSIGNED NOT NULL,
  author_id BIGINT UNSIGNED NOT NULL,
  body VARCHAR(1000) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: the detail's comments, WHERE tenant_id=? AND item_id=? ORDER BY id; and withdrawal's "has anyone
  -- commented" check, WHERE tenant_id=? AND item_id=? LIMIT 1
  -- EXPLAIN: ref ix_comments_item, 3 rows; the LIMIT 1 check reads 1, Using index.
  -- migrations/EXPLAIN.md#ix_comments_item
  KEY ix_comments_item (tenant_id, item_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Attachment metadata; the bytes live behind oa.AttachmentStore under storage_key (never derived from name).
CREATE TABLE collab_attachments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  item_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(255) NOT NULL,
  content_type VARCHAR(128) NOT NULL,
  size BIGINT NOT NULL,
  storage_key VARCHAR(191) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: the detail's attachments, WHERE tenant_id=? AND item_id=? ORDER BY id
  -- EXPLAIN: ref ix_attachments_item, 1 row. migrations/EXPLAIN.md#ix_attachments_item
  KEY ix_attachments_item (tenant_id, item_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- 关联协同: item_id refers to related_id, which its sender could see when sending.
CREATE TABLE collab_related (
  tenant_id BIGINT UNSIGNED NOT NULL,
  item_id BIGINT UNSIGNED NOT NULL,
  related_id BIGINT UNSIGNED NOT NULL,
  -- why: the detail's related items, WHERE tenant_id=? AND item_id=?; one row per pair
  -- EXPLAIN: ref PRIMARY, 2 rows, Using index. migrations/EXPLAIN.md#collab_related
  PRIMARY KEY (tenant_id, item_id, related_id),
  -- why: "may this viewer open item X because an item they can see refers to it", WHERE tenant_id=? AND
  -- related_id=? (then the referring items by primary key)
  -- EXPLAIN: ref ix_related_reverse, 1 row, then unique_subquery on the primary keys.
  -- migrations/EXPLAIN.md#collab_related
  KEY ix_related_reverse (tenant_id, related_id, item_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
