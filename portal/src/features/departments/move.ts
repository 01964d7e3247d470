// Moving a department by dragging it in the tree (el-tree's draggable). The tree is in the server's order (sort
// order, then name), not in the order things are dropped, so a drop only ever changes the department's parent:
// onto another department ('inner') puts it under that one; beside a top-level department ('prev'/'next') makes it
// a top-level one. Every other drop is refused while dragging, as is one into its own subtree (the server refuses
// that too) or one that would leave it where it is.
import type { AllowDropType, NodeDropType } from 'element-plus'
import { findNode, subtreeIds, type TreeNode } from '@/utils/tree'

/** The parent a department dropped at place (of el-tree's allow-drop or node-drop) of target gets; null: none. */
export function dropParentId(targetId: string, place: AllowDropType | NodeDropType): string | null {
  return place === 'inner' ? targetId : null
}

/**
 * Whether dropping the department draggedId at place of targetId moves it somewhere new. roots is the tree as the
 * server sent it (el-tree only rearranges it once the drop is done).
 */
export function canDrop(roots: readonly TreeNode[], draggedId: string, targetId: string, place: AllowDropType): boolean {
  const dragged = findNode(roots, draggedId)
  if (!dragged || !findNode(roots, targetId)) return false
  if (subtreeIds(roots, draggedId).has(targetId)) return false // onto itself or into its own subtree
  if (place !== 'inner' && !roots.some((r) => r.id === targetId)) return false // beside: only among the top level
  return dropParentId(targetId, place) !== (dragged.parentId ?? null)
}

/** A translate function (vue-i18n's t) for moveMessages. */
type Translate = (key: string, params: Record<string, string>) => string

/** The confirm question for moving dragged under parentName (null: to the top level). */
export function moveQuestion(t: Translate, dragged: TreeNode, parentName: string | null): string {
  const key = `${parentName === null ? 'top' : 'under'}${dragged.children?.length ? 'Tree' : ''}`
  return t(key, { name: dragged.name, parent: parentName ?? '' })
}

/** The texts of moving by dragging, in the portal's two languages (the page's local vue-i18n messages). */
export const moveMessages = {
  'zh-CN': {
    hint: '拖动部门可调整上级部门',
    title: '调整上级部门',
    under: '把“{name}”移到“{parent}”下？',
    underTree: '把“{name}”及其下属部门移到“{parent}”下？',
    top: '把“{name}”移到顶层，作为顶级部门？',
    topTree: '把“{name}”及其下属部门移到顶层，作为顶级部门？',
    confirm: '移动',
  },
  en: {
    hint: 'Drag a department to change its parent',
    title: 'Change parent department',
    under: 'Move “{name}” under “{parent}”?',
    underTree: 'Move “{name}” and its sub-departments under “{parent}”?',
    top: 'Move “{name}” to the top level?',
    topTree: 'Move “{name}” and its sub-departments to the top level?',
    confirm: 'Move',
  },
}
