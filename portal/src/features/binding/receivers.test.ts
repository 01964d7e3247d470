import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import { receiverLabel } from './receivers'

const t = (k: string) => i18n.global.t(k)

describe('receiverLabel', () => {
  it('names an app’s receiver by its system', () => {
    expect(receiverLabel({ name: 'oa', system: 'OA' }, t)).toBe('OA')
  })
  it('names the event servers in words', () => {
    expect(receiverLabel({ name: 'contacts', system: null }, t)).toBe('通讯录事件')
    expect(receiverLabel({ name: 'customers' }, t)).toBe('客户联系事件')
  })
  it('shows an unknown receiver’s own name', () => {
    expect(receiverLabel({ name: 'hr-events' }, t)).toBe('hr-events')
  })
})
