import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import { EVENT_STATUSES, eventFilter, isEventStatus } from './events'

describe('eventFilter', () => {
  it('sends only what is filled in', () => {
    expect(eventFilter({ receiver: '', event: ' ', status: '' })).toBeNull()
    expect(eventFilter({ receiver: 'customers', event: ' change_external_contact ', status: 'FAILED' })).toEqual({
      receiver: 'customers',
      event: 'change_external_contact',
      status: 'FAILED',
    })
  })
})

describe('event statuses', () => {
  it('has a Chinese word for every status', () => {
    const words = EVENT_STATUSES.map((s) => i18n.global.t(`events.status.${s}`))
    expect(words).toEqual(['已接收', '已处理', '已忽略', '已保存', '处理失败'])
  })
  it('knows a newer server’s status is not one of its own', () => {
    expect(isEventStatus('PROCESSED')).toBe(true)
    expect(isEventStatus('ARCHIVED')).toBe(false)
  })
})
