import { describe, expect, it } from 'vitest'
import { columns } from './days'

describe('columns', () => {
  it('scales each outcome to the busiest day', () => {
    const c = columns([
      { date: '2026-12-06', sent: 2, skipped: 1, failed: 1, pending: 0 },
      { date: '2026-12-07', sent: 1, skipped: 0, failed: 0, pending: 1 },
    ])
    expect(c.map((x) => x.total)).toEqual([4, 2])
    expect(c[0].heights).toEqual({ sent: 50, skipped: 25, failed: 25, pending: 0 })
    expect(c[1].heights.pending).toBe(25)
    expect(c[1].label).toBe('12-07')
  })
  it('draws nothing for quiet days', () => {
    expect(columns([{ date: '2026-12-07', sent: 0, skipped: 0, failed: 0, pending: 0 }])[0].heights.sent).toBe(0)
  })
})
