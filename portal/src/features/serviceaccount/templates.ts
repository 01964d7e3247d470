// 模板消息 (seed 004 §3.5): each kind of message Qiao pushes goes out over the service account as one of the account's
// templates, each of the template's fields filled by one fact of the message (or left empty).
import type { TemplateFieldInput } from '@/gql/graphql'

/** A template as serviceAccountTemplates lists it. */
export interface Template {
  id: string
  title: string
  keywords: ReadonlyArray<{ key: string; label: string; limit: number }>
}

/** A kind of message with its mapping, as messageKinds lists it. */
export interface Kind {
  kind: string
  name: string
  templateId?: string | null
  fields: ReadonlyArray<{ key: string; fact: string }>
}

/** A template field's chosen fact by key; '' is 不填. */
export type Choice = Record<string, string>

/**
 * Words in a field's label that say which fact it wants, most telling first: WeChat's library titles its fields in
 * the business's words (审批事项, 申请人, 提交时间), so the label is what an admin matches by eye too.
 */
const LABEL_FACTS: ReadonlyArray<[RegExp, string]> = [
  [/时间|日期/, 'time'],
  [/状态|结果|进度/, 'status'],
  [/编号|单号|流水/, 'ref'],
  [/人|姓名|发起|操作/, 'actor'],
  [/类型|类别|分类/, 'kind'],
  [/意见|备注|内容|说明|原因/, 'note'],
  [/标题|主题/, 'title'],
  [/事项|名称|项目|事由/, 'subject'],
]

/** The fact a field's label suggests, or '' when none does. facts limits the answer to the server's facts. */
export function suggestFact(label: string, facts: readonly string[]): string {
  for (const [re, fact] of LABEL_FACTS) if (re.test(label) && facts.includes(fact)) return fact
  return ''
}

/**
 * The choices the dialog starts with for template t: the kind's saved ones when it is mapped to t, else a
 * suggestion from each field's label, each fact used once (the first field that asks for it gets it).
 */
export function initialChoice(t: Template, kind: Kind, facts: readonly string[]): Choice {
  const out: Choice = {}
  if (kind.templateId === t.id) {
    const saved = new Map(kind.fields.map((f) => [f.key, f.fact]))
    for (const k of t.keywords) out[k.key] = saved.get(k.key) ?? ''
    return out
  }
  const used = new Set<string>()
  for (const k of t.keywords) {
    const f = suggestFact(k.label, facts)
    out[k.key] = f && !used.has(f) ? f : ''
    if (f) used.add(f)
  }
  return out
}

/** The fields to send (mapMessageTemplate, templatePreview): t's fields with a fact, in the template's order. */
export function fieldsInput(t: Template, choice: Choice): TemplateFieldInput[] {
  return t.keywords.filter((k) => choice[k.key]).map((k) => ({ key: k.key, fact: choice[k.key] }))
}

/** Whether a kind is mapped, and to a template the account still has (null templates: not read). */
export type KindState = 'none' | 'mapped' | 'missing' | 'unchecked'

export function kindState(kind: Kind, templates: readonly Template[] | null): KindState {
  if (!kind.templateId) return 'none'
  if (!templates) return 'unchecked'
  return templates.some((t) => t.id === kind.templateId) ? 'mapped' : 'missing'
}

/** The title of the template a kind is mapped to, or null when it has none or the template is not listed. */
export function templateTitle(kind: Kind, templates: readonly Template[] | null): string | null {
  if (!kind.templateId || !templates) return null
  return templates.find((t) => t.id === kind.templateId)?.title ?? null
}

/** 应用到全部类型's targets: the kinds without a template, besides the one just mapped. */
export function unmappedKinds<K extends Kind>(kinds: readonly K[], except: string): K[] {
  return kinds.filter((k) => k.kind !== except && !k.templateId)
}

/**
 * A mapped kind's fields as the table lists them: in its template's order with the template's labels (the server
 * lists them by key), or by key when the template is not at hand; fact is the fact's label (facts) or its name.
 */
export function fieldSummary(kind: Kind, template: Template | null | undefined, facts: ReadonlyMap<string, string>): { label: string; fact: string }[] {
  const name = (f: string) => facts.get(f) ?? f
  if (!template) return kind.fields.map((f) => ({ label: f.key, fact: name(f.fact) }))
  const chosen = new Map(kind.fields.map((f) => [f.key, f.fact]))
  return template.keywords.filter((k) => chosen.get(k.key)).map((k) => ({ label: k.label, fact: name(chosen.get(k.key)!) }))
}
