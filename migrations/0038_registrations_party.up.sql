-- An application may come from a customer's or supplier's contact person: party and company say so, the password
-- they chose waits hashed until the decision (cleared by it), and an approval names the account made.
ALTER TABLE registrations
  ADD COLUMN party VARCHAR(16) NULL,
  ADD COLUMN company VARCHAR(128) NULL,
  ADD COLUMN password_hash VARCHAR(255) NULL,
  ADD COLUMN account_id BIGINT UNSIGNED NULL, ALGORITHM=INSTANT;
