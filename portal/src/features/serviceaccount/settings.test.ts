import { describe, expect, it } from 'vitest'
import { IDENTITY_COLUMNS, PUSH_CHANNELS, rulesLine, settingsFrom, settingsInput } from './settings'

const saved = { identityColumn: 'LOGIN', allowRegister: false, pushChannel: 'WECOM' } as const

describe('settingsFrom', () => {
  it('takes the saved settings', () => {
    expect(settingsFrom({ identityColumn: 'NUMBER', allowRegister: true, pushChannel: 'WECOM_FIRST' })).toEqual({
      identityColumn: 'NUMBER',
      allowRegister: true,
      pushChannel: 'WECOM_FIRST',
    })
  })
  it("starts as the server's defaults without an account", () => {
    expect(settingsFrom(null)).toEqual(saved)
  })
})

describe('settingsInput', () => {
  it('sends only what changed', () => {
    expect(settingsInput({ ...saved, pushChannel: 'WECOM_FIRST' }, saved)).toEqual({ pushChannel: 'WECOM_FIRST' })
    expect(settingsInput({ identityColumn: 'MOBILE', allowRegister: true, pushChannel: 'MP' }, saved)).toEqual({
      identityColumn: 'MOBILE',
      allowRegister: true,
      pushChannel: 'MP',
    })
  })
  it('never sends the binding fields', () => {
    const input = settingsInput({ ...saved, allowRegister: true }, saved)
    expect(input).not.toHaveProperty('appId')
    expect(input).not.toHaveProperty('secret')
  })
  it('is null when nothing changed', () => {
    expect(settingsInput({ ...saved }, saved)).toBeNull()
  })
})

describe('rulesLine', () => {
  it('says the lockout, the first sign-in change and the complexity', () => {
    const rules = { lockoutThreshold: 5, lockoutMinutes: 30, passwordMinLength: 8, passwordRequireSymbol: true, forcePasswordChange: true }
    expect(rulesLine(rules)).toEqual([
      { key: 'lockout', values: { n: 5, min: 30 } },
      { key: 'forceChange', values: {} },
      { key: 'complexSymbol', values: { n: 8 } },
    ])
    expect(rulesLine({ ...rules, passwordRequireSymbol: false, forcePasswordChange: false }).map((p) => p.key)).toEqual([
      'lockout',
      'noForceChange',
      'complex',
    ])
  })
})

describe('choices', () => {
  it('offers every column and channel once', () => {
    expect(IDENTITY_COLUMNS).toEqual(['LOGIN', 'NUMBER', 'MOBILE'])
    expect(PUSH_CHANNELS).toEqual(['WECOM', 'MP', 'WECOM_FIRST'])
  })
})
