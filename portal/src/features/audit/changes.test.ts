import { describe, expect, it } from 'vitest'
import { prettyJson } from './changes'

describe('prettyJson', () => {
  it('indents JSON and leaves other text alone', () => {
    expect(prettyJson('{"a":1,"b":["x"]}')).toBe('{\n  "a": 1,\n  "b": [\n    "x"\n  ]\n}')
    expect(prettyJson('not json')).toBe('not json')
    expect(prettyJson(null)).toBe('')
  })
})
