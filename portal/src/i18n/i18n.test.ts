import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from './en'
import zhCN from './zh-CN'

type Tree = { [key: string]: string | Tree }

/** Every leaf key ("login.title") with its text. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv)
  }
  return out
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('messages', () => {
  const zh = leaves(zhCN)
  const e = leaves(en)

  it('have the same keys in zh-CN and en', () => {
    expect([...e.keys()].filter((k) => !zh.has(k))).toEqual([])
    expect([...zh.keys()].filter((k) => !e.has(k))).toEqual([])
  })

  it('are never empty', () => {
    expect([...zh, ...e].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([])
  })

  it('use the same placeholders in both languages', () => {
    const differ = [...zh].filter(([k, v]) => placeholders(v).join() !== placeholders(e.get(k) ?? '').join()).map(([k]) => k)
    expect(differ).toEqual([])
  })

  it('are in Chinese in zh-CN', () => {
    const han = /[\u3400-\u9fff]/
    // Names that read the same in both: the language names, and WeCom's own field names, which its Chinese
    // console shows in Latin letters too.
    const latinOK = new Set(['lang.en', 'binding.agentId', 'binding.secret', 'binding.url', 'binding.token', 'binding.aesKey'])
    expect([...zh].filter(([k, v]) => !latinOK.has(k) && !han.test(v)).map(([k]) => k)).toEqual([])
  })

  it('compile (a bare @ or | is vue-i18n syntax: write {\'@\'})', () => {
    const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zhCN, en } })
    const broken: string[] = []
    for (const [locale, all] of [['zh-CN', zh], ['en', e]] as const) {
      for (const [k, v] of all) {
        const params = Object.fromEntries(placeholders(v).map((p) => [p, p]))
        try {
          i18n.global.t(k, params, { locale })
        } catch {
          broken.push(`${locale} ${k}`)
        }
      }
    }
    expect(broken).toEqual([])
  })
})
