// What the sign-in page says when a sign-in fails.
import { errorMessage, isApiError } from '@shared/api/graphql'
import { NotAdminError } from '@/stores/session'

/** The sentence for a failed sign-in: an i18n key (`key`) for the portal's own cases, else the server's, in Chinese. */
export function signInError(err: unknown): { key: string } | { text: string } {
  if (err instanceof NotAdminError) return { key: 'login.notAdmin' }
  // Unknown tenants and logins answer like a wrong password (the server's rule), so the sentence names all three.
  if (isApiError(err, 'unauthenticated')) return { key: 'login.wrong' }
  return { text: errorMessage(err) }
}
