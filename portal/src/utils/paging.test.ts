import { describe, expect, it } from 'vitest'
import { nextPage } from './paging'

describe('nextPage', () => {
  it('follows next while there is one', () => {
    expect(nextPage({ nodes: ['a'], next: '9' })).toEqual({ rows: ['a'], totalCount: null, hasNextPage: true, endCursor: '9' })
  })
  it('ends at a null or missing next', () => {
    expect(nextPage({ nodes: [], next: null })).toEqual({ rows: [], totalCount: null, hasNextPage: false, endCursor: null })
    expect(nextPage({ nodes: ['b'] })).toEqual({ rows: ['b'], totalCount: null, hasNextPage: false, endCursor: null })
  })
})
