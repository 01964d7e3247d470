// The messages the business systems (PB, CRM …) send a customer's or supplier's contact person (role CONTACT), as
// their pages show them: plain text always (never HTML), the system as a tag, the system's own page behind
// 打开详情 only when it is an http(s) address.
import type { Party } from '@/gql/graphql'

/** The system's code as the list and the detail show it: 【PB】. */
export function systemTag(system: string): string {
  const code = system.trim()
  return code ? `【${code}】` : ''
}

/** The first non-blank line of a message's content, for its row in the list ('' when it has none). */
export function firstLine(content: string): string {
  for (const line of content.split(/\r\n|\r|\n/)) {
    const t = line.trim()
    if (t) return t
  }
  return ''
}

/**
 * The system's page for a message when it may be opened from the H5: an absolute http(s) URL. Anything else
 * (javascript:, a relative path, garbage) gives null, and no 打开详情 button shows.
 */
export function openableUrl(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const u = new URL(url.trim())
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null
  } catch {
    return null
  }
}

/** Who a contact is for, in their header: 客户联系人 or 供应商联系人. */
export function partyLabel(party: Party | null | undefined): string {
  if (party === 'SUPPLIER') return '供应商联系人'
  if (party === 'CUSTOMER') return '客户联系人'
  return '联系人'
}
