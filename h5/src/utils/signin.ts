// What the sign-in page (/sso) says when a WeCom card did not sign the person in. The OAuth callback redirects
// with ?error=<code> and, for a refusal, &reason=<word> (sso.Reason on the server); the ticket exchange answers
// with an error of its own. The query never carries the server's text, so a link anyone can write shows only the
// sentences below.
import { errorMessage, isApiError } from '@shared/api/graphql'

/**
 * The server's refusal reasons (sso.Reasons: the WeChat gate's, directory.GateReason, then sso's own), each with
 * the sentence the server gives for it (sso.Reason.Message). sso's TestSignInSentences holds this table to them.
 */
export const REFUSAL_REASONS: Readonly<Record<string, string>> = {
  resigned: '您已离职，不能再在企业微信中使用协同办公',
  frozen: '账号已被冻结，不能在企业微信中使用协同办公，请联系管理员',
  system_disabled: '协同办公已停用，不能在企业微信中使用',
  no_system_role: '您没有协同办公的权限，不能在企业微信中使用',
  wechat_not_allowed: '您的角色不允许在企业微信中使用协同办公，请在电脑上登录',
  not_member: '您不是本企业成员',
  no_employee: '您的企业微信账号未关联员工，请联系管理员',
}

/** What the page shows: the sentence, and whether signing in with a password could help. */
export interface SignInFailure {
  text: string
  /** False when the WeChat gate refused the person: a password typed in WeChat meets the same gate. */
  passwordLogin: boolean
}

const EXPIRED: SignInFailure = { text: '登录链接已失效或已使用过', passwordLogin: true }

/**
 * The failure to show for the callback's error and reason, or for the ticket exchange's error (exchange). A
 * refusal with a known reason says why; a refusal without one (a newer server's reason) says it is refused; an
 * exchange the gate refused shows the server's own message, which reaches only the holder of the ticket.
 */
export function signInFailure(error?: string, reason?: string, exchange?: unknown): SignInFailure {
  const because = reason ? REFUSAL_REASONS[reason] : undefined
  if (because) return { text: because, passwordLogin: error !== 'forbidden' }
  switch (error) {
    case undefined:
      break
    case 'code_used':
    case 'unauthenticated':
      return EXPIRED
    case 'forbidden':
      return { text: '您不能在企业微信中使用协同办公，请联系管理员', passwordLogin: false }
    case 'not_found':
      return { text: '企业尚未开通企业微信登录，请联系管理员', passwordLogin: true }
    default:
      return { text: '登录失败，请稍后从企业微信重新打开', passwordLogin: true }
  }
  if (isApiError(exchange, 'forbidden')) return { text: errorMessage(exchange), passwordLogin: false }
  if (exchange !== undefined && !isApiError(exchange, 'unauthenticated')) {
    return { text: errorMessage(exchange), passwordLogin: true }
  }
  return EXPIRED
}
