import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type RouteRecordRaw, type Router } from 'vue-router'
import { audienceRedirect, installGuards, routes } from '@/router'
import { useSessionStore } from '@/stores/session'
import { authPayload, MemoryStorage } from '@/test/fakes'

// The app's routes with stand-in pages: the guard is what is tested, not the pages (which would load Vant).
const Stub = { render: () => null }
function stubbed(records: RouteRecordRaw[]): RouteRecordRaw[] {
  return records.map((r) => ('component' in r && r.component ? { ...r, component: Stub } : r) as RouteRecordRaw)
}

function contactPayload(mustChangePassword = false) {
  const p = authPayload(1, mustChangePassword, 'CONTACT')
  return {
    ...p,
    account: { ...p.account, login: 'chen.jl', employee: null, contact: { name: '陈经理', company: '华东建材有限公司', party: 'CUSTOMER' } },
  }
}

let pinia: Pinia

function signIn(payload: ReturnType<typeof authPayload> | ReturnType<typeof contactPayload>) {
  const s = useSessionStore(pinia)
  s.session = { ...payload, account: payload.account as never }
}

async function appRouter(start: string): Promise<Router> {
  const router = createRouter({ history: createMemoryHistory('/h5/'), routes: stubbed(routes) })
  installGuards(router, pinia)
  await router.push(start)
  return router
}

beforeEach(() => {
  vi.stubGlobal('localStorage', new MemoryStorage())
  pinia = createPinia()
  setActivePinia(pinia)
})

describe('the guard for a contact (role CONTACT)', () => {
  it('sends a contact from an item to their messages', async () => {
    signIn(contactPayload())
    const router = await appRouter('/items/1')
    expect(router.currentRoute.value.fullPath).toBe('/messages')
  })

  it.each(['/', '/items/1', '/compose', '/notices', '/notices/3', '/surveys', '/discussions/2', '/contacts', '/contacts/9', '/external', '/wechat-bind', '/nowhere'])(
    'sends a contact from %s to /messages',
    async (path) => {
      signIn(contactPayload())
      const router = await appRouter(path)
      expect(router.currentRoute.value.fullPath).toBe('/messages')
    },
  )

  it('lets a contact open their messages, one message and 修改密码', async () => {
    signIn(contactPayload())
    for (const path of ['/messages', '/messages/42', '/password?redirect=/messages']) {
      const router = await appRouter(path)
      expect(router.currentRoute.value.fullPath).toBe(path)
    }
  })

  it('asks a contact with a one-time password for a new one first, then keeps them to their messages', async () => {
    signIn(contactPayload(true))
    const router = await appRouter('/messages/42')
    expect(router.currentRoute.value.name).toBe('password')
    expect(router.currentRoute.value.query.redirect).toBe('/messages/42')
  })
})

describe('the guard for staff', () => {
  it('lets a member open an item', async () => {
    signIn(authPayload(1))
    const router = await appRouter('/items/1')
    expect(router.currentRoute.value.fullPath).toBe('/items/1')
  })

  it.each(['MEMBER', 'ADMIN'])('sends %s from /messages and /messages/:id home', async (role) => {
    signIn(authPayload(1, false, role))
    for (const path of ['/messages', '/messages/42']) {
      const router = await appRouter(path)
      expect(router.currentRoute.value.fullPath).toBe('/')
    }
  })

  it('still sends the signed-out to /login', async () => {
    const router = await appRouter('/messages/42')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/messages/42')
  })
})

describe('audienceRedirect', () => {
  it.each([
    ['CONTACT', undefined, '/messages'],
    ['CONTACT', 'staff', '/messages'],
    ['CONTACT', 'contact', null],
    ['CONTACT', 'anyone', null],
    ['MEMBER', 'contact', '/'],
    ['ADMIN', 'contact', '/'],
    ['MEMBER', undefined, null],
    ['MEMBER', 'anyone', null],
  ] as const)('%s on a page for %s → %s', (role, audience, want) => {
    const got = audienceRedirect(role, { meta: { audience } })
    expect(got === null ? null : (got as { path: string }).path).toBe(want)
  })
})
