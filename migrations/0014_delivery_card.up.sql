-- The card as first sent (JSON), so that a resend repeats it byte for byte and WeCom's duplicate check recognises
-- it: a card rendered again could differ (a name edited, a link key rotated), and the phone would show both. Cleared
-- once the delivery is finished. A nullable column at the end: instant.
ALTER TABLE push_deliveries
  ADD COLUMN card TEXT NULL,
  ALGORITHM=INSTANT;
