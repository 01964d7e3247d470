import { describe, expect, it } from 'vitest'
import { channelKey, deliveryFilter, filterOf } from './filter'

describe('deliveryFilter', () => {
  it('sends only what is filled in', () => {
    expect(deliveryFilter({ status: '', kind: ' ', recipient: '', since: '' })).toBeNull()
    expect(deliveryFilter({ status: 'UNDELIVERABLE', kind: ' notice ', recipient: '', since: '' })).toEqual({ status: 'UNDELIVERABLE', kind: 'notice' })
    expect(deliveryFilter({ status: '', kind: '', recipient: 'lisi', since: '' })).toEqual({ recipient: 'lisi' })
  })
  it('sends the one item\'s push with the rest', () => {
    const none = { status: '', kind: '', recipient: '', since: '' } as const
    expect(deliveryFilter(none, { family: 'notice', id: '42' })).toEqual({ item: { item: 'NOTICE', id: '42' } })
    expect(deliveryFilter({ ...none, status: 'UNDELIVERABLE' }, { family: 'news', id: '7' })).toEqual({
      status: 'UNDELIVERABLE',
      item: { item: 'NOTICE', id: '7' },
    })
    expect(deliveryFilter(none, { family: 'survey', id: '3' })).toEqual({ item: { item: 'SURVEY', id: '3' } })
    expect(deliveryFilter(none, null)).toBeNull()
  })
  it('sends a since day as its start in China time', () => {
    expect(deliveryFilter({ status: '', kind: '', recipient: '', since: '2026-12-07' })).toEqual({ since: '2026-12-07T00:00:00+08:00' })
    expect(new Date(deliveryFilter({ status: '', kind: '', recipient: '', since: '2026-12-07' })!.since!).toISOString()).toBe('2026-12-06T16:00:00.000Z')
    expect(deliveryFilter({ status: '', kind: '', recipient: '', since: 'garbage' })).toBeNull()
  })
})

describe('channelKey', () => {
  it('names WeCom and the service account', () => {
    expect(channelKey('wecom')).toBe('wecom')
    expect(channelKey('mp')).toBe('mp')
  })
  it('leaves a channel it does not know to be shown as it is', () => {
    expect(channelKey('sms')).toBeNull()
    expect(channelKey('')).toBeNull()
  })
})

describe('filterOf', () => {
  it('reads a link’s kind family, status, recipient and day', () => {
    expect(filterOf({ kind: 'notice' })).toEqual({ status: '', kind: 'notice', recipient: '', since: '' })
    expect(filterOf({ kind: ' survey ', status: 'UNDELIVERABLE', recipient: 'lisi', since: '2026-12-07' })).toEqual({
      status: 'UNDELIVERABLE',
      kind: 'survey',
      recipient: 'lisi',
      since: '2026-12-07',
    })
    expect(deliveryFilter(filterOf({ kind: 'notice' }))).toEqual({ kind: 'notice' })
  })
  it('ignores what it does not know', () => {
    expect(filterOf({ kind: ['a'], status: 'sent', since: 'yesterday' })).toEqual({ status: '', kind: '', recipient: '', since: '' })
    expect(filterOf({})).toEqual({ status: '', kind: '', recipient: '', since: '' })
  })
})
