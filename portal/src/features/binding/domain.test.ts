import { describe, expect, it } from 'vitest'
import { MAX_VERIFY_FILE_BYTES, parseHosts, readVerifyFile, verifyFileProblem } from './domain'

describe('parseHosts', () => {
  it('takes one host per line, bare, lower-cased and once, in order', () => {
    expect(parseHosts(' OA.Example.com \n\nhttps://oa.example.com/path\noa2.example.cn:8443\n')).toEqual(['oa.example.com', 'oa2.example.cn:8443'])
    expect(parseHosts('   ')).toEqual([])
  })
})

describe('verification files', () => {
  it('takes the .txt files WeCom and the service account give', () => {
    expect(verifyFileProblem({ name: 'WW_verify_abc123.txt', size: 16 })).toBe('')
    expect(verifyFileProblem({ name: 'MP_verify_xyz.txt', size: 16 })).toBe('')
  })
  it('refuses another kind of file, or a large one', () => {
    expect(verifyFileProblem({ name: 'photo.png', size: 10 })).toBe('verifyNotTxt')
    expect(verifyFileProblem({ name: '../x.txt', size: 10 })).toBe('verifyNotTxt')
    expect(verifyFileProblem({ name: 'WW_verify_a.txt', size: MAX_VERIFY_FILE_BYTES + 1 })).toBe('verifyTooLarge')
  })
  it('reads the name and the text', async () => {
    const f = new File(['abc123\n'], 'WW_verify_abc123.txt', { type: 'text/plain' })
    expect(await readVerifyFile(f)).toEqual({ name: 'WW_verify_abc123.txt', content: 'abc123' })
  })
})
