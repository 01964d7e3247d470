// The admin's session: tokens and account, kept in localStorage under `qiao.admin.session` (apart from the H5's
// `qiao.session` on the same origin: a member signed in on the phone pages is not an admin here). Only ADMIN
// accounts are kept; a member's sign-in is refused with NotAdminError and nothing is stored.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ExchangeAdminTicketDocument } from '@/api/documents'
import type { SessionFieldsFragment } from '@/gql/graphql'
import { createClient, execute, type TransportOptions } from '@shared/api/graphql'
import { uploader } from '@shared/api/upload'
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
import { fetchFile } from '@/utils/download'

/** The localStorage key holding the session. */
export const STORAGE_KEY = 'qiao.admin.session'
/** The localStorage key holding the tenant identifier (企业标识) of the last sign-in. */
export const TENANT_KEY = 'qiao.admin.tenant'

/** What is persisted: the AuthPayload of the last login or refresh, and the tenant it was for. */
export type StoredSession = Stored<SessionFieldsFragment['account']> & { tenant?: string }

/** The account signed in is not an admin: the portal is for admins only. */
export class NotAdminError extends Error {
  constructor() {
    super('not an admin')
    this.name = 'NotAdminError'
  }
}

/** The tenant identifier of the last sign-in, or '' when there was none. */
export function rememberedTenant(): string {
  try {
    return globalThis.localStorage?.getItem(TENANT_KEY) ?? ''
  } catch {
    return ''
  }
}

function rememberTenant(tenant: string): void {
  try {
    globalThis.localStorage?.setItem(TENANT_KEY, tenant)
  } catch {
    // not remembering the tenant is fine
  }
}

/** The session store; `setTransport` is for tests (a fake fetch). */
export const useSessionStore = defineStore('session', () => {
  const loaded = loadSession<StoredSession>(STORAGE_KEY)
  const session = ref<StoredSession | null>(loaded?.account.role === 'ADMIN' ? loaded : null)
  let transport: TransportOptions = {}
  // The password just typed at a sign-in that must change it, kept in memory only (never stored) so the forced change
  // asks for the new password alone; a reload forgets it and the page asks for the current one again.
  let typedPassword = ''

  const signedIn = computed(() => session.value !== null)
  const account = computed(() => session.value?.account ?? null)
  const tenant = computed(() => session.value?.tenant ?? '')
  const mustChangePassword = computed(() => session.value?.mustChangePassword ?? false)

  function set(payload: SessionFieldsFragment, tenantId = session.value?.tenant): StoredSession {
    session.value = { ...fromPayload(payload), tenant: tenantId }
    saveSession(STORAGE_KEY, session.value)
    return session.value
  }

  function signOut(): void {
    typedPassword = ''
    session.value = null
    saveSession(STORAGE_KEY, null)
  }

  /** Signs out here and on the server (the refresh token stops working); signed out here even when offline. */
  async function logout(): Promise<void> {
    const refreshToken = session.value?.refreshToken ?? null
    try {
      if (session.value) await request(LogoutDocument, { refreshToken })
    } catch {
      // signed out here all the same
    }
    signOut()
  }

  /** Renews the session with the refresh token; concurrent callers share one request (tokens are single use). */
  const refresh = singleFlight(async () => {
    const payload = await renewSession(session.value?.refreshToken, transport)
    if (payload) set(payload)
    return payload !== null
  })

  // What the request module needs of the session (see SessionHooks), and for uploads when the token expires.
  const hooks = sessionHooks(() => session.value, refresh, signOut)

  const client = createClient(
    hooks,
    {
      get endpoint() {
        return transport.endpoint
      },
      get fetch() {
        return transport.fetch
      },
    },
  )

  /** Sends an authenticated operation; see createClient for the refresh-once rule. */
  const request = client.request

  /** Sends an authenticated operation with files, reporting the share sent; see uploader. */
  const upload = uploader(hooks, () => ({ endpoint: transport.endpoint }))

  /**
   * A file the server serves to the admin (GET with the bearer token), as a Blob and the name it suggests. A refused
   * token is renewed once, as for requests. Throws ApiError (the status's code; network when no answer came).
   */
  async function download(url: string): Promise<{ blob: Blob; name: string }> {
    return fetchFile(url, hooks, transport.fetch)
  }

  /**
   * Password sign-in. Throws ApiError from the server (unauthenticated for a wrong password), or NotAdminError for
   * an account that is not an admin, whose session is then dropped. The tenant is remembered either way.
   */
  async function login(tenantId: string, login: string, password: string): Promise<StoredSession> {
    const data = await execute(LoginDocument, { tenant: tenantId, login, password }, transport)
    rememberTenant(tenantId)
    if (data.login.account.role !== 'ADMIN') throw new NotAdminError()
    typedPassword = data.login.mustChangePassword ? password : ''
    return set(data.login, tenantId)
  }

  /**
   * WeCom QR sign-in: exchanges the one-time ticket the QR callback handed to /admin/sso. Like login, only an admin's
   * session is kept (NotAdminError otherwise); ApiError unauthenticated for a used or expired ticket.
   */
  async function exchangeTicket(tenantId: string, ticket: string): Promise<StoredSession> {
    const data = await execute(ExchangeAdminTicketDocument, { ticket }, transport)
    if (tenantId) rememberTenant(tenantId)
    if (data.exchangeSsoTicket.account.role !== 'ADMIN') throw new NotAdminError()
    return set(data.exchangeSsoTicket, tenantId)
  }

  /** Changes the password; the server revokes older tokens and returns a new session. */
  async function changePassword(oldPassword: string, newPassword: string): Promise<StoredSession> {
    const data = await request(ChangePasswordDocument, { oldPassword, newPassword })
    return set(data.changePassword)
  }

  /** The password typed at a sign-in that must change it, once; '' when unknown (after a reload, say). */
  function takeTypedPassword(): string {
    const p = typedPassword
    typedPassword = ''
    return p
  }

  /** For tests: route requests through a fake fetch or another endpoint. */
  function setTransport(t: TransportOptions): void {
    transport = t
  }

  return { session, signedIn, account, tenant, mustChangePassword, login, logout, exchangeTicket, takeTypedPassword, changePassword, refresh, signOut, request, upload, download, setTransport }
})
