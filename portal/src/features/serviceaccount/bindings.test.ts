import { describe, expect, it } from 'vitest'
import { bindingsPage } from './bindings'

describe('bindingsPage', () => {
  it('follows next while there is one', () => {
    expect(bindingsPage({ nodes: [1, 2], next: '2' })).toEqual({ rows: [1, 2], totalCount: null, hasNextPage: true, endCursor: '2' })
  })
  it('ends at a null next', () => {
    expect(bindingsPage({ nodes: [3], next: null })).toEqual({ rows: [3], totalCount: null, hasNextPage: false, endCursor: null })
    expect(bindingsPage({ nodes: [] })).toEqual({ rows: [], totalCount: null, hasNextPage: false, endCursor: null })
  })
})
