// Files the server serves to the signed-in admin (the staff template and export, an import's failed rows): a GET
// with the bearer token, as /graphql takes it, so a plain link cannot fetch them. The file is read into a Blob and
// handed to the browser through an object URL and a temporary <a download>.
import { ApiError, codeForStatus, toErrorCode, type SessionHooks } from '@shared/api/graphql'

/**
 * The file name a Content-Disposition header suggests: filename* (RFC 5987, UTF-8, as Go's mime package writes a
 * Chinese name) before filename; fallback when there is neither.
 */
export function dispositionName(header: string | null, fallback: string): string {
  if (!header) return fallback
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[2]!.trim())
    } catch {
      // a malformed escape: try the plain name
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header)
  if (plain) return (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1') || fallback
  return fallback
}

/** The file's last path segment, for a download whose answer names no file. */
function lastSegment(url: string): string {
  return url.split('?')[0]!.split('/').pop() || 'download'
}

/** The ApiError for an answer that is not the file: the server's JSON {code, message, field}, or the status's code. */
async function refusal(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { code?: unknown; message?: unknown; field?: unknown }
    const code = body.code !== undefined ? toErrorCode(body.code) : codeForStatus(res.status)
    return new ApiError(code, typeof body.message === 'string' ? body.message : '', undefined, typeof body.field === 'string' ? body.field : undefined)
  } catch {
    return new ApiError(codeForStatus(res.status), '')
  }
}

/**
 * GETs url with the session's bearer token and returns the file and its name. An unauthenticated answer renews the
 * session once and tries again (onAuthFailure when that fails). Throws ApiError (network when no answer came).
 */
export async function fetchFile(
  url: string,
  hooks: SessionHooks,
  doFetch: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<{ blob: Blob; name: string }> {
  const get = async () => {
    const token = hooks.accessToken()
    try {
      return await doFetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
    } catch {
      throw new ApiError('network', '')
    }
  }
  let res = await get()
  if (res.status === 401) {
    if (!(await hooks.refresh())) {
      hooks.onAuthFailure()
      throw await refusal(res)
    }
    res = await get()
    if (res.status === 401) hooks.onAuthFailure()
  }
  if (!res.ok) throw await refusal(res)
  return { blob: await res.blob(), name: dispositionName(res.headers.get('Content-Disposition'), lastSegment(url)) }
}

/** Hands blob to the browser as a download named name. */
export function saveBlob(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // The browser has taken the file once click() returns; revoking later still leaves slow ones time to start.
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}
