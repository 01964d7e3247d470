import { describe, expect, it } from 'vitest'
import { inBounds, invalidFields, settingsPatch, type SettingsForm } from './rules'

const saved: SettingsForm = {
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  passwordMinLength: 8,
  passwordRequireSymbol: false,
  forcePasswordChange: true,
}

describe('account rule bounds', () => {
  it.each([
    ['lockoutThreshold', 1, true],
    ['lockoutThreshold', 100, true],
    ['lockoutThreshold', 0, false],
    ['lockoutThreshold', 101, false],
    ['lockoutMinutes', 1440, true],
    ['lockoutMinutes', 1441, false],
    ['passwordMinLength', 7, false],
    ['passwordMinLength', 8, true],
    ['passwordMinLength', 64, true],
    ['passwordMinLength', 65, false],
    ['passwordMinLength', 8.5, false],
    ['passwordMinLength', null, false],
  ] as const)('%s = %s is in bounds: %s', (field, v, want) => {
    expect(inBounds(field, v)).toBe(want)
  })

  it('lists the refused fields in the server order', () => {
    expect(invalidFields(saved)).toEqual([])
    expect(invalidFields({ ...saved, passwordMinLength: 4, lockoutThreshold: 0 })).toEqual(['lockoutThreshold', 'passwordMinLength'])
  })

  it('sends only what changed', () => {
    expect(settingsPatch(saved, saved)).toEqual({})
    expect(settingsPatch({ ...saved, lockoutMinutes: 30, passwordRequireSymbol: true }, saved)).toEqual({
      lockoutMinutes: 30,
      passwordRequireSymbol: true,
    })
  })
})
