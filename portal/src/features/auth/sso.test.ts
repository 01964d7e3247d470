import { describe, expect, it } from 'vitest'
import { ApiError } from '@shared/api/graphql'
import { NotAdminError } from '@/stores/session'
import { REFUSAL_REASONS } from '../../../../h5/src/utils/signin'
import { adminSsoFailure, EXPIRED, NOT_ADMIN } from './sso'

describe('adminSsoFailure', () => {
  it('tells a member the portal is for admins', () => {
    expect(adminSsoFailure('forbidden', 'not_admin')).toBe(NOT_ADMIN)
    expect(adminSsoFailure(undefined, undefined, new NotAdminError())).toBe(NOT_ADMIN)
    expect(NOT_ADMIN).toBe('只有企业管理员可以登录管理后台')
  })
  it('asks for a new scan when the code or ticket was used', () => {
    expect(adminSsoFailure('code_used')).toBe('登录已过期，请重新扫码')
    expect(adminSsoFailure(undefined, undefined, new ApiError('unauthenticated', 'ticket used'))).toBe(EXPIRED)
  })
  it('says the WeChat gate’s reasons as the H5 does', () => {
    expect(adminSsoFailure('not_found', 'no_employee')).toBe(REFUSAL_REASONS.no_employee)
    expect(adminSsoFailure('forbidden', 'not_member')).toBe(REFUSAL_REASONS.not_member)
    expect(adminSsoFailure('forbidden', 'frozen')).toBe(REFUSAL_REASONS.frozen)
  })
  it('never shows a word from the link it does not know', () => {
    expect(adminSsoFailure('<script>', 'bogus')).toBe('登录失败，请重新扫码')
  })
})
