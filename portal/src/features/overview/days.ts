// The overview's per-day chart: each day's outcomes stacked in one column, scaled to the busiest day.

export interface Day {
  date: string
  sent: number
  skipped: number
  failed: number
  pending: number
}

export const OUTCOMES = ['sent', 'skipped', 'failed', 'pending'] as const
export type Outcome = (typeof OUTCOMES)[number]

/** A day's column: its total and each outcome's height in percent of the busiest day's total. */
export interface Column {
  date: string
  label: string
  total: number
  heights: Record<Outcome, number>
}

/** The columns for the days; label is the day as "12-07". */
export function columns(days: readonly Day[]): Column[] {
  const totals = days.map((d) => OUTCOMES.reduce((n, o) => n + d[o], 0))
  const max = Math.max(0, ...totals)
  return days.map((d, i) => ({
    date: d.date,
    label: d.date.slice(5),
    total: totals[i],
    heights: Object.fromEntries(OUTCOMES.map((o) => [o, max ? (d[o] / max) * 100 : 0])) as Record<Outcome, number>,
  }))
}
