// The deliveries screen's filter: what the form holds and what it sends.
import type { DeliveryFilter, DeliveryStatus } from '@/gql/graphql'
import type { PushItemRef } from '../publish/progress'
import { itemFilter } from './item'

export interface FilterForm {
  status: DeliveryStatus | ''
  kind: string
  recipient: string
  /** A day (YYYY-MM-DD, from the date picker), or '': the pushes from the start of that day in China time on. */
  since: string
}

/** The statuses the filter offers, in the order of a push's life. */
export const STATUSES: readonly DeliveryStatus[] = ['SENDING', 'SENT', 'SKIPPED', 'FAILED', 'UNDELIVERABLE']

/**
 * The filter a link opens the page with (?kind=notice, ?status=, ?recipient=, ?since=YYYY-MM-DD; a publish list's
 * 推送 cell's ?item= is itemOfParam's); empty otherwise. What it does not know is left out.
 */
export function filterOf(query: Record<string, unknown>): FilterForm {
  const word = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const status = word(query.status)
  const since = word(query.since)
  return {
    status: (STATUSES as readonly string[]).includes(status) ? (status as DeliveryStatus) : '',
    kind: word(query.kind),
    recipient: word(query.recipient),
    since: /^\d{4}-\d{2}-\d{2}$/.test(since) ? since : '',
  }
}

/** The start of a day in China time (the portal's days are China's, like the server's daily counts). */
export function chinaDayStart(day: string): string {
  return `${day}T00:00:00+08:00`
}

/** The filter to send: only the fields filled in, trimmed, and the one item's push if any; null when none is. */
export function deliveryFilter(f: FilterForm, item: PushItemRef | null = null): DeliveryFilter | null {
  const out: DeliveryFilter = {}
  if (item) out.item = itemFilter(item)
  if (f.status) out.status = f.status
  if (f.kind.trim()) out.kind = f.kind.trim()
  if (f.recipient.trim()) out.recipient = f.recipient.trim()
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.since)) out.since = chinaDayStart(f.since)
  return Object.keys(out).length ? out : null
}

/** The tag colour of each status. */
export const STATUS_TAG: Record<DeliveryStatus, 'primary' | 'success' | 'info' | 'warning' | 'danger'> = {
  SENDING: 'primary',
  SENT: 'success',
  SKIPPED: 'info',
  FAILED: 'warning',
  UNDELIVERABLE: 'danger',
}

/** The channels a delivery names (Delivery.channel): a WeCom app message, or the service account's template message. */
export const CHANNELS = ['wecom', 'mp'] as const

/** The i18n key under deliveries.channels. of a delivery's channel, or null for one this portal does not know yet. */
export function channelKey(channel: string): (typeof CHANNELS)[number] | null {
  return (CHANNELS as readonly string[]).includes(channel) ? (channel as (typeof CHANNELS)[number]) : null
}
