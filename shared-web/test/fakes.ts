// Test doubles both apps' unit tests use: a scripted fetch that records what the app sent, GraphQL answers, an
// in-memory localStorage and a sign-in's AuthPayload. Plain code (no vitest import), so it resolves from either app.

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
  const fn = async (url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
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
  }
  return { fetch: fn as typeof fetch, sent }
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
export function authPayload(n: number, mustChangePassword = false, role = 'MEMBER') {
  return {
    accessToken: `access-${n}`,
    accessTokenExpiresAt: '2030-01-01T00:00:00Z',
    refreshToken: `refresh-${n}`,
    mustChangePassword,
    account: {
      id: '7',
      login: 'zhangsan',
      role,
      mustChangePassword,
      employee: { id: '11', name: '张三' },
    },
  }
}
