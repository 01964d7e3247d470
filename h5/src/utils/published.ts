// Display helpers for published items (公告 / 新闻, 调查, 讨论): labels, survey states and percentages, ballots,
// and the small text ⇄ HTML conversions the reply box and quotes need.
import type { NoticeKind, QuestionKind, SurveyChoiceInput, SurveyState } from '@/gql/graphql'
import { formatTime } from '@/utils/format'

type TagType = 'primary' | 'success' | 'danger' | 'warning' | 'default'

/** The label of a notice kind. */
export const NOTICE_KIND: Record<NoticeKind, { text: string; type: TagType }> = {
  NOTICE: { text: '公告', type: 'primary' },
  NEWS: { text: '新闻', type: 'success' },
}

/** The tag for a notice kind; a value this build does not know yet is shown as it is. */
export function noticeKindTag(kind: string): { text: string; type: TagType } {
  return NOTICE_KIND[kind as NoticeKind] ?? { text: kind, type: 'default' }
}

/** Where a survey is in its time window. */
export const SURVEY_STATE: Record<SurveyState, { text: string; type: TagType }> = {
  NOT_OPEN: { text: '未开始', type: 'warning' },
  OPEN: { text: '进行中', type: 'primary' },
  CLOSED: { text: '已结束', type: 'default' },
}

/** The tag for a survey state; a value this build does not know yet is shown as it is. */
export function surveyStateTag(state: string): { text: string; type: TagType } {
  return SURVEY_STATE[state as SurveyState] ?? { text: state, type: 'default' }
}

/** The time window in one line: "3月5日 14:00 开始 · 3月8日 18:00 截止", or "… · 不限截止时间". */
export function surveyWindow(opensAt: string, closesAt: string | null | undefined, now: Date = new Date()): string {
  const closes = closesAt ? `${formatTime(closesAt, now)} 截止` : '不限截止时间'
  return `${formatTime(opensAt, now)} 开始 · ${closes}`
}

/**
 * A percentage as the results show it: one decimal at most, none when it is whole ("33.3%", "50%").
 * Anything that is not a finite number shows as "0%".
 */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return '0%'
  const rounded = Math.round(percent * 10) / 10
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`
}

/** A value Vant's Progress accepts: within 0..100. */
export function progressValue(percent: number): number {
  if (!Number.isFinite(percent)) return 0
  return Math.min(100, Math.max(0, percent))
}

/** The question fields the ballot helpers need. */
export interface QuestionRule {
  id: string
  kind: QuestionKind
  required: boolean
  minChoices: number
  maxChoices: number
  options: ReadonlyArray<{ id: string }>
}

/** How to answer a question, as a hint under it: "单选", "多选，最多 2 项", "多选，选 2–3 项"…, plus "（选填）". */
export function choiceHint(q: QuestionRule): string {
  let hint: string
  if (q.kind === 'SINGLE') {
    hint = '单选'
  } else {
    const n = q.options.length
    const min = Math.max(1, q.minChoices)
    const max = q.maxChoices > 0 ? Math.min(q.maxChoices, n) : n
    if (min === max) hint = `多选，选 ${min} 项`
    else if (min <= 1 && max >= n) hint = '多选'
    else if (min <= 1) hint = `多选，最多 ${max} 项`
    else if (max >= n) hint = `多选，至少 ${min} 项`
    else hint = `多选，选 ${min}–${max} 项`
  }
  return q.required ? hint : `${hint}（选填）`
}

/** The viewer's answers while filling a survey in: an option id per single question, ids per multiple one. */
export type Answers = Record<string, string | string[] | undefined>

/**
 * The voteSurvey choices for answers, in question order. Unanswered questions are left out (the server says
 * which required one is missing); options that are not the question's are dropped.
 */
export function buildChoices(questions: ReadonlyArray<QuestionRule>, answers: Answers): SurveyChoiceInput[] {
  const out: SurveyChoiceInput[] = []
  for (const q of questions) {
    const raw = answers[q.id]
    const picked = raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : [raw]
    const known = new Set(q.options.map((o) => o.id))
    const optionIds = [...new Set(picked)].filter((id) => known.has(id))
    if (optionIds.length) out.push({ questionId: q.id, optionIds })
  }
  return out
}

/** Answers pre-filled from the options the viewer chose (myChoices), for showing a cast ballot. */
export function answersFromChoices(questions: ReadonlyArray<QuestionRule>, myChoices: ReadonlyArray<string> | null | undefined): Answers {
  const mine = new Set(myChoices ?? [])
  const answers: Answers = {}
  for (const q of questions) {
    const ids = q.options.filter((o) => mine.has(o.id)).map((o) => o.id)
    answers[q.id] = q.kind === 'SINGLE' ? ids[0] : ids
  }
  return answers
}

/** The question a survey validation message names ("请回答第 2 题…" gives 1, zero-based), or null. */
export function questionIndexOf(message: string, questionCount: number): number | null {
  const m = /第\s*(\d+)\s*题/.exec(message)
  if (!m) return null
  const i = Number(m[1]) - 1
  return i >= 0 && i < questionCount ? i : null
}

export { escapeHtml, textToHtml } from '@shared/text'

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

/** The text of (sanitised) HTML on one line, cut to max characters with "…": for quotes and previews. */
export function htmlExcerpt(html: string, max = 60): string {
  const text = html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<(br|\/?(p|div|li|ul|ol|h[1-6]|blockquote|pre|table|tr|td|th))\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
      }
      return ENTITIES[name.toLowerCase()] ?? whole
    })
    .replace(/\s+/g, ' ')
    .trim()
  const chars = Array.from(text)
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text
}

// An RFC 3339 time as [whole seconds in ms since the epoch, nanoseconds]: the server writes microseconds, which a
// Date (milliseconds) would lose. NaN seconds for text that is not a time.
function instant(time: string): [number, number] {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(time)
  if (!m) return [Number.NaN, 0]
  return [Date.parse(m[1] + m[3]), Number((m[2] ?? '').padEnd(9, '0').slice(0, 9))]
}

/**
 * The latest of some server times, as given (so the server gets back exactly the instant it wrote), compared to
 * the microsecond whatever their zone; null when none is a time. A discussion page marks itself read up to the
 * newest time it has shown (markDiscussionRead's seenUpTo).
 */
export function newestTime(times: ReadonlyArray<string | null | undefined>): string | null {
  let best: string | null = null
  let bestAt: [number, number] = [Number.NEGATIVE_INFINITY, 0]
  for (const t of times) {
    if (!t) continue
    const at = instant(t)
    if (Number.isNaN(at[0])) continue
    if (at[0] > bestAt[0] || (at[0] === bestAt[0] && at[1] > bestAt[1])) {
      best = t
      bestAt = at
    }
  }
  return best
}
