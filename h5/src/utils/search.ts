// The lists' search boxes: how long typing waits before the server is asked, and what is sent.

/** How long the box waits after the last keystroke before searching, in ms. */
export const SEARCH_DELAY = 300

/** The most a keyword may hold (the server refuses more: oa.MaxKeywordRunes). */
export const MAX_KEYWORD = 50

/** The keyword to send for what the box holds: trimmed, cut to MAX_KEYWORD characters ("" searches nothing). */
export function searchKeyword(typed: string): string {
  return Array.from(typed.trim()).slice(0, MAX_KEYWORD).join('')
}
