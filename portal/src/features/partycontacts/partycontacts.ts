// 客户与供应商's logic: the list's filter (read from the query a link opens it with) and the variables it sends, the
// contact form with its checks and what create and update send, and how a row's type, status, WeChat and source
// read.
import type { NewPartyContact, Party, PartyContactFieldsFragment, PartyContactFilter, PartyContactInput, PartyContactStatus } from '@/gql/graphql'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const PARTIES: Party[] = ['CUSTOMER', 'SUPPLIER']
export const STATUSES: PartyContactStatus[] = ['ACTIVE', 'FROZEN']

export const PARTY_TAG: Record<Party, TagType> = { CUSTOMER: 'primary', SUPPLIER: 'warning' }
export const STATUS_TAG: Record<PartyContactStatus, TagType> = { ACTIVE: 'success', FROZEN: 'danger' }

/** The page size the list reads (the server's cap is larger). */
export const PAGE = 50

/** The list's filter as the form holds it: '' for 全部. */
export interface ContactFilter {
  search: string
  party: Party | ''
  status: PartyContactStatus | ''
}

const oneOf = <T extends string>(raw: unknown, allowed: readonly T[]): T | '' =>
  typeof raw === 'string' && (allowed as readonly string[]).includes(raw) ? (raw as T) : ''

/** The filter a link opens the page with (?q=, ?party=, ?status=, as 注册申请 links a contact); empty otherwise. */
export function filterOf(query: Record<string, unknown>): ContactFilter {
  const q = query.q
  return { search: typeof q === 'string' ? q.trim() : '', party: oneOf(query.party, PARTIES), status: oneOf(query.status, STATUSES) }
}

/** The partyContacts query's filter: null when nothing narrows the list. */
export function filterVariables(f: ContactFilter): PartyContactFilter | null {
  const out: PartyContactFilter = {}
  const search = f.search.trim()
  if (search) out.search = search
  if (f.party) out.party = f.party
  if (f.status) out.status = f.status
  return Object.keys(out).length ? out : null
}

/** Whether the filter narrows the list (the empty list then says nothing matched, not that there are none). */
export function isFiltered(f: ContactFilter): boolean {
  return filterVariables(f) !== null
}

/** The contact form of the create and edit dialogs; mobile is '' when empty, login only matters on create. */
export interface ContactForm {
  party: Party
  company: string
  name: string
  mobile: string
  login: string
}

export function emptyForm(): ContactForm {
  return { party: 'CUSTOMER', company: '', name: '', mobile: '', login: '' }
}

/** The form filled from a contact, to edit. */
export function formOf(c: PartyContactFieldsFragment): ContactForm {
  return { party: c.party, company: c.company, name: c.name, mobile: c.mobile ?? '', login: c.login }
}

/** What a login may be (directory's rule): 2–64 letters, digits and _ . @ -. */
export const LOGIN_PATTERN = /^[A-Za-z0-9_.@-]{2,64}$/

/** The fields the form checks before sending, with the i18n key of the complaint; the server checks the rest. */
export function checkForm(f: ContactForm, creating: boolean): Partial<Record<keyof ContactForm, string>> {
  const out: Partial<Record<keyof ContactForm, string>> = {}
  if (!f.company.trim()) out.company = 'partyContacts.form.companyRequired'
  if (!f.name.trim()) out.name = 'partyContacts.form.nameRequired'
  if (creating) {
    const login = f.login.trim()
    if (!login) out.login = 'partyContacts.form.loginRequired'
    else if (!LOGIN_PATTERN.test(login)) out.login = 'partyContacts.form.loginInvalid'
  }
  return out
}

/** What createPartyContact gets: trimmed, without a mobile when none was typed. */
export function createInput(f: ContactForm): NewPartyContact {
  const input: NewPartyContact = { party: f.party, company: f.company.trim(), name: f.name.trim(), login: f.login.trim() }
  const mobile = f.mobile.trim()
  if (mobile) input.mobile = mobile
  return input
}

/** What updatePartyContact gets: every field, trimmed; an emptied mobile is sent as '', which clears it. */
export function updateInput(f: ContactForm): PartyContactInput {
  return { party: f.party, company: f.company.trim(), name: f.name.trim(), mobile: f.mobile.trim() }
}

/** Whether the edit form differs from the contact (trimmed), so 保存 has something to send. */
export function changed(c: PartyContactFieldsFragment, f: ContactForm): boolean {
  const was = updateInput(formOf(c))
  const now = updateInput(f)
  return was.party !== now.party || was.company !== now.company || was.name !== now.name || was.mobile !== now.mobile
}

/** A contact's WeChat as the 微信 column reads it: not bound, or bound and following the service account or not. */
export type WechatState = 'UNBOUND' | 'FOLLOWING' | 'NOT_FOLLOWING'

export function wechatState(c: Pick<PartyContactFieldsFragment, 'wechatBound' | 'wechatSubscribed'>): WechatState {
  if (!c.wechatBound) return 'UNBOUND'
  return c.wechatSubscribed ? 'FOLLOWING' : 'NOT_FOLLOWING'
}

export const WECHAT_TAG: Record<WechatState, TagType> = { UNBOUND: 'info', FOLLOWING: 'success', NOT_FOLLOWING: 'warning' }

/** Who made the account, as the 来源 column says it: an i18n key, with the system's code when a system did. */
export function sourceOf(source: string): { key: string; system?: string } {
  if (source === 'admin') return { key: 'partyContacts.source.admin' }
  if (source === 'registration') return { key: 'partyContacts.source.registration' }
  return { key: 'partyContacts.source.system', system: source.toUpperCase() }
}

/** The row actions a contact's status allows: freezing an active one, unfreezing a frozen one. */
export function freezeAction(status: PartyContactStatus): 'freeze' | 'unfreeze' {
  return status === 'FROZEN' ? 'unfreeze' : 'freeze'
}
