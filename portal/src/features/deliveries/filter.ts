// The deliveries screen's filter: what the form holds and what it sends.
import type { DeliveryFilter, DeliveryStatus } from '@/gql/graphql'

export interface FilterForm {
  status: DeliveryStatus | ''
  kind: string
  recipient: string
}

/** The filter to send: only the fields filled in, trimmed; null when none is. */
export function deliveryFilter(f: FilterForm): DeliveryFilter | null {
  const out: DeliveryFilter = {}
  if (f.status) out.status = f.status
  if (f.kind.trim()) out.kind = f.kind.trim()
  if (f.recipient.trim()) out.recipient = f.recipient.trim()
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
