import { describe, expect, it } from 'vitest'
import { canApply, importable, linePage, notImported, progressPercent, rowsVariables, toWrite } from './imports'

const counts = { creates: 0, updates: 0, leaves: 0, bad: 0, applied: 0, failed: 0 }

describe('progressPercent', () => {
  it.each([
    ['nothing written yet', { creates: 3, updates: 1 }, 0],
    ['written and refused both count', { creates: 3, updates: 1, applied: 2, failed: 1 }, 75],
    ['rounded down, so 100 only at the end', { creates: 3, applied: 2 }, 66],
    ['all done', { creates: 2, updates: 1, applied: 2, failed: 1 }, 100],
    ['nothing to write', { leaves: 4, bad: 1 }, 100],
    ['never above 100', { creates: 1, applied: 2 }, 100],
  ])('%s', (_, c, want) => {
    expect(progressPercent({ ...counts, ...c })).toBe(want)
  })
})

describe('counts', () => {
  it('writes creates and updates; misses bad and failed rows', () => {
    const imp = { ...counts, creates: 2, updates: 3, leaves: 4, bad: 1, failed: 2 }
    expect(toWrite(imp)).toBe(5)
    expect(notImported(imp)).toBe(3)
  })
  it('applies a preview with rows to write only', () => {
    expect(canApply({ ...counts, state: 'PREVIEWED', creates: 1 })).toBe(true)
    expect(canApply({ ...counts, state: 'PREVIEWED', leaves: 3, bad: 1 })).toBe(false)
    expect(canApply({ ...counts, state: 'APPLYING', creates: 1 })).toBe(false)
  })
})

describe('importable', () => {
  it.each([
    ['员工.xlsx', true],
    ['staff.CSV', true],
    ['员工.xls', false],
    ['notes.txt', false],
    ['xlsx', false],
  ])('%s', (name, want) => {
    expect(importable(name)).toBe(want)
  })
})

describe('row pages', () => {
  const row = (line: number) => ({ line, action: 'BAD' as const, name: 'n', login: 'l', reasons: [], result: null, error: null })
  it('pages by the last line', () => {
    expect(linePage({ nodes: [row(2), row(5)], hasNextPage: true })).toEqual({
      rows: [row(2), row(5)],
      totalCount: null,
      hasNextPage: true,
      endCursor: '5',
    })
    expect(linePage({ nodes: [], hasNextPage: false }).endCursor).toBeNull()
  })
  it('asks from the start, then after the cursor; no actions means all', () => {
    expect(rowsVariables('7', {}, null)).toEqual({ id: '7', actions: null, failedOnly: false, first: 100, after: 0 })
    expect(rowsVariables('7', { actions: ['BAD'], failedOnly: true }, '5', 50)).toEqual({
      id: '7',
      actions: ['BAD'],
      failedOnly: true,
      first: 50,
      after: 5,
    })
  })
})
