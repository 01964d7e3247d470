import { describe, expect, it } from 'vitest'
import { itemFilter, pushLogLink, titleOf } from './item'

describe('pushLogLink', () => {
  it('opens 推送记录 on the item, its title in the history entry, not the address', () => {
    expect(pushLogLink({ family: 'notice', id: '42' }, '元旦放假通知')).toEqual({
      name: 'deliveries',
      query: { item: 'notice:42' },
      state: { pushItem: 'notice:42', pushTitle: '元旦放假通知' },
    })
    expect(pushLogLink({ family: 'survey', id: '3' }, '团建去哪里')).toMatchObject({ query: { item: 'survey:3' } })
  })
})

describe('titleOf', () => {
  const ref = { family: 'notice', id: '42' } as const
  it('is the title the 推送 cell passed for this item', () => {
    expect(titleOf({ pushItem: 'notice:42', pushTitle: '元旦放假通知', back: '/admin/' }, ref)).toBe('元旦放假通知')
  })
  it('is empty for another item\'s, or none (a link written by hand, a fresh tab)', () => {
    expect(titleOf({ pushItem: 'news:42', pushTitle: '新闻' }, ref)).toBe('')
    expect(titleOf({ pushItem: 'notice:42', pushTitle: 7 }, ref)).toBe('')
    expect(titleOf({ back: null }, ref)).toBe('')
    expect(titleOf(null, ref)).toBe('')
  })
})

describe('itemFilter', () => {
  it('is DeliveryFilter.item: news items are notices to the server', () => {
    expect(itemFilter({ family: 'news', id: '7' })).toEqual({ item: 'NOTICE', id: '7' })
    expect(itemFilter({ family: 'survey', id: '3' })).toEqual({ item: 'SURVEY', id: '3' })
  })
})
