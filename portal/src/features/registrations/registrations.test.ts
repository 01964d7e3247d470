import { describe, expect, it } from 'vitest'
import { columnsOf, goneKey, outcomeOf, pendingBadge, refusalReason, statusOf, syncKey, tabOf } from './registrations'

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

describe('outcomeOf', () => {
  it('links the contact a contact’s application made', () => {
    const r = { party: 'SUPPLIER', employee: null, contact: { name: '陈经理', login: 'chen.jl' } }
    expect(outcomeOf(r)).toEqual({ kind: 'contact', name: '陈经理', to: { name: 'party-contacts', query: { q: 'chen.jl' } } })
  })
  it('links the employee otherwise', () => {
    const r = { party: null, employee: { id: '7', name: '王五' }, contact: null }
    expect(outcomeOf(r)).toEqual({ kind: 'employee', name: '王五', to: { name: 'person', params: { id: '7' } } })
  })
  it('is null when what it made is gone', () => {
    expect(outcomeOf({ party: 'CUSTOMER', employee: null, contact: null })).toBeNull()
  })
})

describe('goneKey', () => {
  it('says which account is gone', () => {
    expect(goneKey({ party: 'CUSTOMER' })).toBe('registrations.contactGone')
    expect(goneKey({ party: null })).toBe('registrations.employeeGone')
  })
})
