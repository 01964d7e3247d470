// Test doubles: a scripted fetch that records what the app sent, and an in-memory localStorage.
import { vi } from 'vitest'

/** One recorded request. */
export interface SentRequest {
  url: string
  authorization: string | undefined
  operationName: string | undefined
  variables: Record<string, unknown>
}

type Reply = { status?: number; body: unknown } | Error

/** A fetch that answers with `reply(request, index)` and records every request in `sent`. */
export function fakeFetch(reply: (req: SentRequest, index: number) => Reply | Promise<Reply>) {
  const sent: SentRequest[] = []
  const fn = vi.fn(async (url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers = (init?.headers ?? {}) as Record<string, string>
    const payload = JSON.parse(String(init?.body ?? '{}')) as { operationName?: string; variables?: Record<string, unknown> }
    const req: SentRequest = {
      url: String(url),
      authorization: headers.Authorization,
      operationName: payload.operationName,
      variables: payload.variables ?? {},
    }
    sent.push(req)
    const r = await reply(req, sent.length - 1)
    if (r instanceof Error) throw r
    const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body)
    return new Response(text, { status: r.status ?? 200, headers: { 'Content-Type': 'application/json' } })
  })
  return { fetch: fn as unknown as typeof fetch, sent }
}

/** A GraphQL error response with extensions.code. */
export function gqlError(code: string, message = code) {
  return { body: { data: null, errors: [{ message, extensions: { code } }] } }
}

/** A GraphQL data response. */
export function gqlData(data: unknown) {
  return { body: { data } }
}

/** A Storage backed by a Map. */
export class MemoryStorage implements Storage {
  private m = new Map<string, string>()
  get length() {
    return this.m.size
  }
  clear() {
    this.m.clear()
  }
  getItem(key: string) {
    return this.m.get(key) ?? null
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null
  }
  removeItem(key: string) {
    this.m.delete(key)
  }
  setItem(key: string, value: string) {
    this.m.set(key, String(value))
  }
}

/** An AuthPayload as the server would send it. */
export function authPayload(n: number, mustChangePassword = false) {
  return {
    accessToken: `access-${n}`,
    accessTokenExpiresAt: '2030-01-01T00:00:00Z',
    refreshToken: `refresh-${n}`,
    mustChangePassword,
    account: {
      id: '7',
      login: 'zhangsan',
      role: 'MEMBER',
      mustChangePassword,
      employee: { id: '11', name: '张三' },
    },
  }
}

/** A stand-in for XMLHttpRequest that records what is sent and answers with `answer` after reporting progress. */
export class FakeXhr {
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: FormData | null = null
  status = 0
  responseText = ''
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null

  constructor(private answer: { status: number; body: string } | 'network') {}

  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  getResponseHeader(k: string) {
    return k.toLowerCase() === 'content-type' ? 'application/json' : null
  }
  send(body: FormData) {
    this.body = body
    queueMicrotask(() => {
      if (this.answer === 'network') return this.onerror?.()
      this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 200 })
      this.upload.onprogress?.({ lengthComputable: true, loaded: 200, total: 200 })
      this.status = this.answer.status
      this.responseText = this.answer.body
      this.onload?.()
    })
  }
}
