import { describe, expect, it } from 'vitest'
import { ApiError } from '@shared/api/graphql'
import {
  KEPT_KEY,
  draftProblems,
  emptyDraft,
  forgetApplication,
  keepApplication,
  keptToken,
  statusView,
  submitProblems,
  toRegistrationInput,
} from './registration'

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  }
}

const filled = () => ({ ...emptyDraft(), name: ' 赵六 ', login: 'zhaoliu', mobile: '13900000000' })

describe('draftProblems', () => {
  it('passes a draft with a name, an account and a mobile', () => {
    expect(draftProblems(filled())).toBeNull()
  })

  it('passes an email instead of a mobile', () => {
    expect(draftProblems({ ...filled(), mobile: '', email: 'a@b.cn' })).toBeNull()
  })

  it('asks for every missing field at once', () => {
    expect(draftProblems({ ...emptyDraft(), mobile: '  ' })).toEqual({
      fields: { name: '请填写姓名', login: '请填写账号', mobile: '手机和邮箱至少填写一项' },
      general: '',
    })
  })

  it('leaves formats to the server', () => {
    expect(draftProblems({ ...filled(), email: 'no-at-sign', login: '!' })).toBeNull()
  })
})

describe('toRegistrationInput', () => {
  it('trims, and sends empty optional fields as null', () => {
    expect(toRegistrationInput({ ...filled(), position: '  ', note: ' 新同事 ', departmentId: '7' })).toEqual({
      name: '赵六',
      login: 'zhaoliu',
      mobile: '13900000000',
      email: null,
      position: null,
      note: '新同事',
      departmentId: '7',
    })
  })
})

describe('submitProblems', () => {
  it.each([
    ['email', '邮箱格式不正确'],
    ['login', '账号只能包含字母、数字和 _ . @ -，长度 2–64'],
    ['departmentId', '所选部门不存在，请重新选择'],
    ['mobile', '手机和邮箱至少填写一项：企业微信用它们邀请您加入'],
  ])('puts an invalid %s under its field', (field, message) => {
    expect(submitProblems(new ApiError('invalid', message, undefined, field))).toEqual({ fields: { [field]: message }, general: '' })
  })

  it('puts a field the form does not have above the button', () => {
    expect(submitProblems(new ApiError('invalid', '企业微信账号须为 1–64 位', undefined, 'wecomUserId'))).toEqual({
      fields: {},
      general: '企业微信账号须为 1–64 位',
    })
  })

  it('puts refusals without a field above the button, in Chinese', () => {
    expect(submitProblems(new ApiError('rate_limited', '申请过于频繁，请 120 秒后再试')).general).toBe('申请过于频繁，请 120 秒后再试')
    expect(submitProblems(new ApiError('not_found', '该企业未开放注册')).general).toBe('该企业未开放注册')
    expect(submitProblems(new ApiError('network', '')).general).toBe('网络连接失败，请检查网络后重试')
    expect(submitProblems(new Error('boom')).general).toBe('服务器开小差了，请稍后重试')
  })

  it('does not quote a message written for programs under a field', () => {
    expect(submitProblems(new ApiError('invalid', 'bad email', undefined, 'email')).fields.email).toBe('填写的内容有误，请检查后重试')
  })
})

describe('the kept application', () => {
  it('keeps the token for its tenant', () => {
    const s = memoryStorage()
    keepApplication(' demo ', 'rg_1', s)
    expect(JSON.parse(s.data.get(KEPT_KEY)!)).toEqual({ tenant: 'demo', token: 'rg_1' })
    expect(keptToken('demo', s)).toBe('rg_1')
    expect(keptToken('DEMO', s)).toBe('rg_1')
    expect(keptToken('other', s)).toBeNull()
  })

  it('keeps only the newest application', () => {
    const s = memoryStorage()
    keepApplication('demo', 'rg_1', s)
    keepApplication('acme', 'rg_2', s)
    expect(keptToken('demo', s)).toBeNull()
    expect(keptToken('acme', s)).toBe('rg_2')
  })

  it('forgets only its own tenant', () => {
    const s = memoryStorage()
    keepApplication('demo', 'rg_1', s)
    forgetApplication('acme', s)
    expect(keptToken('demo', s)).toBe('rg_1')
    forgetApplication('demo', s)
    expect(s.data.has(KEPT_KEY)).toBe(false)
  })

  it.each([
    ['garbage', 'not json'],
    ['no token', JSON.stringify({ tenant: 'demo' })],
    ['an empty token', JSON.stringify({ tenant: 'demo', token: '' })],
    ['no tenant', JSON.stringify({ token: 'rg_1' })],
  ])('reads %s as nothing kept', (_case, raw) => {
    expect(keptToken('demo', memoryStorage({ [KEPT_KEY]: raw }))).toBeNull()
  })

  it('survives a storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('quota')
      },
      removeItem: () => {
        throw new Error('denied')
      },
    }
    expect(() => keepApplication('demo', 'rg_1', broken)).not.toThrow()
    expect(keptToken('demo', broken)).toBeNull()
    expect(() => forgetApplication('demo', broken)).not.toThrow()
    expect(keptToken('demo', null)).toBeNull()
  })
})

describe('statusView', () => {
  it('says a pending application waits for the admin', () => {
    expect(statusView('PENDING')).toMatchObject({ title: '审核中', text: '已提交，等待管理员审核', canReapply: false })
  })

  it('tells an approved applicant to look for the invitation', () => {
    expect(statusView('APPROVED')).toMatchObject({ title: '已通过', tone: 'approved', canReapply: false })
    expect(statusView('APPROVED').text).toContain('请留意企业微信发来的邀请')
  })

  it('quotes the reason of a refusal and offers to apply again', () => {
    expect(statusView('REFUSED', ' 查无此人 ')).toEqual({ title: '未通过', text: '查无此人', tone: 'refused', canReapply: true })
    expect(statusView('REFUSED', null).text).toBe('管理员未说明理由')
  })
})
