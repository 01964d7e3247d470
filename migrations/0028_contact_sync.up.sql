-- The contact sync with WeCom (issue 12): a mirror of what Qiao last wrote to a tenant's WeCom directory (WeCom no
-- longer lets a self-built app read mobiles and emails back, so the sync diffs against this, never against a read),
-- every sync run with its per-row results kept as history, and each tenant's schedule and field ownership. New
-- tables, nothing backfilled: a tenant's first sync finds its mirror empty and replaces WeCom's directory.
CREATE TABLE IF NOT EXISTS wecom_sync_departments (
  tenant_id BIGINT UNSIGNED NOT NULL,
  wecom_id BIGINT NOT NULL,
  department_id BIGINT UNSIGNED NULL,
  system_code VARCHAR(16) NULL,
  name VARCHAR(255) NOT NULL,
  parent_wecom_id BIGINT NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  -- why: the whole mirror is read per sync, WHERE tenant_id=?; an event names the WeCom id.
  PRIMARY KEY (tenant_id, wecom_id),
  -- why: one WeCom department per department of ours and per system; NULLs (the other kind) do not collide.
  UNIQUE KEY ux_wecom_sync_departments_department (tenant_id, department_id),
  UNIQUE KEY ux_wecom_sync_departments_system (tenant_id, system_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS wecom_sync_members (
  tenant_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  userid VARCHAR(64) NOT NULL,
  name VARCHAR(255) NOT NULL,
  mobile VARCHAR(32) NOT NULL,
  email VARCHAR(255) NOT NULL,
  position VARCHAR(255) NOT NULL,
  departments VARCHAR(2000) NOT NULL,
  disabled TINYINT(1) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (tenant_id, employee_id),
  -- why: a WeCom event names the member by userid, WHERE tenant_id=? AND userid=?
  UNIQUE KEY ux_wecom_sync_members_userid (tenant_id, userid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS wecom_syncs (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  direction VARCHAR(8) NOT NULL,
  trigger_kind VARCHAR(16) NOT NULL,
  mode VARCHAR(16) NOT NULL,
  state VARCHAR(16) NOT NULL,
  -- why: 1 while a sync to WeCom is queued or running, NULL otherwise; the unique key below lets a tenant have one
  -- at a time across every server and worker (NULLs do not collide).
  running TINYINT NULL,
  started_by VARCHAR(128) NOT NULL,
  in_day DATE NULL,
  dept_creates INT NOT NULL DEFAULT 0,
  dept_updates INT NOT NULL DEFAULT 0,
  dept_deletes INT NOT NULL DEFAULT 0,
  creates INT NOT NULL DEFAULT 0,
  updates INT NOT NULL DEFAULT 0,
  disables INT NOT NULL DEFAULT 0,
  deletes INT NOT NULL DEFAULT 0,
  invalid INT NOT NULL DEFAULT 0,
  conflicts INT NOT NULL DEFAULT 0,
  total INT NOT NULL DEFAULT 0,
  done INT NOT NULL DEFAULT 0,
  failed INT NOT NULL DEFAULT 0,
  api_calls INT NOT NULL DEFAULT 0,
  -- why: the last batch job WeCom's batch_job_result event said is done while the run ran, so the run reads its
  -- job's result once instead of polling for it (the event may come before the run has recorded the job's id).
  wecom_job_done VARCHAR(64) NULL,
  error VARCHAR(1000) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  finished_at DATETIME(6) NULL,
  PRIMARY KEY (id),
  -- why: the history lists a tenant's syncs newest first, WHERE tenant_id=? ORDER BY id DESC LIMIT ?
  -- EXPLAIN (new table): ref ix_wecom_syncs_recent, backward index scan.
  KEY ix_wecom_syncs_recent (tenant_id, id),
  UNIQUE KEY ux_wecom_syncs_running (tenant_id, running),
  -- why: WeCom's events of one day go to one run from WeCom (in the tenant's zone): created by whichever event
  -- comes first, with no lock on a gap that two first events would deadlock on. NULL for runs to WeCom.
  UNIQUE KEY ux_wecom_syncs_in_day (tenant_id, in_day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS wecom_sync_rows (
  tenant_id BIGINT UNSIGNED NOT NULL,
  sync_id BIGINT UNSIGNED NOT NULL,
  seq INT NOT NULL,
  kind VARCHAR(12) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  ref VARCHAR(64) NOT NULL,
  action VARCHAR(12) NOT NULL,
  result VARCHAR(12) NOT NULL,
  reason VARCHAR(1000) NULL,
  -- why: a sync's rows are read in order, all or those not ok: WHERE tenant_id=? AND sync_id=? AND seq > ?
  -- ORDER BY seq LIMIT ?
  PRIMARY KEY (tenant_id, sync_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS wecom_sync_settings (
  tenant_id BIGINT UNSIGNED NOT NULL,
  schedule_enabled TINYINT(1) NOT NULL DEFAULT 1,
  times VARCHAR(128) NOT NULL DEFAULT '08:00,12:00,20:00',
  time_zone VARCHAR(64) NOT NULL DEFAULT 'Asia/Shanghai',
  wecom_fields VARCHAR(255) NOT NULL DEFAULT '',
  last_slot_at DATETIME(6) NULL,
  -- why: when the tenant's first sync (a replace, or a pull from WeCom) finished; until then every sync to WeCom is a
  -- replace the admin confirms, and the schedule starts none. A replace stopped halfway leaves it NULL.
  first_synced_at DATETIME(6) NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
