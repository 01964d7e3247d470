import { describe, expect, it } from 'vitest'
import {
  answersFromChoices,
  buildChoices,
  choiceHint,
  escapeHtml,
  formatPercent,
  htmlExcerpt,
  newestTime,
  noticeKindTag,
  progressValue,
  questionIndexOf,
  surveyStateTag,
  surveyWindow,
  textToHtml,
  type QuestionRule,
} from '@/utils/published'

const opts = (...ids: string[]) => ids.map((id) => ({ id }))

describe('labels', () => {
  it('name notice kinds and survey states in Chinese, unknown values as they are', () => {
    expect(noticeKindTag('NOTICE').text).toBe('公告')
    expect(noticeKindTag('NEWS').text).toBe('新闻')
    expect(noticeKindTag('MEMO')).toEqual({ text: 'MEMO', type: 'default' })
    expect(surveyStateTag('NOT_OPEN')).toEqual({ text: '未开始', type: 'warning' })
    expect(surveyStateTag('OPEN')).toEqual({ text: '进行中', type: 'primary' })
    expect(surveyStateTag('CLOSED')).toEqual({ text: '已结束', type: 'default' })
    expect(surveyStateTag('PAUSED')).toEqual({ text: 'PAUSED', type: 'default' })
  })
})

describe('surveyWindow', () => {
  // Times in China, the zone they are shown in (formatTime).
  const now = new Date('2026-11-21T18:30:00+08:00')
  it('shows both ends, or no deadline', () => {
    const opens = '2026-11-21T09:00:00+08:00'
    const closes = '2026-12-01T18:00:00+08:00'
    expect(surveyWindow(opens, closes, now)).toBe('09:00 开始 · 12月1日 18:00 截止')
    expect(surveyWindow(opens, null, now)).toBe('09:00 开始 · 不限截止时间')
  })
})

describe('formatPercent and progressValue', () => {
  it.each([
    [0, '0%'],
    [50, '50%'],
    [33.3, '33.3%'],
    [66.66, '66.7%'],
    [100, '100%'],
    [99.96, '100%'],
    [150, '150%'],
    [Number.NaN, '0%'],
  ])('%s → %s', (p, want) => {
    expect(formatPercent(p)).toBe(want)
  })
  it('keeps the bar within 0..100', () => {
    expect(progressValue(33.3)).toBe(33.3)
    expect(progressValue(-1)).toBe(0)
    expect(progressValue(150)).toBe(100)
    expect(progressValue(Number.POSITIVE_INFINITY)).toBe(0)
  })
})

describe('choiceHint', () => {
  const q = (over: Partial<QuestionRule>): QuestionRule => ({
    id: 'q',
    kind: 'MULTIPLE',
    required: true,
    minChoices: 1,
    maxChoices: 4,
    options: opts('a', 'b', 'c', 'd'),
    ...over,
  })
  it.each([
    [q({ kind: 'SINGLE', minChoices: 1, maxChoices: 1 }), '单选'],
    [q({ kind: 'SINGLE', required: false }), '单选（选填）'],
    [q({}), '多选'],
    [q({ maxChoices: 2 }), '多选，最多 2 项'],
    [q({ minChoices: 2 }), '多选，至少 2 项'],
    [q({ minChoices: 2, maxChoices: 3 }), '多选，选 2–3 项'],
    [q({ minChoices: 2, maxChoices: 2 }), '多选，选 2 项'],
    [q({ minChoices: 0, maxChoices: 0, required: false }), '多选（选填）'],
  ])('%#: %s', (question, want) => {
    expect(choiceHint(question)).toBe(want)
  })
})

describe('buildChoices and answersFromChoices', () => {
  const questions: QuestionRule[] = [
    { id: '1', kind: 'SINGLE', required: true, minChoices: 1, maxChoices: 1, options: opts('11', '12') },
    { id: '2', kind: 'MULTIPLE', required: true, minChoices: 1, maxChoices: 3, options: opts('21', '22', '23') },
    { id: '3', kind: 'SINGLE', required: false, minChoices: 1, maxChoices: 1, options: opts('31', '32') },
  ]
  it('sends answered questions in question order and leaves the rest out', () => {
    expect(buildChoices(questions, { '2': ['23', '21'], '1': '12', '3': '' })).toEqual([
      { questionId: '1', optionIds: ['12'] },
      { questionId: '2', optionIds: ['23', '21'] },
    ])
    expect(buildChoices(questions, {})).toEqual([])
  })
  it('drops duplicates, foreign options and unknown questions', () => {
    expect(buildChoices(questions, { '2': ['21', '21', '11'], '9': '91' })).toEqual([{ questionId: '2', optionIds: ['21'] }])
  })
  it('reads a cast ballot back into answers', () => {
    expect(answersFromChoices(questions, ['12', '21', '23'])).toEqual({ '1': '12', '2': ['21', '23'], '3': undefined })
    expect(answersFromChoices(questions, null)).toEqual({ '1': undefined, '2': [], '3': undefined })
  })
})

describe('textToHtml and htmlExcerpt', () => {
  it('escapes text and keeps paragraphs and line breaks', () => {
    expect(textToHtml('  同意 <b>这个</b> & "方案"\n第二行\r\n\r\n  新段落  ')).toBe(
      '<p>同意 &lt;b&gt;这个&lt;/b&gt; &amp; &quot;方案&quot;<br>第二行</p><p>新段落</p>',
    )
    expect(textToHtml(' \n \n')).toBe('')
    expect(escapeHtml(`<a href='x'>`)).toBe('&lt;a href=&#39;x&#39;&gt;')
  })
  it('reads HTML back as one line of text', () => {
    expect(htmlExcerpt('<p>第一段&amp;<b>加粗</b></p><p>第二段&nbsp;&lt;x&gt; &#20320;&#x597D;</p>')).toBe('第一段&加粗 第二段 <x> 你好')
    expect(htmlExcerpt(textToHtml('a < b'))).toBe('a < b')
    expect(htmlExcerpt('<p>一二三四五六</p>', 4)).toBe('一二三四…')
    expect(htmlExcerpt('&bogus; &#0;')).toBe('&bogus; &#0;')
    expect(htmlExcerpt('一<br/>二<li>三</li><script>x()</script>')).toBe('一 二 三')
  })
})

describe('questionIndexOf', () => {
  it('finds the question a validation message names', () => {
    expect(questionIndexOf('请回答第 2 题', 3)).toBe(1)
    expect(questionIndexOf('第 1 题需选择 2 到 3 项', 3)).toBe(0)
    expect(questionIndexOf('第3题是单选题，只能选一项', 3)).toBe(2)
    expect(questionIndexOf('第 4 题重复作答', 3)).toBeNull()
    expect(questionIndexOf('问题 123 不属于本调查', 3)).toBeNull()
    expect(questionIndexOf('您已投过票，不能重复投票', 3)).toBeNull()
  })
})

describe('newestTime', () => {
  it('picks the latest to the microsecond, as the server wrote it', () => {
    expect(newestTime(['2026-03-01T02:00:00.123456Z', '2026-03-01T02:00:00.123457Z', '2026-03-01T02:00:00.1234Z'])).toBe(
      '2026-03-01T02:00:00.123457Z',
    )
    // Trailing zeros are left out of RFC 3339: .1 is later than .09, though it sorts first as text.
    expect(newestTime(['2026-03-01T02:00:00.09Z', '2026-03-01T02:00:00.1Z'])).toBe('2026-03-01T02:00:00.1Z')
    expect(newestTime(['2026-03-01T02:00:01Z', '2026-03-01T02:00:00.999999Z'])).toBe('2026-03-01T02:00:01Z')
  })
  it('compares across zones', () => {
    expect(newestTime(['2026-03-01T10:00:00+08:00', '2026-03-01T02:00:00.5Z'])).toBe('2026-03-01T02:00:00.5Z')
  })
  it('skips what is not a time', () => {
    expect(newestTime([null, undefined, '', 'yesterday'])).toBeNull()
    expect(newestTime([null, '2026-03-01T02:00:00Z', 'yesterday'])).toBe('2026-03-01T02:00:00Z')
  })
})
