import { describe, expect, it } from 'vitest'
import { ENCRYPT_MODES, RECOMMENDED_MODE, accountInput, formFrom, secretPlaceholder } from './account'

describe('formFrom', () => {
  it('starts a new binding empty, in 安全模式', () => {
    expect(formFrom(null)).toEqual({ appId: '', secret: '', encryptMode: 'SAFE' })
  })
  it('takes the saved AppID and mode and leaves the secret empty', () => {
    expect(formFrom({ appId: 'wx00000000000000e2', encryptMode: 'COMPAT' })).toEqual({ appId: 'wx00000000000000e2', secret: '', encryptMode: 'COMPAT' })
  })
})

describe('accountInput', () => {
  it('sends the secret only when typed', () => {
    expect(accountInput({ appId: ' wx00000000000000e2 ', secret: '', encryptMode: 'SAFE' })).toEqual({ appId: 'wx00000000000000e2', encryptMode: 'SAFE' })
    expect(accountInput({ appId: 'wx00000000000000e2', secret: '   ', encryptMode: 'PLAIN' })).toEqual({ appId: 'wx00000000000000e2', encryptMode: 'PLAIN' })
  })
  it('sends a typed secret, trimmed, to replace the saved one', () => {
    expect(accountInput({ appId: 'wx00000000000000e2', secret: ' abc ', encryptMode: 'SAFE' })).toEqual({ appId: 'wx00000000000000e2', secret: 'abc', encryptMode: 'SAFE' })
  })
})

describe('secretPlaceholder', () => {
  it('shows the masked saved secret', () => {
    expect(secretPlaceholder('ab****yz')).toEqual({ key: 'secretSaved', values: { masked: 'ab****yz' } })
  })
  it('says none is saved', () => {
    expect(secretPlaceholder('')).toEqual({ key: 'secretNone', values: {} })
    expect(secretPlaceholder(null)).toEqual({ key: 'secretNone', values: {} })
  })
})

describe('modes', () => {
  it('lists 明文, 兼容 and 安全模式, recommending 安全模式', () => {
    expect(ENCRYPT_MODES).toEqual(['PLAIN', 'COMPAT', 'SAFE'])
    expect(RECOMMENDED_MODE).toBe('SAFE')
  })
})
