// The department tree as the compose page's picker walks it: level by level, or searched by name across levels.

/** A department of the tree (the shape of the DepartmentTree query at every level). */
export interface DepartmentNode {
  id: string
  name: string
  totalMemberCount: number
  children?: ReadonlyArray<DepartmentNode> | null
}

/** A department found by search, with where it sits ("广研 / 产品中心") so that namesakes can be told apart. */
export interface FoundDepartment {
  node: DepartmentNode
  path: string
}

/**
 * The departments whose name contains term (case-insensitive, spaces around it ignored), in tree order (a parent
 * before its children), each with the names of its ancestors. An empty term finds nothing: the picker then shows
 * the tree.
 */
export function searchDepartments(roots: ReadonlyArray<DepartmentNode>, term: string): FoundDepartment[] {
  const want = term.trim().toLowerCase()
  if (!want) return []
  const out: FoundDepartment[] = []
  const walk = (nodes: ReadonlyArray<DepartmentNode>, above: string[]) => {
    for (const n of nodes) {
      if (n.name.toLowerCase().includes(want)) out.push({ node: n, path: above.join(' / ') })
      if (n.children?.length) walk(n.children, [...above, n.name])
    }
  }
  walk(roots, [])
  return out
}
