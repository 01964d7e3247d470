// A screen's read: loading while it runs (v-loading / skeletons), the error's Chinese sentence when it failed,
// and reload() for retry buttons and after changes.
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { errorMessage } from '@shared/api/graphql'

export interface Loaded<T> {
  data: ShallowRef<T | null>
  loading: Ref<boolean>
  error: Ref<string>
  reload: () => Promise<void>
}

/** Runs fetch now and on reload(); a reload keeps the data shown until the new answer replaces it. */
export function useLoad<T>(fetch: () => Promise<T>): Loaded<T> {
  const data = shallowRef<T | null>(null)
  const loading = ref(false)
  const error = ref('')
  let seq = 0
  async function reload() {
    const mine = ++seq
    loading.value = true
    error.value = ''
    try {
      const v = await fetch()
      if (mine === seq) data.value = v
    } catch (err) {
      if (mine === seq) error.value = errorMessage(err)
    } finally {
      if (mine === seq) loading.value = false
    }
  }
  void reload()
  return { data, loading, error, reload }
}
