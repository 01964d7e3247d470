/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** All staff, or at least one department (not both). */
export type AudienceInput = {
  all?: boolean | null | undefined;
  departmentIds?: Array<string> | null | undefined;
};

/** How a tenant's WeCom tokens are obtained: SECRET is secrets pasted by the admin (seed 000 §2.3–2.6). */
export type BindingMode =
  | 'SECRET';

/** A tenant's binding, as a glance shows it. */
export type BindingState =
  /** the last preflight found a problem */
  | 'FAILING'
  /** no corp saved */
  | 'NONE'
  /** the last preflight passed */
  | 'OK'
  /** bound, never checked */
  | 'UNCHECKED';

export type ContactSyncAction =
  /** A WeCom event applied to Qiao's directory. */
  | 'APPLY'
  /** A WeCom event changed a field Qiao owns: Qiao's value stays and is written back. */
  | 'CONFLICT'
  | 'CREATE'
  | 'DELETE'
  | 'DISABLE'
  /** A WeCom event that only repeated Qiao's own write. */
  | 'ECHO'
  /** Not written: the member breaks a rule (reason). */
  | 'INVALID'
  /** A pull matched WeCom's member or department to Qiao's. */
  | 'LINK'
  | 'UPDATE';

export type ContactSyncDirection =
  /** WeCom → Qiao. */
  | 'IN'
  /** Qiao → WeCom. */
  | 'OUT';

/** A field of a member that either Qiao or WeCom owns: on a conflict the owner's value wins. */
export type ContactSyncField =
  | 'DEPARTMENTS'
  | 'EMAIL'
  | 'MOBILE'
  | 'NAME'
  | 'POSITION';

export type ContactSyncMode =
  /** WeCom's contact-change events of one day, applied to Qiao's directory. */
  | 'EVENTS'
  /** Only what changed since the last sync is written. */
  | 'INCREMENTAL'
  /** WeCom's departments and members read into Qiao (一键同步): matched by name and account, or added. */
  | 'PULL'
  /** A first sync: WeCom's directory is replaced by Qiao's (members and departments Qiao lacks are deleted). */
  | 'REPLACE';

export type ContactSyncResult =
  | 'FAILED'
  | 'OK'
  | 'SKIPPED';

export type ContactSyncRowKind =
  | 'DEPARTMENT'
  | 'MEMBER';

export type ContactSyncSettingsInput = {
  scheduleEnabled?: boolean | null | undefined;
  timeZone?: string | null | undefined;
  times?: Array<string> | null | undefined;
  wecomOwnedFields?: Array<ContactSyncField> | null | undefined;
};

export type ContactSyncState =
  /** Finished; failed rows, if any, are counted in failed. */
  | 'DONE'
  /** Stopped by an error (error says why); what was written before it stays written. */
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING';

export type ContactSyncTrigger =
  | 'EVENTS'
  | 'MANUAL'
  | 'SCHEDULED';

export type CreateDepartmentInput = {
  name: string;
  /** Null for a root. */
  parentId?: string | null | undefined;
  sortOrder?: number | null | undefined;
};

/**
 * A new employee and their account. mobile and email may not both be empty (WeCom needs one of them); a mobile is
 * kept as WeCom takes it (+86 and its spellings removed).
 */
export type CreateEmployeeInput = {
  /** Whether the account is an admin of the tenant. */
  admin?: boolean | null | undefined;
  branchId?: string | null | undefined;
  /** Their departments; mainDepartmentId defaults to the first. */
  departmentIds?: Array<string> | null | undefined;
  email?: string | null | undefined;
  employeeNo?: string | null | undefined;
  /** The sign-in name: 2–64 letters, digits and _ . @ -. */
  login: string;
  mainDepartmentId?: string | null | undefined;
  mobile?: string | null | undefined;
  name: string;
  /** Slash-separated positions. */
  position?: string | null | undefined;
  /** Defaults to the login. 1–64 letters, digits and _ - @ ., a letter or digit first; WeCom ignores case. Where the person is already in WeCom, use their existing account (seed 002). */
  wecomUserId?: string | null | undefined;
};

export type CreateSystemRoleInput = {
  allowWeChat?: boolean | null | undefined;
  name: string;
  /** At least one. */
  systems: Array<string>;
};

export type DeliveryFilter = {
  /** wecom or mp. */
  channel?: string | null | undefined;
  /** One notice's, news item's or survey's push: its deliveries, person by person. */
  item?: PushItemFilter | null | undefined;
  /** An outbox kind, or its family (collab, notice, news, survey, discussion, system). */
  kind?: string | null | undefined;
  /** A WeCom userid or a service-account openid, exactly. */
  recipient?: string | null | undefined;
  since?: string | null | undefined;
  status?: DeliveryStatus | null | undefined;
};

/** What a delivery record says happened. */
export type DeliveryStatus =
  | 'FAILED'
  | 'SENDING'
  | 'SENT'
  | 'SKIPPED'
  | 'UNDELIVERABLE';

/** An employee's state. Only active employees sign in, receive pushes and appear in the staff directory's lists. */
export type EmployeeStatus =
  | 'ACTIVE'
  /** Blocked by an admin. */
  | 'FROZEN'
  /** Left the company. */
  | 'RESIGNED';

/** The column of the staff record a person signs in with from personal WeChat. */
export type IdentityColumn =
  | 'LOGIN'
  | 'MOBILE'
  | 'NUMBER';

/** How the service account encrypts the events it posts (消息加解密方式): 明文, 兼容 or 安全模式 (the one to use). */
export type MpEncryptMode =
  | 'COMPAT'
  | 'PLAIN'
  | 'SAFE';

export type NewPartyContact = {
  company: string;
  /** The account to sign in with: 2–64 letters, digits and _ . @ -, unique among staff and contacts. */
  login: string;
  mobile?: string | null | undefined;
  name: string;
  party: Party;
};

export type NoticeKind =
  /** 新闻 */
  | 'NEWS'
  /** 公告 */
  | 'NOTICE';

export type Party =
  | 'CUSTOMER'
  | 'SUPPLIER';

export type PartyContactFilter = {
  party?: Party | null | undefined;
  /** Matches the name, company, login or mobile. */
  search?: string | null | undefined;
  status?: PartyContactStatus | null | undefined;
};

export type PartyContactInput = {
  company: string;
  mobile?: string | null | undefined;
  name: string;
  party: Party;
};

export type PartyContactStatus =
  | 'ACTIVE'
  | 'FROZEN';

export type PublishNoticeInput = {
  audience: AudienceInput;
  /** HTML; sanitised before it is stored. */
  body: string;
  kind: NoticeKind;
  title: string;
};

export type PublishSurveyInput = {
  audience: AudienceInput;
  /** HTML; sanitised before it is stored. */
  body?: string | null | undefined;
  /** Null means no deadline. */
  closesAt?: string | null | undefined;
  /** Null opens it now. */
  opensAt?: string | null | undefined;
  questions: Array<SurveyQuestionInput>;
  resultsVisibility?: ResultsVisibility | null | undefined;
  title: string;
};

/**
 * Which channel carries a tenant's pushes: WeCom only; the service account only; or WeCom for people with an active
 * WeCom membership and the service account for the others (not joined, or not in WeCom at all).
 */
export type PushChannel =
  | 'MP'
  | 'WECOM'
  | 'WECOM_FIRST';

/** What a push to many was for: a notice or news item, or a survey. */
export type PushItem =
  | 'NOTICE'
  | 'SURVEY';

/** A push to many, as 推送记录 narrows to it: a notice or news item (NOTICE, with the notice's id), or a survey. */
export type PushItemFilter = {
  id: string;
  item: PushItem;
};

export type QuestionKind =
  | 'MULTIPLE'
  | 'SINGLE';

/** What a receiver (an event server WeCom posts to) is for. */
export type ReceiverKind =
  /** an app's 接收消息 callback */
  | 'APP'
  /** the contact-change events (通讯录回调) */
  | 'CONTACTS'
  /** the customer-contact events (客户联系) */
  | 'CUSTOMERS';

export type RegistrationStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REFUSED';

/** Who sees a survey's results; its publisher always does. */
export type ResultsVisibility =
  /** The whole audience, voted or not. */
  | 'EVERYONE'
  /** The publisher only. */
  | 'PUBLISHER'
  /** People who have voted. */
  | 'VOTERS';

/** Who may call a field; enforced by the @hasRole directive after authentication. */
export type Role =
  | 'ADMIN'
  /** A customer's or supplier's contact person (contacts.graphqls): below MEMBER. */
  | 'CONTACT'
  | 'MEMBER'
  | 'PARTNER';

/** Changes to the service account; omitted fields stay. Binding it needs appId and secret. */
export type ServiceAccountInput = {
  allowRegister?: boolean | null | undefined;
  /** wx and 16 hex digits, from 设置与开发 → 基本配置. */
  appId?: string | null | undefined;
  encryptMode?: MpEncryptMode | null | undefined;
  identityColumn?: IdentityColumn | null | undefined;
  pushChannel?: PushChannel | null | undefined;
  /** 32 letters and digits; a secret sent replaces the saved one. */
  secret?: string | null | undefined;
};

/** What an admin does to employees' standing. */
export type StaffAction =
  /** A lost phone (seed 001): no messages, no sign-in over WeChat, every session ends; WeCom disables the member at the next sync. */
  | 'FREEZE'
  /** Back from resigned. */
  | 'REINSTATE'
  /** 离职: every session ends; WeCom deletes the member at the next sync; kept in history. */
  | 'RESIGN'
  | 'UNFREEZE';

/** What importing a row does. */
export type StaffImportAction =
  /** Not imported: reasons say why. */
  | 'BAD'
  /** A new employee. */
  | 'CREATE'
  /** An employee with the row's login, already as the row says. */
  | 'LEAVE'
  /** An employee with the row's login, changed. */
  | 'UPDATE';

/** Where a staff import stands. */
export type StaffImportState =
  /** The job is writing it. */
  | 'APPLYING'
  | 'DONE'
  /** Read and planned; nothing written yet. */
  | 'PREVIEWED';

export type SurveyQuestionInput = {
  kind: QuestionKind;
  /** Multiple choice only: 0 means the number of options. */
  maxChoices?: number | null | undefined;
  /** Multiple choice only: 0 means 1. */
  minChoices?: number | null | undefined;
  options: Array<string>;
  /** An optional question may be left unanswered. */
  required?: boolean | null | undefined;
  text: string;
};

/** Where a survey is in its time window. */
export type SurveyState =
  | 'CLOSED'
  | 'NOT_OPEN'
  | 'OPEN';

export type TemplateFieldInput = {
  /** One of messageFacts' facts; empty leaves the field empty. */
  fact: string;
  key: string;
};

export type TenantSettingsInput = {
  forcePasswordChange?: boolean | null | undefined;
  lockoutMinutes?: number | null | undefined;
  lockoutThreshold?: number | null | undefined;
  passwordMinLength?: number | null | undefined;
  passwordRequireSymbol?: boolean | null | undefined;
};

/** An omitted field is left as it is; an empty string clears an optional one. */
export type UpdateEmployeeInput = {
  /** Makes the account an admin, or a member; the company keeps at least one active admin. */
  admin?: boolean | null | undefined;
  branchId?: string | null | undefined;
  /** Removes the branch (branchId is then ignored). */
  clearBranch?: boolean | null | undefined;
  /** Replaces the departments when given (with mainDepartmentId, defaulting to the first). */
  departmentIds?: Array<string> | null | undefined;
  email?: string | null | undefined;
  employeeNo?: string | null | undefined;
  mainDepartmentId?: string | null | undefined;
  mobile?: string | null | undefined;
  name?: string | null | undefined;
  position?: string | null | undefined;
  wecomUserId?: string | null | undefined;
};

/** An omitted field is left as it is. */
export type UpdateSystemRoleInput = {
  allowWeChat?: boolean | null | undefined;
  name?: string | null | undefined;
  systems?: Array<string> | null | undefined;
};

export type WeComAppInput = {
  agentId: number;
  /** Needed the first time; omit it to keep the saved one. */
  secret?: string | null | undefined;
  system: string;
};

/** Changes to the corp; omitted fields stay. A secret sent replaces the saved one. */
export type WeComCorpInput = {
  contactSecret?: string | null | undefined;
  corpId?: string | null | undefined;
  customerSecret?: string | null | undefined;
  /** An empty string removes it. */
  trustedDomain?: string | null | undefined;
};

export type WeComEventFilter = {
  event?: string | null | undefined;
  receiver?: string | null | undefined;
  /** RECEIVED, PROCESSED, IGNORED, KEPT or FAILED. */
  status?: string | null | undefined;
};

/** A member's state in WeCom, as its events last reported it. */
export type WeComMemberStatus =
  /** Activated: signed in to WeCom at least once. */
  | 'ACTIVE'
  /** Disabled in WeCom. */
  | 'DISABLED'
  /** Left the corp in WeCom. */
  | 'EXITED'
  /** Invited, not yet joined. */
  | 'NOT_JOINED';

export type TenantSettingsFieldsFragment = { lockoutThreshold: number, lockoutMinutes: number, passwordMinLength: number, passwordRequireSymbol: boolean, forcePasswordChange: boolean };

export type TenantSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type TenantSettingsQuery = { tenantSettings: { lockoutThreshold: number, lockoutMinutes: number, passwordMinLength: number, passwordRequireSymbol: boolean, forcePasswordChange: boolean } };

export type UpdateTenantSettingsMutationVariables = Exact<{
  input: TenantSettingsInput;
}>;


export type UpdateTenantSettingsMutation = { updateTenantSettings: { lockoutThreshold: number, lockoutMinutes: number, passwordMinLength: number, passwordRequireSymbol: boolean, forcePasswordChange: boolean } };

export type AdminDepartmentFieldsFragment = { id: string, name: string, parentId: string | null, sortOrder: number, memberCount: number, totalMemberCount: number };

export type AdminDepartmentTreeQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminDepartmentTreeQuery = { departments: Array<{ id: string, name: string, parentId: string | null, sortOrder: number, memberCount: number, totalMemberCount: number, children: Array<{ id: string, name: string, parentId: string | null, sortOrder: number, memberCount: number, totalMemberCount: number, children: Array<{ id: string, name: string, parentId: string | null, sortOrder: number, memberCount: number, totalMemberCount: number, children: Array<{ id: string, name: string, parentId: string | null, sortOrder: number, memberCount: number, totalMemberCount: number, children: Array<{ id: string, name: string, parentId: string | null, sortOrder: number, memberCount: number, totalMemberCount: number, children: Array<{ id: string, name: string, parentId: string | null, sortOrder: number, memberCount: number, totalMemberCount: number }> }> }> }> }> }> };

export type DepartmentFieldsFragment = { id: string, name: string, parentId: string | null, sortOrder: number };

export type CreateDepartmentMutationVariables = Exact<{
  input: CreateDepartmentInput;
}>;


export type CreateDepartmentMutation = { createDepartment: { id: string, name: string, parentId: string | null, sortOrder: number } };

export type RenameDepartmentMutationVariables = Exact<{
  id: string;
  name: string;
}>;


export type RenameDepartmentMutation = { renameDepartment: { id: string, name: string, parentId: string | null, sortOrder: number } };

export type MoveDepartmentMutationVariables = Exact<{
  id: string;
  parentId?: string | null | undefined;
}>;


export type MoveDepartmentMutation = { moveDepartment: { id: string, name: string, parentId: string | null, sortOrder: number } };

export type SetDepartmentSortOrderMutationVariables = Exact<{
  id: string;
  sortOrder: number;
}>;


export type SetDepartmentSortOrderMutation = { setDepartmentSortOrder: { id: string, name: string, parentId: string | null, sortOrder: number } };

export type DeleteDepartmentMutationVariables = Exact<{
  id: string;
}>;


export type DeleteDepartmentMutation = { deleteDepartment: boolean };

export type MemberFieldsFragment = { id: string, name: string, position: string | null, login: string | null, status: EmployeeStatus, departments: Array<{ id: string, isLeader: boolean, isMain: boolean }> };

export type DepartmentMembersQueryVariables = Exact<{
  departmentId: string;
  first?: number | null | undefined;
}>;


export type DepartmentMembersQuery = { employees: { totalCount: number, nodes: Array<{ id: string, name: string, position: string | null, login: string | null, status: EmployeeStatus, departments: Array<{ id: string, isLeader: boolean, isMain: boolean }> }> } };

export type SetDepartmentLeaderMutationVariables = Exact<{
  departmentId: string;
  employeeId: string;
  leader: boolean;
}>;


export type SetDepartmentLeaderMutation = { setDepartmentLeader: { id: string, name: string, position: string | null, login: string | null, status: EmployeeStatus, departments: Array<{ id: string, isLeader: boolean, isMain: boolean }> } };

export type SystemFieldsFragment = { code: string, name: string, builtin: boolean, enabled: boolean, hasApiKey: boolean, updatedAt: string };

export type SystemRoleFieldsFragment = { id: string, name: string, allowWeChat: boolean, isDefault: boolean, systems: Array<string> };

export type SystemsQueryVariables = Exact<{ [key: string]: never; }>;


export type SystemsQuery = { systems: Array<{ code: string, name: string, builtin: boolean, enabled: boolean, hasApiKey: boolean, updatedAt: string }>, systemRoles: Array<{ id: string, name: string, allowWeChat: boolean, isDefault: boolean, systems: Array<string> }> };

export type SetSystemEnabledMutationVariables = Exact<{
  code: string;
  enabled: boolean;
}>;


export type SetSystemEnabledMutation = { setSystemEnabled: { code: string, name: string, builtin: boolean, enabled: boolean, hasApiKey: boolean, updatedAt: string } };

export type AddSystemMutationVariables = Exact<{
  code: string;
  name: string;
}>;


export type AddSystemMutation = { addSystem: { code: string, name: string, builtin: boolean, enabled: boolean, hasApiKey: boolean, updatedAt: string } };

export type RemoveSystemMutationVariables = Exact<{
  code: string;
}>;


export type RemoveSystemMutation = { removeSystem: boolean };

export type SystemChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type SystemChoicesQuery = { systems: Array<{ code: string, name: string }> };

export type RotateSystemApiKeyMutationVariables = Exact<{
  code: string;
}>;


export type RotateSystemApiKeyMutation = { rotateSystemApiKey: string };

export type CreateSystemRoleMutationVariables = Exact<{
  input: CreateSystemRoleInput;
}>;


export type CreateSystemRoleMutation = { createSystemRole: { id: string, name: string, allowWeChat: boolean, isDefault: boolean, systems: Array<string> } };

export type UpdateSystemRoleMutationVariables = Exact<{
  id: string;
  input: UpdateSystemRoleInput;
}>;


export type UpdateSystemRoleMutation = { updateSystemRole: { id: string, name: string, allowWeChat: boolean, isDefault: boolean, systems: Array<string> } };

export type RolePeopleQueryVariables = Exact<{
  query?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type RolePeopleQuery = { employees: { totalCount: number, nodes: Array<{ id: string, name: string, login: string | null, systemRoles: Array<{ id: string }> | null }> } };

export type AssignSystemRolesMutationVariables = Exact<{
  employeeId: string;
  roleIds: Array<string> | string;
}>;


export type AssignSystemRolesMutation = { assignSystemRoles: Array<{ id: string }> };

export type AudienceFieldsFragment = { all: boolean, departments: Array<{ id: string, name: string }> };

export type PublishedNoticesQueryVariables = Exact<{
  kind: NoticeKind;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PublishedNoticesQuery = { publishedNotices: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, kind: NoticeKind, title: string, publishedAt: string, recipientCount: number, audience: { all: boolean, departments: Array<{ id: string, name: string }> } } }> } };

export type NoticeReadStatsQueryVariables = Exact<{
  id: string;
}>;


export type NoticeReadStatsQuery = { noticeReadStats: { noticeId: string, recipients: number, read: number, unread: number } };

export type PublishNoticeMutationVariables = Exact<{
  input: PublishNoticeInput;
}>;


export type PublishNoticeMutation = { publishNotice: { id: string, title: string } };

export type PublishedSurveysQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PublishedSurveysQuery = { publishedSurveys: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, state: SurveyState, opensAt: string, closesAt: string | null, publishedAt: string, recipientCount: number, resultsVisibility: ResultsVisibility, audience: { all: boolean, departments: Array<{ id: string, name: string }> } } }> } };

export type PushProgressQueryVariables = Exact<{
  item: PushItem;
  id: string;
}>;


export type PushProgressQuery = { pushProgress: { total: number, sent: number, skipped: number, retrying: number, undeliverable: number, queued: number, lastSentAt: string | null, etaSeconds: number | null } };

export type PublishSurveyMutationVariables = Exact<{
  input: PublishSurveyInput;
}>;


export type PublishSurveyMutation = { publishSurvey: { id: string, title: string } };

export type AdminOverviewQueryVariables = Exact<{
  days?: number | null | undefined;
}>;


export type AdminOverviewQuery = { adminOverview: { tenantName: string, tenantSlug: string, staffActive: number, staffTotal: number, staffOnWeCom: number, binding: BindingState, preflight: { ok: boolean, checkedAt: string } | null }, deliveryDays: Array<{ date: string, sent: number, skipped: number, failed: number, pending: number }> };

export type TenantNameQueryVariables = Exact<{ [key: string]: never; }>;


export type TenantNameQuery = { adminOverview: { tenantName: string } };

export type AuditLogQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { nodes: Array<{ id: string, at: string, actorKind: string, actor: string, source: string, action: string, target: string, changes: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DeliveryFieldsFragment = { id: string, kind: string, channel: string, route: string | null, recipient: string, recipientName: string | null, status: DeliveryStatus, error: string | null, answer: string | null, attempts: number, createdAt: string, updatedAt: string };

export type DeliveriesQueryVariables = Exact<{
  filter?: DeliveryFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DeliveriesQuery = { deliveries: { nodes: Array<{ id: string, kind: string, channel: string, route: string | null, recipient: string, recipientName: string | null, status: DeliveryStatus, error: string | null, answer: string | null, attempts: number, createdAt: string, updatedAt: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RetryDeliveryMutationVariables = Exact<{
  id: string;
}>;


export type RetryDeliveryMutation = { retryDelivery: { id: string, kind: string, channel: string, route: string | null, recipient: string, recipientName: string | null, status: DeliveryStatus, error: string | null, answer: string | null, attempts: number, createdAt: string, updatedAt: string } };

export type PreflightFieldsFragment = { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> };

export type WeComBindingFieldsFragment = { corpId: string, mode: BindingMode, contactSecret: string | null, customerSecret: string | null, trustedDomain: string | null, expectedDomain: string, egressIps: Array<string>, apps: Array<{ system: string, agentId: number, secret: string }>, receivers: Array<{ name: string, kind: ReceiverKind, system: string | null, url: string, token: string, encodingAESKey: string, verifiedAt: string | null }>, preflight: { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> } | null };

export type WeComBindingQueryVariables = Exact<{ [key: string]: never; }>;


export type WeComBindingQuery = { wecomBinding: { corpId: string, mode: BindingMode, contactSecret: string | null, customerSecret: string | null, trustedDomain: string | null, expectedDomain: string, egressIps: Array<string>, apps: Array<{ system: string, agentId: number, secret: string }>, receivers: Array<{ name: string, kind: ReceiverKind, system: string | null, url: string, token: string, encodingAESKey: string, verifiedAt: string | null }>, preflight: { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> } | null } | null };

export type SaveWeComCorpMutationVariables = Exact<{
  input: WeComCorpInput;
}>;


export type SaveWeComCorpMutation = { saveWeComCorp: { corpId: string, mode: BindingMode, contactSecret: string | null, customerSecret: string | null, trustedDomain: string | null, expectedDomain: string, egressIps: Array<string>, apps: Array<{ system: string, agentId: number, secret: string }>, receivers: Array<{ name: string, kind: ReceiverKind, system: string | null, url: string, token: string, encodingAESKey: string, verifiedAt: string | null }>, preflight: { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> } | null } };

export type SaveWeComAppMutationVariables = Exact<{
  input: WeComAppInput;
}>;


export type SaveWeComAppMutation = { saveWeComApp: { corpId: string, mode: BindingMode, contactSecret: string | null, customerSecret: string | null, trustedDomain: string | null, expectedDomain: string, egressIps: Array<string>, apps: Array<{ system: string, agentId: number, secret: string }>, receivers: Array<{ name: string, kind: ReceiverKind, system: string | null, url: string, token: string, encodingAESKey: string, verifiedAt: string | null }>, preflight: { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> } | null } };

export type SetReceiverKeysMutationVariables = Exact<{
  name: string;
  token?: string | null | undefined;
  encodingAESKey?: string | null | undefined;
}>;


export type SetReceiverKeysMutation = { setReceiverKeys: { corpId: string, mode: BindingMode, contactSecret: string | null, customerSecret: string | null, trustedDomain: string | null, expectedDomain: string, egressIps: Array<string>, apps: Array<{ system: string, agentId: number, secret: string }>, receivers: Array<{ name: string, kind: ReceiverKind, system: string | null, url: string, token: string, encodingAESKey: string, verifiedAt: string | null }>, preflight: { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> } | null } };

export type RunPreflightMutationVariables = Exact<{ [key: string]: never; }>;


export type RunPreflightMutation = { runPreflight: { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> } };

export type ServiceAccountFieldsFragment = { appId: string, secret: string, eventUrl: string, token: string, encodingAESKey: string, encryptMode: MpEncryptMode, ipWhitelist: Array<string>, domain: string, identityColumn: IdentityColumn, allowRegister: boolean, pushChannel: PushChannel, preflight: { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> } | null };

export type ServiceAccountQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceAccountQuery = { serviceAccount: { appId: string, secret: string, eventUrl: string, token: string, encodingAESKey: string, encryptMode: MpEncryptMode, ipWhitelist: Array<string>, domain: string, identityColumn: IdentityColumn, allowRegister: boolean, pushChannel: PushChannel, preflight: { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> } | null } | null };

export type SaveServiceAccountMutationVariables = Exact<{
  input: ServiceAccountInput;
}>;


export type SaveServiceAccountMutation = { saveServiceAccount: { appId: string, secret: string, eventUrl: string, token: string, encodingAESKey: string, encryptMode: MpEncryptMode, ipWhitelist: Array<string>, domain: string, identityColumn: IdentityColumn, allowRegister: boolean, pushChannel: PushChannel, preflight: { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> } | null } };

export type RunServiceAccountPreflightMutationVariables = Exact<{ [key: string]: never; }>;


export type RunServiceAccountPreflightMutation = { runServiceAccountPreflight: { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> } };

export type WeComMenuFieldsFragment = { buttons: Array<{ name: string, url: string | null, subButtons: Array<{ name: string, url: string | null }> }> };

export type GenerateWeComMenuMutationVariables = Exact<{ [key: string]: never; }>;


export type GenerateWeComMenuMutation = { generateWeComMenu: { buttons: Array<{ name: string, url: string | null, subButtons: Array<{ name: string, url: string | null }> }> } };

export type WeComMenuQueryVariables = Exact<{ [key: string]: never; }>;


export type WeComMenuQuery = { wecomMenu: { buttons: Array<{ name: string, url: string | null, subButtons: Array<{ name: string, url: string | null }> }> } };

export type RemoveWeComAppMutationVariables = Exact<{
  system: string;
}>;


export type RemoveWeComAppMutation = { removeWeComApp: { corpId: string, mode: BindingMode, contactSecret: string | null, customerSecret: string | null, trustedDomain: string | null, expectedDomain: string, egressIps: Array<string>, apps: Array<{ system: string, agentId: number, secret: string }>, receivers: Array<{ name: string, kind: ReceiverKind, system: string | null, url: string, token: string, encodingAESKey: string, verifiedAt: string | null }>, preflight: { ok: boolean, checkedAt: string, checks: Array<{ key: string, title: string, ok: boolean, errcode: number | null, message: string, advice: string | null }> } | null } };

export type WeComQrLoginQueryVariables = Exact<{
  tenant: string;
  next?: string | null | undefined;
}>;


export type WeComQrLoginQuery = { wecomQRLogin: string | null };

export type ExchangeAdminTicketMutationVariables = Exact<{
  ticket: string;
}>;


export type ExchangeAdminTicketMutation = { exchangeSsoTicket: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, contact: { name: string, company: string, party: Party } | null, employee: { id: string, name: string } | null } } };

export type WeComEventFieldsFragment = { id: string, receiver: string, msgType: string, event: string, changeType: string, status: string, reason: string | null, error: string | null, attempts: number, replays: number, receivedAt: string, processedAt: string | null, body: string };

export type WeComEventsQueryVariables = Exact<{
  filter?: WeComEventFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WeComEventsQuery = { wecomEvents: { nodes: Array<{ id: string, receiver: string, msgType: string, event: string, changeType: string, status: string, reason: string | null, error: string | null, attempts: number, replays: number, receivedAt: string, processedAt: string | null, body: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ReplayWeComEventMutationVariables = Exact<{
  id: string;
}>;


export type ReplayWeComEventMutation = { replayWeComEvent: { id: string, receiver: string, msgType: string, event: string, changeType: string, status: string, reason: string | null, error: string | null, attempts: number, replays: number, receivedAt: string, processedAt: string | null, body: string } };

export type WeComJoinQrCodeQueryVariables = Exact<{
  size?: number | null | undefined;
}>;


export type WeComJoinQrCodeQuery = { wecomJoinQRCode: string };

export type PullExternalContactsMutationVariables = Exact<{ [key: string]: never; }>;


export type PullExternalContactsMutation = { pullExternalContacts: { members: number, contacts: number, followers: number, notEmployees: number, refused: number, firstRefusal: string | null } };

export type TenantDomainQueryVariables = Exact<{ [key: string]: never; }>;


export type TenantDomainQuery = { tenantHosts: Array<string>, verifyFiles: Array<{ name: string, content: string, createdAt: string }> };

export type VerifyFileFieldsFragment = { name: string, content: string, createdAt: string };

export type SetTenantHostsMutationVariables = Exact<{
  hosts: Array<string> | string;
}>;


export type SetTenantHostsMutation = { setTenantHosts: Array<string> };

export type SaveVerifyFileMutationVariables = Exact<{
  name: string;
  content: string;
}>;


export type SaveVerifyFileMutation = { saveVerifyFile: Array<{ name: string, content: string, createdAt: string }> };

export type DeleteVerifyFileMutationVariables = Exact<{
  name: string;
}>;


export type DeleteVerifyFileMutation = { deleteVerifyFile: Array<{ name: string, content: string, createdAt: string }> };

export type BranchFieldsFragment = { id: string, name: string, employeeCount: number };

export type BranchesQueryVariables = Exact<{ [key: string]: never; }>;


export type BranchesQuery = { branches: Array<{ id: string, name: string, employeeCount: number }> };

export type CreateBranchMutationVariables = Exact<{
  name: string;
}>;


export type CreateBranchMutation = { createBranch: { id: string, name: string, employeeCount: number } };

export type RenameBranchMutationVariables = Exact<{
  id: string;
  name: string;
}>;


export type RenameBranchMutation = { renameBranch: { id: string, name: string, employeeCount: number } };

export type DeleteBranchMutationVariables = Exact<{
  id: string;
}>;


export type DeleteBranchMutation = { deleteBranch: boolean };

export type StaffFieldsFragment = { id: string, name: string, login: string | null, admin: boolean | null, wecomUserId: string | null, wecomStatus: WeComMemberStatus | null, position: string | null, mobile: string | null, email: string | null, status: EmployeeStatus, employeeNo: string | null, branch: { id: string, name: string } | null, departments: Array<{ id: string, name: string, isMain: boolean, isLeader: boolean }> };

export type StaffQueryVariables = Exact<{
  query?: string | null | undefined;
  departmentId?: string | null | undefined;
  withSubDepartments?: boolean | null | undefined;
  statuses?: Array<EmployeeStatus> | EmployeeStatus | null | undefined;
  wecomStatuses?: Array<WeComMemberStatus> | WeComMemberStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type StaffQuery = { staff: { totalCount: number, nodes: Array<{ id: string, name: string, login: string | null, admin: boolean | null, wecomUserId: string | null, wecomStatus: WeComMemberStatus | null, position: string | null, mobile: string | null, email: string | null, status: EmployeeStatus, employeeNo: string | null, branch: { id: string, name: string } | null, departments: Array<{ id: string, name: string, isMain: boolean, isLeader: boolean }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PersonFieldsFragment = { mustChangePassword: boolean | null, id: string, name: string, login: string | null, admin: boolean | null, wecomUserId: string | null, wecomStatus: WeComMemberStatus | null, position: string | null, mobile: string | null, email: string | null, status: EmployeeStatus, employeeNo: string | null, systemRoles: Array<{ id: string, name: string }> | null, branch: { id: string, name: string } | null, departments: Array<{ id: string, name: string, isMain: boolean, isLeader: boolean }> };

export type PersonQueryVariables = Exact<{
  id: string;
}>;


export type PersonQuery = { employee: { mustChangePassword: boolean | null, id: string, name: string, login: string | null, admin: boolean | null, wecomUserId: string | null, wecomStatus: WeComMemberStatus | null, position: string | null, mobile: string | null, email: string | null, status: EmployeeStatus, employeeNo: string | null, systemRoles: Array<{ id: string, name: string }> | null, branch: { id: string, name: string } | null, departments: Array<{ id: string, name: string, isMain: boolean, isLeader: boolean }> } };

export type CreateEmployeeMutationVariables = Exact<{
  input: CreateEmployeeInput;
}>;


export type CreateEmployeeMutation = { createEmployee: { oneTimePassword: string, employee: { id: string, name: string, login: string | null, admin: boolean | null, wecomUserId: string | null, wecomStatus: WeComMemberStatus | null, position: string | null, mobile: string | null, email: string | null, status: EmployeeStatus, employeeNo: string | null, branch: { id: string, name: string } | null, departments: Array<{ id: string, name: string, isMain: boolean, isLeader: boolean }> } } };

export type UpdateEmployeeMutationVariables = Exact<{
  id: string;
  input: UpdateEmployeeInput;
}>;


export type UpdateEmployeeMutation = { updateEmployee: { mustChangePassword: boolean | null, id: string, name: string, login: string | null, admin: boolean | null, wecomUserId: string | null, wecomStatus: WeComMemberStatus | null, position: string | null, mobile: string | null, email: string | null, status: EmployeeStatus, employeeNo: string | null, systemRoles: Array<{ id: string, name: string }> | null, branch: { id: string, name: string } | null, departments: Array<{ id: string, name: string, isMain: boolean, isLeader: boolean }> } };

export type ChangeStaffMutationVariables = Exact<{
  ids: Array<string> | string;
  action: StaffAction;
}>;


export type ChangeStaffMutation = { changeStaff: Array<{ employeeId: string, error: string | null, employee: { id: string, status: EmployeeStatus } | null }> };

export type ResetEmployeePasswordMutationVariables = Exact<{
  id: string;
}>;


export type ResetEmployeePasswordMutation = { resetEmployeePassword: string };

export type StaffImportFieldsFragment = { id: string, fileName: string, state: StaffImportState, startedBy: string, createdAt: string, finishedAt: string | null, total: number, creates: number, updates: number, leaves: number, bad: number, applied: number, failed: number, newDepartments: Array<string>, failedRowsUrl: string };

export type StaffImportRowFieldsFragment = { line: number, action: StaffImportAction, name: string, login: string, reasons: Array<string>, result: string | null, error: string | null };

export type PreviewStaffImportMutationVariables = Exact<{
  file: unknown;
}>;


export type PreviewStaffImportMutation = { previewStaffImport: { id: string, fileName: string, state: StaffImportState, startedBy: string, createdAt: string, finishedAt: string | null, total: number, creates: number, updates: number, leaves: number, bad: number, applied: number, failed: number, newDepartments: Array<string>, failedRowsUrl: string } };

export type ApplyStaffImportMutationVariables = Exact<{
  id: string;
}>;


export type ApplyStaffImportMutation = { applyStaffImport: { id: string, fileName: string, state: StaffImportState, startedBy: string, createdAt: string, finishedAt: string | null, total: number, creates: number, updates: number, leaves: number, bad: number, applied: number, failed: number, newDepartments: Array<string>, failedRowsUrl: string } };

export type StaffImportQueryVariables = Exact<{
  id: string;
}>;


export type StaffImportQuery = { staffImport: { id: string, fileName: string, state: StaffImportState, startedBy: string, createdAt: string, finishedAt: string | null, total: number, creates: number, updates: number, leaves: number, bad: number, applied: number, failed: number, newDepartments: Array<string>, failedRowsUrl: string } };

export type StaffImportRowsQueryVariables = Exact<{
  id: string;
  actions?: Array<StaffImportAction> | StaffImportAction | null | undefined;
  failedOnly?: boolean | null | undefined;
  first?: number | null | undefined;
  after?: number | null | undefined;
}>;


export type StaffImportRowsQuery = { staffImport: { id: string, rows: { hasNextPage: boolean, nodes: Array<{ line: number, action: StaffImportAction, name: string, login: string, reasons: Array<string>, result: string | null, error: string | null }> } } };

export type StaffImportsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type StaffImportsQuery = { staffImports: Array<{ id: string, fileName: string, state: StaffImportState, startedBy: string, createdAt: string, finishedAt: string | null, total: number, creates: number, updates: number, leaves: number, bad: number, applied: number, failed: number, newDepartments: Array<string>, failedRowsUrl: string }> };

export type ContactSyncCountsFieldsFragment = { departmentCreates: number, departmentUpdates: number, departmentDeletes: number, creates: number, updates: number, disables: number, deletes: number, invalid: number };

export type ContactSyncFieldsFragment = { id: string, direction: ContactSyncDirection, trigger: ContactSyncTrigger, mode: ContactSyncMode, state: ContactSyncState, startedBy: string, conflicts: number, total: number, done: number, failed: number, apiCalls: number, error: string | null, createdAt: string, finishedAt: string | null, counts: { departmentCreates: number, departmentUpdates: number, departmentDeletes: number, creates: number, updates: number, disables: number, deletes: number, invalid: number } };

export type ContactSyncPreviewQueryVariables = Exact<{ [key: string]: never; }>;


export type ContactSyncPreviewQuery = { contactSyncPreview: { mode: ContactSyncMode, blocked: string | null, wecomMembers: number | null, replaceDeletes: number | null, unchanged: number, counts: { departmentCreates: number, departmentUpdates: number, departmentDeletes: number, creates: number, updates: number, disables: number, deletes: number, invalid: number }, departmentChanges: Array<{ action: ContactSyncAction, name: string }>, memberChanges: Array<{ action: ContactSyncAction, name: string, wecomUserId: string, fields: Array<string> }>, invalid: Array<{ employeeId: string, name: string, wecomUserId: string, rules: Array<string> }>, running: { id: string, direction: ContactSyncDirection, trigger: ContactSyncTrigger, mode: ContactSyncMode, state: ContactSyncState, startedBy: string, conflicts: number, total: number, done: number, failed: number, apiCalls: number, error: string | null, createdAt: string, finishedAt: string | null, counts: { departmentCreates: number, departmentUpdates: number, departmentDeletes: number, creates: number, updates: number, disables: number, deletes: number, invalid: number } } | null } };

export type ContactSyncsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type ContactSyncsQuery = { contactSyncs: Array<{ id: string, direction: ContactSyncDirection, trigger: ContactSyncTrigger, mode: ContactSyncMode, state: ContactSyncState, startedBy: string, conflicts: number, total: number, done: number, failed: number, apiCalls: number, error: string | null, createdAt: string, finishedAt: string | null, counts: { departmentCreates: number, departmentUpdates: number, departmentDeletes: number, creates: number, updates: number, disables: number, deletes: number, invalid: number } }> };

export type ContactSyncQueryVariables = Exact<{
  id: string;
}>;


export type ContactSyncQuery = { contactSync: { id: string, direction: ContactSyncDirection, trigger: ContactSyncTrigger, mode: ContactSyncMode, state: ContactSyncState, startedBy: string, conflicts: number, total: number, done: number, failed: number, apiCalls: number, error: string | null, createdAt: string, finishedAt: string | null, counts: { departmentCreates: number, departmentUpdates: number, departmentDeletes: number, creates: number, updates: number, disables: number, deletes: number, invalid: number } } };

export type ContactSyncRowsQueryVariables = Exact<{
  id: string;
  problemsOnly?: boolean | null | undefined;
  first?: number | null | undefined;
  after?: number | null | undefined;
}>;


export type ContactSyncRowsQuery = { contactSync: { id: string, rows: { hasNextPage: boolean, nodes: Array<{ seq: number, kind: ContactSyncRowKind, subject: string, ref: string, action: ContactSyncAction, result: ContactSyncResult, reason: string | null }> } } };

export type StartContactSyncMutationVariables = Exact<{
  confirmReplace?: boolean | null | undefined;
}>;


export type StartContactSyncMutation = { startContactSync: { id: string, direction: ContactSyncDirection, trigger: ContactSyncTrigger, mode: ContactSyncMode, state: ContactSyncState, startedBy: string, conflicts: number, total: number, done: number, failed: number, apiCalls: number, error: string | null, createdAt: string, finishedAt: string | null, counts: { departmentCreates: number, departmentUpdates: number, departmentDeletes: number, creates: number, updates: number, disables: number, deletes: number, invalid: number } } };

export type PullContactsFromWeComMutationVariables = Exact<{ [key: string]: never; }>;


export type PullContactsFromWeComMutation = { pullContactsFromWeCom: { id: string, direction: ContactSyncDirection, trigger: ContactSyncTrigger, mode: ContactSyncMode, state: ContactSyncState, startedBy: string, conflicts: number, total: number, done: number, failed: number, apiCalls: number, error: string | null, createdAt: string, finishedAt: string | null, counts: { departmentCreates: number, departmentUpdates: number, departmentDeletes: number, creates: number, updates: number, disables: number, deletes: number, invalid: number } } };

export type ContactSyncSettingsFieldsFragment = { scheduleEnabled: boolean, times: Array<string>, timeZone: string, wecomOwnedFields: Array<ContactSyncField>, nextRunAt: string | null };

export type ContactSyncSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type ContactSyncSettingsQuery = { contactSyncSettings: { scheduleEnabled: boolean, times: Array<string>, timeZone: string, wecomOwnedFields: Array<ContactSyncField>, nextRunAt: string | null } };

export type SaveContactSyncSettingsMutationVariables = Exact<{
  input: ContactSyncSettingsInput;
}>;


export type SaveContactSyncSettingsMutation = { saveContactSyncSettings: { scheduleEnabled: boolean, times: Array<string>, timeZone: string, wecomOwnedFields: Array<ContactSyncField>, nextRunAt: string | null } };

export type ServiceAccountTemplatesQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceAccountTemplatesQuery = { serviceAccountTemplates: Array<{ id: string, title: string, keywords: Array<{ key: string, label: string, limit: number }> }> };

export type MessageKindFieldsFragment = { kind: string, name: string, templateId: string | null, updatedAt: string | null, fields: Array<{ key: string, fact: string }> };

export type MessageKindsQueryVariables = Exact<{ [key: string]: never; }>;


export type MessageKindsQuery = { messageKinds: Array<{ kind: string, name: string, templateId: string | null, updatedAt: string | null, fields: Array<{ key: string, fact: string }> }>, messageFacts: Array<{ fact: string, label: string }> };

export type TemplatePreviewQueryVariables = Exact<{
  kind: string;
  templateId: string;
  fields: Array<TemplateFieldInput> | TemplateFieldInput;
}>;


export type TemplatePreviewQuery = { templatePreview: { title: string, opens: string, lines: Array<{ key: string, label: string, value: string }> } };

export type MapMessageTemplateMutationVariables = Exact<{
  kind: string;
  templateId?: string | null | undefined;
  fields?: Array<TemplateFieldInput> | TemplateFieldInput | null | undefined;
}>;


export type MapMessageTemplateMutation = { mapMessageTemplate: { kind: string, name: string, templateId: string | null, updatedAt: string | null, fields: Array<{ key: string, fact: string }> } };

export type ServiceAccountMenuQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceAccountMenuQuery = { serviceAccountMenu: { buttons: Array<{ name: string, url: string | null, subButtons: Array<{ name: string, url: string | null }> }> } };

export type GenerateServiceAccountMenuMutationVariables = Exact<{ [key: string]: never; }>;


export type GenerateServiceAccountMenuMutation = { generateServiceAccountMenu: { buttons: Array<{ name: string, url: string | null, subButtons: Array<{ name: string, url: string | null }> }> } };

export type WechatBindingsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  query?: string | null | undefined;
}>;


export type WechatBindingsQuery = { wechatBindings: { next: string | null, nodes: Array<{ id: string, openId: string, subscribed: boolean, boundAt: string, lastSeenAt: string, employee: { id: string, name: string } | null, contact: { id: string, login: string, name: string, company: string, party: Party } | null }> } };

export type EndWechatBindingMutationVariables = Exact<{
  id: string;
}>;


export type EndWechatBindingMutation = { endWechatBinding: boolean };

export type RegistrationFieldsFragment = { id: string, name: string, departmentPath: string | null, departmentId: string | null, position: string | null, login: string, mobile: string | null, email: string | null, note: string | null, status: RegistrationStatus, reason: string | null, decidedBy: string | null, decidedAt: string | null, party: Party | null, company: string | null, createdAt: string, employee: { id: string, name: string } | null, contact: { name: string, login: string } | null };

export type RegistrationsQueryVariables = Exact<{
  status?: RegistrationStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RegistrationsQuery = { registrations: { next: string | null, nodes: Array<{ id: string, name: string, departmentPath: string | null, departmentId: string | null, position: string | null, login: string, mobile: string | null, email: string | null, note: string | null, status: RegistrationStatus, reason: string | null, decidedBy: string | null, decidedAt: string | null, party: Party | null, company: string | null, createdAt: string, employee: { id: string, name: string } | null, contact: { name: string, login: string } | null }> } };

export type PendingRegistrationsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type PendingRegistrationsQuery = { registrations: { next: string | null, nodes: Array<{ id: string }> }, serviceAccount: { allowRegister: boolean } | null };

export type DecideRegistrationMutationVariables = Exact<{
  id: string;
  approve: boolean;
  reason?: string | null | undefined;
}>;


export type DecideRegistrationMutation = { decideRegistration: { syncStarted: boolean, registration: { id: string, name: string, departmentPath: string | null, departmentId: string | null, position: string | null, login: string, mobile: string | null, email: string | null, note: string | null, status: RegistrationStatus, reason: string | null, decidedBy: string | null, decidedAt: string | null, party: Party | null, company: string | null, createdAt: string, employee: { id: string, name: string } | null, contact: { name: string, login: string } | null } } };

export type InviteToWeComMutationVariables = Exact<{
  employeeIds?: Array<string> | string | null | undefined;
}>;


export type InviteToWeComMutation = { inviteToWeCom: { invited: Array<{ id: string, name: string }>, refused: Array<{ id: string, name: string }>, skipped: Array<{ reason: string, employee: { id: string, name: string } }> } };

export type PartyContactFieldsFragment = { id: string, login: string, party: Party, company: string, name: string, mobile: string | null, status: PartyContactStatus, source: string, wechatBound: boolean, wechatSubscribed: boolean, createdAt: string };

export type PartyContactsQueryVariables = Exact<{
  filter?: PartyContactFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PartyContactsQuery = { partyContacts: { next: string | null, nodes: Array<{ id: string, login: string, party: Party, company: string, name: string, mobile: string | null, status: PartyContactStatus, source: string, wechatBound: boolean, wechatSubscribed: boolean, createdAt: string }> } };

export type CreatePartyContactMutationVariables = Exact<{
  input: NewPartyContact;
}>;


export type CreatePartyContactMutation = { createPartyContact: { oneTimePassword: string, contact: { id: string, login: string, party: Party, company: string, name: string, mobile: string | null, status: PartyContactStatus, source: string, wechatBound: boolean, wechatSubscribed: boolean, createdAt: string } } };

export type UpdatePartyContactMutationVariables = Exact<{
  id: string;
  input: PartyContactInput;
}>;


export type UpdatePartyContactMutation = { updatePartyContact: { id: string, login: string, party: Party, company: string, name: string, mobile: string | null, status: PartyContactStatus, source: string, wechatBound: boolean, wechatSubscribed: boolean, createdAt: string } };

export type SetPartyContactFrozenMutationVariables = Exact<{
  id: string;
  frozen: boolean;
}>;


export type SetPartyContactFrozenMutation = { setPartyContactFrozen: { id: string, login: string, party: Party, company: string, name: string, mobile: string | null, status: PartyContactStatus, source: string, wechatBound: boolean, wechatSubscribed: boolean, createdAt: string } };

export type ResetPartyContactPasswordMutationVariables = Exact<{
  id: string;
}>;


export type ResetPartyContactPasswordMutation = { resetPartyContactPassword: string };

export type DeletePartyContactMutationVariables = Exact<{
  id: string;
}>;


export type DeletePartyContactMutation = { deletePartyContact: boolean };

export type SessionFieldsFragment = { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, contact: { name: string, company: string, party: Party } | null, employee: { id: string, name: string } | null } };

export type LoginMutationVariables = Exact<{
  tenant: string;
  login: string;
  password: string;
  bindTicket?: string | null | undefined;
}>;


export type LoginMutation = { login: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, contact: { name: string, company: string, party: Party } | null, employee: { id: string, name: string } | null } } };

export type LogoutMutationVariables = Exact<{
  refreshToken?: string | null | undefined;
}>;


export type LogoutMutation = { logout: boolean };

export type RefreshSessionMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshSessionMutation = { refreshSession: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, contact: { name: string, company: string, party: Party } | null, employee: { id: string, name: string } | null } } };

export type ChangePasswordMutationVariables = Exact<{
  oldPassword: string;
  newPassword: string;
}>;


export type ChangePasswordMutation = { changePassword: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, mustChangePassword: boolean, account: { id: string, login: string, role: Role, mustChangePassword: boolean, contact: { name: string, company: string, party: Party } | null, employee: { id: string, name: string } | null } } };

export type SurveyResultsQueryVariables = Exact<{
  id: string;
}>;


export type SurveyResultsQuery = { surveyResults: { surveyId: string, ballots: number, questions: Array<{ questionId: string, text: string, kind: QuestionKind, respondents: number, options: Array<{ optionId: string, text: string, count: number, percent: number }> }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const TenantSettingsFieldsFragmentDoc = new TypedDocumentString(`
    fragment TenantSettingsFields on TenantSettings {
  lockoutThreshold
  lockoutMinutes
  passwordMinLength
  passwordRequireSymbol
  forcePasswordChange
}
    `, {"fragmentName":"TenantSettingsFields"}) as unknown as TypedDocumentString<TenantSettingsFieldsFragment, unknown>;
export const AdminDepartmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment AdminDepartmentFields on DepartmentNode {
  id
  name
  parentId
  sortOrder
  memberCount
  totalMemberCount
}
    `, {"fragmentName":"AdminDepartmentFields"}) as unknown as TypedDocumentString<AdminDepartmentFieldsFragment, unknown>;
export const DepartmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment DepartmentFields on Department {
  id
  name
  parentId
  sortOrder
}
    `, {"fragmentName":"DepartmentFields"}) as unknown as TypedDocumentString<DepartmentFieldsFragment, unknown>;
export const MemberFieldsFragmentDoc = new TypedDocumentString(`
    fragment MemberFields on EmployeeDetail {
  id
  name
  position
  login
  status
  departments {
    id
    isLeader
    isMain
  }
}
    `, {"fragmentName":"MemberFields"}) as unknown as TypedDocumentString<MemberFieldsFragment, unknown>;
export const SystemFieldsFragmentDoc = new TypedDocumentString(`
    fragment SystemFields on System {
  code
  name
  builtin
  enabled
  hasApiKey
  updatedAt
}
    `, {"fragmentName":"SystemFields"}) as unknown as TypedDocumentString<SystemFieldsFragment, unknown>;
export const SystemRoleFieldsFragmentDoc = new TypedDocumentString(`
    fragment SystemRoleFields on SystemRole {
  id
  name
  allowWeChat
  isDefault
  systems
}
    `, {"fragmentName":"SystemRoleFields"}) as unknown as TypedDocumentString<SystemRoleFieldsFragment, unknown>;
export const AudienceFieldsFragmentDoc = new TypedDocumentString(`
    fragment AudienceFields on Audience {
  all
  departments {
    id
    name
  }
}
    `, {"fragmentName":"AudienceFields"}) as unknown as TypedDocumentString<AudienceFieldsFragment, unknown>;
export const DeliveryFieldsFragmentDoc = new TypedDocumentString(`
    fragment DeliveryFields on Delivery {
  id
  kind
  channel
  route
  recipient
  recipientName
  status
  error
  answer
  attempts
  createdAt
  updatedAt
}
    `, {"fragmentName":"DeliveryFields"}) as unknown as TypedDocumentString<DeliveryFieldsFragment, unknown>;
export const PreflightFieldsFragmentDoc = new TypedDocumentString(`
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}
    `, {"fragmentName":"PreflightFields"}) as unknown as TypedDocumentString<PreflightFieldsFragment, unknown>;
export const WeComBindingFieldsFragmentDoc = new TypedDocumentString(`
    fragment WeComBindingFields on WeComBinding {
  corpId
  mode
  contactSecret
  customerSecret
  trustedDomain
  expectedDomain
  egressIps
  apps {
    system
    agentId
    secret
  }
  receivers {
    name
    kind
    system
    url
    token
    encodingAESKey
    verifiedAt
  }
  preflight {
    ...PreflightFields
  }
}
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}`, {"fragmentName":"WeComBindingFields"}) as unknown as TypedDocumentString<WeComBindingFieldsFragment, unknown>;
export const ServiceAccountFieldsFragmentDoc = new TypedDocumentString(`
    fragment ServiceAccountFields on ServiceAccount {
  appId
  secret
  eventUrl
  token
  encodingAESKey
  encryptMode
  ipWhitelist
  domain
  identityColumn
  allowRegister
  pushChannel
  preflight {
    ...PreflightFields
  }
}
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}`, {"fragmentName":"ServiceAccountFields"}) as unknown as TypedDocumentString<ServiceAccountFieldsFragment, unknown>;
export const WeComMenuFieldsFragmentDoc = new TypedDocumentString(`
    fragment WeComMenuFields on WeComMenu {
  buttons {
    name
    url
    subButtons {
      name
      url
    }
  }
}
    `, {"fragmentName":"WeComMenuFields"}) as unknown as TypedDocumentString<WeComMenuFieldsFragment, unknown>;
export const WeComEventFieldsFragmentDoc = new TypedDocumentString(`
    fragment WeComEventFields on WeComEvent {
  id
  receiver
  msgType
  event
  changeType
  status
  reason
  error
  attempts
  replays
  receivedAt
  processedAt
  body
}
    `, {"fragmentName":"WeComEventFields"}) as unknown as TypedDocumentString<WeComEventFieldsFragment, unknown>;
export const VerifyFileFieldsFragmentDoc = new TypedDocumentString(`
    fragment VerifyFileFields on VerifyFile {
  name
  content
  createdAt
}
    `, {"fragmentName":"VerifyFileFields"}) as unknown as TypedDocumentString<VerifyFileFieldsFragment, unknown>;
export const BranchFieldsFragmentDoc = new TypedDocumentString(`
    fragment BranchFields on Branch {
  id
  name
  employeeCount
}
    `, {"fragmentName":"BranchFields"}) as unknown as TypedDocumentString<BranchFieldsFragment, unknown>;
export const StaffFieldsFragmentDoc = new TypedDocumentString(`
    fragment StaffFields on EmployeeDetail {
  id
  name
  login
  admin
  wecomUserId
  wecomStatus
  position
  mobile
  email
  status
  employeeNo
  branch {
    id
    name
  }
  departments {
    id
    name
    isMain
    isLeader
  }
}
    `, {"fragmentName":"StaffFields"}) as unknown as TypedDocumentString<StaffFieldsFragment, unknown>;
export const PersonFieldsFragmentDoc = new TypedDocumentString(`
    fragment PersonFields on EmployeeDetail {
  ...StaffFields
  mustChangePassword
  systemRoles {
    id
    name
  }
}
    fragment StaffFields on EmployeeDetail {
  id
  name
  login
  admin
  wecomUserId
  wecomStatus
  position
  mobile
  email
  status
  employeeNo
  branch {
    id
    name
  }
  departments {
    id
    name
    isMain
    isLeader
  }
}`, {"fragmentName":"PersonFields"}) as unknown as TypedDocumentString<PersonFieldsFragment, unknown>;
export const StaffImportFieldsFragmentDoc = new TypedDocumentString(`
    fragment StaffImportFields on StaffImport {
  id
  fileName
  state
  startedBy
  createdAt
  finishedAt
  total
  creates
  updates
  leaves
  bad
  applied
  failed
  newDepartments
  failedRowsUrl
}
    `, {"fragmentName":"StaffImportFields"}) as unknown as TypedDocumentString<StaffImportFieldsFragment, unknown>;
export const StaffImportRowFieldsFragmentDoc = new TypedDocumentString(`
    fragment StaffImportRowFields on StaffImportRow {
  line
  action
  name
  login
  reasons
  result
  error
}
    `, {"fragmentName":"StaffImportRowFields"}) as unknown as TypedDocumentString<StaffImportRowFieldsFragment, unknown>;
export const ContactSyncCountsFieldsFragmentDoc = new TypedDocumentString(`
    fragment ContactSyncCountsFields on ContactSyncCounts {
  departmentCreates
  departmentUpdates
  departmentDeletes
  creates
  updates
  disables
  deletes
  invalid
}
    `, {"fragmentName":"ContactSyncCountsFields"}) as unknown as TypedDocumentString<ContactSyncCountsFieldsFragment, unknown>;
export const ContactSyncFieldsFragmentDoc = new TypedDocumentString(`
    fragment ContactSyncFields on ContactSync {
  id
  direction
  trigger
  mode
  state
  startedBy
  counts {
    ...ContactSyncCountsFields
  }
  conflicts
  total
  done
  failed
  apiCalls
  error
  createdAt
  finishedAt
}
    fragment ContactSyncCountsFields on ContactSyncCounts {
  departmentCreates
  departmentUpdates
  departmentDeletes
  creates
  updates
  disables
  deletes
  invalid
}`, {"fragmentName":"ContactSyncFields"}) as unknown as TypedDocumentString<ContactSyncFieldsFragment, unknown>;
export const ContactSyncSettingsFieldsFragmentDoc = new TypedDocumentString(`
    fragment ContactSyncSettingsFields on ContactSyncSettings {
  scheduleEnabled
  times
  timeZone
  wecomOwnedFields
  nextRunAt
}
    `, {"fragmentName":"ContactSyncSettingsFields"}) as unknown as TypedDocumentString<ContactSyncSettingsFieldsFragment, unknown>;
export const MessageKindFieldsFragmentDoc = new TypedDocumentString(`
    fragment MessageKindFields on MessageKind {
  kind
  name
  templateId
  fields {
    key
    fact
  }
  updatedAt
}
    `, {"fragmentName":"MessageKindFields"}) as unknown as TypedDocumentString<MessageKindFieldsFragment, unknown>;
export const RegistrationFieldsFragmentDoc = new TypedDocumentString(`
    fragment RegistrationFields on Registration {
  id
  name
  departmentPath
  departmentId
  position
  login
  mobile
  email
  note
  status
  reason
  decidedBy
  decidedAt
  employee {
    id
    name
  }
  party
  company
  contact {
    name
    login
  }
  createdAt
}
    `, {"fragmentName":"RegistrationFields"}) as unknown as TypedDocumentString<RegistrationFieldsFragment, unknown>;
export const PartyContactFieldsFragmentDoc = new TypedDocumentString(`
    fragment PartyContactFields on PartyContact {
  id
  login
  party
  company
  name
  mobile
  status
  source
  wechatBound
  wechatSubscribed
  createdAt
}
    `, {"fragmentName":"PartyContactFields"}) as unknown as TypedDocumentString<PartyContactFieldsFragment, unknown>;
export const SessionFieldsFragmentDoc = new TypedDocumentString(`
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  mustChangePassword
  account {
    id
    login
    role
    mustChangePassword
    contact {
      name
      company
      party
    }
    employee {
      id
      name
    }
  }
}
    `, {"fragmentName":"SessionFields"}) as unknown as TypedDocumentString<SessionFieldsFragment, unknown>;
export const TenantSettingsDocument = new TypedDocumentString(`
    query TenantSettings {
  tenantSettings {
    ...TenantSettingsFields
  }
}
    fragment TenantSettingsFields on TenantSettings {
  lockoutThreshold
  lockoutMinutes
  passwordMinLength
  passwordRequireSymbol
  forcePasswordChange
}`) as unknown as TypedDocumentString<TenantSettingsQuery, TenantSettingsQueryVariables>;
export const UpdateTenantSettingsDocument = new TypedDocumentString(`
    mutation UpdateTenantSettings($input: TenantSettingsInput!) {
  updateTenantSettings(input: $input) {
    ...TenantSettingsFields
  }
}
    fragment TenantSettingsFields on TenantSettings {
  lockoutThreshold
  lockoutMinutes
  passwordMinLength
  passwordRequireSymbol
  forcePasswordChange
}`) as unknown as TypedDocumentString<UpdateTenantSettingsMutation, UpdateTenantSettingsMutationVariables>;
export const AdminDepartmentTreeDocument = new TypedDocumentString(`
    query AdminDepartmentTree {
  departments {
    ...AdminDepartmentFields
    children {
      ...AdminDepartmentFields
      children {
        ...AdminDepartmentFields
        children {
          ...AdminDepartmentFields
          children {
            ...AdminDepartmentFields
            children {
              ...AdminDepartmentFields
            }
          }
        }
      }
    }
  }
}
    fragment AdminDepartmentFields on DepartmentNode {
  id
  name
  parentId
  sortOrder
  memberCount
  totalMemberCount
}`) as unknown as TypedDocumentString<AdminDepartmentTreeQuery, AdminDepartmentTreeQueryVariables>;
export const CreateDepartmentDocument = new TypedDocumentString(`
    mutation CreateDepartment($input: CreateDepartmentInput!) {
  createDepartment(input: $input) {
    ...DepartmentFields
  }
}
    fragment DepartmentFields on Department {
  id
  name
  parentId
  sortOrder
}`) as unknown as TypedDocumentString<CreateDepartmentMutation, CreateDepartmentMutationVariables>;
export const RenameDepartmentDocument = new TypedDocumentString(`
    mutation RenameDepartment($id: ID!, $name: String!) {
  renameDepartment(id: $id, name: $name) {
    ...DepartmentFields
  }
}
    fragment DepartmentFields on Department {
  id
  name
  parentId
  sortOrder
}`) as unknown as TypedDocumentString<RenameDepartmentMutation, RenameDepartmentMutationVariables>;
export const MoveDepartmentDocument = new TypedDocumentString(`
    mutation MoveDepartment($id: ID!, $parentId: ID) {
  moveDepartment(id: $id, parentId: $parentId) {
    ...DepartmentFields
  }
}
    fragment DepartmentFields on Department {
  id
  name
  parentId
  sortOrder
}`) as unknown as TypedDocumentString<MoveDepartmentMutation, MoveDepartmentMutationVariables>;
export const SetDepartmentSortOrderDocument = new TypedDocumentString(`
    mutation SetDepartmentSortOrder($id: ID!, $sortOrder: Int!) {
  setDepartmentSortOrder(id: $id, sortOrder: $sortOrder) {
    ...DepartmentFields
  }
}
    fragment DepartmentFields on Department {
  id
  name
  parentId
  sortOrder
}`) as unknown as TypedDocumentString<SetDepartmentSortOrderMutation, SetDepartmentSortOrderMutationVariables>;
export const DeleteDepartmentDocument = new TypedDocumentString(`
    mutation DeleteDepartment($id: ID!) {
  deleteDepartment(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteDepartmentMutation, DeleteDepartmentMutationVariables>;
export const DepartmentMembersDocument = new TypedDocumentString(`
    query DepartmentMembers($departmentId: ID!, $first: Int) {
  employees(departmentId: $departmentId, first: $first) {
    nodes {
      ...MemberFields
    }
    totalCount
  }
}
    fragment MemberFields on EmployeeDetail {
  id
  name
  position
  login
  status
  departments {
    id
    isLeader
    isMain
  }
}`) as unknown as TypedDocumentString<DepartmentMembersQuery, DepartmentMembersQueryVariables>;
export const SetDepartmentLeaderDocument = new TypedDocumentString(`
    mutation SetDepartmentLeader($departmentId: ID!, $employeeId: ID!, $leader: Boolean!) {
  setDepartmentLeader(
    departmentId: $departmentId
    employeeId: $employeeId
    leader: $leader
  ) {
    ...MemberFields
  }
}
    fragment MemberFields on EmployeeDetail {
  id
  name
  position
  login
  status
  departments {
    id
    isLeader
    isMain
  }
}`) as unknown as TypedDocumentString<SetDepartmentLeaderMutation, SetDepartmentLeaderMutationVariables>;
export const SystemsDocument = new TypedDocumentString(`
    query Systems {
  systems {
    ...SystemFields
  }
  systemRoles {
    ...SystemRoleFields
  }
}
    fragment SystemFields on System {
  code
  name
  builtin
  enabled
  hasApiKey
  updatedAt
}
fragment SystemRoleFields on SystemRole {
  id
  name
  allowWeChat
  isDefault
  systems
}`) as unknown as TypedDocumentString<SystemsQuery, SystemsQueryVariables>;
export const SetSystemEnabledDocument = new TypedDocumentString(`
    mutation SetSystemEnabled($code: SystemCode!, $enabled: Boolean!) {
  setSystemEnabled(code: $code, enabled: $enabled) {
    ...SystemFields
  }
}
    fragment SystemFields on System {
  code
  name
  builtin
  enabled
  hasApiKey
  updatedAt
}`) as unknown as TypedDocumentString<SetSystemEnabledMutation, SetSystemEnabledMutationVariables>;
export const AddSystemDocument = new TypedDocumentString(`
    mutation AddSystem($code: SystemCode!, $name: String!) {
  addSystem(code: $code, name: $name) {
    ...SystemFields
  }
}
    fragment SystemFields on System {
  code
  name
  builtin
  enabled
  hasApiKey
  updatedAt
}`) as unknown as TypedDocumentString<AddSystemMutation, AddSystemMutationVariables>;
export const RemoveSystemDocument = new TypedDocumentString(`
    mutation RemoveSystem($code: SystemCode!) {
  removeSystem(code: $code)
}
    `) as unknown as TypedDocumentString<RemoveSystemMutation, RemoveSystemMutationVariables>;
export const SystemChoicesDocument = new TypedDocumentString(`
    query SystemChoices {
  systems {
    code
    name
  }
}
    `) as unknown as TypedDocumentString<SystemChoicesQuery, SystemChoicesQueryVariables>;
export const RotateSystemApiKeyDocument = new TypedDocumentString(`
    mutation RotateSystemApiKey($code: SystemCode!) {
  rotateSystemApiKey(code: $code)
}
    `) as unknown as TypedDocumentString<RotateSystemApiKeyMutation, RotateSystemApiKeyMutationVariables>;
export const CreateSystemRoleDocument = new TypedDocumentString(`
    mutation CreateSystemRole($input: CreateSystemRoleInput!) {
  createSystemRole(input: $input) {
    ...SystemRoleFields
  }
}
    fragment SystemRoleFields on SystemRole {
  id
  name
  allowWeChat
  isDefault
  systems
}`) as unknown as TypedDocumentString<CreateSystemRoleMutation, CreateSystemRoleMutationVariables>;
export const UpdateSystemRoleDocument = new TypedDocumentString(`
    mutation UpdateSystemRole($id: ID!, $input: UpdateSystemRoleInput!) {
  updateSystemRole(id: $id, input: $input) {
    ...SystemRoleFields
  }
}
    fragment SystemRoleFields on SystemRole {
  id
  name
  allowWeChat
  isDefault
  systems
}`) as unknown as TypedDocumentString<UpdateSystemRoleMutation, UpdateSystemRoleMutationVariables>;
export const RolePeopleDocument = new TypedDocumentString(`
    query RolePeople($query: String, $first: Int) {
  employees(query: $query, first: $first) {
    nodes {
      id
      name
      login
      systemRoles {
        id
      }
    }
    totalCount
  }
}
    `) as unknown as TypedDocumentString<RolePeopleQuery, RolePeopleQueryVariables>;
export const AssignSystemRolesDocument = new TypedDocumentString(`
    mutation AssignSystemRoles($employeeId: ID!, $roleIds: [ID!]!) {
  assignSystemRoles(employeeId: $employeeId, roleIds: $roleIds) {
    id
  }
}
    `) as unknown as TypedDocumentString<AssignSystemRolesMutation, AssignSystemRolesMutationVariables>;
export const PublishedNoticesDocument = new TypedDocumentString(`
    query PublishedNotices($kind: NoticeKind!, $first: Int, $after: String) {
  publishedNotices(kind: $kind, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        kind
        title
        publishedAt
        recipientCount
        audience {
          ...AudienceFields
        }
      }
    }
  }
}
    fragment AudienceFields on Audience {
  all
  departments {
    id
    name
  }
}`) as unknown as TypedDocumentString<PublishedNoticesQuery, PublishedNoticesQueryVariables>;
export const NoticeReadStatsDocument = new TypedDocumentString(`
    query NoticeReadStats($id: ID!) {
  noticeReadStats(id: $id) {
    noticeId
    recipients
    read
    unread
  }
}
    `) as unknown as TypedDocumentString<NoticeReadStatsQuery, NoticeReadStatsQueryVariables>;
export const PublishNoticeDocument = new TypedDocumentString(`
    mutation PublishNotice($input: PublishNoticeInput!) {
  publishNotice(input: $input) {
    id
    title
  }
}
    `) as unknown as TypedDocumentString<PublishNoticeMutation, PublishNoticeMutationVariables>;
export const PublishedSurveysDocument = new TypedDocumentString(`
    query PublishedSurveys($first: Int, $after: String) {
  publishedSurveys(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        title
        state
        opensAt
        closesAt
        publishedAt
        recipientCount
        resultsVisibility
        audience {
          ...AudienceFields
        }
      }
    }
  }
}
    fragment AudienceFields on Audience {
  all
  departments {
    id
    name
  }
}`) as unknown as TypedDocumentString<PublishedSurveysQuery, PublishedSurveysQueryVariables>;
export const PushProgressDocument = new TypedDocumentString(`
    query PushProgress($item: PushItem!, $id: ID!) {
  pushProgress(item: $item, id: $id) {
    total
    sent
    skipped
    retrying
    undeliverable
    queued
    lastSentAt
    etaSeconds
  }
}
    `) as unknown as TypedDocumentString<PushProgressQuery, PushProgressQueryVariables>;
export const PublishSurveyDocument = new TypedDocumentString(`
    mutation PublishSurvey($input: PublishSurveyInput!) {
  publishSurvey(input: $input) {
    id
    title
  }
}
    `) as unknown as TypedDocumentString<PublishSurveyMutation, PublishSurveyMutationVariables>;
export const AdminOverviewDocument = new TypedDocumentString(`
    query AdminOverview($days: Int) {
  adminOverview {
    tenantName
    tenantSlug
    staffActive
    staffTotal
    staffOnWeCom
    binding
    preflight {
      ok
      checkedAt
    }
  }
  deliveryDays(days: $days) {
    date
    sent
    skipped
    failed
    pending
  }
}
    `) as unknown as TypedDocumentString<AdminOverviewQuery, AdminOverviewQueryVariables>;
export const TenantNameDocument = new TypedDocumentString(`
    query TenantName {
  adminOverview {
    tenantName
  }
}
    `) as unknown as TypedDocumentString<TenantNameQuery, TenantNameQueryVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($first: Int, $after: String) {
  auditLog(first: $first, after: $after) {
    nodes {
      id
      at
      actorKind
      actor
      source
      action
      target
      changes
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const DeliveriesDocument = new TypedDocumentString(`
    query Deliveries($filter: DeliveryFilter, $first: Int, $after: String) {
  deliveries(filter: $filter, first: $first, after: $after) {
    nodes {
      ...DeliveryFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment DeliveryFields on Delivery {
  id
  kind
  channel
  route
  recipient
  recipientName
  status
  error
  answer
  attempts
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<DeliveriesQuery, DeliveriesQueryVariables>;
export const RetryDeliveryDocument = new TypedDocumentString(`
    mutation RetryDelivery($id: ID!) {
  retryDelivery(id: $id) {
    ...DeliveryFields
  }
}
    fragment DeliveryFields on Delivery {
  id
  kind
  channel
  route
  recipient
  recipientName
  status
  error
  answer
  attempts
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<RetryDeliveryMutation, RetryDeliveryMutationVariables>;
export const WeComBindingDocument = new TypedDocumentString(`
    query WeComBinding {
  wecomBinding {
    ...WeComBindingFields
  }
}
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}
fragment WeComBindingFields on WeComBinding {
  corpId
  mode
  contactSecret
  customerSecret
  trustedDomain
  expectedDomain
  egressIps
  apps {
    system
    agentId
    secret
  }
  receivers {
    name
    kind
    system
    url
    token
    encodingAESKey
    verifiedAt
  }
  preflight {
    ...PreflightFields
  }
}`) as unknown as TypedDocumentString<WeComBindingQuery, WeComBindingQueryVariables>;
export const SaveWeComCorpDocument = new TypedDocumentString(`
    mutation SaveWeComCorp($input: WeComCorpInput!) {
  saveWeComCorp(input: $input) {
    ...WeComBindingFields
  }
}
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}
fragment WeComBindingFields on WeComBinding {
  corpId
  mode
  contactSecret
  customerSecret
  trustedDomain
  expectedDomain
  egressIps
  apps {
    system
    agentId
    secret
  }
  receivers {
    name
    kind
    system
    url
    token
    encodingAESKey
    verifiedAt
  }
  preflight {
    ...PreflightFields
  }
}`) as unknown as TypedDocumentString<SaveWeComCorpMutation, SaveWeComCorpMutationVariables>;
export const SaveWeComAppDocument = new TypedDocumentString(`
    mutation SaveWeComApp($input: WeComAppInput!) {
  saveWeComApp(input: $input) {
    ...WeComBindingFields
  }
}
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}
fragment WeComBindingFields on WeComBinding {
  corpId
  mode
  contactSecret
  customerSecret
  trustedDomain
  expectedDomain
  egressIps
  apps {
    system
    agentId
    secret
  }
  receivers {
    name
    kind
    system
    url
    token
    encodingAESKey
    verifiedAt
  }
  preflight {
    ...PreflightFields
  }
}`) as unknown as TypedDocumentString<SaveWeComAppMutation, SaveWeComAppMutationVariables>;
export const SetReceiverKeysDocument = new TypedDocumentString(`
    mutation SetReceiverKeys($name: String!, $token: String, $encodingAESKey: String) {
  setReceiverKeys(name: $name, token: $token, encodingAESKey: $encodingAESKey) {
    ...WeComBindingFields
  }
}
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}
fragment WeComBindingFields on WeComBinding {
  corpId
  mode
  contactSecret
  customerSecret
  trustedDomain
  expectedDomain
  egressIps
  apps {
    system
    agentId
    secret
  }
  receivers {
    name
    kind
    system
    url
    token
    encodingAESKey
    verifiedAt
  }
  preflight {
    ...PreflightFields
  }
}`) as unknown as TypedDocumentString<SetReceiverKeysMutation, SetReceiverKeysMutationVariables>;
export const RunPreflightDocument = new TypedDocumentString(`
    mutation RunPreflight {
  runPreflight {
    ...PreflightFields
  }
}
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}`) as unknown as TypedDocumentString<RunPreflightMutation, RunPreflightMutationVariables>;
export const ServiceAccountDocument = new TypedDocumentString(`
    query ServiceAccount {
  serviceAccount {
    ...ServiceAccountFields
  }
}
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}
fragment ServiceAccountFields on ServiceAccount {
  appId
  secret
  eventUrl
  token
  encodingAESKey
  encryptMode
  ipWhitelist
  domain
  identityColumn
  allowRegister
  pushChannel
  preflight {
    ...PreflightFields
  }
}`) as unknown as TypedDocumentString<ServiceAccountQuery, ServiceAccountQueryVariables>;
export const SaveServiceAccountDocument = new TypedDocumentString(`
    mutation SaveServiceAccount($input: ServiceAccountInput!) {
  saveServiceAccount(input: $input) {
    ...ServiceAccountFields
  }
}
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}
fragment ServiceAccountFields on ServiceAccount {
  appId
  secret
  eventUrl
  token
  encodingAESKey
  encryptMode
  ipWhitelist
  domain
  identityColumn
  allowRegister
  pushChannel
  preflight {
    ...PreflightFields
  }
}`) as unknown as TypedDocumentString<SaveServiceAccountMutation, SaveServiceAccountMutationVariables>;
export const RunServiceAccountPreflightDocument = new TypedDocumentString(`
    mutation RunServiceAccountPreflight {
  runServiceAccountPreflight {
    ...PreflightFields
  }
}
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}`) as unknown as TypedDocumentString<RunServiceAccountPreflightMutation, RunServiceAccountPreflightMutationVariables>;
export const GenerateWeComMenuDocument = new TypedDocumentString(`
    mutation GenerateWeComMenu {
  generateWeComMenu {
    ...WeComMenuFields
  }
}
    fragment WeComMenuFields on WeComMenu {
  buttons {
    name
    url
    subButtons {
      name
      url
    }
  }
}`) as unknown as TypedDocumentString<GenerateWeComMenuMutation, GenerateWeComMenuMutationVariables>;
export const WeComMenuDocument = new TypedDocumentString(`
    query WeComMenu {
  wecomMenu {
    ...WeComMenuFields
  }
}
    fragment WeComMenuFields on WeComMenu {
  buttons {
    name
    url
    subButtons {
      name
      url
    }
  }
}`) as unknown as TypedDocumentString<WeComMenuQuery, WeComMenuQueryVariables>;
export const RemoveWeComAppDocument = new TypedDocumentString(`
    mutation RemoveWeComApp($system: SystemCode!) {
  removeWeComApp(system: $system) {
    ...WeComBindingFields
  }
}
    fragment PreflightFields on Preflight {
  ok
  checkedAt
  checks {
    key
    title
    ok
    errcode
    message
    advice
  }
}
fragment WeComBindingFields on WeComBinding {
  corpId
  mode
  contactSecret
  customerSecret
  trustedDomain
  expectedDomain
  egressIps
  apps {
    system
    agentId
    secret
  }
  receivers {
    name
    kind
    system
    url
    token
    encodingAESKey
    verifiedAt
  }
  preflight {
    ...PreflightFields
  }
}`) as unknown as TypedDocumentString<RemoveWeComAppMutation, RemoveWeComAppMutationVariables>;
export const WeComQrLoginDocument = new TypedDocumentString(`
    query WeComQRLogin($tenant: String!, $next: String) {
  wecomQRLogin(tenant: $tenant, next: $next)
}
    `) as unknown as TypedDocumentString<WeComQrLoginQuery, WeComQrLoginQueryVariables>;
export const ExchangeAdminTicketDocument = new TypedDocumentString(`
    mutation ExchangeAdminTicket($ticket: String!) {
  exchangeSsoTicket(ticket: $ticket) {
    ...SessionFields
  }
}
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  mustChangePassword
  account {
    id
    login
    role
    mustChangePassword
    contact {
      name
      company
      party
    }
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ExchangeAdminTicketMutation, ExchangeAdminTicketMutationVariables>;
export const WeComEventsDocument = new TypedDocumentString(`
    query WeComEvents($filter: WeComEventFilter, $first: Int, $after: String) {
  wecomEvents(filter: $filter, first: $first, after: $after) {
    nodes {
      ...WeComEventFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment WeComEventFields on WeComEvent {
  id
  receiver
  msgType
  event
  changeType
  status
  reason
  error
  attempts
  replays
  receivedAt
  processedAt
  body
}`) as unknown as TypedDocumentString<WeComEventsQuery, WeComEventsQueryVariables>;
export const ReplayWeComEventDocument = new TypedDocumentString(`
    mutation ReplayWeComEvent($id: ID!) {
  replayWeComEvent(id: $id) {
    ...WeComEventFields
  }
}
    fragment WeComEventFields on WeComEvent {
  id
  receiver
  msgType
  event
  changeType
  status
  reason
  error
  attempts
  replays
  receivedAt
  processedAt
  body
}`) as unknown as TypedDocumentString<ReplayWeComEventMutation, ReplayWeComEventMutationVariables>;
export const WeComJoinQrCodeDocument = new TypedDocumentString(`
    query WeComJoinQRCode($size: Int) {
  wecomJoinQRCode(size: $size)
}
    `) as unknown as TypedDocumentString<WeComJoinQrCodeQuery, WeComJoinQrCodeQueryVariables>;
export const PullExternalContactsDocument = new TypedDocumentString(`
    mutation PullExternalContacts {
  pullExternalContacts {
    members
    contacts
    followers
    notEmployees
    refused
    firstRefusal
  }
}
    `) as unknown as TypedDocumentString<PullExternalContactsMutation, PullExternalContactsMutationVariables>;
export const TenantDomainDocument = new TypedDocumentString(`
    query TenantDomain {
  tenantHosts
  verifyFiles {
    ...VerifyFileFields
  }
}
    fragment VerifyFileFields on VerifyFile {
  name
  content
  createdAt
}`) as unknown as TypedDocumentString<TenantDomainQuery, TenantDomainQueryVariables>;
export const SetTenantHostsDocument = new TypedDocumentString(`
    mutation SetTenantHosts($hosts: [String!]!) {
  setTenantHosts(hosts: $hosts)
}
    `) as unknown as TypedDocumentString<SetTenantHostsMutation, SetTenantHostsMutationVariables>;
export const SaveVerifyFileDocument = new TypedDocumentString(`
    mutation SaveVerifyFile($name: String!, $content: String!) {
  saveVerifyFile(name: $name, content: $content) {
    ...VerifyFileFields
  }
}
    fragment VerifyFileFields on VerifyFile {
  name
  content
  createdAt
}`) as unknown as TypedDocumentString<SaveVerifyFileMutation, SaveVerifyFileMutationVariables>;
export const DeleteVerifyFileDocument = new TypedDocumentString(`
    mutation DeleteVerifyFile($name: String!) {
  deleteVerifyFile(name: $name) {
    ...VerifyFileFields
  }
}
    fragment VerifyFileFields on VerifyFile {
  name
  content
  createdAt
}`) as unknown as TypedDocumentString<DeleteVerifyFileMutation, DeleteVerifyFileMutationVariables>;
export const BranchesDocument = new TypedDocumentString(`
    query Branches {
  branches {
    ...BranchFields
  }
}
    fragment BranchFields on Branch {
  id
  name
  employeeCount
}`) as unknown as TypedDocumentString<BranchesQuery, BranchesQueryVariables>;
export const CreateBranchDocument = new TypedDocumentString(`
    mutation CreateBranch($name: String!) {
  createBranch(name: $name) {
    ...BranchFields
  }
}
    fragment BranchFields on Branch {
  id
  name
  employeeCount
}`) as unknown as TypedDocumentString<CreateBranchMutation, CreateBranchMutationVariables>;
export const RenameBranchDocument = new TypedDocumentString(`
    mutation RenameBranch($id: ID!, $name: String!) {
  renameBranch(id: $id, name: $name) {
    ...BranchFields
  }
}
    fragment BranchFields on Branch {
  id
  name
  employeeCount
}`) as unknown as TypedDocumentString<RenameBranchMutation, RenameBranchMutationVariables>;
export const DeleteBranchDocument = new TypedDocumentString(`
    mutation DeleteBranch($id: ID!) {
  deleteBranch(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteBranchMutation, DeleteBranchMutationVariables>;
export const StaffDocument = new TypedDocumentString(`
    query Staff($query: String, $departmentId: ID, $withSubDepartments: Boolean, $statuses: [EmployeeStatus!], $wecomStatuses: [WeComMemberStatus!], $first: Int, $after: String) {
  staff(
    query: $query
    departmentId: $departmentId
    withSubDepartments: $withSubDepartments
    statuses: $statuses
    wecomStatuses: $wecomStatuses
    first: $first
    after: $after
  ) {
    nodes {
      ...StaffFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    fragment StaffFields on EmployeeDetail {
  id
  name
  login
  admin
  wecomUserId
  wecomStatus
  position
  mobile
  email
  status
  employeeNo
  branch {
    id
    name
  }
  departments {
    id
    name
    isMain
    isLeader
  }
}`) as unknown as TypedDocumentString<StaffQuery, StaffQueryVariables>;
export const PersonDocument = new TypedDocumentString(`
    query Person($id: ID!) {
  employee(id: $id) {
    ...PersonFields
  }
}
    fragment StaffFields on EmployeeDetail {
  id
  name
  login
  admin
  wecomUserId
  wecomStatus
  position
  mobile
  email
  status
  employeeNo
  branch {
    id
    name
  }
  departments {
    id
    name
    isMain
    isLeader
  }
}
fragment PersonFields on EmployeeDetail {
  ...StaffFields
  mustChangePassword
  systemRoles {
    id
    name
  }
}`) as unknown as TypedDocumentString<PersonQuery, PersonQueryVariables>;
export const CreateEmployeeDocument = new TypedDocumentString(`
    mutation CreateEmployee($input: CreateEmployeeInput!) {
  createEmployee(input: $input) {
    employee {
      ...StaffFields
    }
    oneTimePassword
  }
}
    fragment StaffFields on EmployeeDetail {
  id
  name
  login
  admin
  wecomUserId
  wecomStatus
  position
  mobile
  email
  status
  employeeNo
  branch {
    id
    name
  }
  departments {
    id
    name
    isMain
    isLeader
  }
}`) as unknown as TypedDocumentString<CreateEmployeeMutation, CreateEmployeeMutationVariables>;
export const UpdateEmployeeDocument = new TypedDocumentString(`
    mutation UpdateEmployee($id: ID!, $input: UpdateEmployeeInput!) {
  updateEmployee(id: $id, input: $input) {
    ...PersonFields
  }
}
    fragment StaffFields on EmployeeDetail {
  id
  name
  login
  admin
  wecomUserId
  wecomStatus
  position
  mobile
  email
  status
  employeeNo
  branch {
    id
    name
  }
  departments {
    id
    name
    isMain
    isLeader
  }
}
fragment PersonFields on EmployeeDetail {
  ...StaffFields
  mustChangePassword
  systemRoles {
    id
    name
  }
}`) as unknown as TypedDocumentString<UpdateEmployeeMutation, UpdateEmployeeMutationVariables>;
export const ChangeStaffDocument = new TypedDocumentString(`
    mutation ChangeStaff($ids: [ID!]!, $action: StaffAction!) {
  changeStaff(ids: $ids, action: $action) {
    employeeId
    employee {
      id
      status
    }
    error
  }
}
    `) as unknown as TypedDocumentString<ChangeStaffMutation, ChangeStaffMutationVariables>;
export const ResetEmployeePasswordDocument = new TypedDocumentString(`
    mutation ResetEmployeePassword($id: ID!) {
  resetEmployeePassword(id: $id)
}
    `) as unknown as TypedDocumentString<ResetEmployeePasswordMutation, ResetEmployeePasswordMutationVariables>;
export const PreviewStaffImportDocument = new TypedDocumentString(`
    mutation PreviewStaffImport($file: Upload!) {
  previewStaffImport(file: $file) {
    ...StaffImportFields
  }
}
    fragment StaffImportFields on StaffImport {
  id
  fileName
  state
  startedBy
  createdAt
  finishedAt
  total
  creates
  updates
  leaves
  bad
  applied
  failed
  newDepartments
  failedRowsUrl
}`) as unknown as TypedDocumentString<PreviewStaffImportMutation, PreviewStaffImportMutationVariables>;
export const ApplyStaffImportDocument = new TypedDocumentString(`
    mutation ApplyStaffImport($id: ID!) {
  applyStaffImport(id: $id) {
    ...StaffImportFields
  }
}
    fragment StaffImportFields on StaffImport {
  id
  fileName
  state
  startedBy
  createdAt
  finishedAt
  total
  creates
  updates
  leaves
  bad
  applied
  failed
  newDepartments
  failedRowsUrl
}`) as unknown as TypedDocumentString<ApplyStaffImportMutation, ApplyStaffImportMutationVariables>;
export const StaffImportDocument = new TypedDocumentString(`
    query StaffImport($id: ID!) {
  staffImport(id: $id) {
    ...StaffImportFields
  }
}
    fragment StaffImportFields on StaffImport {
  id
  fileName
  state
  startedBy
  createdAt
  finishedAt
  total
  creates
  updates
  leaves
  bad
  applied
  failed
  newDepartments
  failedRowsUrl
}`) as unknown as TypedDocumentString<StaffImportQuery, StaffImportQueryVariables>;
export const StaffImportRowsDocument = new TypedDocumentString(`
    query StaffImportRows($id: ID!, $actions: [StaffImportAction!], $failedOnly: Boolean, $first: Int, $after: Int) {
  staffImport(id: $id) {
    id
    rows(actions: $actions, failedOnly: $failedOnly, first: $first, after: $after) {
      nodes {
        ...StaffImportRowFields
      }
      hasNextPage
    }
  }
}
    fragment StaffImportRowFields on StaffImportRow {
  line
  action
  name
  login
  reasons
  result
  error
}`) as unknown as TypedDocumentString<StaffImportRowsQuery, StaffImportRowsQueryVariables>;
export const StaffImportsDocument = new TypedDocumentString(`
    query StaffImports($first: Int) {
  staffImports(first: $first) {
    ...StaffImportFields
  }
}
    fragment StaffImportFields on StaffImport {
  id
  fileName
  state
  startedBy
  createdAt
  finishedAt
  total
  creates
  updates
  leaves
  bad
  applied
  failed
  newDepartments
  failedRowsUrl
}`) as unknown as TypedDocumentString<StaffImportsQuery, StaffImportsQueryVariables>;
export const ContactSyncPreviewDocument = new TypedDocumentString(`
    query ContactSyncPreview {
  contactSyncPreview {
    mode
    blocked
    wecomMembers
    replaceDeletes
    counts {
      ...ContactSyncCountsFields
    }
    unchanged
    departmentChanges {
      action
      name
    }
    memberChanges {
      action
      name
      wecomUserId
      fields
    }
    invalid {
      employeeId
      name
      wecomUserId
      rules
    }
    running {
      ...ContactSyncFields
    }
  }
}
    fragment ContactSyncCountsFields on ContactSyncCounts {
  departmentCreates
  departmentUpdates
  departmentDeletes
  creates
  updates
  disables
  deletes
  invalid
}
fragment ContactSyncFields on ContactSync {
  id
  direction
  trigger
  mode
  state
  startedBy
  counts {
    ...ContactSyncCountsFields
  }
  conflicts
  total
  done
  failed
  apiCalls
  error
  createdAt
  finishedAt
}`) as unknown as TypedDocumentString<ContactSyncPreviewQuery, ContactSyncPreviewQueryVariables>;
export const ContactSyncsDocument = new TypedDocumentString(`
    query ContactSyncs($first: Int) {
  contactSyncs(first: $first) {
    ...ContactSyncFields
  }
}
    fragment ContactSyncCountsFields on ContactSyncCounts {
  departmentCreates
  departmentUpdates
  departmentDeletes
  creates
  updates
  disables
  deletes
  invalid
}
fragment ContactSyncFields on ContactSync {
  id
  direction
  trigger
  mode
  state
  startedBy
  counts {
    ...ContactSyncCountsFields
  }
  conflicts
  total
  done
  failed
  apiCalls
  error
  createdAt
  finishedAt
}`) as unknown as TypedDocumentString<ContactSyncsQuery, ContactSyncsQueryVariables>;
export const ContactSyncDocument = new TypedDocumentString(`
    query ContactSync($id: ID!) {
  contactSync(id: $id) {
    ...ContactSyncFields
  }
}
    fragment ContactSyncCountsFields on ContactSyncCounts {
  departmentCreates
  departmentUpdates
  departmentDeletes
  creates
  updates
  disables
  deletes
  invalid
}
fragment ContactSyncFields on ContactSync {
  id
  direction
  trigger
  mode
  state
  startedBy
  counts {
    ...ContactSyncCountsFields
  }
  conflicts
  total
  done
  failed
  apiCalls
  error
  createdAt
  finishedAt
}`) as unknown as TypedDocumentString<ContactSyncQuery, ContactSyncQueryVariables>;
export const ContactSyncRowsDocument = new TypedDocumentString(`
    query ContactSyncRows($id: ID!, $problemsOnly: Boolean, $first: Int, $after: Int) {
  contactSync(id: $id) {
    id
    rows(problemsOnly: $problemsOnly, first: $first, after: $after) {
      nodes {
        seq
        kind
        subject
        ref
        action
        result
        reason
      }
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<ContactSyncRowsQuery, ContactSyncRowsQueryVariables>;
export const StartContactSyncDocument = new TypedDocumentString(`
    mutation StartContactSync($confirmReplace: Boolean) {
  startContactSync(confirmReplace: $confirmReplace) {
    ...ContactSyncFields
  }
}
    fragment ContactSyncCountsFields on ContactSyncCounts {
  departmentCreates
  departmentUpdates
  departmentDeletes
  creates
  updates
  disables
  deletes
  invalid
}
fragment ContactSyncFields on ContactSync {
  id
  direction
  trigger
  mode
  state
  startedBy
  counts {
    ...ContactSyncCountsFields
  }
  conflicts
  total
  done
  failed
  apiCalls
  error
  createdAt
  finishedAt
}`) as unknown as TypedDocumentString<StartContactSyncMutation, StartContactSyncMutationVariables>;
export const PullContactsFromWeComDocument = new TypedDocumentString(`
    mutation PullContactsFromWeCom {
  pullContactsFromWeCom {
    ...ContactSyncFields
  }
}
    fragment ContactSyncCountsFields on ContactSyncCounts {
  departmentCreates
  departmentUpdates
  departmentDeletes
  creates
  updates
  disables
  deletes
  invalid
}
fragment ContactSyncFields on ContactSync {
  id
  direction
  trigger
  mode
  state
  startedBy
  counts {
    ...ContactSyncCountsFields
  }
  conflicts
  total
  done
  failed
  apiCalls
  error
  createdAt
  finishedAt
}`) as unknown as TypedDocumentString<PullContactsFromWeComMutation, PullContactsFromWeComMutationVariables>;
export const ContactSyncSettingsDocument = new TypedDocumentString(`
    query ContactSyncSettings {
  contactSyncSettings {
    ...ContactSyncSettingsFields
  }
}
    fragment ContactSyncSettingsFields on ContactSyncSettings {
  scheduleEnabled
  times
  timeZone
  wecomOwnedFields
  nextRunAt
}`) as unknown as TypedDocumentString<ContactSyncSettingsQuery, ContactSyncSettingsQueryVariables>;
export const SaveContactSyncSettingsDocument = new TypedDocumentString(`
    mutation SaveContactSyncSettings($input: ContactSyncSettingsInput!) {
  saveContactSyncSettings(input: $input) {
    ...ContactSyncSettingsFields
  }
}
    fragment ContactSyncSettingsFields on ContactSyncSettings {
  scheduleEnabled
  times
  timeZone
  wecomOwnedFields
  nextRunAt
}`) as unknown as TypedDocumentString<SaveContactSyncSettingsMutation, SaveContactSyncSettingsMutationVariables>;
export const ServiceAccountTemplatesDocument = new TypedDocumentString(`
    query ServiceAccountTemplates {
  serviceAccountTemplates {
    id
    title
    keywords {
      key
      label
      limit
    }
  }
}
    `) as unknown as TypedDocumentString<ServiceAccountTemplatesQuery, ServiceAccountTemplatesQueryVariables>;
export const MessageKindsDocument = new TypedDocumentString(`
    query MessageKinds {
  messageKinds {
    ...MessageKindFields
  }
  messageFacts {
    fact
    label
  }
}
    fragment MessageKindFields on MessageKind {
  kind
  name
  templateId
  fields {
    key
    fact
  }
  updatedAt
}`) as unknown as TypedDocumentString<MessageKindsQuery, MessageKindsQueryVariables>;
export const TemplatePreviewDocument = new TypedDocumentString(`
    query TemplatePreview($kind: String!, $templateId: String!, $fields: [TemplateFieldInput!]!) {
  templatePreview(kind: $kind, templateId: $templateId, fields: $fields) {
    title
    lines {
      key
      label
      value
    }
    opens
  }
}
    `) as unknown as TypedDocumentString<TemplatePreviewQuery, TemplatePreviewQueryVariables>;
export const MapMessageTemplateDocument = new TypedDocumentString(`
    mutation MapMessageTemplate($kind: String!, $templateId: String, $fields: [TemplateFieldInput!]) {
  mapMessageTemplate(kind: $kind, templateId: $templateId, fields: $fields) {
    ...MessageKindFields
  }
}
    fragment MessageKindFields on MessageKind {
  kind
  name
  templateId
  fields {
    key
    fact
  }
  updatedAt
}`) as unknown as TypedDocumentString<MapMessageTemplateMutation, MapMessageTemplateMutationVariables>;
export const ServiceAccountMenuDocument = new TypedDocumentString(`
    query ServiceAccountMenu {
  serviceAccountMenu {
    ...WeComMenuFields
  }
}
    fragment WeComMenuFields on WeComMenu {
  buttons {
    name
    url
    subButtons {
      name
      url
    }
  }
}`) as unknown as TypedDocumentString<ServiceAccountMenuQuery, ServiceAccountMenuQueryVariables>;
export const GenerateServiceAccountMenuDocument = new TypedDocumentString(`
    mutation GenerateServiceAccountMenu {
  generateServiceAccountMenu {
    ...WeComMenuFields
  }
}
    fragment WeComMenuFields on WeComMenu {
  buttons {
    name
    url
    subButtons {
      name
      url
    }
  }
}`) as unknown as TypedDocumentString<GenerateServiceAccountMenuMutation, GenerateServiceAccountMenuMutationVariables>;
export const WechatBindingsDocument = new TypedDocumentString(`
    query WechatBindings($first: Int, $after: String, $query: String) {
  wechatBindings(first: $first, after: $after, query: $query) {
    nodes {
      id
      employee {
        id
        name
      }
      contact {
        id
        login
        name
        company
        party
      }
      openId
      subscribed
      boundAt
      lastSeenAt
    }
    next
  }
}
    `) as unknown as TypedDocumentString<WechatBindingsQuery, WechatBindingsQueryVariables>;
export const EndWechatBindingDocument = new TypedDocumentString(`
    mutation EndWechatBinding($id: ID!) {
  endWechatBinding(id: $id)
}
    `) as unknown as TypedDocumentString<EndWechatBindingMutation, EndWechatBindingMutationVariables>;
export const RegistrationsDocument = new TypedDocumentString(`
    query Registrations($status: RegistrationStatus, $first: Int, $after: String) {
  registrations(status: $status, first: $first, after: $after) {
    nodes {
      ...RegistrationFields
    }
    next
  }
}
    fragment RegistrationFields on Registration {
  id
  name
  departmentPath
  departmentId
  position
  login
  mobile
  email
  note
  status
  reason
  decidedBy
  decidedAt
  employee {
    id
    name
  }
  party
  company
  contact {
    name
    login
  }
  createdAt
}`) as unknown as TypedDocumentString<RegistrationsQuery, RegistrationsQueryVariables>;
export const PendingRegistrationsDocument = new TypedDocumentString(`
    query PendingRegistrations($first: Int) {
  registrations(status: PENDING, first: $first) {
    nodes {
      id
    }
    next
  }
  serviceAccount {
    allowRegister
  }
}
    `) as unknown as TypedDocumentString<PendingRegistrationsQuery, PendingRegistrationsQueryVariables>;
export const DecideRegistrationDocument = new TypedDocumentString(`
    mutation DecideRegistration($id: ID!, $approve: Boolean!, $reason: String) {
  decideRegistration(id: $id, approve: $approve, reason: $reason) {
    registration {
      ...RegistrationFields
    }
    syncStarted
  }
}
    fragment RegistrationFields on Registration {
  id
  name
  departmentPath
  departmentId
  position
  login
  mobile
  email
  note
  status
  reason
  decidedBy
  decidedAt
  employee {
    id
    name
  }
  party
  company
  contact {
    name
    login
  }
  createdAt
}`) as unknown as TypedDocumentString<DecideRegistrationMutation, DecideRegistrationMutationVariables>;
export const InviteToWeComDocument = new TypedDocumentString(`
    mutation InviteToWeCom($employeeIds: [ID!]) {
  inviteToWeCom(employeeIds: $employeeIds) {
    invited {
      id
      name
    }
    refused {
      id
      name
    }
    skipped {
      employee {
        id
        name
      }
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<InviteToWeComMutation, InviteToWeComMutationVariables>;
export const PartyContactsDocument = new TypedDocumentString(`
    query PartyContacts($filter: PartyContactFilter, $first: Int, $after: String) {
  partyContacts(filter: $filter, first: $first, after: $after) {
    nodes {
      ...PartyContactFields
    }
    next
  }
}
    fragment PartyContactFields on PartyContact {
  id
  login
  party
  company
  name
  mobile
  status
  source
  wechatBound
  wechatSubscribed
  createdAt
}`) as unknown as TypedDocumentString<PartyContactsQuery, PartyContactsQueryVariables>;
export const CreatePartyContactDocument = new TypedDocumentString(`
    mutation CreatePartyContact($input: NewPartyContact!) {
  createPartyContact(input: $input) {
    contact {
      ...PartyContactFields
    }
    oneTimePassword
  }
}
    fragment PartyContactFields on PartyContact {
  id
  login
  party
  company
  name
  mobile
  status
  source
  wechatBound
  wechatSubscribed
  createdAt
}`) as unknown as TypedDocumentString<CreatePartyContactMutation, CreatePartyContactMutationVariables>;
export const UpdatePartyContactDocument = new TypedDocumentString(`
    mutation UpdatePartyContact($id: ID!, $input: PartyContactInput!) {
  updatePartyContact(id: $id, input: $input) {
    ...PartyContactFields
  }
}
    fragment PartyContactFields on PartyContact {
  id
  login
  party
  company
  name
  mobile
  status
  source
  wechatBound
  wechatSubscribed
  createdAt
}`) as unknown as TypedDocumentString<UpdatePartyContactMutation, UpdatePartyContactMutationVariables>;
export const SetPartyContactFrozenDocument = new TypedDocumentString(`
    mutation SetPartyContactFrozen($id: ID!, $frozen: Boolean!) {
  setPartyContactFrozen(id: $id, frozen: $frozen) {
    ...PartyContactFields
  }
}
    fragment PartyContactFields on PartyContact {
  id
  login
  party
  company
  name
  mobile
  status
  source
  wechatBound
  wechatSubscribed
  createdAt
}`) as unknown as TypedDocumentString<SetPartyContactFrozenMutation, SetPartyContactFrozenMutationVariables>;
export const ResetPartyContactPasswordDocument = new TypedDocumentString(`
    mutation ResetPartyContactPassword($id: ID!) {
  resetPartyContactPassword(id: $id)
}
    `) as unknown as TypedDocumentString<ResetPartyContactPasswordMutation, ResetPartyContactPasswordMutationVariables>;
export const DeletePartyContactDocument = new TypedDocumentString(`
    mutation DeletePartyContact($id: ID!) {
  deletePartyContact(id: $id)
}
    `) as unknown as TypedDocumentString<DeletePartyContactMutation, DeletePartyContactMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($tenant: String!, $login: String!, $password: String!, $bindTicket: String) {
  login(
    tenant: $tenant
    login: $login
    password: $password
    bindTicket: $bindTicket
  ) {
    ...SessionFields
  }
}
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  mustChangePassword
  account {
    id
    login
    role
    mustChangePassword
    contact {
      name
      company
      party
    }
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout($refreshToken: String) {
  logout(refreshToken: $refreshToken)
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const RefreshSessionDocument = new TypedDocumentString(`
    mutation RefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) {
    ...SessionFields
  }
}
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  mustChangePassword
  account {
    id
    login
    role
    mustChangePassword
    contact {
      name
      company
      party
    }
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<RefreshSessionMutation, RefreshSessionMutationVariables>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($oldPassword: String!, $newPassword: String!) {
  changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {
    ...SessionFields
  }
}
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  mustChangePassword
  account {
    id
    login
    role
    mustChangePassword
    contact {
      name
      company
      party
    }
    employee {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const SurveyResultsDocument = new TypedDocumentString(`
    query SurveyResults($id: ID!) {
  surveyResults(id: $id) {
    surveyId
    ballots
    questions {
      questionId
      text
      kind
      respondents
      options {
        optionId
        text
        count
        percent
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SurveyResultsQuery, SurveyResultsQueryVariables>;