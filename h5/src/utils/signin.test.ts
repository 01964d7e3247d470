import { describe, expect, it } from 'vitest'
import { ApiError } from '@shared/api/graphql'
import { REFUSAL_REASONS, signInFailure } from '@/utils/signin'

describe('signInFailure', () => {
  it.each([
    // The gate's refusals say why and offer no password login (a password typed in WeChat meets the same gate).
    ['frozen', 'forbidden', 'frozen', '账号已被冻结，不能在企业微信中使用协同办公，请联系管理员', false],
    ['resigned', 'forbidden', 'resigned', '您已离职，不能再在企业微信中使用协同办公', false],
    ['no system role', 'forbidden', 'no_system_role', '您没有协同办公的权限，不能在企业微信中使用', false],
    ['WeChat not allowed', 'forbidden', 'wechat_not_allowed', '您的角色不允许在企业微信中使用协同办公，请在电脑上登录', false],
    ['OA disabled', 'forbidden', 'system_disabled', '协同办公已停用，不能在企业微信中使用', false],
    // Not an employee here: an account with a password may still exist.
    ['no employee', 'unauthenticated', 'no_employee', '您的企业微信账号未关联员工，请联系管理员', true],
    ['not a member', 'unauthenticated', 'not_member', '您不是本企业成员', true],
    // A reason this build does not know yet: still a refusal, in words of the page's own.
    ['unknown reason', 'forbidden', 'on_leave', '您不能在企业微信中使用协同办公，请联系管理员', false],
    // The word older builds sent for no_system_role is no reason now.
    ['old word', 'forbidden', 'no_role', '您不能在企业微信中使用协同办公，请联系管理员', false],
    ['used code', 'code_used', undefined, '登录链接已失效或已使用过', true],
    ['unknown tenant', 'not_found', undefined, '企业尚未开通企业微信登录，请联系管理员', true],
    ['our failure', 'internal', undefined, '登录失败，请稍后从企业微信重新打开', true],
  ])('%s', (_name, error, reason, text, passwordLogin) => {
    expect(signInFailure(error, reason)).toEqual({ text, passwordLogin })
  })

  it('ignores a reason outside the known words, whatever it says', () => {
    // A forged link cannot put words on the page: only the page's sentences are ever shown.
    const got = signInFailure('forbidden', '请致电 400-000-0000 解冻')
    expect(Object.values(REFUSAL_REASONS)).not.toContain(got.text)
    expect(got.text).not.toContain('400')
  })

  it("shows the ticket exchange's refusal in the server's words", () => {
    const err = new ApiError('forbidden', '账号已被冻结，不能在企业微信中使用协同办公，请联系管理员')
    expect(signInFailure(undefined, undefined, err)).toEqual({ text: err.message, passwordLogin: false })
  })

  it('says the link expired for a used or unknown ticket, or none at all', () => {
    expect(signInFailure(undefined, undefined, new ApiError('unauthenticated', '登录链接已失效或已使用过，请从企业微信重新打开'))).toEqual({
      text: '登录链接已失效或已使用过',
      passwordLogin: true,
    })
    expect(signInFailure()).toEqual({ text: '登录链接已失效或已使用过', passwordLogin: true })
  })

  it('never quotes a network or internal failure', () => {
    expect(signInFailure(undefined, undefined, new ApiError('network', '')).text).toBe('网络连接失败，请检查网络后重试')
    expect(signInFailure(undefined, undefined, new ApiError('internal', 'sql: no rows')).text).toBe('服务器开小差了，请稍后重试')
  })
})
