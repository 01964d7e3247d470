// 推送记录 narrowed to one notice's, news item's or survey's push (?item=notice:42): the link a publish list's 推送
// cell opens, and the title it passes along — in the history entry rather than the address, so a link written by
// hand cannot make the header say what it likes (it shows 公告 #42 instead), and a reload keeps it.
import type { RouteLocationRaw } from 'vue-router'
import type { PushItemFilter } from '@/gql/graphql'
import { itemParam, pushItemOf, type PushItemRef } from '../publish/progress'

/** What the 推送 cell leaves in the history entry. */
interface TitleState {
  pushItem: string
  pushTitle: string
}

/** 推送记录 of one item's push, its title passed along. */
export function pushLogLink(ref: PushItemRef, title: string): RouteLocationRaw {
  const item = itemParam(ref)
  return { name: 'deliveries', query: { item }, state: { pushItem: item, pushTitle: title } satisfies TitleState }
}

/** The title a link passed along for ref in history state, or '' when it was for another item or there was none. */
export function titleOf(state: unknown, ref: PushItemRef): string {
  if (!state || typeof state !== 'object') return ''
  const s = state as Partial<Record<keyof TitleState, unknown>>
  return s.pushItem === itemParam(ref) && typeof s.pushTitle === 'string' ? s.pushTitle : ''
}

/** DeliveryFilter.item of a push. */
export function itemFilter(ref: PushItemRef): PushItemFilter {
  return { item: pushItemOf(ref.family), id: ref.id }
}
