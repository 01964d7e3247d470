// 已绑定的微信's list: wechatBindings pages by a `next` cursor (null after the last), not a connection's pageInfo.
import type { Page } from '@/utils/paging'

/** A wechatBindings answer as a Page for useCursorList; the list is not counted. */
export function bindingsPage<T>(p: { nodes: T[]; next?: string | null }): Page<T> {
  return { rows: p.nodes, totalCount: null, hasNextPage: Boolean(p.next), endCursor: p.next ?? null }
}
