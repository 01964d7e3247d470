import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { TenantSettingsDocument } from '@/api/documents'
import { NotAdminError, STORAGE_KEY, TENANT_KEY, rememberedTenant, useSessionStore } from '@/stores/session'
import { authPayload, fakeFetch, gqlData, gqlError, MemoryStorage } from '@shared/test/fakes'

let storage: MemoryStorage

beforeEach(() => {
  storage = new MemoryStorage()
  vi.stubGlobal('localStorage', storage)
  setActivePinia(createPinia())
})

const admin = (n: number, must = false) => authPayload(n, must, 'ADMIN')

describe('portal session store', () => {
  it('keeps an admin signed in with the company, and reads it back', async () => {
    const { fetch } = fakeFetch(() => gqlData({ login: admin(1) }))
    const s = useSessionStore()
    s.setTransport({ fetch })
    await s.login('demo', 'admin', 'Admin1234!')
    expect(s.signedIn).toBe(true)
    expect(s.tenant).toBe('demo')
    expect(rememberedTenant()).toBe('demo')
    setActivePinia(createPinia()) // a reload
    expect(useSessionStore().session?.accessToken).toBe('access-1')
  })

  it('refuses a member: nothing is stored, the company is remembered', async () => {
    const { fetch } = fakeFetch(() => gqlData({ login: authPayload(1) }))
    const s = useSessionStore()
    s.setTransport({ fetch })
    await expect(s.login('demo', 'zhangsan', 'Demo1234!')).rejects.toBeInstanceOf(NotAdminError)
    expect(s.signedIn).toBe(false)
    expect(storage.getItem(STORAGE_KEY)).toBeNull()
    expect(storage.getItem(TENANT_KEY)).toBe('demo')
  })

  it('drops a stored session that is not an admin’s (the H5 and the portal share an origin)', () => {
    storage.setItem(STORAGE_KEY, JSON.stringify(authPayload(1)))
    expect(useSessionStore().signedIn).toBe(false)
  })

  it('asks for a new password when the server says so', async () => {
    const { fetch } = fakeFetch(() => gqlData({ login: admin(1, true) }))
    const s = useSessionStore()
    s.setTransport({ fetch })
    const got = await s.login('demo', 'admin', 'x')
    expect(got.mustChangePassword).toBe(true)
    expect(s.mustChangePassword).toBe(true)
  })

  it('remembers the typed password, in memory and once, only when it must be changed', async () => {
    const { fetch } = fakeFetch(() => gqlData({ login: admin(1, true) }))
    const s = useSessionStore()
    s.setTransport({ fetch })
    await s.login('demo', 'admin', 'one-time-pw')
    expect(storage.getItem(STORAGE_KEY)).not.toContain('one-time-pw')
    expect(s.takeTypedPassword()).toBe('one-time-pw')
    expect(s.takeTypedPassword()).toBe('')
  })

  it('exchanges a QR sign-in ticket for an admin’s session, and refuses a member’s', async () => {
    const { fetch } = fakeFetch(() => gqlData({ exchangeSsoTicket: admin(1) }))
    const s = useSessionStore()
    s.setTransport({ fetch })
    await s.exchangeTicket('acme', 'ticket-1')
    expect(s.signedIn).toBe(true)
    expect(s.tenant).toBe('acme')
    s.signOut()
    s.setTransport({ fetch: fakeFetch(() => gqlData({ exchangeSsoTicket: authPayload(2) })).fetch })
    await expect(s.exchangeTicket('acme', 'ticket-2')).rejects.toBeInstanceOf(NotAdminError)
    expect(s.signedIn).toBe(false)
  })

  it('refreshes once on unauthenticated and keeps the company', async () => {
    storage.setItem(STORAGE_KEY, JSON.stringify({ ...admin(1), tenant: 'demo' }))
    const { fetch, sent } = fakeFetch((req) => {
      if (req.operationName === 'RefreshSession') return gqlData({ refreshSession: admin(2) })
      return req.authorization === 'Bearer access-1' ? gqlError('UNAUTHENTICATED') : gqlData({ tenantSettings: { lockoutThreshold: 5 } })
    })
    const s = useSessionStore()
    s.setTransport({ fetch })
    await s.request(TenantSettingsDocument)
    expect(sent.map((r) => r.operationName)).toEqual(['TenantSettings', 'RefreshSession', 'TenantSettings'])
    expect(s.session?.accessToken).toBe('access-2')
    expect(s.tenant).toBe('demo')
  })

  it('signs out when the refresh is refused', async () => {
    storage.setItem(STORAGE_KEY, JSON.stringify(admin(1)))
    const { fetch } = fakeFetch(() => gqlError('UNAUTHENTICATED'))
    const s = useSessionStore()
    s.setTransport({ fetch })
    await expect(s.request(TenantSettingsDocument)).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(s.signedIn).toBe(false)
    expect(storage.getItem(STORAGE_KEY)).toBeNull()
  })
})
