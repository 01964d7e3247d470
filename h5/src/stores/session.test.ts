import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CollabItemDocument, SendCollabItemDocument } from '@/api/documents'
import { STORAGE_KEY, useSessionStore } from '@/stores/session'
import { authPayload, FakeXhr, fakeFetch, gqlData, gqlError, MemoryStorage } from '@/test/fakes'

let storage: MemoryStorage

beforeEach(() => {
  storage = new MemoryStorage()
  vi.stubGlobal('localStorage', storage)
  setActivePinia(createPinia())
})

describe('session store', () => {
  it('keeps the login in localStorage and reads it back', async () => {
    const { fetch, sent } = fakeFetch(() => gqlData({ login: authPayload(1) }))
    const s = useSessionStore()
    s.setTransport({ fetch })
    await s.login('demo', 'zhangsan', 'Demo1234!')

    expect(sent[0]).toMatchObject({ operationName: 'Login', authorization: undefined })
    expect(sent[0].variables).toEqual({ tenant: 'demo', login: 'zhangsan', password: 'Demo1234!' })
    expect(s.signedIn).toBe(true)
    expect(s.account?.employee?.name).toBe('张三')
    expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}')).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' })

    setActivePinia(createPinia()) // a reload
    expect(useSessionStore().session?.accessToken).toBe('access-1')
  })

  it('sends the bind ticket of the service account\'s password page with the login', async () => {
    const { fetch, sent } = fakeFetch(() => gqlData({ login: authPayload(1) }))
    const s = useSessionStore()
    s.setTransport({ fetch })
    await s.login('demo', 'lisi', 'Demo1234!', 'bt_ticket')
    expect(sent[0].variables).toEqual({ tenant: 'demo', login: 'lisi', password: 'Demo1234!', bindTicket: 'bt_ticket' })
  })

  it('tells the server on logout, with the refresh token, and signs out even when it cannot', async () => {
    storage.setItem(STORAGE_KEY, JSON.stringify(authPayload(1)))
    const { fetch, sent } = fakeFetch(() => gqlData({ logout: true }))
    const s = useSessionStore()
    s.setTransport({ fetch })
    await s.logout()
    expect(sent[0]).toMatchObject({ operationName: 'Logout', authorization: 'Bearer access-1', variables: { refreshToken: 'refresh-1' } })
    expect(s.signedIn).toBe(false)
    expect(storage.getItem(STORAGE_KEY)).toBeNull()

    storage.setItem(STORAGE_KEY, JSON.stringify(authPayload(2)))
    setActivePinia(createPinia())
    const offline = useSessionStore()
    offline.setTransport({ fetch: () => Promise.reject(new TypeError('offline')) })
    await offline.logout()
    expect(offline.signedIn).toBe(false)
  })

  it('ignores a damaged stored session', () => {
    storage.setItem(STORAGE_KEY, '{not json')
    expect(useSessionStore().signedIn).toBe(false)
  })

  it('shares one refresh between concurrent requests and keeps the rotated tokens', async () => {
    storage.setItem(STORAGE_KEY, JSON.stringify(authPayload(1)))
    const { fetch, sent } = fakeFetch(async (req) => {
      if (req.operationName === 'RefreshSession') {
        await new Promise((r) => setTimeout(r, 5))
        return gqlData({ refreshSession: authPayload(2) })
      }
      return req.authorization === 'Bearer access-2'
        ? gqlData({ collabItem: { id: String(req.variables.id) } })
        : gqlError('unauthenticated')
    })
    const s = useSessionStore()
    s.setTransport({ fetch })

    const results = await Promise.all([
      s.request(CollabItemDocument, { id: '1' }),
      s.request(CollabItemDocument, { id: '2' }),
      s.request(CollabItemDocument, { id: '3' }),
    ])

    expect(results.map((r) => r.collabItem.id)).toEqual(['1', '2', '3'])
    const refreshes = sent.filter((r) => r.operationName === 'RefreshSession')
    expect(refreshes).toHaveLength(1) // a refresh token is single use: never spend it twice
    expect(refreshes[0].variables).toEqual({ refreshToken: 'refresh-1' })
    expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}').refreshToken).toBe('refresh-2')
  })

  it('signs out when the refresh token is refused', async () => {
    storage.setItem(STORAGE_KEY, JSON.stringify(authPayload(1)))
    const { fetch } = fakeFetch(() => gqlError('unauthenticated'))
    const s = useSessionStore()
    s.setTransport({ fetch })

    await expect(s.request(CollabItemDocument, { id: '1' })).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(s.signedIn).toBe(false)
    expect(storage.getItem(STORAGE_KEY)).toBeNull()
  })

  it('keeps the session when the network fails during a refresh', async () => {
    storage.setItem(STORAGE_KEY, JSON.stringify(authPayload(1)))
    const { fetch } = fakeFetch((req) =>
      req.operationName === 'RefreshSession' ? new TypeError('Failed to fetch') : gqlError('unauthenticated'),
    )
    const s = useSessionStore()
    s.setTransport({ fetch })

    await expect(s.request(CollabItemDocument, { id: '1' })).rejects.toMatchObject({ code: 'network' })
    expect(s.signedIn).toBe(true)
  })

  it('flags a session that must change its password', async () => {
    const { fetch } = fakeFetch(() => gqlData({ exchangeSsoTicket: authPayload(3, true) }))
    const s = useSessionStore()
    s.setTransport({ fetch })
    await s.exchangeTicket('t-1')
    expect(s.mustChangePassword).toBe(true)
  })
})

describe('session store uploads', () => {
  const input = { title: 't', body: '', recipientIds: ['2'], attachments: [null] }
  const files = [{ path: 'variables.input.attachments.0', file: new Blob(['%PDF-1.4']), name: '报价单.pdf' }]

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('renews a session whose token expires within a minute before the files go, and keeps the new tokens', async () => {
    // The compose page was opened 14.5 minutes ago: the token has 30 seconds left.
    storage.setItem(STORAGE_KEY, JSON.stringify({ ...authPayload(1), accessTokenExpiresAt: '2030-01-01T00:00:30Z' }))
    const { fetch, sent } = fakeFetch(() => gqlData({ refreshSession: authPayload(2) }))
    const xhrs: FakeXhr[] = []
    const s = useSessionStore()
    s.setTransport({
      fetch,
      xhr: () => {
        const x = new FakeXhr({ status: 200, body: '{"data":{"sendCollabItem":{"id":"9"}}}' })
        xhrs.push(x)
        return x as unknown as XMLHttpRequest
      },
    })

    const data = await s.upload(SendCollabItemDocument, { input }, files)

    expect(data.sendCollabItem.id).toBe('9')
    expect(sent.map((r) => r.operationName)).toEqual(['RefreshSession'])
    expect(xhrs.map((x) => x.headers.Authorization)).toEqual(['Bearer access-2'])
    expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}').refreshToken).toBe('refresh-2')
  })

  it('sends the files with a token that has time left, without renewing', async () => {
    storage.setItem(STORAGE_KEY, JSON.stringify({ ...authPayload(1), accessTokenExpiresAt: '2030-01-01T00:10:00Z' }))
    const { fetch, sent } = fakeFetch(() => gqlData({ refreshSession: authPayload(2) }))
    const xhr = new FakeXhr({ status: 200, body: '{"data":{"sendCollabItem":{"id":"9"}}}' })
    const s = useSessionStore()
    s.setTransport({ fetch, xhr: () => xhr as unknown as XMLHttpRequest })

    await s.upload(SendCollabItemDocument, { input }, files)

    expect(sent).toHaveLength(0)
    expect(xhr.headers.Authorization).toBe('Bearer access-1')
  })
})
