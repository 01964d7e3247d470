// A list read in cursor pages (the server's connections): the rows so far, whether more follow, loadMore() and
// reload(), with loading and the error's Chinese sentence.
import { ref, shallowRef } from 'vue'
import { errorMessage } from '@shared/api/graphql'

export interface Page<T> {
  rows: T[]
  /** Null when the connection does not count (the audit log, deliveries). */
  totalCount: number | null
  hasNextPage: boolean
  endCursor: string | null | undefined
}

/** A connection's edges as a Page. */
export function edgesPage<T>(c: {
  totalCount: number
  pageInfo: { hasNextPage: boolean; endCursor?: string | null }
  edges: ReadonlyArray<{ node: T }>
}): Page<T> {
  return { rows: c.edges.map((e) => e.node), totalCount: c.totalCount, hasNextPage: c.pageInfo.hasNextPage, endCursor: c.pageInfo.endCursor }
}

/** A connection's nodes (no edges; counted when it has totalCount) as a Page. */
export function nodesPage<T>(c: { pageInfo: { hasNextPage: boolean; endCursor?: string | null }; nodes: T[]; totalCount?: number }): Page<T> {
  return { rows: c.nodes, totalCount: c.totalCount ?? null, hasNextPage: c.pageInfo.hasNextPage, endCursor: c.pageInfo.endCursor }
}

/** A list that pages by a `next` cursor (null after the last), not a connection's pageInfo; it is not counted. */
export function nextPage<T>(p: { nodes: T[]; next?: string | null }): Page<T> {
  return { rows: p.nodes, totalCount: null, hasNextPage: Boolean(p.next), endCursor: p.next ?? null }
}

/** What useCursorList returns. */
export type CursorList<T> = ReturnType<typeof useCursorList<T>>

export function useCursorList<T>(fetchPage: (after: string | null) => Promise<Page<T>>) {
  const rows = shallowRef<T[]>([])
  const total = ref<number | null>(0)
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref('')
  const hasMore = ref(false)
  let cursor: string | null = null
  let seq = 0

  async function load(reset: boolean) {
    const mine = ++seq
    loading.value = true
    error.value = ''
    try {
      const page = await fetchPage(reset ? null : cursor)
      if (mine !== seq) return
      rows.value = reset ? page.rows : [...rows.value, ...page.rows]
      total.value = page.totalCount
      hasMore.value = page.hasNextPage
      cursor = page.endCursor ?? null
      loaded.value = true
    } catch (err) {
      if (mine === seq) error.value = errorMessage(err)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  const reload = () => load(true)
  const loadMore = () => load(false)
  void reload()
  return { rows, total, loaded, loading, error, hasMore, reload, loadMore }
}
