-- The staff directory: positions, the department tree and memberships, external contacts from WeCom customer
-- contact, and the associated systems (OA, PB, CRM) with the roles that grant them over WeChat.

-- Multiple positions are slash-separated ("产品经理/项目经理"), as the import template writes them.
ALTER TABLE employees ADD COLUMN position VARCHAR(255) NULL;

-- why: SearchEmployees matches a mobile by prefix (WHERE tenant_id=? AND mobile LIKE '138%'), a range scan here;
-- the contact sync's "手机号不允许重复" check looks mobiles up exactly (WHERE tenant_id=? AND mobile=?).
-- EXPLAIN: the exact mobile check ref ix_employees_tenant_mobile, 1 row; SearchEmployees' prefix
-- match does not use it (it is ORed with name LIKE). migrations/EXPLAIN.md#ix_employees_tenant_mobile
CREATE INDEX ix_employees_tenant_mobile ON employees (tenant_id, mobile);

-- Tokens minted from a WeChat sign-in (an SSO ticket) keep that channel ('wechat') across refreshes, so the
-- WeChat gate (roles' allowWeChat) is re-checked on every refresh and request; '' is a password session.
ALTER TABLE refresh_tokens ADD COLUMN channel VARCHAR(16) NOT NULL DEFAULT '';

-- A tree per tenant; parent_id is NULL for roots. Names are unique among siblings: the unique key covers children
-- (NULLs never collide, so roots are checked by the store under the tenant's row lock).
CREATE TABLE departments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  parent_id BIGINT UNSIGNED NULL,
  name VARCHAR(64) NOT NULL,
  sort_order INT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: sibling names are unique; also serves the children of one department
  -- (WHERE tenant_id=? AND parent_id=?: DeleteDepartment's "has sub-departments", the sibling-name check).
  UNIQUE KEY uq_departments_sibling (tenant_id, parent_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- An employee belongs to one or more departments; exactly one membership is the main one (is_main).
CREATE TABLE employee_departments (
  tenant_id BIGINT UNSIGNED NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  department_id BIGINT UNSIGNED NOT NULL,
  is_leader TINYINT(1) NOT NULL DEFAULT 0,
  is_main TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  -- why: one row per (employee, department); an employee's departments (EmployeeDetail, SetEmployeeDepartments:
  -- WHERE tenant_id=? AND employee_id=?).
  -- EXPLAIN: an employee's departments ref PRIMARY, 1 row. migrations/EXPLAIN.md#employee_departments
  PRIMARY KEY (tenant_id, employee_id, department_id),
  -- why: members of departments (DepartmentMemberIDs, the department filter of SearchEmployees, DeleteDepartment's
  -- "has members": WHERE tenant_id=? AND department_id IN (...)), covering employee_id.
  -- EXPLAIN: the department filter ref, 102 rows Using index, then a filesort by name.
  -- migrations/EXPLAIN.md#employee_departments
  KEY ix_employee_departments_department (tenant_id, department_id, employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- External contacts (外部联系人) from WeCom customer contact; the contact sync fills them.
CREATE TABLE external_contacts (
  tenant_id BIGINT UNSIGNED NOT NULL,
  external_userid VARCHAR(64) NOT NULL,
  name VARCHAR(128) NOT NULL,
  type TINYINT NOT NULL,
  corp_name VARCHAR(128) NULL,
  position VARCHAR(128) NULL,
  gender TINYINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  -- why: WeCom's key for a contact; the sync upserts by it and ExternalContact loads by it.
  PRIMARY KEY (tenant_id, external_userid),
  -- why: ListExternalContacts pages in (name, external_userid) order (WHERE tenant_id=? ORDER BY name,
  -- external_userid); InnoDB appends the primary key, so the index already is in that order.
  KEY ix_external_contacts_name (tenant_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Which employees follow (added) an external contact, with their remark and the channel state it came through.
CREATE TABLE external_contact_follows (
  tenant_id BIGINT UNSIGNED NOT NULL,
  external_userid VARCHAR(64) NOT NULL,
  employee_id BIGINT UNSIGNED NOT NULL,
  remark VARCHAR(128) NULL,
  state VARCHAR(64) NULL,
  added_at DATETIME(6) NOT NULL,
  -- why: the followers of one contact (ExternalContact's detail: WHERE tenant_id=? AND external_userid IN (...)).
  PRIMARY KEY (tenant_id, external_userid, employee_id),
  -- why: "my external contacts" (ListExternalContacts with a follower: WHERE tenant_id=? AND employee_id=?).
  KEY ix_external_contact_follows_employee (tenant_id, employee_id, external_userid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The associated systems (关联系统) of a tenant: OA, PB, CRM. PB and CRM post messages with an API key; only its
-- SHA-256 is stored (the key is shown once, when rotated).
CREATE TABLE systems (
  tenant_id BIGINT UNSIGNED NOT NULL,
  code VARCHAR(8) NOT NULL,
  name VARCHAR(64) NOT NULL,
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  api_key_hash CHAR(64) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  -- why: one row per system and tenant; the WeChat gate and SystemByAPIKey load by (tenant_id, code).
  -- EXPLAIN: the WeChat gate const PRIMARY, 1 row. migrations/EXPLAIN.md#uq_accounts_employee
  PRIMARY KEY (tenant_id, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Roles (角色) grant systems and say whether they may be used over WeChat (是否允许使用微信企业号, default allowed).
-- is_default marks the role every new account gets ("员工 / Staff", OA, WeChat allowed).
CREATE TABLE system_roles (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  allow_wechat TINYINT(1) NOT NULL DEFAULT 1,
  is_default TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  -- why: role names are unique in a tenant; also the role list (WHERE tenant_id=? ORDER BY name).
  UNIQUE KEY uq_system_roles_name (tenant_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE system_role_grants (
  tenant_id BIGINT UNSIGNED NOT NULL,
  role_id BIGINT UNSIGNED NOT NULL,
  system_code VARCHAR(8) NOT NULL,
  -- why: the systems of roles (WHERE tenant_id=? AND role_id IN (...)); the WeChat gate's join from a role to
  -- its grant of one system (tenant_id, role_id, system_code) is a primary-key lookup.
  -- EXPLAIN: the WeChat gate eq_ref PRIMARY, 1 row, Using index. migrations/EXPLAIN.md#uq_accounts_employee
  PRIMARY KEY (tenant_id, role_id, system_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE account_system_roles (
  tenant_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  role_id BIGINT UNSIGNED NOT NULL,
  -- why: the roles of an account (SystemRolesOf and the WeChat gate: WHERE tenant_id=? AND account_id=?).
  -- EXPLAIN: the WeChat gate ref PRIMARY, 2 rows, Using index. migrations/EXPLAIN.md#uq_accounts_employee
  PRIMARY KEY (tenant_id, account_id, role_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
