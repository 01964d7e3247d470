import { describe, expect, it } from 'vitest'
import { columnsOf, pendingBadge, refusalReason, statusOf, syncKey, tabOf } from './registrations'

describe('tabOf', () => {
  it('reads a known tab', () => {
    expect(tabOf('REFUSED')).toBe('REFUSED')
    expect(tabOf('ALL')).toBe('ALL')
  })
  it('opens on 待审核 otherwise', () => {
    expect(tabOf(undefined)).toBe('PENDING')
    expect(tabOf('pending')).toBe('PENDING')
    expect(tabOf(['ALL'])).toBe('PENDING')
  })
})

describe('statusOf', () => {
  it('asks for every status under 全部', () => {
    expect(statusOf('ALL')).toBeNull()
    expect(statusOf('APPROVED')).toBe('APPROVED')
  })
})

describe('pendingBadge', () => {
  it('shows nothing for none', () => {
    expect(pendingBadge(null)).toBe('')
    expect(pendingBadge({ nodes: [], next: null })).toBe('')
  })
  it('counts one page', () => {
    expect(pendingBadge({ nodes: [1, 2, 3], next: null })).toBe('3')
  })
  it('says more follow', () => {
    expect(pendingBadge({ nodes: new Array(100).fill(0), next: '7' })).toBe('100+')
  })
})

describe('refusalReason', () => {
  it('trims', () => {
    expect(refusalReason('  不是本公司员工 ')).toBe('不是本公司员工')
  })
  it('is null when blank', () => {
    expect(refusalReason('   ')).toBeNull()
    expect(refusalReason('')).toBeNull()
  })
})

describe('syncKey', () => {
  it('says which sentence follows the approval', () => {
    expect(syncKey(true)).toBe('registrations.result.syncStarted')
    expect(syncKey(false)).toBe('registrations.result.syncLater')
  })
})

describe('columnsOf', () => {
  it('offers the actions where pending ones are listed', () => {
    expect(columnsOf('PENDING')).toEqual({ outcome: false, actions: true, note: true })
    expect(columnsOf('ALL')).toEqual({ outcome: true, actions: true, note: false })
    expect(columnsOf('REFUSED')).toEqual({ outcome: true, actions: false, note: true })
  })
})
