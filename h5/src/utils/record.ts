// A detail page's one record (a person's card, an external contact, a notice): read when the page opens and again
// when its route key changes, with what the skeleton, the error and its 重新加载 button need.
import { ref, watch, type Ref } from 'vue'

export interface LoadedRecord<T> {
  /** The record shown; null before the first read and after a failed one. */
  value: Ref<T | null>
  /** True while a read runs. */
  loading: Ref<boolean>
  /** What the failed read's error says, for the person; null once a read succeeds. */
  loadError: Ref<string | null>
  /** Reads it again (the error's retry button). */
  load: () => Promise<void>
}

/**
 * Reads the record for `key()` with `read`, now and whenever the key changes; a failure is shown as `describe(err)`.
 * Call it in a component's setup.
 */
export function useRecord<T>(key: () => string, read: (key: string) => Promise<T>, describe: (err: unknown) => string): LoadedRecord<T> {
  const value = ref(null) as Ref<T | null>
  const loading = ref(true)
  const loadError = ref<string | null>(null)

  async function load() {
    loading.value = true
    try {
      value.value = await read(key())
      loadError.value = null
    } catch (err) {
      value.value = null
      loadError.value = describe(err)
    } finally {
      loading.value = false
    }
  }

  watch(key, load, { immediate: true })
  return { value, loading, loadError, load }
}
