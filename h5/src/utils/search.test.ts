import { describe, expect, it } from 'vitest'
import { MAX_KEYWORD, searchKeyword } from '@/utils/search'

describe('searchKeyword', () => {
  it('sends what was typed, trimmed', () => {
    expect(searchKeyword('  采购 申请 ')).toBe('采购 申请')
    expect(searchKeyword('   ')).toBe('')
  })
  it('cuts at the most the server takes, by characters not UTF-16 units', () => {
    // The server refuses a keyword over 50 characters; an emoji is one character but two UTF-16 units.
    const long = '😀'.repeat(MAX_KEYWORD + 5)
    expect(Array.from(searchKeyword(long))).toHaveLength(MAX_KEYWORD)
    expect(searchKeyword('报'.repeat(MAX_KEYWORD))).toBe('报'.repeat(MAX_KEYWORD))
  })
})
