import { describe, expect, it } from 'vitest'
import type { PartyContactFieldsFragment } from '@/gql/graphql'
import {
  changed,
  checkForm,
  createInput,
  emptyForm,
  filterOf,
  filterVariables,
  formOf,
  freezeAction,
  isFiltered,
  sourceOf,
  updateInput,
  wechatState,
} from './partycontacts'

const chen: PartyContactFieldsFragment = {
  id: '41',
  login: 'chen.jl',
  party: 'CUSTOMER',
  company: '华东建材有限公司',
  name: '陈经理',
  mobile: null,
  status: 'ACTIVE',
  source: 'admin',
  wechatBound: false,
  wechatSubscribed: false,
  createdAt: '2026-12-07T05:30:00Z',
}

describe('filterOf', () => {
  it('reads a link’s search, type and status', () => {
    expect(filterOf({ q: ' chen.jl ', party: 'SUPPLIER', status: 'FROZEN' })).toEqual({ search: 'chen.jl', party: 'SUPPLIER', status: 'FROZEN' })
  })
  it('ignores what it does not know', () => {
    expect(filterOf({ q: ['a'], party: 'customer', status: 'GONE' })).toEqual({ search: '', party: '', status: '' })
    expect(filterOf({})).toEqual({ search: '', party: '', status: '' })
  })
})

describe('filterVariables', () => {
  it('is null when nothing narrows the list', () => {
    expect(filterVariables({ search: '  ', party: '', status: '' })).toBeNull()
    expect(isFiltered({ search: '  ', party: '', status: '' })).toBe(false)
  })
  it('sends only what is set, the search trimmed', () => {
    expect(filterVariables({ search: ' 华东 ', party: '', status: 'ACTIVE' })).toEqual({ search: '华东', status: 'ACTIVE' })
    expect(filterVariables({ search: '', party: 'CUSTOMER', status: '' })).toEqual({ party: 'CUSTOMER' })
    expect(isFiltered({ search: '', party: 'CUSTOMER', status: '' })).toBe(true)
  })
})

describe('checkForm', () => {
  it('needs a company, a name and, when creating, a login', () => {
    expect(checkForm(emptyForm(), true)).toEqual({
      company: 'partyContacts.form.companyRequired',
      name: 'partyContacts.form.nameRequired',
      login: 'partyContacts.form.loginRequired',
    })
  })
  it('refuses a login the server would refuse', () => {
    const f = { ...emptyForm(), company: '华东建材有限公司', name: '陈经理', login: '陈经理' }
    expect(checkForm(f, true)).toEqual({ login: 'partyContacts.form.loginInvalid' })
    expect(checkForm({ ...f, login: 'c' }, true)).toEqual({ login: 'partyContacts.form.loginInvalid' })
    expect(checkForm({ ...f, login: 'chen.jl@hd-jc' }, true)).toEqual({})
  })
  it('leaves the login alone when editing', () => {
    expect(checkForm({ ...formOf(chen), login: '' }, false)).toEqual({})
  })
  it('lets the mobile be empty', () => {
    expect(checkForm({ ...emptyForm(), company: '甲', name: '乙', login: 'yi' }, true)).toEqual({})
  })
})

describe('createInput', () => {
  it('trims and leaves out an empty mobile', () => {
    const f = { party: 'SUPPLIER' as const, company: ' 华东建材有限公司 ', name: ' 陈经理', mobile: '  ', login: ' chen.jl ' }
    expect(createInput(f)).toEqual({ party: 'SUPPLIER', company: '华东建材有限公司', name: '陈经理', login: 'chen.jl' })
  })
  it('sends a mobile typed', () => {
    expect(createInput({ ...emptyForm(), company: '甲', name: '乙', login: 'yi', mobile: ' 13800000001 ' }).mobile).toBe('13800000001')
  })
})

describe('updateInput and changed', () => {
  it('sends every field, an emptied mobile as "" (which clears it), never the login', () => {
    const f = { ...formOf({ ...chen, mobile: '13800000001' }), mobile: '' }
    expect(updateInput(f)).toEqual({ party: 'CUSTOMER', company: '华东建材有限公司', name: '陈经理', mobile: '' })
  })
  it('sees no change in the contact as it was, nor in spaces', () => {
    expect(changed(chen, formOf(chen))).toBe(false)
    expect(changed(chen, { ...formOf(chen), name: ' 陈经理 ' })).toBe(false)
  })
  it('sees a change of type, company, name or mobile', () => {
    expect(changed(chen, { ...formOf(chen), party: 'SUPPLIER' })).toBe(true)
    expect(changed(chen, { ...formOf(chen), company: '华东建材' })).toBe(true)
    expect(changed(chen, { ...formOf(chen), mobile: '13800000001' })).toBe(true)
  })
})

describe('wechatState', () => {
  it('reads the binding and whether they follow', () => {
    expect(wechatState({ wechatBound: false, wechatSubscribed: false })).toBe('UNBOUND')
    expect(wechatState({ wechatBound: true, wechatSubscribed: true })).toBe('FOLLOWING')
    expect(wechatState({ wechatBound: true, wechatSubscribed: false })).toBe('NOT_FOLLOWING')
  })
})

describe('sourceOf', () => {
  it('names an admin and a registration', () => {
    expect(sourceOf('admin')).toEqual({ key: 'partyContacts.source.admin' })
    expect(sourceOf('registration')).toEqual({ key: 'partyContacts.source.registration' })
  })
  it('names the system that made it by its code', () => {
    expect(sourceOf('PB')).toEqual({ key: 'partyContacts.source.system', system: 'PB' })
    expect(sourceOf('crm')).toEqual({ key: 'partyContacts.source.system', system: 'CRM' })
  })
})

describe('freezeAction', () => {
  it('freezes an active contact and unfreezes a frozen one', () => {
    expect(freezeAction('ACTIVE')).toBe('freeze')
    expect(freezeAction('FROZEN')).toBe('unfreeze')
  })
})
