// 回调事件: the events WeCom posted to the tenant's receivers, their statuses in words and the screen's filter.
import type { WeComEventFilter } from '@/gql/graphql'

/** The statuses the server gives an event (WeComEvent.status), in the order the filter offers them. */
export const EVENT_STATUSES = ['RECEIVED', 'PROCESSED', 'IGNORED', 'KEPT', 'FAILED'] as const
export type EventStatus = (typeof EVENT_STATUSES)[number]

/** The tag colour of each status; an unknown one (a newer server's) is shown plain. */
export const EVENT_STATUS_TAG: Record<EventStatus, 'primary' | 'success' | 'info' | 'warning' | 'danger'> = {
  RECEIVED: 'primary',
  PROCESSED: 'success',
  IGNORED: 'info',
  KEPT: 'warning',
  FAILED: 'danger',
}

export const isEventStatus = (s: string): s is EventStatus => (EVENT_STATUSES as readonly string[]).includes(s)

/** The receivers an event comes to, as the server names them. */
export const RECEIVERS = ['oa', 'pb', 'crm', 'contacts', 'customers'] as const

export interface EventFilterForm {
  receiver: string
  event: string
  status: string
}

/** The filter to send: only the fields filled in, trimmed; null when none is. */
export function eventFilter(f: EventFilterForm): WeComEventFilter | null {
  const out: WeComEventFilter = {}
  if (f.receiver) out.receiver = f.receiver
  if (f.event.trim()) out.event = f.event.trim()
  if (f.status) out.status = f.status
  return Object.keys(out).length ? out : null
}

/** True when replaying the event may change something: it failed, or was kept or ignored and is worth a retry. */
export const canReplay = (status: string) => status !== 'RECEIVED'
