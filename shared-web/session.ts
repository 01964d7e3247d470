// The parts of a signed-in session both web apps keep alike: the session as stored (the AuthPayload of the last
// login, refresh or ticket exchange) under an app's own localStorage key, and one refresh at a time. Each app's
// Pinia store (h5/src/stores/session.ts, portal/src/stores/session.ts) is built on these.
import type { SessionFieldsFragment } from '@/gql/graphql'
import { execute, isApiError, type TransportOptions } from './api/graphql'
import { RefreshSessionDocument } from './api/session-documents'
import type { UploadSession } from './api/upload'

/** The AuthPayload fields a session keeps; `A` is the app's generated account type. */
export interface SessionPayload<A extends { mustChangePassword: boolean }> {
  accessToken: string
  accessTokenExpiresAt: string
  refreshToken: string
  mustChangePassword: boolean
  account: A
}

/** What is persisted: the tokens, whether a new password is due first, the account. */
export type StoredSession<A extends { mustChangePassword: boolean }> = SessionPayload<A>

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null // some in-app browsers throw on access when storage is disabled
  }
}

function isStoredSession(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false
  const s = v as Record<string, unknown>
  return (
    typeof s.accessToken === 'string' &&
    typeof s.refreshToken === 'string' &&
    typeof s.account === 'object' &&
    s.account !== null
  )
}

/** The session saved under key, or null when there is none or it is not a session. */
export function loadSession<S>(key: string): S | null {
  try {
    const raw = storage()?.getItem(key)
    if (!raw) return null
    const parsed: unknown = JSON.parse(raw)
    return isStoredSession(parsed) ? (parsed as S) : null
  } catch {
    return null
  }
}

/** Saves the session under key, or removes it when null. */
export function saveSession(key: string, session: object | null): void {
  try {
    if (session) storage()?.setItem(key, JSON.stringify(session))
    else storage()?.removeItem(key)
  } catch {
    // Storage full or disabled: the session still lives in memory for this page.
  }
}

/** The session to keep from a payload: a new password is due when either the payload or the account says so. */
export function fromPayload<A extends { mustChangePassword: boolean }>(p: SessionPayload<A>): StoredSession<A> {
  return {
    accessToken: p.accessToken,
    accessTokenExpiresAt: p.accessTokenExpiresAt,
    refreshToken: p.refreshToken,
    mustChangePassword: p.mustChangePassword || p.account.mustChangePassword,
    account: p.account,
  }
}

/** Wraps fn so that concurrent callers share one run (refresh tokens are single use). */
export function singleFlight<T>(fn: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null
  return () => {
    running ??= fn().finally(() => {
      running = null
    })
    return running
  }
}

/**
 * Trades a refresh token for a new session. Resolves null when there is no token or the server refused it for good
 * (spent, expired or revoked: the session is over); rejects on network or server failure.
 */
export async function renewSession(
  refreshToken: string | undefined,
  transport: TransportOptions,
): Promise<SessionFieldsFragment | null> {
  if (!refreshToken) return null
  try {
    const data = await execute(RefreshSessionDocument, { refreshToken }, transport)
    return data.refreshSession
  } catch (err) {
    if (isApiError(err, 'unauthenticated', 'invalid', 'not_found', 'forbidden')) return null
    throw err
  }
}

/**
 * What a store's requests and uploads need of its session (SessionHooks, and when the access token expires): the
 * current session's token, refresh, and sign-out when the session is gone for good.
 */
export function sessionHooks(
  current: () => { accessToken: string; accessTokenExpiresAt: string } | null,
  refresh: () => Promise<boolean>,
  onAuthFailure: () => void,
): UploadSession {
  return {
    accessToken: () => current()?.accessToken ?? null,
    accessTokenExpiresAt: () => {
      const at = Date.parse(current()?.accessTokenExpiresAt ?? '')
      return Number.isNaN(at) ? null : at
    },
    refresh,
    onAuthFailure,
  }
}
