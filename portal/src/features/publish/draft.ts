// What the publish forms send: plain text turned into the HTML body the server sanitises, the audience, and a
// survey's questions checked before they go (the server refuses the same, in words meant for the phone pages).
import type { AudienceInput, PublishSurveyInput, QuestionKind } from '@/gql/graphql'
import { textToHtml } from '@shared/text'

export { textToHtml }

/** The audience chosen in a form: everyone, or departments. */
export interface AudienceDraft {
  all: boolean
  departmentIds: string[]
}

/** The audience to send, or null when departments were asked for and none was picked. */
export function audienceInput(d: AudienceDraft): AudienceInput | null {
  if (d.all) return { all: true, departmentIds: [] }
  return d.departmentIds.length ? { all: false, departmentIds: [...d.departmentIds] } : null
}

export interface QuestionDraft {
  text: string
  kind: QuestionKind
  required: boolean
  options: string[]
}

/** A new question: single choice, required, two empty options. */
export function newQuestion(): QuestionDraft {
  return { text: '', kind: 'SINGLE', required: true, options: ['', ''] }
}

/** Why a survey's questions cannot go yet: an i18n key of publish.survey and the question's number, or null. */
export interface QuestionProblem {
  key: 'needQuestion' | 'needText' | 'needOptions' | 'emptyOption' | 'duplicateOption'
  n: number
}

/** The first problem of the questions, in order, or null when they may be sent. */
export function questionProblem(questions: readonly QuestionDraft[]): QuestionProblem | null {
  if (questions.length === 0) return { key: 'needQuestion', n: 0 }
  for (const [i, q] of questions.entries()) {
    const n = i + 1
    if (!q.text.trim()) return { key: 'needText', n }
    const options = q.options.map((o) => o.trim())
    if (options.some((o) => o === '')) return { key: 'emptyOption', n }
    if (options.length < 2) return { key: 'needOptions', n }
    if (new Set(options).size !== options.length) return { key: 'duplicateOption', n }
  }
  return null
}

/** The survey input from a checked draft. */
export function surveyInput(
  title: string,
  description: string,
  audience: AudienceInput,
  visibility: PublishSurveyInput['resultsVisibility'],
  closesAt: Date | null,
  questions: readonly QuestionDraft[],
): PublishSurveyInput {
  return {
    title: title.trim(),
    body: textToHtml(description),
    audience,
    resultsVisibility: visibility,
    closesAt: closesAt ? closesAt.toISOString() : null,
    questions: questions.map((q) => ({
      text: q.text.trim(),
      kind: q.kind,
      required: q.required,
      options: q.options.map((o) => o.trim()),
    })),
  }
}

/** A share as a percentage with one decimal (0 for an empty whole). */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0
}
