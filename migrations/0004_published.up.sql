-- Published items (issue 4): notices and news, surveys, discussions. Each is published to an audience (all staff
-- or departments), stored on the item as published and expanded to one row per person at publish time, so that
-- people who join a department later do not see older items and every list is a range scan on one person's rows.
-- audience_departments holds the chosen department ids as a JSON array (empty when audience_all is set).

-- Notices (公告) and news (新闻) share one table: they differ only in which list they appear in.
CREATE TABLE notices (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(16) NOT NULL,
  publisher_id BIGINT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  audience_all TINYINT(1) NOT NULL DEFAULT 0,
  audience_departments TEXT NOT NULL,
  recipient_count INT NOT NULL DEFAULT 0,
  published_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: the publisher's own list in the admin portal: WHERE tenant_id=? AND publisher_id=? ORDER BY id DESC
  -- EXPLAIN: range ix_notices_publisher, 21 rows read. migrations/EXPLAIN.md#ix_notices_publisher
  KEY ix_notices_publisher (tenant_id, publisher_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per audience member of a notice; read_at is the read receipt. kind is copied from the notice so that a
-- person's list and unread count per kind never touch the notices table.
CREATE TABLE notice_receipts (
  tenant_id BIGINT UNSIGNED NOT NULL,
  notice_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(16) NOT NULL,
  read_at DATETIME(6) NULL,
  -- why: MarkRead and detail (WHERE tenant_id=? AND notice_id=? AND employee_id=?), and the publisher's
  -- read/unread counts (WHERE tenant_id=? AND notice_id IN (...) GROUP BY notice_id) as a primary-key range
  -- EXPLAIN: read counts ref PRIMARY, 1,021 rows; MarkRead range PRIMARY, 1 row.
  -- migrations/EXPLAIN.md#notice_receipts_primary
  PRIMARY KEY (tenant_id, notice_id, employee_id),
  -- why: one person's list: WHERE tenant_id=? AND employee_id=? AND kind=? AND notice_id<? ORDER BY notice_id DESC
  -- EXPLAIN: the count uses it (200 rows, Using index); the page did not (it filesorted ix_receipts_unread) until
  -- 0006 added read_at. migrations/EXPLAIN.md#ix_receipts_list and #0006_receipts_list
  KEY ix_receipts_list (tenant_id, employee_id, kind, notice_id),
  -- why: unread badge: WHERE tenant_id=? AND employee_id=? AND read_at IS NULL GROUP BY kind, covered by the index
  -- EXPLAIN: unread badge ref ix_receipts_unread, 90 rows, Using index. migrations/EXPLAIN.md#ix_receipts_unread
  KEY ix_receipts_unread (tenant_id, employee_id, read_at, kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Surveys (调查). results_visibility is voters | everyone | publisher; closes_at NULL means no deadline.
CREATE TABLE surveys (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  publisher_id BIGINT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  audience_all TINYINT(1) NOT NULL DEFAULT 0,
  audience_departments TEXT NOT NULL,
  recipient_count INT NOT NULL DEFAULT 0,
  results_visibility VARCHAR(16) NOT NULL,
  opens_at DATETIME(6) NOT NULL,
  closes_at DATETIME(6) NULL,
  published_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: the publisher's own list: WHERE tenant_id=? AND publisher_id=? ORDER BY id DESC
  KEY ix_surveys_publisher (tenant_id, publisher_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The expanded audience of a survey: who may see it and vote.
CREATE TABLE survey_recipients (
  tenant_id BIGINT UNSIGNED NOT NULL,
  survey_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  -- why: "is this person in the audience" on detail, vote and results: WHERE tenant_id=? AND survey_id=? AND employee_id=?
  -- EXPLAIN: const PRIMARY, 1 row, Using index. migrations/EXPLAIN.md#survey_recipients
  PRIMARY KEY (tenant_id, survey_id, employee_id),
  -- why: one person's list: WHERE tenant_id=? AND employee_id=? AND survey_id<? ORDER BY survey_id DESC
  -- EXPLAIN: page range, 21 rows read, Using index; count 200 rows, Using index.
  -- migrations/EXPLAIN.md#survey_recipients
  KEY ix_survey_recipients_list (tenant_id, employee_id, survey_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- kind is single | multiple; a single-choice question always has min_choices = max_choices = 1.
CREATE TABLE survey_questions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  survey_id BIGINT UNSIGNED NOT NULL,
  position INT NOT NULL,
  text VARCHAR(500) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  required TINYINT(1) NOT NULL DEFAULT 1,
  min_choices INT NOT NULL DEFAULT 1,
  max_choices INT NOT NULL DEFAULT 1,
  PRIMARY KEY (id),
  -- why: a survey's questions in order: WHERE tenant_id=? AND survey_id=? ORDER BY position
  -- EXPLAIN: ref, 3 rows, no filesort. migrations/EXPLAIN.md#survey_questions
  KEY ix_survey_questions_survey (tenant_id, survey_id, position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE survey_options (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  survey_id BIGINT UNSIGNED NOT NULL,
  question_id BIGINT UNSIGNED NOT NULL,
  position INT NOT NULL,
  text VARCHAR(200) NOT NULL,
  PRIMARY KEY (id),
  -- why: every option of a survey at once (detail, vote validation, results): WHERE tenant_id=? AND survey_id=?
  -- ORDER BY question_id, position
  -- EXPLAIN: ref, 12 rows, no filesort. migrations/EXPLAIN.md#survey_questions
  KEY ix_survey_options_survey (tenant_id, survey_id, question_id, position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One ballot per person and survey: the unique key is the rule, so two concurrent votes by one person cannot
-- both commit, whatever the code above it does.
CREATE TABLE survey_ballots (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  survey_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: the one-ballot rule itself; also "has this person voted" (WHERE tenant_id=? AND survey_id=? AND
  -- employee_id=?) and the ballot count (WHERE tenant_id=? AND survey_id=?), both covered
  -- EXPLAIN: has voted const, 1 row; ballot count ref, 510 rows, Using index. migrations/EXPLAIN.md#survey_ballots
  UNIQUE KEY uq_survey_ballots_voter (tenant_id, survey_id, employee_id),
  -- why: which surveys of a list page this person voted in: WHERE tenant_id=? AND employee_id=? AND survey_id IN (...)
  -- EXPLAIN: ref on (tenant_id, employee_id): reads the person's 100 ballots and keeps the page's 20
  -- ids, Using index. migrations/EXPLAIN.md#survey_ballots
  KEY ix_survey_ballots_voter (tenant_id, employee_id, survey_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per chosen option of a ballot.
CREATE TABLE survey_answers (
  tenant_id BIGINT UNSIGNED NOT NULL,
  ballot_id BIGINT UNSIGNED NOT NULL,
  option_id BIGINT UNSIGNED NOT NULL,
  survey_id BIGINT UNSIGNED NOT NULL,
  question_id BIGINT UNSIGNED NOT NULL,
  -- why: one ballot's choices (the voter's own answers on the detail page): WHERE tenant_id=? AND ballot_id=?
  -- EXPLAIN: ref PRIMARY, 3 rows, Using index. migrations/EXPLAIN.md#survey_answers
  PRIMARY KEY (tenant_id, ballot_id, option_id),
  -- why: results: WHERE tenant_id=? AND survey_id=? GROUP BY question_id, option_id (counts) and
  -- COUNT(DISTINCT ballot_id) GROUP BY question_id (respondents); ballot_id rides along from the primary key,
  -- so both are covered
  -- EXPLAIN: both GROUP BYs ref, 1,530 rows, Using index, no temporary table or filesort.
  -- migrations/EXPLAIN.md#survey_answers
  KEY ix_survey_answers_results (tenant_id, survey_id, question_id, option_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Discussions (讨论): a topic with flat replies.
CREATE TABLE discussions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  author_id BIGINT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  audience_all TINYINT(1) NOT NULL DEFAULT 0,
  audience_departments TEXT NOT NULL,
  member_count INT NOT NULL DEFAULT 0,
  reply_count INT NOT NULL DEFAULT 0,
  last_reply_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: the author's own list: WHERE tenant_id=? AND author_id=? ORDER BY id DESC
  -- EXPLAIN: ref ix_discussions_author, 3 rows. migrations/EXPLAIN.md#discussions
  KEY ix_discussions_author (tenant_id, author_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Who may read and reply: the expanded audience plus the author.
CREATE TABLE discussion_members (
  tenant_id BIGINT UNSIGNED NOT NULL,
  discussion_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  -- why: membership check on detail, replies and reply: WHERE tenant_id=? AND discussion_id=? AND employee_id=?
  -- EXPLAIN: membership const PRIMARY, 1 row, Using index. migrations/EXPLAIN.md#discussion_members
  PRIMARY KEY (tenant_id, discussion_id, employee_id),
  -- why: one person's list: WHERE tenant_id=? AND employee_id=? AND discussion_id<? ORDER BY discussion_id DESC
  -- EXPLAIN: page range, 21 rows read; count 300 rows, Using index. migrations/EXPLAIN.md#discussion_members
  KEY ix_discussion_members_list (tenant_id, employee_id, discussion_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Who is told of new replies: the author and everyone who replied.
CREATE TABLE discussion_participants (
  tenant_id BIGINT UNSIGNED NOT NULL,
  discussion_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  joined_at DATETIME(6) NOT NULL,
  -- why: the participants to notify of a reply: WHERE tenant_id=? AND discussion_id=?; the key also makes
  -- joining twice a no-op
  -- EXPLAIN: participants ref PRIMARY, 5 rows, Using index. migrations/EXPLAIN.md#discussions
  PRIMARY KEY (tenant_id, discussion_id, employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- quote_id is an earlier reply of the same discussion, or NULL.
CREATE TABLE discussion_replies (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  discussion_id BIGINT UNSIGNED NOT NULL,
  author_id BIGINT UNSIGNED NOT NULL,
  body TEXT NOT NULL,
  quote_id BIGINT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: a discussion's replies in order: WHERE tenant_id=? AND discussion_id=? AND id>? ORDER BY id
  -- EXPLAIN: range ix_discussion_replies_thread, 20 rows, Using index condition. migrations/EXPLAIN.md#discussions
  KEY ix_discussion_replies_thread (tenant_id, discussion_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
