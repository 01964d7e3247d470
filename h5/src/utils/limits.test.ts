import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as limits from '@/utils/limits'
import { textToHtml } from '@/utils/published'

const SRC = join(__dirname, '..')

/** Every .vue file under src/, with its text. */
function vueFiles(): Array<[string, string]> {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.vue'))
    .map((f) => [f, readFileSync(join(SRC, f), 'utf8')])
}

describe('limits', () => {
  it('lets a reply be typed only as long as the server stores it', () => {
    // The worst a typed unit becomes: the escapes, a line break, a Chinese character, half an emoji.
    for (const unit of ['"', '&', '<', "'", 'a\n', '字', '😀']) {
      const typed = unit.repeat(Math.ceil(limits.REPLY_MAX / unit.length)).slice(0, limits.REPLY_MAX)
      const bytes = new TextEncoder().encode(textToHtml(typed)).length
      expect(bytes, `${JSON.stringify(unit)} × ${limits.REPLY_MAX}`).toBeLessThanOrEqual(
        limits.REPLY_MAX * limits.REPLY_BYTES_PER_UNIT + '<p></p>'.length,
      )
    }
  })

  it('is where every page takes its limits from: no length or count written as a number', () => {
    const bare: string[] = []
    for (const [file, text] of vueFiles()) {
      for (const m of text.matchAll(/(:?(?:maxlength|max-count))="([^"]*)"/g)) {
        if (m[1].startsWith(':') && /^[A-Z_]+$/.test(m[2]) && m[2] in limits) continue
        bare.push(`${file}: ${m[0]}`)
      }
      for (const m of text.matchAll(/const [A-Z_]*MAX[A-Z_]* = \d/g)) bare.push(`${file}: ${m[0]}`)
    }
    expect(bare).toEqual([])
  })
})
