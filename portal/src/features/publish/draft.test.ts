import { describe, expect, it } from 'vitest'
import { audienceInput, newQuestion, percent, questionProblem, surveyInput, textToHtml } from './draft'

describe('textToHtml', () => {
  it('makes paragraphs and breaks, escaping markup', () => {
    expect(textToHtml('第一段\n第二行\n\n<b>第二段</b> & "引号"')).toBe(
      '<p>第一段<br>第二行</p><p>&lt;b&gt;第二段&lt;/b&gt; &amp; &quot;引号&quot;</p>',
    )
    expect(textToHtml('  \n\n ')).toBe('')
    expect(textToHtml('a\r\n\r\nb')).toBe('<p>a</p><p>b</p>')
  })
})

describe('audienceInput', () => {
  it('sends everyone, or the departments picked', () => {
    expect(audienceInput({ all: true, departmentIds: ['1'] })).toEqual({ all: true, departmentIds: [] })
    expect(audienceInput({ all: false, departmentIds: ['1', '2'] })).toEqual({ all: false, departmentIds: ['1', '2'] })
    expect(audienceInput({ all: false, departmentIds: [] })).toBeNull()
  })
})

describe('questionProblem', () => {
  const ok = { ...newQuestion(), text: '午餐', options: ['面', '饭'] }
  it.each([
    ['no questions', [], { key: 'needQuestion', n: 0 }],
    ['a question without text', [ok, { ...ok, text: ' ' }], { key: 'needText', n: 2 }],
    ['an empty option', [{ ...ok, options: ['面', ''] }], { key: 'emptyOption', n: 1 }],
    ['one option', [{ ...ok, options: ['面'] }], { key: 'needOptions', n: 1 }],
    ['the same option twice', [{ ...ok, options: ['面', ' 面'] }], { key: 'duplicateOption', n: 1 }],
    ['good questions', [ok, { ...ok, kind: 'MULTIPLE' as const }], null],
  ])('%s', (_name, questions, want) => {
    expect(questionProblem(questions)).toEqual(want)
  })
})

describe('surveyInput', () => {
  it('trims and converts', () => {
    const input = surveyInput(' 午餐 ', '', { all: true, departmentIds: [] }, 'EVERYONE', new Date('2030-01-02T03:04:05Z'), [
      { text: ' 吃什么 ', kind: 'SINGLE', required: false, options: [' 面 ', '饭'] },
    ])
    expect(input).toEqual({
      title: '午餐',
      body: '',
      audience: { all: true, departmentIds: [] },
      resultsVisibility: 'EVERYONE',
      closesAt: '2030-01-02T03:04:05.000Z',
      questions: [{ text: '吃什么', kind: 'SINGLE', required: false, options: ['面', '饭'] }],
    })
  })
})

describe('percent', () => {
  it('rounds to one decimal and survives an empty whole', () => {
    expect(percent(1, 3)).toBe(33.3)
    expect(percent(2, 2)).toBe(100)
    expect(percent(0, 0)).toBe(0)
  })
})
