import { describe, expect, it } from 'vitest'
import { appendUnique, pageOf, pageOfNodes } from '@/utils/paging'

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

describe('pageOfNodes', () => {
  it('keeps the nodes in order, made rows, with the cursor and total', () => {
    const page = pageOfNodes(
      { totalCount: 3, pageInfo: { hasNextPage: true, endCursor: 'c2' }, nodes: [{ externalUserId: 'wm1' }, { externalUserId: 'wm2' }] },
      (n) => ({ ...n, id: n.externalUserId }),
    )
    expect(page).toEqual({
      nodes: [
        { externalUserId: 'wm1', id: 'wm1' },
        { externalUserId: 'wm2', id: 'wm2' },
      ],
      endCursor: 'c2',
      hasNextPage: true,
      totalCount: 3,
    })
  })

  it('reads a missing cursor as null', () => {
    const page = pageOfNodes({ totalCount: 0, pageInfo: { hasNextPage: false }, nodes: [] as { id: string }[] }, (n) => n)
    expect(page).toEqual({ nodes: [], endCursor: null, hasNextPage: false, totalCount: 0 })
  })
})
