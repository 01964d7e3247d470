// Open registration (seed 001 §4.3 开放注册) on the phone: what the form checks before sending, where the server's
// refusals go, the token kept to follow an application, and what each status tells the applicant.
import { errorMessage, isApiError } from '@shared/api/graphql'
import type { RegistrationInput, RegistrationStatus } from '@/gql/graphql'

/** The form's fields, named as the server's `extensions.field` names them. */
export type RegistrationField = 'name' | 'departmentId' | 'position' | 'login' | 'mobile' | 'email' | 'note'

const FIELDS: ReadonlySet<string> = new Set<RegistrationField>(['name', 'departmentId', 'position', 'login', 'mobile', 'email', 'note'])

/** The form as typed: every field a string, '' for left empty (departmentId '' for none chosen). */
export type RegistrationDraft = Record<RegistrationField, string>

export const emptyDraft = (): RegistrationDraft => ({ name: '', departmentId: '', position: '', login: '', mobile: '', email: '', note: '' })

/** Sentences for a field under it, by field; what belongs to no field goes above the button. */
export interface RegistrationProblems {
  fields: Partial<Record<RegistrationField, string>>
  general: string
}

/**
 * What the form can tell before asking the server: the required fields, and mobile or email at least one (WeCom
 * invites with them). Formats (the account's rule, a mobile's, an email's) are the server's to judge, in its words.
 */
export function draftProblems(d: RegistrationDraft): RegistrationProblems | null {
  const fields: Partial<Record<RegistrationField, string>> = {}
  if (!d.name.trim()) fields.name = '请填写姓名'
  if (!d.login.trim()) fields.login = '请填写账号'
  if (!d.mobile.trim() && !d.email.trim()) fields.mobile = '手机和邮箱至少填写一项'
  return Object.keys(fields).length ? { fields, general: '' } : null
}

/** The mutation's input: trimmed, and optional fields left empty are not sent. */
export function toRegistrationInput(d: RegistrationDraft): RegistrationInput {
  const opt = (v: string) => v.trim() || null
  return {
    name: d.name.trim(),
    login: d.login.trim(),
    departmentId: opt(d.departmentId),
    position: opt(d.position),
    mobile: opt(d.mobile),
    email: opt(d.email),
    note: opt(d.note),
  }
}

/** Where a refusal of applyToRegister is shown: under the field an `invalid` error names, else above the button. */
export function submitProblems(err: unknown): RegistrationProblems {
  const text = errorMessage(err)
  if (isApiError(err, 'invalid') && err.field && FIELDS.has(err.field)) {
    return { fields: { [err.field as RegistrationField]: text }, general: '' }
  }
  return { fields: {}, general: text }
}

/** The localStorage key of the application being followed. */
export const KEPT_KEY = 'qiao.registration'

/** The application being followed: its tenant, and the token applyToRegister gave once. */
export interface KeptApplication {
  tenant: string
  token: string
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

function browserStorage(): Store | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

/**
 * The token kept for tenant, or null (none kept, another tenant's, or unreadable). Tenants compare without case:
 * people type the company code as they like.
 */
export function keptToken(tenant: string, storage: Store | null = browserStorage()): string | null {
  try {
    const raw = storage?.getItem(KEPT_KEY)
    if (!raw) return null
    const kept = JSON.parse(raw) as Partial<KeptApplication>
    if (typeof kept.token !== 'string' || !kept.token || typeof kept.tenant !== 'string') return null
    return sameTenant(kept.tenant, tenant) ? kept.token : null
  } catch {
    return null
  }
}

/** Keeps the token of the application just made (one application followed at a time: the newest). */
export function keepApplication(tenant: string, token: string, storage: Store | null = browserStorage()): void {
  try {
    storage?.setItem(KEPT_KEY, JSON.stringify({ tenant: tenant.trim(), token } satisfies KeptApplication))
  } catch {
    // Private mode or a full quota: the receipt still shows now, it just cannot be followed after a reload.
  }
}

/** Forgets tenant's application (to apply again, or when the server no longer knows the token). */
export function forgetApplication(tenant: string, storage: Store | null = browserStorage()): void {
  try {
    if (keptToken(tenant, storage) !== null) storage?.removeItem(KEPT_KEY)
  } catch {
    // nothing kept that could be removed
  }
}

function sameTenant(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}

/** What the status card says: a title, the sentence under it, its tone, and whether applying again is offered. */
export interface StatusView {
  title: string
  text: string
  tone: 'pending' | 'approved' | 'refused'
  canReapply: boolean
}

/** The card for an application's status; a refusal quotes the admin's reason. */
export function statusView(status: RegistrationStatus, reason?: string | null): StatusView {
  switch (status) {
    case 'APPROVED':
      return {
        title: '已通过',
        text: '请留意企业微信发来的邀请（短信、邮件或微信服务通知），加入后即可使用',
        tone: 'approved',
        canReapply: false,
      }
    case 'REFUSED':
      return { title: '未通过', text: reason?.trim() || '管理员未说明理由', tone: 'refused', canReapply: true }
    default:
      return { title: '审核中', text: '已提交，等待管理员审核', tone: 'pending', canReapply: false }
  }
}
