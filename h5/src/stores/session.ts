// The signed-in session: tokens and account, kept in localStorage under `qiao.session` so a reload or a
// second tab of the WeChat browser stays signed in. Authenticated GraphQL requests go through request().
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ExchangeSsoTicketDocument } from '@/api/documents'
import { uploader, type XhrFactory } from '@shared/api/upload'
import type { SessionFieldsFragment } from '@/gql/graphql'
import { createClient, execute, type TransportOptions } from '@shared/api/graphql'
import { ChangePasswordDocument, LoginDocument, LogoutDocument } from '@shared/api/session-documents'
import {
  fromPayload,
  loadSession,
  renewSession,
  saveSession,
  sessionHooks,
  singleFlight,
  type StoredSession as Stored,
} from '@shared/session'

/** The localStorage key holding the session. */
export const STORAGE_KEY = 'qiao.session'

/** What is persisted: the AuthPayload of the last login, refresh or ticket exchange. */
export type StoredSession = Stored<SessionFieldsFragment['account']>

const load = () => loadSession<StoredSession>(STORAGE_KEY)
const save = (session: StoredSession | null) => saveSession(STORAGE_KEY, session)

/** Where the store's requests go; tests pass a fake fetch and a fake XMLHttpRequest. */
export interface StoreTransport extends TransportOptions {
  xhr?: XhrFactory
}

/**
 * The session store. `transport` is for tests (a fake fetch); the app uses the defaults.
 * Sign-in actions throw ApiError from the server (e.g. `unauthenticated` for a wrong password).
 */
export const useSessionStore = defineStore('session', () => {
  const session = ref<StoredSession | null>(load())
  let transport: StoreTransport = {}

  const signedIn = computed(() => session.value !== null)
  const account = computed(() => session.value?.account ?? null)
  const mustChangePassword = computed(() => session.value?.mustChangePassword ?? false)

  function set(payload: SessionFieldsFragment): StoredSession {
    session.value = fromPayload(payload)
    save(session.value)
    return session.value
  }

  function signOut(): void {
    session.value = null
    save(null)
  }

  async function doRefresh(): Promise<boolean> {
    const payload = await renewSession(session.value?.refreshToken, transport)
    if (payload) set(payload)
    return payload !== null
  }

  /** Renews the session with the refresh token; concurrent callers share one request (tokens are single use). */
  const refresh = singleFlight(doRefresh)

  // What the request module needs of the session (see SessionHooks), and for uploads when the token expires.
  const hooks = sessionHooks(() => session.value, refresh, signOut)

  const client = createClient(hooks, {
    get endpoint() {
      return transport.endpoint
    },
    get fetch() {
      return transport.fetch
    },
  })

  /** Sends an authenticated operation; see createClient for the refresh-once rule. */
  const request = client.request

  /** Sends an authenticated operation with files, reporting the share sent; see uploader. */
  const upload = uploader(hooks, () => ({ endpoint: transport.endpoint, xhr: transport.xhr }))

  /**
   * Password sign-in; returns the new session (check mustChangePassword). With the bind ticket the service
   * account's sign-in handed the page, the sign-in binds that personal WeChat to the account.
   */
  async function login(tenant: string, login: string, password: string, bindTicket?: string): Promise<StoredSession> {
    const data = await execute(LoginDocument, { tenant, login, password, ...(bindTicket ? { bindTicket } : {}) }, transport)
    return set(data.login)
  }

  /**
   * Signs out here and on the server: the refresh token stops working, and a session begun through a personal
   * WeChat ends that WeChat's binding, so the next visit from it asks for the password. Signed out locally even
   * when the server cannot be told (offline): the server's tokens then simply run out.
   */
  async function logout(): Promise<void> {
    const refreshToken = session.value?.refreshToken ?? null
    try {
      if (session.value) await request(LogoutDocument, { refreshToken })
    } catch {
      // signed out here all the same
    }
    signOut()
  }

  /** Trades the one-time ticket from the WeChat OAuth redirect for a session. */
  async function exchangeTicket(ticket: string): Promise<StoredSession> {
    const data = await execute(ExchangeSsoTicketDocument, { ticket }, transport)
    return set(data.exchangeSsoTicket)
  }

  /** Changes the password; the server revokes older tokens and returns a new session. */
  async function changePassword(oldPassword: string, newPassword: string): Promise<StoredSession> {
    const data = await request(ChangePasswordDocument, { oldPassword, newPassword })
    return set(data.changePassword)
  }

  /** For tests: route requests through a fake fetch or another endpoint. */
  function setTransport(t: StoreTransport): void {
    transport = t
  }

  return {
    session,
    signedIn,
    account,
    mustChangePassword,
    login,
    logout,
    exchangeTicket,
    changePassword,
    refresh,
    signOut,
    request,
    upload,
    setTransport,
  }
})
