// The logic of 通讯录同步 (seed 000 §2.4): what a preview's counts say and which of its lists the server cut short,
// what a first sync (a replace) deletes in words, a run's progress, the summary of a run's counts, the settings
// form and what it sends, and a run's rows in pages by seq. Texts are i18n keys with their parameters.
import type {
  ContactSyncAction,
  ContactSyncCountsFieldsFragment,
  ContactSyncField,
  ContactSyncFieldsFragment,
  ContactSyncPreviewQuery,
  ContactSyncResult,
  ContactSyncRowsQuery,
  ContactSyncRowsQueryVariables,
  ContactSyncSettingsFieldsFragment,
  ContactSyncSettingsInput,
  ContactSyncState,
} from '@/gql/graphql'
import type { Page } from '@/utils/paging'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'
type Counts = ContactSyncCountsFieldsFragment
export type Preview = ContactSyncPreviewQuery['contactSyncPreview']
export type SyncRun = ContactSyncFieldsFragment
export type SyncRow = ContactSyncRowsQuery['contactSync']['rows']['nodes'][number]

/** A text: an i18n key and its parameters. */
export interface Text {
  key: string
  params?: Record<string, string | number>
}

/** How often a running sync's progress is read, in ms. */
export const POLL_MS = 1000

/** How many entries the server keeps in each of the preview's lists (graph.previewListLimit). */
export const PREVIEW_LIST_LIMIT = 500

/** The counts' tiles, in the order the preview shows them, grouped under 部门 and 成员. */
export const DEPARTMENT_COUNTS = ['departmentCreates', 'departmentUpdates', 'departmentDeletes'] as const
export const MEMBER_COUNTS = ['creates', 'updates', 'disables', 'deletes'] as const
type WriteCount = (typeof DEPARTMENT_COUNTS)[number] | (typeof MEMBER_COUNTS)[number]

export const STATE_TAG: Record<ContactSyncState, TagType> = { QUEUED: 'info', RUNNING: 'warning', DONE: 'success', FAILED: 'danger' }
export const RESULT_TAG: Record<ContactSyncResult, TagType> = { OK: 'success', FAILED: 'danger', SKIPPED: 'info' }
export const ACTION_TAG: Record<ContactSyncAction, TagType> = {
  CREATE: 'success',
  UPDATE: 'primary',
  DISABLE: 'warning',
  DELETE: 'danger',
  INVALID: 'danger',
  CONFLICT: 'warning',
  APPLY: 'primary',
  ECHO: 'info',
  LINK: 'info',
}

/** The member fields either side may own, in the order the settings list them. */
export const OWNABLE_FIELDS: ContactSyncField[] = ['NAME', 'MOBILE', 'EMAIL', 'POSITION', 'DEPARTMENTS']

/** The fields a member change may name (contactSync.field.*); others are shown as the server wrote them. */
const CHANGE_FIELDS = new Set(['NAME', 'MOBILE', 'EMAIL', 'POSITION', 'DEPARTMENTS', 'STATUS', 'USERID'])

/** The i18n key of a changed field, or null for one the portal does not know (shown as it is). */
export function changedFieldKey(field: string): string | null {
  return CHANGE_FIELDS.has(field) ? `contactSync.field.${field}` : null
}

/** The zones the settings offer; the admin may type any other IANA zone. */
export const TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Dubai',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Australia/Sydney',
]

/** The writes the sync makes to WeCom (members not meeting the rules are never written). */
export function writes(c: Counts): number {
  return [...DEPARTMENT_COUNTS, ...MEMBER_COUNTS].reduce((n, k) => n + c[k], 0)
}

/** True when WeCom already has what Qiao has: nothing to write. */
export function upToDate(c: Counts): boolean {
  return writes(c) === 0
}

/** The totals behind each of the preview's lists. */
export function listTotals(c: Counts): { members: number; departments: number; invalid: number } {
  return {
    members: MEMBER_COUNTS.reduce((n, k) => n + c[k], 0),
    departments: DEPARTMENT_COUNTS.reduce((n, k) => n + c[k], 0),
    invalid: c.invalid,
  }
}

/** True when the server cut a list short: its count is more than the entries it holds. */
export function truncated(total: number, shown: number): boolean {
  return total > shown
}

/**
 * What a first sync deletes, said plainly: the members WeCom has that Qiao does not, out of WeCom's members; or,
 * when WeCom does not let this server read its directory, that the number cannot be known. Null for an
 * incremental sync.
 */
export function replaceWarning(p: Pick<Preview, 'mode' | 'replaceDeletes' | 'wecomMembers'>): Text | null {
  if (p.mode !== 'REPLACE') return null
  if (p.replaceDeletes == null || p.wecomMembers == null) return { key: 'contactSync.replaceUnknown' }
  return { key: 'contactSync.replaceDeletes', params: { n: p.replaceDeletes, m: p.wecomMembers } }
}

/**
 * The run the page follows when it opens, of the latest runs (newest first): the newest sync to WeCom or pull from
 * it (从企业微信导入), never a day of WeCom's events; the page follows it while it has not stopped.
 */
export function runToFollow(runs: readonly SyncRun[] | null | undefined): SyncRun | null {
  return runs?.find((r) => r.direction === 'OUT' || r.mode === 'PULL') ?? null
}

/** True when the preview is of a first sync that replaces WeCom's directory: 从企业微信导入 is then the step to take first. */
export function pullRecommended(p: Pick<Preview, 'mode'> | null | undefined): boolean {
  return p?.mode === 'REPLACE'
}

/** A run's progress line: what a pull read into Qiao, or what a sync wrote to WeCom. */
export function progressText(run: Pick<SyncRun, 'mode' | 'total' | 'done' | 'failed'>): Text {
  const params = { done: run.done, failed: run.failed, total: run.total }
  return { key: run.mode === 'PULL' ? 'contactSync.pull.progress' : 'contactSync.progress', params }
}

/** What a finished run did, as its result says it: a pull's departments and members matched or added, or a sync's writes; and those refused. */
export function doneText(run: Pick<SyncRun, 'mode' | 'done' | 'failed'>): Text {
  const base = run.mode === 'PULL' ? 'contactSync.pull.' : 'contactSync.'
  if (run.failed > 0) return { key: `${base}doneFailed`, params: { done: run.done, failed: run.failed } }
  return { key: `${base}doneOK`, params: { done: run.done } }
}

/**
 * A run's summary in the history: a pull (whose counts stay zero) by the departments and members it matched or
 * added; another run by its counts (countsSummary). None when it did nothing.
 */
export function runSummary(run: Pick<SyncRun, 'mode' | 'done' | 'counts'>): Text[] {
  if (run.mode === 'PULL') return run.done > 0 ? [{ key: 'contactSync.summary.pulled', params: { n: run.done } }] : []
  return countsSummary(run.counts)
}

/** True once a sync has stopped, done or failed. */
export function finished(state: ContactSyncState): boolean {
  return state === 'DONE' || state === 'FAILED'
}

/**
 * A run's progress, 0 to 100 (whole numbers): writes made or refused of those planned; 100 once it is done (a pull
 * plans the departments and members it reads, and those Qiao already knows make no row) or stopped with none.
 */
export function progressPercent(run: Pick<SyncRun, 'state' | 'total' | 'done' | 'failed'>): number {
  if (run.state === 'DONE') return 100
  if (run.total <= 0) return finished(run.state) ? 100 : 0
  return Math.min(100, Math.floor(((run.done + run.failed) * 100) / run.total))
}

/**
 * Why a running sync is waiting for the queue's next try, as the server words it (重试中：…, e.g. WeCom limiting the
 * rate or a network error), to be shown as it is; null when it is not running or not waiting. A failed run's error is
 * shown by its own alert.
 */
export function retryReason(run: Pick<SyncRun, 'state' | 'error'>): string | null {
  if (run.state !== 'RUNNING' || !run.error?.trim()) return null
  return run.error
}

/** A run's counts as a summary: the kinds it wrote, in the tiles' order (contactSync.summary.*), none when it wrote nothing. */
export function countsSummary(c: Counts): Text[] {
  const out: Text[] = []
  for (const k of [...MEMBER_COUNTS, ...DEPARTMENT_COUNTS, 'invalid'] as (WriteCount | 'invalid')[]) {
    if (c[k] > 0) out.push({ key: `contactSync.summary.${k}`, params: { n: c[k] } })
  }
  return out
}

/** The settings form as the page holds it. */
export interface SettingsForm {
  scheduleEnabled: boolean
  times: string[]
  timeZone: string
  wecomOwnedFields: ContactSyncField[]
}

/** The form filled from what the server holds. */
export function settingsForm(s: ContactSyncSettingsFieldsFragment): SettingsForm {
  return { scheduleEnabled: s.scheduleEnabled, times: [...s.times], timeZone: s.timeZone, wecomOwnedFields: [...s.wecomOwnedFields] }
}

/** The times to send: blanks dropped, each once, in the day's order. */
export function cleanTimes(times: string[]): string[] {
  return [...new Set(times.map((t) => t.trim()).filter(Boolean))].sort()
}

/** The form's problem the page refuses before sending: no time at all (the server asks for one even when switched off). */
export function timesError(form: SettingsForm): Text | null {
  return cleanTimes(form.times).length === 0 ? { key: 'contactSync.settings.timesRequired' } : null
}

/** The input of saveContactSyncSettings: the whole form, times cleaned, the zone trimmed, the fields in a fixed order. */
export function settingsInput(form: SettingsForm): ContactSyncSettingsInput {
  return {
    scheduleEnabled: form.scheduleEnabled,
    times: cleanTimes(form.times),
    timeZone: form.timeZone.trim(),
    wecomOwnedFields: OWNABLE_FIELDS.filter((f) => form.wecomOwnedFields.includes(f)),
  }
}

/** The time a new row of the schedule starts with: the first whole hour from 08:00 on not taken yet. */
export function nextFreeTime(times: string[]): string {
  for (let i = 0; i < 24; i++) {
    const t = `${String((8 + i) % 24).padStart(2, '0')}:00`
    if (!times.includes(t)) return t
  }
  return '00:00'
}

/** "2026-12-07 08:05" in the zone; in China time when the zone is not one the browser knows; '' for no time. */
export function formatInZone(iso: string | null | undefined, zone: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  let f: Intl.DateTimeFormat
  try {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  } catch {
    return zone === 'Asia/Shanghai' ? '' : formatInZone(iso, 'Asia/Shanghai')
  }
  const parts = f.formatToParts(d)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
}

/** When the next scheduled sync runs, as the settings say it: a time in their zone, switched off, or after the first sync. */
export function nextRunText(s: Pick<ContactSyncSettingsFieldsFragment, 'scheduleEnabled' | 'nextRunAt' | 'timeZone'>): Text {
  if (!s.scheduleEnabled) return { key: 'contactSync.settings.nextRunOff' }
  if (!s.nextRunAt) return { key: 'contactSync.settings.nextRunAfterFirst' }
  return { key: 'contactSync.settings.nextRun', params: { time: formatInZone(s.nextRunAt, s.timeZone), zone: s.timeZone } }
}

/** A page of rows as useCursorList takes it: the cursor is the last row's seq. */
export function seqPage(page: { nodes: SyncRow[]; hasNextPage: boolean }): Page<SyncRow> {
  const last = page.nodes[page.nodes.length - 1]
  return { rows: page.nodes, totalCount: null, hasNextPage: page.hasNextPage, endCursor: last ? String(last.seq) : null }
}

/** The variables of ContactSyncRowsDocument for the page after cursor (a seq, as seqPage gives it). */
export function rowsVariables(id: string, problemsOnly: boolean, cursor: string | null, first = 100): ContactSyncRowsQueryVariables {
  return { id, problemsOnly, first, after: cursor ? Number(cursor) : 0 }
}
