// What the staff screens pick from: the department tree and the branches.
import { computed } from 'vue'
import { AdminDepartmentTreeDocument, BranchesDocument } from '@/api/documents'
import { useSessionStore } from '@/stores/session'
import { useLoad } from '@/utils/load'
import { treeOptions, type TreeNode } from '@/utils/tree'

export function useStaffChoices() {
  const session = useSessionStore()
  const tree = useLoad(async () => (await session.request(AdminDepartmentTreeDocument)).departments as TreeNode[])
  const branches = useLoad(async () => (await session.request(BranchesDocument)).branches)
  const departmentOptions = computed(() => treeOptions(tree.data.value ?? []))
  return { tree, branches, departmentOptions }
}

/** What useStaffChoices returns. */
export type StaffChoices = ReturnType<typeof useStaffChoices>
