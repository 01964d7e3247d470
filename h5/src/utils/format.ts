// Display helpers shared by the pages: times and status labels in Chinese.
import type { ItemStatus, RecipientState } from '@/gql/graphql'

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * A compact time for lists and details: "14:05" today, "昨天 14:05", "3月5日 14:05" this year,
 * "2023年3月5日" before. Returns the input unchanged when it is not a valid time.
 */
export function formatTime(iso: string, now: Date = new Date()): string {
  const t = new Date(iso)
  if (Number.isNaN(t.getTime())) return iso
  const hm = `${pad(t.getHours())}:${pad(t.getMinutes())}`
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()
  const day = 24 * 60 * 60 * 1000
  if (t.getTime() >= startOfToday && t.getTime() < startOfToday + day) return hm
  if (t.getTime() >= startOfToday - day && t.getTime() < startOfToday) return `昨天 ${hm}`
  if (t.getFullYear() === now.getFullYear()) return `${t.getMonth() + 1}月${t.getDate()}日 ${hm}`
  return `${t.getFullYear()}年${t.getMonth() + 1}月${t.getDate()}日`
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

/** A badge count for the tabs: nothing for zero, "99+" past 99. */
export function badge(count: number | undefined): string | undefined {
  if (!count) return undefined
  return count > 99 ? '99+' : String(count)
}
