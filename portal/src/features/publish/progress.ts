// The 推送 column of the publish lists: how the push of each notice, news item or survey on screen to its audience is
// going (pushProgress), read for the rows shown and again every few seconds while any of them is still queued —
// WeCom's limits spread a large audience over minutes.
import { computed, onBeforeUnmount, reactive, watch, type WatchSource } from 'vue'
import { useI18n } from 'vue-i18n'
import type { PushItem, PushProgressQuery } from '@/gql/graphql'
import { isApiError } from '@shared/api/graphql'

export type Progress = PushProgressQuery['pushProgress']

/** How often the column is read again while something is queued. */
export const REFRESH_MS = 3000

/**
 * One row's push: not read yet, no record of it (not_found: nobody to send to, or past retention), still going out
 * (queued > 0), all tried, or unreadable for now (the last answer, if any, is kept instead).
 */
export type PushState =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'going'; p: Progress }
  | { kind: 'done'; p: Progress }
  | { kind: 'error' }

/** The state an answer makes. */
export function stateOf(p: Progress): PushState {
  return p.queued > 0 ? { kind: 'going', p } : { kind: 'done', p }
}

/** The bar's share (0–100, whole numbers) of a push: the people no longer queued. */
export function progressPercent(p: Pick<Progress, 'total' | 'queued'>): number {
  if (p.total <= 0) return 100
  const done = Math.min(p.total, Math.max(0, p.total - p.queued))
  return Math.floor((done / p.total) * 100)
}

/** An estimate in words, as an i18n key under publish.push and its parameters. */
export interface EtaText {
  key: 'etaSeconds' | 'etaMinutes' | 'etaHours' | 'etaHoursMinutes'
  params: Record<string, number>
}

/**
 * Seconds as a person says them, rounded as an estimate should be: under a minute in seconds (at least 1), under an
 * hour in whole minutes (at least 1), beyond in hours and minutes.
 */
export function etaText(seconds: number): EtaText {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return { key: 'etaSeconds', params: { n: Math.max(1, s) } }
  const minutes = Math.round(s / 60)
  if (minutes < 60) return { key: 'etaMinutes', params: { n: minutes } }
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return m === 0 ? { key: 'etaHours', params: { h } } : { key: 'etaHoursMinutes', params: { h, m } }
}

/** The small counts shown beside a finished push: only those that are not zero, in this order. */
export const EXTRA_COUNTS = ['skipped', 'retrying', 'undeliverable'] as const
export type ExtraCount = (typeof EXTRA_COUNTS)[number]

export function extraCounts(p: Progress): Array<{ key: ExtraCount; n: number }> {
  return EXTRA_COUNTS.filter((k) => p[k] > 0).map((k) => ({ key: k, n: p[k] }))
}

/** What a publish list holds: its kind family (DeliveryFilter.kind: notice.published, news.published, survey.published). */
export type PushFamily = 'notice' | 'news' | 'survey'

export function deliveryFamily(list: 'NOTICE' | 'NEWS' | 'SURVEY'): PushFamily {
  return list === 'NEWS' ? 'news' : list === 'SURVEY' ? 'survey' : 'notice'
}

/** One item's push, as 推送记录's ?item= names it (notice:42, news:7, survey:3). */
export interface PushItemRef {
  family: PushFamily
  id: string
}

/** The PushItem of a family: news items are notices to the server (one table, one id space). */
export function pushItemOf(family: PushFamily): PushItem {
  return family === 'survey' ? 'SURVEY' : 'NOTICE'
}

/** The ?item= value of a push. */
export function itemParam(ref: PushItemRef): string {
  return `${ref.family}:${ref.id}`
}

/** The push a ?item= value names, or null for anything else (a list, another family, an id that is no id). */
export function itemOfParam(v: unknown): PushItemRef | null {
  const m = typeof v === 'string' ? /^(notice|news|survey):([1-9]\d{0,19})$/.exec(v.trim()) : null
  return m ? { family: m[1] as PushFamily, id: m[2]! } : null
}

/** The estimate under a push that is going out, in words ("约 3 分钟后全部发出"), or 正在发送 without one. */
export function useEtaText(state: () => PushState | undefined) {
  const { t } = useI18n()
  return computed(() => {
    const s = state()
    if (s?.kind !== 'going' || s.p.etaSeconds == null) return t('publish.push.sending')
    const e = etaText(s.p.etaSeconds)
    return t('publish.push.eta', { eta: t(`publish.push.${e.key}`, e.params) })
  })
}

/** Whether a row is worth reading again: a finished push or one without a record stays as it is. */
const stillOpen = (s: PushState | undefined) => !s || s.kind === 'going' || s.kind === 'error' || s.kind === 'loading'

/**
 * Reads the progress of the ids shown, all at once, and again every REFRESH_MS while any is queued; stop() ends it.
 * states holds each id's PushState (a reactive object in the page, a plain one in tests). A newer show() or a
 * stop() makes answers still on their way count for nothing.
 */
export class ProgressPoller {
  private ids: string[] = []
  private timer: ReturnType<typeof setTimeout> | null = null
  private generation = 0

  constructor(
    private readonly read: (id: string) => Promise<Progress>,
    readonly states: Record<string, PushState>,
    private readonly interval = REFRESH_MS,
  ) {}

  /** Shows these ids: reads all of them now (keeping what is known of each meanwhile), forgetting the others. */
  show(ids: readonly string[]): Promise<void> {
    this.ids = [...new Set(ids)]
    for (const id of Object.keys(this.states)) if (!this.ids.includes(id)) delete this.states[id]
    for (const id of this.ids) if (!this.states[id]) this.states[id] = { kind: 'loading' }
    return this.refresh(this.ids)
  }

  /** Whether a refresh is waiting. */
  get polling(): boolean {
    return this.timer !== null
  }

  stop(): void {
    this.generation++
    this.clear()
  }

  private clear() {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private async refresh(ids: readonly string[]): Promise<void> {
    this.clear()
    const mine = ++this.generation
    const answers = await Promise.all(
      ids.map(async (id): Promise<[string, PushState | null]> => {
        try {
          return [id, stateOf(await this.read(id))]
        } catch (err) {
          if (isApiError(err, 'not_found')) return [id, { kind: 'none' }]
          // Keep the last answer through a passing failure; "—" only when there never was one.
          const known = this.states[id]
          return [id, known && (known.kind === 'going' || known.kind === 'done') ? null : { kind: 'error' }]
        }
      }),
    )
    if (mine !== this.generation) return
    for (const [id, s] of answers) if (s) this.states[id] = s
    if (this.ids.some((id) => this.states[id]?.kind === 'going')) {
      this.timer = setTimeout(() => void this.refresh(this.ids.filter((id) => stillOpen(this.states[id]))), this.interval)
    }
  }
}

/**
 * The page's side: the progress of the rows of `ids` (read again whenever they change: a reload, more rows, a new
 * item), refreshed while any is queued, stopped when the page goes.
 */
export function usePushProgress(
  item: PushItem | (() => PushItem),
  ids: WatchSource<readonly string[]>,
  request: (item: PushItem, id: string) => Promise<Progress>,
) {
  const states = reactive<Record<string, PushState>>({})
  const itemOf = typeof item === 'function' ? item : () => item
  const poller = new ProgressPoller((id) => request(itemOf(), id), states)
  watch(ids, (list) => void poller.show(list), { immediate: true })
  onBeforeUnmount(() => poller.stop())
  return states
}
