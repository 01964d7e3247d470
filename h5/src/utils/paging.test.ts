import { describe, expect, it } from 'vitest'
import { appendUnique, pageOf } from '@/utils/paging'

describe('pageOf', () => {
  it('flattens a connection', () => {
    const conn = {
      totalCount: 3,
      pageInfo: { hasNextPage: true, endCursor: 'Mg' },
      edges: [{ cursor: 'Mw', node: { id: '3' } }, { cursor: 'Mg', node: { id: '2' } }],
    }
    expect(pageOf(conn)).toEqual({ nodes: [{ id: '3' }, { id: '2' }], endCursor: 'Mg', hasNextPage: true, totalCount: 3 })
  })
  it('gives a null cursor for an empty page', () => {
    expect(pageOf({ totalCount: 0, pageInfo: { hasNextPage: false }, edges: [] })).toEqual({
      nodes: [],
      endCursor: null,
      hasNextPage: false,
      totalCount: 0,
    })
  })
})

describe('appendUnique', () => {
  it('appends in order and skips ids already there', () => {
    const list = [{ id: '1', v: 'a' }, { id: '2', v: 'b' }]
    const got = appendUnique(list, [{ id: '2', v: 'B' }, { id: '3', v: 'c' }, { id: '3', v: 'C' }])
    expect(got).toEqual([{ id: '1', v: 'a' }, { id: '2', v: 'b' }, { id: '3', v: 'c' }])
    expect(list).toHaveLength(2) // not mutated
  })
})
