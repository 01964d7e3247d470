-- The WeCom binding as seed 000 §2.3–2.9 has it (issue 11): the corp with its contact-sync and customer-contact
-- secrets and trusted domain (wecom_corps); one WeCom app per associated system, OA, PB, CRM (wecom_apps); the
-- event servers WeCom posts to, one per app plus the contact-change and customer-contact ones, each with its Token
-- and EncodingAESKey (wecom_receivers); the host names a tenant brings (tenant_hosts) and the domain verification
-- files WeCom and the service account hand out (domain_verify_files). Secrets, Tokens and AES keys are sealed
-- (AES-GCM) like the app secret always was. The Go step copies each wecom_bindings row (corp and OA app) into
-- wecom_corps and wecom_apps; wecom_bindings is read no more and can be dropped once no older release runs.
CREATE TABLE IF NOT EXISTS wecom_corps (
  tenant_id BIGINT UNSIGNED NOT NULL,
  corp_id VARCHAR(64) NOT NULL,
  -- how this tenant's tokens are obtained: 'secret' (secrets pasted by the admin); '代开发' authorisation later
  mode VARCHAR(16) NOT NULL DEFAULT 'secret',
  contact_secret_sealed VARBINARY(512) NULL,
  customer_secret_sealed VARBINARY(512) NULL,
  trusted_domain VARCHAR(255) NULL,
  -- the last preflight (检测配置): its report as JSON and when it ran
  preflight TEXT NULL,
  preflight_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS wecom_apps (
  tenant_id BIGINT UNSIGNED NOT NULL,
  system_code VARCHAR(16) NOT NULL,
  agent_id BIGINT NOT NULL,
  secret_sealed VARBINARY(512) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (tenant_id, system_code),
  -- why: an event names its app by AgentID, WHERE tenant_id=? AND agent_id=?; one app serves one system
  -- EXPLAIN (new table): const uq_wecom_apps_agent, 1 row.
  UNIQUE KEY uq_wecom_apps_agent (tenant_id, agent_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- name is the receiver's part of its URL: an app's system code in lower case (oa, pb, crm), 'contacts' or
-- 'customers'.
CREATE TABLE IF NOT EXISTS wecom_receivers (
  tenant_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(16) NOT NULL,
  token_sealed VARBINARY(512) NOT NULL,
  aes_key_sealed VARBINARY(512) NOT NULL,
  -- when WeCom's URL verification (GET with echostr) last succeeded
  verified_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (tenant_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A host name a tenant brings (a CNAME to us), so that WeCom accepts the trusted domain and callback URLs as the
-- customer's own; requests to it belong to the tenant. Not tenant-scoped on read: the host finds the tenant.
CREATE TABLE IF NOT EXISTS tenant_hosts (
  host VARCHAR(255) NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (host),
  -- why: a tenant's hosts are listed and replaced, WHERE tenant_id=?
  -- EXPLAIN (new table): ref ix_tenant_hosts_tenant.
  KEY ix_tenant_hosts_tenant (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- WW_verify_*.txt and MP_verify_*.txt, served at the root of the tenant's hosts.
CREATE TABLE IF NOT EXISTS domain_verify_files (
  tenant_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  content VARCHAR(255) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (tenant_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
