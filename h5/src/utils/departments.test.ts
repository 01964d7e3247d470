import { describe, expect, it } from 'vitest'
import { searchDepartments, type DepartmentNode } from './departments'

const tree: DepartmentNode[] = [
  {
    id: '1',
    name: '广研',
    totalMemberCount: 30,
    children: [
      { id: '2', name: '产品中心', totalMemberCount: 10, children: [{ id: '3', name: 'Sales 支持', totalMemberCount: 2 }] },
      { id: '4', name: '销售部', totalMemberCount: 8, children: [] },
    ],
  },
  { id: '5', name: '北京销售部', totalMemberCount: 5, children: null },
]

describe('searchDepartments', () => {
  it('finds names at every level, parents first, with their ancestors', () => {
    expect(searchDepartments(tree, '销售').map((f) => [f.node.id, f.path])).toEqual([
      ['4', '广研'],
      ['5', ''],
    ])
    expect(searchDepartments(tree, '支持').map((f) => [f.node.id, f.path])).toEqual([['3', '广研 / 产品中心']])
  })

  it('ignores case and surrounding spaces', () => {
    expect(searchDepartments(tree, '  sales ').map((f) => f.node.id)).toEqual(['3'])
  })

  it('finds nothing for an empty term or no match', () => {
    expect(searchDepartments(tree, '   ')).toEqual([])
    expect(searchDepartments(tree, '财务')).toEqual([])
  })
})
