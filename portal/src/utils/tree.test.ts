import { describe, expect, it } from 'vitest'
import { childrenOf, findNode, flatten, nextSortOrder, pathNames, subtreeIds, treeOptions, type TreeNode } from './tree'

const tree: TreeNode[] = [
  {
    id: '1',
    name: '广研',
    sortOrder: 0,
    children: [
      { id: '2', name: '产品中心', parentId: '1', sortOrder: 10, children: [{ id: '4', name: '设计组', parentId: '2', sortOrder: 0, children: [] }] },
      { id: '3', name: '技术中心', parentId: '1', sortOrder: 20, children: [] },
    ],
  },
  { id: '5', name: '销售部', sortOrder: 5, children: [] },
]

describe('tree helpers', () => {
  it('flattens parents before children in display order', () => {
    expect(flatten(tree).map((n) => n.id)).toEqual(['1', '2', '4', '3', '5'])
  })

  it('finds a node at any depth, and null for an unknown or empty id', () => {
    expect(findNode(tree, '4')?.name).toBe('设计组')
    expect(findNode(tree, '99')).toBeNull()
    expect(findNode(tree, null)).toBeNull()
  })

  it('names the path from the root', () => {
    expect(pathNames(tree, '4')).toEqual(['广研', '产品中心', '设计组'])
    expect(pathNames(tree, '5')).toEqual(['销售部'])
    expect(pathNames(tree, 'x')).toEqual([])
  })

  it('collects a subtree', () => {
    expect([...subtreeIds(tree, '2')].sort()).toEqual(['2', '4'])
    expect(subtreeIds(tree, 'x').size).toBe(0)
  })

  it('leaves a department being moved out of the parent options, with what is under it', () => {
    const opts = treeOptions(tree, '2')
    expect(opts).toEqual([
      { value: '1', label: '广研', children: [{ value: '3', label: '技术中心' }] },
      { value: '5', label: '销售部' },
    ])
    expect(treeOptions(tree).flatMap((o) => o.children ?? []).map((o) => o.value)).toEqual(['2', '3'])
  })

  it('puts a new department after its siblings', () => {
    expect(nextSortOrder(childrenOf(tree, '1'))).toBe(30)
    expect(nextSortOrder(childrenOf(tree, null))).toBe(15)
    expect(nextSortOrder(childrenOf(tree, '3'))).toBe(0)
    expect(nextSortOrder(undefined)).toBe(0)
  })
})
