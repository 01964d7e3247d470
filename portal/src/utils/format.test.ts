import { describe, expect, it } from 'vitest'
import { formatTime } from './format'

describe('formatTime', () => {
  it('shows China time', () => {
    expect(formatTime('2026-12-06T17:05:00Z')).toBe('2026-12-07 01:05')
    expect(formatTime('2026-12-07T09:30:00+08:00')).toBe('2026-12-07 09:30')
  })
  it('shows nothing for a missing or bad time', () => {
    expect(formatTime(null)).toBe('')
    expect(formatTime('nope')).toBe('')
  })
})
