// The department tree as the portal uses it: finding a node, its path, what may become its parent, and the
// options of Element Plus's tree pickers. Nodes are the server's DepartmentNode (children in display order).

/** The shape of a department node these helpers need. */
export interface TreeNode {
  id: string
  name: string
  parentId?: string | null
  sortOrder: number
  children?: TreeNode[] | null
}

/** An option of el-tree-select / el-cascader. */
export interface TreeOption {
  value: string
  label: string
  disabled?: boolean
  children?: TreeOption[]
}

/** Every node, parents before their children, in display order. */
export function flatten<T extends TreeNode>(roots: readonly T[]): T[] {
  const out: T[] = []
  const walk = (nodes: readonly TreeNode[]) => {
    for (const n of nodes) {
      out.push(n as T)
      if (n.children) walk(n.children)
    }
  }
  walk(roots)
  return out
}

/** The node with the id, or null. */
export function findNode<T extends TreeNode>(roots: readonly T[], id: string | null | undefined): T | null {
  if (!id) return null
  return flatten(roots).find((n) => n.id === id) ?? null
}

/** The names from a root down to the node ("广研 / 产品中心"), or [] when it is not in the tree. */
export function pathNames(roots: readonly TreeNode[], id: string): string[] {
  const walk = (nodes: readonly TreeNode[], trail: string[]): string[] | null => {
    for (const n of nodes) {
      const here = [...trail, n.name]
      if (n.id === id) return here
      const found = n.children ? walk(n.children, here) : null
      if (found) return found
    }
    return null
  }
  return walk(roots, []) ?? []
}

/** The ids of the node and every node under it. */
export function subtreeIds(roots: readonly TreeNode[], id: string): Set<string> {
  const node = findNode(roots, id)
  return new Set(node ? flatten([node]).map((n) => n.id) : [])
}

/**
 * The tree as picker options. `exclude` (a department being moved) is left out with everything under it, since a
 * department cannot move under itself or its own sub-departments.
 */
export function treeOptions(roots: readonly TreeNode[], exclude?: string): TreeOption[] {
  const map = (nodes: readonly TreeNode[]): TreeOption[] =>
    nodes
      .filter((n) => n.id !== exclude)
      .map((n) => {
        const children = n.children?.length ? map(n.children) : []
        return children.length ? { value: n.id, label: n.name, children } : { value: n.id, label: n.name }
      })
  return map(roots)
}

/** The sort order that puts a new department after its siblings: the largest plus 10, or 0 with no siblings. */
export function nextSortOrder(siblings: readonly TreeNode[] | null | undefined): number {
  if (!siblings?.length) return 0
  return Math.max(...siblings.map((s) => s.sortOrder)) + 10
}

/** The siblings of a department to be created under parentId (null: the roots). */
export function childrenOf<T extends TreeNode>(roots: readonly T[], parentId: string | null): readonly TreeNode[] {
  if (parentId === null) return roots
  return findNode(roots, parentId)?.children ?? []
}
