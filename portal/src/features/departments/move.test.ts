import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import type { TreeNode } from '@/utils/tree'
import { canDrop, dropParentId, moveMessages, moveQuestion } from './move'

const dept = (id: string, name: string, parentId: string | null, children: TreeNode[] = []): TreeNode => ({
  id,
  name,
  parentId,
  sortOrder: 0,
  children,
})

// 总部 ─ 研发部 ─ 前端组
//      └ 市场部
// 分公司
const roots: TreeNode[] = [
  dept('hq', '总部', null, [dept('rd', '研发部', 'hq', [dept('fe', '前端组', 'rd')]), dept('mk', '市场部', 'hq')]),
  dept('br', '分公司', null),
]

describe('dropParentId', () => {
  it('is the target for a drop onto it, and none beside it', () => {
    expect(dropParentId('hq', 'inner')).toBe('hq')
    expect(dropParentId('hq', 'prev')).toBeNull()
    expect(dropParentId('hq', 'after')).toBeNull()
  })
})

describe('canDrop', () => {
  const cases: [string, string, string, 'prev' | 'inner' | 'next', boolean][] = [
    ['onto another department', 'rd', 'br', 'inner', true],
    ['onto a department deeper elsewhere', 'mk', 'fe', 'inner', true],
    ['beside a top-level department: to the top', 'rd', 'br', 'prev', true],
    ['after a top-level department: to the top', 'fe', 'hq', 'next', true],
    ['onto itself', 'rd', 'rd', 'inner', false],
    ['into its own sub-department', 'hq', 'fe', 'inner', false],
    ['onto its own parent (no change)', 'fe', 'rd', 'inner', false],
    ['beside a department that is not top-level', 'fe', 'mk', 'prev', false],
    ['a top-level one beside another (no change)', 'br', 'hq', 'next', false],
    ['an unknown department', 'gone', 'br', 'inner', false],
    ['onto an unknown department', 'rd', 'gone', 'inner', false],
  ]
  for (const [name, dragged, target, place, want] of cases) {
    it(name, () => expect(canDrop(roots, dragged, target, place)).toBe(want))
  }
})

describe('moveQuestion', () => {
  const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: moveMessages })
  const t = (key: string, params: Record<string, string>) => i18n.global.t(key, params)
  const [hq, br] = roots
  const rd = hq.children![0]

  it('names both, and the sub-departments when there are some', () => {
    expect(moveQuestion(t, rd, '分公司')).toBe('把“研发部”及其下属部门移到“分公司”下？')
    expect(moveQuestion(t, br, '总部')).toBe('把“分公司”移到“总部”下？')
  })
  it('says the top level when there is no new parent', () => {
    expect(moveQuestion(t, rd, null)).toBe('把“研发部”及其下属部门移到顶层，作为顶级部门？')
    expect(moveQuestion(t, rd.children![0], null)).toBe('把“前端组”移到顶层，作为顶级部门？')
  })
  it('has the same texts in English', () => {
    expect(Object.keys(moveMessages.en).sort()).toEqual(Object.keys(moveMessages['zh-CN']).sort())
    expect(moveQuestion((k, p) => i18n.global.t(k, p, { locale: 'en' }), rd, '分公司')).toBe(
      'Move “研发部” and its sub-departments under “分公司”?',
    )
  })
})
