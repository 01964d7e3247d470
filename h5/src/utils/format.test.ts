import { describe, expect, it } from 'vitest'
import { badge, formatTime, itemStatusTag, recipientStateTag, recipientsText } from '@/utils/format'

// The phone is in New York: the times must still read as in China, where the tenant is and its WeCom cards say.
// Node reads TZ when it changes, so every Date below that uses the local zone is in New York.
process.env.TZ = 'America/New_York'

/** An instant given as a China wall-clock time (UTC+8). */
const china = (y: number, mo: number, d: number, h: number, mi: number) => new Date(Date.UTC(y, mo - 1, d, h - 8, mi))

describe('formatTime', () => {
  it('runs in a zone other than China (else these cases prove nothing)', () => {
    expect(new Date(Date.UTC(2026, 10, 21, 12)).getTimezoneOffset()).toBe(300)
  })
  const now = china(2026, 11, 21, 18, 30)
  it.each([
    ['today in China, yesterday in New York', china(2026, 11, 21, 9, 5), now, '09:05'],
    // The card: 18:21 UTC is 02:21 the next day in China, 13:21 the day before in New York.
    ['after midnight in China', china(2026, 11, 22, 2, 21), china(2026, 11, 22, 10, 0), '02:21'],
    ['yesterday', china(2026, 11, 20, 23, 59), now, '昨天 23:59'],
    ['China midnight is a new day', china(2026, 11, 21, 0, 0), now, '00:00'],
    ['this year', china(2026, 3, 5, 14, 0), now, '3月5日 14:00'],
    // New Year in China while New York is still in the old year.
    ['new year in China', china(2026, 1, 1, 0, 30), china(2026, 3, 5, 9, 0), '1月1日 00:30'],
    ['an earlier year', china(2023, 3, 5, 14, 0), now, '2023年3月5日'],
  ])('%s', (_name, t, at, want) => {
    expect(formatTime(t.toISOString(), at)).toBe(want)
  })
  it('returns garbage unchanged', () => {
    expect(formatTime('not a time', now)).toBe('not a time')
  })
})

describe('recipientsText', () => {
  it.each([
    [['李四'], 1, '李四'],
    [['李四', '王五'], 2, '李四、王五'],
    [['李四', '王五', '赵六'], 3, '李四、王五、赵六'],
    [['李四', '王五', '赵六'], 12, '李四、王五、赵六 等 12 人'],
  ])('%j of %i', (names, count, want) => {
    expect(recipientsText(names, count)).toBe(want)
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
