import { describe, expect, it } from 'vitest'
import type { StaffFieldsFragment } from '@/gql/graphql'
import { actionsFor, checkForm, createInput, defaultFilter, emptyForm, formOf, staffVariables, summarize, updatePatch } from './staff'

const wang: StaffFieldsFragment = {
  id: '7',
  name: '王五',
  login: 'wangwu',
  admin: false,
  wecomUserId: 'wangwu',
  wecomStatus: 'ACTIVE',
  position: '工程师',
  mobile: '13800000000',
  email: null,
  status: 'ACTIVE',
  employeeNo: 'A001',
  branch: { id: '3', name: '华南分公司' },
  departments: [
    { id: '20', name: '研发部', isMain: true, isLeader: false },
    { id: '10', name: '产品部', isMain: false, isLeader: true },
  ],
}

describe('updatePatch', () => {
  it('sends nothing when nothing changed', () => {
    expect(updatePatch(formOf(wang), formOf(wang))).toBeNull()
    expect(updatePatch(formOf(wang), { ...formOf(wang), position: ' 工程师 ', departmentIds: ['10', '20'] })).toBeNull()
  })
  it('sends only the changed fields, trimmed', () => {
    expect(updatePatch(formOf(wang), { ...formOf(wang), position: ' 高级工程师/组长 ', email: 'w@example.com' })).toEqual({
      position: '高级工程师/组长',
      email: 'w@example.com',
    })
  })
  it('clears an emptied optional field with "" and a removed branch with clearBranch', () => {
    expect(updatePatch(formOf(wang), { ...formOf(wang), employeeNo: '  ', branchId: '' })).toEqual({ employeeNo: '', clearBranch: true })
    expect(updatePatch(formOf(wang), { ...formOf(wang), branchId: '4' })).toEqual({ branchId: '4' })
  })
  it('sends the admin switch when flipped', () => {
    expect(updatePatch(formOf(wang), { ...formOf(wang), admin: true })).toEqual({ admin: true })
    expect(updatePatch(formOf({ ...wang, admin: true }), formOf({ ...wang, admin: true }))).toBeNull()
  })
  it('sends the departments with their main one when either changed', () => {
    expect(updatePatch(formOf(wang), { ...formOf(wang), mainDepartmentId: '10' })).toEqual({ departmentIds: ['20', '10'], mainDepartmentId: '10' })
    expect(updatePatch(formOf(wang), { ...formOf(wang), departmentIds: ['10'] })).toEqual({ departmentIds: ['10'], mainDepartmentId: '10' })
    expect(updatePatch(formOf(wang), { ...formOf(wang), departmentIds: [] })).toEqual({ departmentIds: [], mainDepartmentId: null })
  })
})

describe('createInput', () => {
  it('leaves out the empty optional fields', () => {
    const f = { ...emptyForm(), name: ' 赵六 ', login: 'zhaoliu', mobile: '13900000000' }
    expect(createInput(f)).toEqual({ name: '赵六', login: 'zhaoliu', mobile: '13900000000', admin: false })
  })
  it('sends the departments with a main one among them', () => {
    const f = { ...emptyForm(), name: '赵六', login: 'zhaoliu', email: 'z@example.com', branchId: '3', departmentIds: ['10', '20'], mainDepartmentId: '99' }
    expect(createInput(f)).toMatchObject({ branchId: '3', departmentIds: ['10', '20'], mainDepartmentId: '10' })
  })
})

describe('checkForm', () => {
  it('wants a name, a login when creating, and a mobile or an email', () => {
    expect(checkForm(emptyForm(), true)).toEqual({ name: 'staff.form.nameRequired', login: 'staff.form.loginRequired', mobile: 'staff.form.contactRequired' })
    expect(checkForm({ ...emptyForm(), name: '赵六', email: 'z@example.com' }, false)).toEqual({})
  })
})

describe('the list', () => {
  it('asks for the active and frozen by default, every status when none is picked', () => {
    expect(staffVariables(defaultFilter())).toEqual({
      query: null,
      departmentId: null,
      withSubDepartments: true,
      statuses: ['ACTIVE', 'FROZEN'],
      wecomStatuses: null,
    })
    expect(staffVariables({ ...defaultFilter(), query: ' 王 ', statuses: [], wecomStatuses: ['NOT_JOINED'] })).toMatchObject({
      query: '王',
      statuses: null,
      wecomStatuses: ['NOT_JOINED'],
    })
  })
  it('offers the actions a status allows', () => {
    expect(actionsFor('ACTIVE')).toEqual(['FREEZE', 'RESIGN'])
    expect(actionsFor('FROZEN')).toEqual(['UNFREEZE', 'RESIGN'])
    expect(actionsFor('RESIGNED')).toEqual(['REINSTATE'])
  })
  it('summarizes a bulk action by name', () => {
    const names = new Map([
      ['1', '张三'],
      ['2', '李四'],
    ])
    expect(summarize([{ employeeId: '1' }, { employeeId: '2', error: '已离职' }], names)).toEqual({ done: 1, failed: [{ name: '李四', error: '已离职' }] })
  })
})
