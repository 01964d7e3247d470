import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useRecord } from '@/utils/record'

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('useRecord', () => {
  it('reads the record for the key at once and again when the key changes', async () => {
    const key = ref('a')
    const scope = effectScope()
    const rec = scope.run(() => useRecord(() => key.value, async (k) => ({ id: k }), () => 'x'))!
    expect(rec.loading.value).toBe(true)
    await settle()
    expect(rec.value.value).toEqual({ id: 'a' })
    expect(rec.loading.value).toBe(false)
    key.value = 'b'
    await nextTick()
    await settle()
    expect(rec.value.value).toEqual({ id: 'b' })
    scope.stop()
  })

  it('shows a failure as describe says, and a retry that works clears it', async () => {
    let fail = true
    const scope = effectScope()
    const rec = scope.run(() =>
      useRecord(
        () => 'a',
        async (k) => {
          if (fail) throw new Error('gone')
          return k
        },
        (err) => `没有：${(err as Error).message}`,
      ),
    )!
    await settle()
    expect(rec.value.value).toBeNull()
    expect(rec.loadError.value).toBe('没有：gone')
    fail = false
    await rec.load()
    expect(rec.value.value).toBe('a')
    expect(rec.loadError.value).toBeNull()
    scope.stop()
  })
})
