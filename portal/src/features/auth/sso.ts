// What the QR sign-in's landing page (/admin/sso) says when WeCom's scan did not sign the admin in. The server's
// QR callback redirects with ?error=<code>[&reason=<word>]; the words of the WeChat gate are the H5's (one table,
// h5/src/utils/signin.ts, held to the server's by sso's TestSignInSentences), the portal adds its own two.
import { errorMessage, isApiError } from '@shared/api/graphql'
import { NotAdminError } from '@/stores/session'
import { REFUSAL_REASONS } from '../../../../h5/src/utils/signin'

export const NOT_ADMIN = '只有企业管理员可以登录管理后台'
export const EXPIRED = '登录已过期，请重新扫码'

/** The sentence for the callback's error and reason, or for the ticket exchange's error (exchange). */
export function adminSsoFailure(error?: string, reason?: string, exchange?: unknown): string {
  if (reason === 'not_admin' || exchange instanceof NotAdminError) return NOT_ADMIN
  const because = reason ? REFUSAL_REASONS[reason] : undefined
  if (because) return because
  switch (error) {
    case undefined:
      break
    case 'code_used':
    case 'unauthenticated':
      return EXPIRED
    case 'forbidden':
      return NOT_ADMIN
    case 'not_found':
      return '企业尚未绑定企业微信，请用账号密码登录'
    default:
      return '登录失败，请重新扫码'
  }
  if (exchange === undefined || isApiError(exchange, 'unauthenticated')) return EXPIRED
  return errorMessage(exchange)
}
