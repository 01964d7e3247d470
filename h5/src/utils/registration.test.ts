import { describe, expect, it } from 'vitest'
import { ApiError } from '@shared/api/graphql'
import {
  KEPT_KEY,
  draftProblems,
  emptyDraft,
  forgetApplication,
  identityFields,
  keepApplication,
  keptToken,
  signInLink,
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

describe('a customer\'s or supplier\'s contact applying', () => {
  const contact = () => ({
    ...emptyDraft(),
    name: ' 陈经理 ',
    company: ' 华东建材有限公司 ',
    login: ' chen.jl ',
    password: 'Chen#2026 ',
    confirm: 'Chen#2026 ',
  })

  it('shows 公司, 密码 and 确认密码, and hides 部门 and 职位', () => {
    for (const party of ['CUSTOMER', 'SUPPLIER'] as const) {
      const f = identityFields(party)
      for (const field of ['name', 'company', 'login', 'password', 'confirm'] as const) expect(f.has(field)).toBe(true)
      expect(f.has('departmentId')).toBe(false)
      expect(f.has('position')).toBe(false)
    }
    const staff = identityFields('STAFF')
    expect(staff.has('company')).toBe(false)
    expect(staff.has('password')).toBe(false)
    expect(staff.has('departmentId')).toBe(true)
    expect(staff.has('position')).toBe(true)
  })

  it('passes with a company and the password typed twice alike, without a mobile or email', () => {
    expect(draftProblems(contact(), 'CUSTOMER')).toBeNull()
  })

  it('asks for the company and the password', () => {
    expect(draftProblems({ ...emptyDraft(), name: '刘工' }, 'SUPPLIER')).toEqual({
      fields: { company: '请填写公司名称', login: '请填写账号', password: '请设置密码' },
      general: '',
    })
    expect(draftProblems({ ...contact(), confirm: '' }, 'SUPPLIER')?.fields).toEqual({ confirm: '请再次输入密码' })
  })

  it('refuses two passwords that differ', () => {
    expect(draftProblems({ ...contact(), confirm: 'Chen#2027' }, 'CUSTOMER')?.fields).toEqual({ confirm: '两次输入的密码不一致' })
  })

  it('leaves the password rules to the server, whose refusal goes under 密码', () => {
    expect(draftProblems({ ...contact(), password: '1', confirm: '1' }, 'CUSTOMER')).toBeNull()
    expect(submitProblems(new ApiError('invalid', '密码至少 8 位，且包含字母和数字', undefined, 'password'))).toEqual({
      fields: { password: '密码至少 8 位，且包含字母和数字' },
      general: '',
    })
  })

  it('sends the party, the company and the password as typed, with no department, position or email', () => {
    expect(
      toRegistrationInput({ ...contact(), departmentId: '7', position: '经理', email: 'a@b.cn', mobile: ' 13800000000 ' }, 'SUPPLIER'),
    ).toEqual({
      party: 'SUPPLIER',
      company: '华东建材有限公司',
      password: 'Chen#2026 ',
      name: '陈经理',
      login: 'chen.jl',
      mobile: '13800000000',
      note: null,
    })
  })

  it('sends a staff application as before: no party, company or password', () => {
    const input = toRegistrationInput({ ...contact(), mobile: '13900000000' })
    expect(input).not.toHaveProperty('party')
    expect(input).not.toHaveProperty('company')
    expect(input).not.toHaveProperty('password')
  })

  it('tells an approved contact to sign in with their login and password', () => {
    expect(statusView('APPROVED', null, { party: 'CUSTOMER', login: 'chen.jl', signInUrl: 'https://qiao.example.com/mp/signin/demo' })).toEqual({
      title: '已通过',
      text: '请用账号 chen.jl 和您设置的密码登录',
      tone: 'approved',
      canReapply: false,
    })
    expect(statusView('APPROVED', null, { party: 'SUPPLIER', login: 'liu.g', signInUrl: null }).text).toBe(
      '请在企业的微信服务号中用账号 liu.g 和您设置的密码登录',
    )
    expect(statusView('PENDING', null, { party: 'CUSTOMER', login: 'chen.jl' }).text).toBe('已提交，等待管理员审核')
    expect(statusView('APPROVED', null, { party: null, login: 'zhaoliu', signInUrl: null }).text).toContain('请留意企业微信发来的邀请')
  })

  it('links to the service account\'s sign-in only when it is an http(s) address', () => {
    expect(signInLink('https://qiao.example.com/mp/signin/demo')).toBe('https://qiao.example.com/mp/signin/demo')
    expect(signInLink('javascript:alert(1)')).toBeNull()
    expect(signInLink('/mp/signin')).toBeNull()
    expect(signInLink(null)).toBeNull()
  })
})
