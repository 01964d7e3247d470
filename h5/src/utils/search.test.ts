import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { KEYWORD_MAX } from '@/utils/limits'
import { SEARCH_DELAY, searchKeyword, useSearchBox } from '@/utils/search'

describe('searchKeyword', () => {
  it('sends what was typed, trimmed', () => {
    expect(searchKeyword('  采购 申请 ')).toBe('采购 申请')
    expect(searchKeyword('   ')).toBe('')
  })
  it('cuts at the most the server takes, by characters not UTF-16 units', () => {
    // The server refuses a keyword over 50 characters; an emoji is one character but two UTF-16 units.
    const long = '😀'.repeat(KEYWORD_MAX + 5)
    expect(Array.from(searchKeyword(long))).toHaveLength(KEYWORD_MAX)
    expect(searchKeyword('报'.repeat(KEYWORD_MAX))).toBe('报'.repeat(KEYWORD_MAX))
  })
})

describe('useSearchBox', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function box() {
    const typed = ref('')
    const search = vi.fn<(keyword: string) => void>()
    const scope = effectScope()
    const now = scope.run(() => useSearchBox(typed, search))!
    return { typed, search, scope, now }
  }

  it('searches once typing pauses, with the keyword of the last keystroke', async () => {
    const { typed, search } = box()
    for (const t of ['采', '采购', ' 采购申请 ']) {
      typed.value = t
      await nextTick()
      vi.advanceTimersByTime(SEARCH_DELAY - 1)
    }
    expect(search).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(search.mock.calls).toEqual([['采购申请']])
  })

  it('searches at once when asked, and not again when the wait ends', async () => {
    const { typed, search, now } = box()
    typed.value = '预算'
    await nextTick()
    now()
    vi.advanceTimersByTime(SEARCH_DELAY)
    expect(search.mock.calls).toEqual([['预算']])
  })

  it('drops the wait with its scope (the page left)', async () => {
    const { typed, search, scope } = box()
    typed.value = '预算'
    await nextTick()
    scope.stop()
    vi.advanceTimersByTime(SEARCH_DELAY)
    expect(search).not.toHaveBeenCalled()
  })
})
