import { describe, expect, it } from 'vitest'
import { employeeStatusLabel, externalTypeLabel, externalTypeTag, genderLabel, mailHref, mainDepartment, telHref } from '@/utils/directory'

describe('mainDepartment', () => {
  it('names the main department wherever it sits', () => {
    expect(
      mainDepartment([
        { name: '研发部', isMain: false },
        { name: '市场部', isMain: true },
      ]),
    ).toBe('市场部')
  })
  it('falls back to the first, and to nothing', () => {
    expect(mainDepartment([{ name: '研发部', isMain: false }])).toBe('研发部')
    expect(mainDepartment([])).toBe('')
  })
})

describe('telHref and mailHref', () => {
  it('makes a dialable tel: link', () => {
    expect(telHref('138 0013-8000')).toBe('tel:13800138000')
    expect(telHref('+86 (10) 1234')).toBe('tel:+86101234')
  })
  it('makes a mailto: link', () => {
    expect(mailHref(' zhangsan@example.com ')).toBe('mailto:zhangsan@example.com')
  })
  it('gives nothing for nothing', () => {
    expect(telHref(null)).toBe('')
    expect(telHref('  ')).toBe('')
    expect(mailHref(undefined)).toBe('')
    expect(mailHref('')).toBe('')
  })
})

describe('labels', () => {
  it('names types and genders in Chinese', () => {
    expect(externalTypeLabel('WECHAT')).toBe('微信')
    expect(externalTypeLabel('WECOM')).toBe('企业微信')
    expect(genderLabel('MALE')).toBe('男')
    expect(genderLabel('FEMALE')).toBe('女')
    expect(genderLabel('UNKNOWN')).toBe('')
  })
})

describe('externalTypeTag', () => {
  it('names the source with its own colour', () => {
    expect(externalTypeTag('WECOM')).toEqual({ text: '企业微信', type: 'primary' })
    expect(externalTypeTag('WECHAT')).toEqual({ text: '微信', type: 'success' })
  })
})

describe('employeeStatusLabel', () => {
  it('tags only an account that is not active', () => {
    expect(employeeStatusLabel('RESIGNED')).toBe('已离职')
    expect(employeeStatusLabel('FROZEN')).toBe('已冻结')
    expect(employeeStatusLabel('ACTIVE')).toBe('')
  })
})
