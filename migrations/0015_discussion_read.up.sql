-- When each member last read a discussion (opened it, or replied to it), so that a discussion new to them, or with
-- replies since they read it, is marked unread and counted in their badge (unreadCounts.discussion). NULL: not
-- read yet, as the new release writes for each member but the author when a discussion starts.
--
-- Rows that exist before this migration, and rows a server of the release before writes while this one rolls
-- out, take the default, the end of time: they count as read, so the badge does not light up at once for every
-- discussion started before there were badges. Opening such a discussion sets a real time, from which later
-- replies count. A nullable column with a constant default, at the end: instant.
ALTER TABLE discussion_members
  ADD COLUMN read_at DATETIME(6) NULL DEFAULT '9999-12-31 23:59:59.999999',
  ALGORITHM=INSTANT;
