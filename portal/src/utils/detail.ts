// A record read when a drawer opens (a notice's read statistics, a survey's results): the drawer's state with its
// loading and the error's Chinese sentence.
import { reactive } from 'vue'
import { errorMessage } from '@shared/api/graphql'

export function useDetail<T>() {
  const state = reactive({ open: false, title: '', loading: false, error: '', data: null as T | null })

  /** Opens the drawer titled title and reads its record. */
  async function show(title: string, fetch: () => Promise<T>) {
    Object.assign(state, { open: true, title, loading: true, error: '', data: null })
    try {
      state.data = (await fetch()) as never
    } catch (err) {
      state.error = errorMessage(err)
    } finally {
      state.loading = false
    }
  }

  return { state, show }
}
