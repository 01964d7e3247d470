// Where to go after signing in: only paths inside the H5 app are followed, never another site.

const BASE = '/h5'

/**
 * Normalizes a `next` or `redirect` query value to an in-app path ("/items/42"). Accepts the app path or
 * the same path with the /h5 base ("/h5/items/42"); anything else (absolute URLs, "//host", missing) gives
 * the fallback.
 */
export function safeNext(raw: unknown, fallback = '/'): string {
  const value = Array.isArray(raw) ? raw[0] : raw
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return fallback
  }
  if (value === BASE) return '/'
  if (value.startsWith(`${BASE}/`)) return value.slice(BASE.length)
  if (value.startsWith(`${BASE}?`)) return `/${value.slice(BASE.length)}`
  return value
}

/** The first value of a query parameter, or undefined. */
export function queryString(raw: unknown): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * True when the previous history entry (vue-router's `history.state.back`) is the page at path, with any query:
 * then Back can simply go back; otherwise (opened from a WeChat card) the page replaces itself with path.
 */
export function cameFrom(back: unknown, path: string): boolean {
  if (typeof back !== 'string') return false
  return back === path || back.startsWith(`${path}?`) || back.startsWith(`${path}#`)
}
