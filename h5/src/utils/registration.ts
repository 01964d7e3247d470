// Open registration (seed 001 §4.3 开放注册) on the phone: what the form checks before sending, where the server's
// refusals go, the token kept to follow an application, and what each status tells the applicant.
import { errorMessage, isApiError } from '@shared/api/graphql'
import type { Party, RegistrationInput, RegistrationStatus } from '@/gql/graphql'

/**
 * The form's fields, named as the server's `extensions.field` names them; confirm (the password typed again) is the
 * form's own. company, password and confirm are a customer's or supplier's contact's only.
 */
export type RegistrationField =
  | 'name'
  | 'departmentId'
  | 'position'
  | 'login'
  | 'mobile'
  | 'email'
  | 'note'
  | 'company'
  | 'password'
  | 'confirm'

const FIELDS: ReadonlySet<string> = new Set<RegistrationField>([
  'name',
  'departmentId',
  'position',
  'login',
  'mobile',
  'email',
  'note',
  'company',
  'password',
])

/** The form as typed: every field a string, '' for left empty (departmentId '' for none chosen). */
export type RegistrationDraft = Record<RegistrationField, string>

export const emptyDraft = (): RegistrationDraft => ({
  name: '',
  departmentId: '',
  position: '',
  login: '',
  mobile: '',
  email: '',
  note: '',
  company: '',
  password: '',
  confirm: '',
})

/**
 * Who applies (身份): the company's own staff (本企业员工, today's form), or a customer's or supplier's contact
 * person (客户联系人, 供应商联系人), who names their company and sets their password, and has no department or position.
 */
export type RegistrationIdentity = 'STAFF' | Party

export const IDENTITIES: ReadonlyArray<{ value: RegistrationIdentity; text: string }> = [
  { value: 'STAFF', text: '本企业员工' },
  { value: 'CUSTOMER', text: '客户联系人' },
  { value: 'SUPPLIER', text: '供应商联系人' },
]

/** The fields a form for identity shows (every other is hidden, and not sent). */
export function identityFields(identity: RegistrationIdentity): ReadonlySet<RegistrationField> {
  return identity === 'STAFF'
    ? new Set<RegistrationField>(['name', 'departmentId', 'position', 'login', 'mobile', 'email', 'note'])
    : new Set<RegistrationField>(['name', 'company', 'login', 'password', 'confirm', 'mobile', 'note'])
}

/** Sentences for a field under it, by field; what belongs to no field goes above the button. */
export interface RegistrationProblems {
  fields: Partial<Record<RegistrationField, string>>
  general: string
}

/**
 * What the form can tell before asking the server: the required fields, and for staff mobile or email at least one
 * (WeCom invites with them); for a contact the company, and the password typed twice alike. Formats (the account's
 * rule, a mobile's, an email's, the tenant's password rules) are the server's to judge, in its words.
 */
export function draftProblems(d: RegistrationDraft, identity: RegistrationIdentity = 'STAFF'): RegistrationProblems | null {
  const fields: Partial<Record<RegistrationField, string>> = {}
  if (!d.name.trim()) fields.name = '请填写姓名'
  if (identity === 'STAFF') {
    if (!d.login.trim()) fields.login = '请填写账号'
    if (!d.mobile.trim() && !d.email.trim()) fields.mobile = '手机和邮箱至少填写一项'
  } else {
    if (!d.company.trim()) fields.company = '请填写公司名称'
    if (!d.login.trim()) fields.login = '请填写账号'
    if (!d.password) fields.password = '请设置密码'
    else if (!d.confirm) fields.confirm = '请再次输入密码'
    else if (d.password !== d.confirm) fields.confirm = '两次输入的密码不一致'
  }
  return Object.keys(fields).length ? { fields, general: '' } : null
}

/**
 * The mutation's input: trimmed, and optional fields left empty are not sent. A contact's carries party, company and
 * password (as typed: spaces in a password are the person's), and no department or position.
 */
export function toRegistrationInput(d: RegistrationDraft, identity: RegistrationIdentity = 'STAFF'): RegistrationInput {
  const opt = (v: string) => v.trim() || null
  if (identity !== 'STAFF') {
    return {
      party: identity,
      company: d.company.trim(),
      password: d.password,
      name: d.name.trim(),
      login: d.login.trim(),
      mobile: opt(d.mobile),
      note: opt(d.note),
    }
  }
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

/** What a receipt says beyond its status: a contact's application names its party, its login and, once approved, the sign-in. */
export interface ReceiptDetails {
  party?: Party | null
  login?: string | null
  signInUrl?: string | null
}

/**
 * The card for an application's status; a refusal quotes the admin's reason. A contact's approved application says
 * to sign in from the service account with the login and the password they set (signInUrl is where).
 */
export function statusView(status: RegistrationStatus, reason?: string | null, details: ReceiptDetails = {}): StatusView {
  switch (status) {
    case 'APPROVED':
      if (details.party || details.signInUrl) {
        const login = details.login?.trim()
        const account = login ? `账号 ${login} ` : '您的账号'
        return {
          title: '已通过',
          text: details.signInUrl ? `请用${account}和您设置的密码登录` : `请在企业的微信服务号中用${account}和您设置的密码登录`,
          tone: 'approved',
          canReapply: false,
        }
      }
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

/** The service account's sign-in an approved contact is sent to, when it is an http(s) address; null otherwise. */
export function signInLink(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const u = new URL(url)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null
  } catch {
    return null
  }
}
