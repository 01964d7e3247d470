import { describe, expect, it } from 'vitest'
import { ApiError } from '@shared/api/graphql'
import { NotAdminError } from '@/stores/session'
import { signInError } from './signin'

describe('signInError', () => {
  it('tells a member the portal is for admins', () => {
    expect(signInError(new NotAdminError())).toEqual({ key: 'login.notAdmin' })
  })
  it('says a wrong tenant, account or password alike', () => {
    expect(signInError(new ApiError('unauthenticated', 'invalid credentials'))).toEqual({ key: 'login.wrong' })
  })
  it('passes the server’s Chinese sentence on, and hides a program’s', () => {
    expect(signInError(new ApiError('rate_limited', '尝试次数过多，请 15 分钟后再试'))).toEqual({ text: '尝试次数过多，请 15 分钟后再试' })
    expect(signInError(new ApiError('internal', 'db down'))).toEqual({ text: '服务器开小差了，请稍后重试' })
    expect(signInError(new TypeError('x'))).toEqual({ text: '服务器开小差了，请稍后重试' })
  })
})
