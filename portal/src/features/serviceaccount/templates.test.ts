import { describe, expect, it } from 'vitest'
import { fieldSummary, fieldsInput, initialChoice, kindState, suggestFact, templateTitle, unmappedKinds, type Kind, type Template } from './templates'

const FACTS = ['title', 'kind', 'subject', 'actor', 'time', 'status', 'note', 'ref']

const approval: Template = {
  id: 'tpl-1',
  title: '审批提醒',
  keywords: [
    { key: 'thing1', label: '审批事项', limit: 20 },
    { key: 'thing2', label: '申请人', limit: 20 },
    { key: 'time3', label: '提交时间', limit: 20 },
    { key: 'phrase4', label: '审批状态', limit: 5 },
    { key: 'thing5', label: '发起人', limit: 20 },
    { key: 'character_string6', label: '附件', limit: 20 },
  ],
}
const other: Template = { id: 'tpl-2', title: '工作通知', keywords: [{ key: 'thing1', label: '通知内容', limit: 20 }] }

const kind = (k: string, templateId: string | null = null, fields: Kind['fields'] = []): Kind => ({ kind: k, name: k, templateId, fields })

describe('suggestFact', () => {
  it("reads the fact from the field's label", () => {
    expect(suggestFact('审批事项', FACTS)).toBe('subject')
    expect(suggestFact('申请人', FACTS)).toBe('actor')
    expect(suggestFact('提交时间', FACTS)).toBe('time')
    expect(suggestFact('审批状态', FACTS)).toBe('status')
    expect(suggestFact('单号', FACTS)).toBe('ref')
    expect(suggestFact('备注', FACTS)).toBe('note')
  })
  it('suggests nothing for a label it cannot read, or a fact the server lacks', () => {
    expect(suggestFact('附件', FACTS)).toBe('')
    expect(suggestFact('提交时间', ['subject'])).toBe('')
  })
})

describe('initialChoice', () => {
  it("keeps the kind's saved fields for its own template, 不填 for the others", () => {
    const k = kind('collab.sent', 'tpl-1', [
      { key: 'thing1', fact: 'title' },
      { key: 'time3', fact: 'time' },
    ])
    expect(initialChoice(approval, k, FACTS)).toEqual({ thing1: 'title', thing2: '', time3: 'time', phrase4: '', thing5: '', character_string6: '' })
  })
  it('suggests from the labels for another template, each fact once', () => {
    expect(initialChoice(approval, kind('collab.sent', 'tpl-2'), FACTS)).toEqual({
      thing1: 'subject',
      thing2: 'actor',
      time3: 'time',
      phrase4: 'status',
      thing5: '',
      character_string6: '',
    })
  })
})

describe('fieldsInput', () => {
  it("sends the filled fields in the template's order", () => {
    expect(fieldsInput(approval, { time3: 'time', thing1: 'subject', thing2: '', phrase4: 'status' })).toEqual([
      { key: 'thing1', fact: 'subject' },
      { key: 'time3', fact: 'time' },
      { key: 'phrase4', fact: 'status' },
    ])
  })
  it("ignores keys the template does not have (left from another template's choice)", () => {
    expect(fieldsInput(other, { thing1: 'note', time3: 'time' })).toEqual([{ key: 'thing1', fact: 'note' }])
  })
})

describe('kindState and templateTitle', () => {
  it('says whether a kind is mapped to a template the account has', () => {
    expect(kindState(kind('a'), [approval])).toBe('none')
    expect(kindState(kind('a', 'tpl-1'), [approval])).toBe('mapped')
    expect(kindState(kind('a', 'tpl-9'), [approval])).toBe('missing')
    expect(kindState(kind('a', 'tpl-1'), null)).toBe('unchecked')
  })
  it("names the mapped template, or nothing", () => {
    expect(templateTitle(kind('a', 'tpl-1'), [approval, other])).toBe('审批提醒')
    expect(templateTitle(kind('a', 'tpl-9'), [approval])).toBeNull()
    expect(templateTitle(kind('a'), [approval])).toBeNull()
    expect(templateTitle(kind('a', 'tpl-1'), null)).toBeNull()
  })
})

describe('unmappedKinds', () => {
  it('picks the kinds without a template, besides the one just mapped', () => {
    const kinds = [kind('collab.sent', 'tpl-1'), kind('collab.handled'), kind('notice.published', 'tpl-2'), kind('survey.published')]
    expect(unmappedKinds(kinds, 'collab.sent').map((k) => k.kind)).toEqual(['collab.handled', 'survey.published'])
    expect(unmappedKinds(kinds, 'collab.handled').map((k) => k.kind)).toEqual(['survey.published'])
  })
})

describe('fieldSummary', () => {
  const facts = new Map([
    ['subject', '事项'],
    ['time', '时间'],
  ])
  const k = kind('collab.sent', 'tpl-1', [
    { key: 'time3', fact: 'time' },
    { key: 'thing1', fact: 'subject' },
    { key: 'thing9', fact: 'ref' },
  ])
  it("lists the fields in the template's order with its labels", () => {
    expect(fieldSummary(k, approval, facts)).toEqual([
      { label: '审批事项', fact: '事项' },
      { label: '提交时间', fact: '时间' },
    ])
  })
  it('lists them by key without the template, an unknown fact by its name', () => {
    expect(fieldSummary(k, null, facts)).toEqual([
      { label: 'time3', fact: '时间' },
      { label: 'thing1', fact: '事项' },
      { label: 'thing9', fact: 'ref' },
    ])
  })
})
