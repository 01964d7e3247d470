import { describe, expect, it } from 'vitest'
import { activates } from '@/utils/a11y'

describe('activates', () => {
  it.each([
    ['link', 'Enter', true],
    ['link', ' ', false], // Space scrolls past a link, as on an <a>
    ['checkbox', ' ', true],
    ['checkbox', 'Enter', true],
    ['button', ' ', true],
    [null, 'Enter', true],
    ['checkbox', 'a', false],
    ['link', 'Tab', false],
  ])('%s, %j: %s', (role, key, want) => {
    expect(activates(role, key)).toBe(want)
  })
})
