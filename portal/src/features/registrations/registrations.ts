// 注册申请's logic: the tabs and the status each reads, 待审核's count as the tab shows it, what a refusal must
// carry before it is sent, and the sentence that says when an approved person joins WeCom.
import type { RegistrationStatus } from '@/gql/graphql'

export const TABS = ['PENDING', 'APPROVED', 'REFUSED', 'ALL'] as const
export type Tab = (typeof TABS)[number]

/** The tab of a ?tab= value: 待审核 unless it names another. */
export function tabOf(raw: unknown): Tab {
  return typeof raw === 'string' && (TABS as readonly string[]).includes(raw) ? (raw as Tab) : 'PENDING'
}

/** The registrations query's status for the tab: none for 全部. */
export function statusOf(tab: Tab): RegistrationStatus | null {
  return tab === 'ALL' ? null : tab
}

/** The page size 待审核's count reads: the list's largest (registration.MaxPage). */
export const COUNT_PAGE = 100

/** 待审核's count as its tab shows it: '' for none, "100+" when more follow the one page read. */
export function pendingBadge(p: { nodes: readonly unknown[]; next?: string | null } | null | undefined): string {
  if (!p || !p.nodes.length) return ''
  return p.next ? `${p.nodes.length}+` : String(p.nodes.length)
}

/** The refusal's reason, trimmed; null when there is none (the applicant reads it, so the server requires one). */
export function refusalReason(raw: string): string | null {
  const r = raw.trim()
  return r ? r : null
}

/** The i18n key of what follows an approval: the sync started (WeCom invites them now) or the next one adds them. */
export function syncKey(syncStarted: boolean): string {
  return syncStarted ? 'registrations.result.syncStarted' : 'registrations.result.syncLater'
}

/**
 * The optional columns of a tab: what became of the application (with who decided and when), the actions on the
 * pending ones, and the note, which 全部 leaves out to keep its outcome and actions in view at the portal's width.
 */
export function columnsOf(tab: Tab): { outcome: boolean; actions: boolean; note: boolean } {
  return { outcome: tab !== 'PENDING', actions: tab === 'PENDING' || tab === 'ALL', note: tab !== 'ALL' }
}

/** Where an approved application's outcome links: the contact account it made (a customer's or supplier's contact
 * applied), else the employee; null when what it made is gone. */
export type Outcome =
  | { kind: 'contact'; name: string; to: { name: 'party-contacts'; query: { q: string } } }
  | { kind: 'employee'; name: string; to: { name: 'person'; params: { id: string } } }

export function outcomeOf(r: {
  party?: string | null
  employee?: { id: string; name: string } | null
  contact?: { name: string; login: string } | null
}): Outcome | null {
  if (r.contact) return { kind: 'contact', name: r.contact.name, to: { name: 'party-contacts', query: { q: r.contact.login } } }
  if (r.employee) return { kind: 'employee', name: r.employee.name, to: { name: 'person', params: { id: r.employee.id } } }
  return null
}

/** The i18n key of what became of an approved application whose account is gone. */
export function goneKey(r: { party?: string | null }): string {
  return r.party ? 'registrations.contactGone' : 'registrations.employeeGone'
}
