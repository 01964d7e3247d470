// The logic of 导入 / 导出 (seed 001 §4.1): what an import's counts say, its progress while the job writes it, and
// its rows in pages by line.
import type { StaffImportAction, StaffImportState, StaffImportFieldsFragment, StaffImportRowFieldsFragment, StaffImportRowsQueryVariables } from '@/gql/graphql'
import type { Page } from '@/utils/paging'

/** The files the server reads (xlsx, or csv as Excel saves it). */
export const IMPORT_ACCEPT = '.xlsx,.csv'

/** Whether a picked file's name is one the server reads. */
export function importable(name: string): boolean {
  return /\.(xlsx|csv)$/i.test(name.trim())
}

/** How often a running import's progress is read, in ms. */
export const POLL_MS = 1000

/** The row actions, in the order the preview counts them. */
export const ROW_ACTIONS: StaffImportAction[] = ['CREATE', 'UPDATE', 'LEAVE', 'BAD']

/** Each action's tag type. */
export const ACTION_TAG: Record<StaffImportAction, 'success' | 'primary' | 'info' | 'danger'> = {
  CREATE: 'success',
  UPDATE: 'primary',
  LEAVE: 'info',
  BAD: 'danger',
}

/** Each state's tag type. */
export const STATE_TAG: Record<StaffImportState, 'info' | 'warning' | 'success'> = {
  PREVIEWED: 'info',
  APPLYING: 'warning',
  DONE: 'success',
}

type Counts = Pick<StaffImportFieldsFragment, 'creates' | 'updates' | 'leaves' | 'bad' | 'applied' | 'failed'>

/** The count of rows with an action. */
export function actionCount(imp: Counts, action: StaffImportAction): number {
  return { CREATE: imp.creates, UPDATE: imp.updates, LEAVE: imp.leaves, BAD: imp.bad }[action]
}

/** The rows the job writes: those to create or update. */
export function toWrite(imp: Counts): number {
  return imp.creates + imp.updates
}

/** The job's progress, 0 to 100 (whole numbers): rows written or refused of those to write; 100 when none are. */
export function progressPercent(imp: Counts): number {
  const n = toWrite(imp)
  if (n <= 0) return 100
  return Math.min(100, Math.floor(((imp.applied + imp.failed) * 100) / n))
}

/** The rows not imported: bad in the preview, or refused when written. */
export function notImported(imp: Counts): number {
  return imp.bad + imp.failed
}

/** Whether the import can still be applied (a preview with rows to write). */
export function canApply(imp: Pick<StaffImportFieldsFragment, 'state'> & Counts): boolean {
  return imp.state === 'PREVIEWED' && toWrite(imp) > 0
}

/** A page of rows as useCursorList takes it: the cursor is the last row's line. */
export function linePage(page: { nodes: StaffImportRowFieldsFragment[]; hasNextPage: boolean }): Page<StaffImportRowFieldsFragment> {
  const last = page.nodes[page.nodes.length - 1]
  return { rows: page.nodes, totalCount: null, hasNextPage: page.hasNextPage, endCursor: last ? String(last.line) : null }
}

/** The variables of StaffImportRowsDocument for a page after cursor (a line, as linePage gives it). */
export function rowsVariables(
  id: string,
  filter: { actions?: StaffImportAction[]; failedOnly?: boolean },
  cursor: string | null,
  first = 100,
): StaffImportRowsQueryVariables {
  return { id, actions: filter.actions?.length ? filter.actions : null, failedOnly: filter.failedOnly ?? false, first, after: cursor ? Number(cursor) : 0 }
}

