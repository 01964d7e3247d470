import { describe, expect, it } from 'vitest'
import { badge, formatTime, itemStatusTag, recipientStateTag } from '@/utils/format'

describe('formatTime', () => {
  const now = new Date(2026, 10, 21, 18, 30)
  it.each([
    [new Date(2026, 10, 21, 9, 5), '09:05'],
    [new Date(2026, 10, 20, 23, 59), '昨天 23:59'],
    [new Date(2026, 2, 5, 14, 0), '3月5日 14:00'],
    [new Date(2023, 2, 5, 14, 0), '2023年3月5日'],
  ])('%s', (t, want) => {
    expect(formatTime(t.toISOString(), now)).toBe(want)
  })
  it('returns garbage unchanged', () => {
    expect(formatTime('not a time', now)).toBe('not a time')
  })
})

describe('badge', () => {
  it('hides zero and caps at 99+', () => {
    expect(badge(0)).toBeUndefined()
    expect(badge(7)).toBe('7')
    expect(badge(120)).toBe('99+')
  })
})

describe('status tags', () => {
  it('label known values in Chinese and show unknown ones as they are', () => {
    expect(itemStatusTag('APPROVED')).toEqual({ text: '已同意', type: 'success' })
    expect(recipientStateTag('CLOSED').text).toBe('已结束')
    expect(itemStatusTag('WITHDRAWN')).toEqual({ text: '已撤回', type: 'default' })
    expect(itemStatusTag('ARCHIVED')).toEqual({ text: 'ARCHIVED', type: 'default' })
  })
})
