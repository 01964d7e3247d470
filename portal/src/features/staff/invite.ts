// 邀请加入企业微信's report (inviteToWeCom): who WeCom invites, who it refused, who was left out and why, and the
// headline that sums it up.
import type { InviteToWeComMutation } from '@/gql/graphql'

export type InviteReport = InviteToWeComMutation['inviteToWeCom']

/** How the report reads at a glance: everyone invited, some not, or nobody. */
export type InviteOutcome = 'all' | 'partly' | 'none'

export function inviteOutcome(r: InviteReport): InviteOutcome {
  if (!r.invited.length) return 'none'
  return r.refused.length || r.skipped.length ? 'partly' : 'all'
}

/** The alert type of the headline for the outcome. */
export const OUTCOME_TYPE: Record<InviteOutcome, 'success' | 'warning' | 'info'> = { all: 'success', partly: 'warning', none: 'info' }

/** The skipped grouped by reason (the same reason for many reads once, with their names), largest group first. */
export function skippedByReason(r: InviteReport): { reason: string; names: string[] }[] {
  const groups = new Map<string, string[]>()
  for (const s of r.skipped) groups.set(s.reason, [...(groups.get(s.reason) ?? []), s.employee.name])
  return [...groups].map(([reason, names]) => ({ reason, names })).sort((a, b) => b.names.length - a.names.length)
}
