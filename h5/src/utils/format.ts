// Display helpers shared by the pages: times (in the tenant's zone) and status labels in Chinese.
import type { ItemStatus, RecipientState } from '@/gql/graphql'

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * The zone people read times in: the tenant's, China time (Asia/Shanghai) for every tenant until tenants have a
 * zone setting (the server formats card and message times in the same zone: oa.TenantZone). A phone set to
 * another zone still shows the times its WeCom cards show. China has kept UTC+8 without daylight saving since
 * 1991, so a fixed offset is exact and needs no time zone data in the in-app browser.
 */
export const TENANT_UTC_OFFSET_MINUTES = 8 * 60

const MINUTE = 60 * 1000
const DAY = 24 * 60 * MINUTE

/** The wall clock of t in the tenant's zone, read with the getUTC… methods of the Date returned. */
function wallClock(t: Date): Date {
  return new Date(t.getTime() + TENANT_UTC_OFFSET_MINUTES * MINUTE)
}

/**
 * A compact time for lists and details, in the tenant's zone whatever the phone's: "14:05" today, "昨天 14:05",
 * "3月5日 14:05" this year, "2023年3月5日" before. Returns the input unchanged when it is not a valid time.
 */
export function formatTime(iso: string, now: Date = new Date()): string {
  const instant = new Date(iso)
  if (Number.isNaN(instant.getTime())) return iso
  const t = wallClock(instant)
  const n = wallClock(now)
  const hm = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
  const startOfToday = Date.UTC(n.getUTCFullYear(), n.getUTCMonth(), n.getUTCDate())
  if (t.getTime() >= startOfToday && t.getTime() < startOfToday + DAY) return hm
  if (t.getTime() >= startOfToday - DAY && t.getTime() < startOfToday) return `昨天 ${hm}`
  if (t.getUTCFullYear() === n.getUTCFullYear()) return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${hm}`
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日`
}

type TagType = 'primary' | 'success' | 'danger' | 'warning' | 'default'

/** The tag for an item's overall status. */
export const ITEM_STATUS: Record<ItemStatus, { text: string; type: TagType }> = {
  PENDING: { text: '审批中', type: 'primary' },
  APPROVED: { text: '已同意', type: 'success' },
  REJECTED: { text: '已驳回', type: 'danger' },
  WITHDRAWN: { text: '已撤回', type: 'default' },
}

/** The tag for one recipient's state. */
export const RECIPIENT_STATE: Record<RecipientState, { text: string; type: TagType }> = {
  PENDING: { text: '待处理', type: 'warning' },
  APPROVED: { text: '已同意', type: 'success' },
  REJECTED: { text: '已驳回', type: 'danger' },
  CLOSED: { text: '已结束', type: 'default' },
}

/** The tag for an item status; a value this build does not know yet is shown as it is. */
export function itemStatusTag(status: string): { text: string; type: TagType } {
  return ITEM_STATUS[status as ItemStatus] ?? { text: status, type: 'default' }
}

/** The tag for a recipient state; a value this build does not know yet is shown as it is. */
export function recipientStateTag(state: string): { text: string; type: TagType } {
  return RECIPIENT_STATE[state as RecipientState] ?? { text: state, type: 'default' }
}

/**
 * Who an item went to, for a row of 已发: the names the server gave (the first few) and, when there are more,
 * how many in all: "李四", "李四、王五", "李四、王五、赵六 等 12 人".
 */
export function recipientsText(names: readonly string[], count: number): string {
  const shown = names.join('、')
  return count > names.length ? `${shown} 等 ${count} 人` : shown
}

/** A badge count for the tabs: nothing for zero, "99+" past 99. */
export function badge(count: number | undefined): string | undefined {
  if (!count) return undefined
  return count > 99 ? '99+' : String(count)
}
