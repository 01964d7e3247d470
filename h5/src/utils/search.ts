// The search boxes: how long typing waits before the server is asked, and what is sent.
import { onScopeDispose, watch, type Ref } from 'vue'
import { KEYWORD_MAX } from '@/utils/limits'

/** How long the box waits after the last keystroke before searching, in ms. */
export const SEARCH_DELAY = 300

/** The keyword to send for what the box holds: trimmed, cut to KEYWORD_MAX characters ("" searches nothing). */
export function searchKeyword(typed: string): string {
  return Array.from(typed.trim()).slice(0, KEYWORD_MAX).join('')
}

/**
 * Runs `search` with the keyword for what `typed` holds once typing has paused for SEARCH_DELAY ms (a request per
 * keystroke would race). Returns a function that searches at once (the keyboard's search key, the clear button).
 * Call it in a component's setup (or an effect scope): the wait is dropped with it.
 */
export function useSearchBox(typed: Ref<string>, search: (keyword: string) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  function now() {
    clearTimeout(timer)
    search(searchKeyword(typed.value))
  }
  watch(typed, () => {
    clearTimeout(timer)
    timer = setTimeout(now, SEARCH_DELAY)
  })
  onScopeDispose(() => clearTimeout(timer))
  return now
}
