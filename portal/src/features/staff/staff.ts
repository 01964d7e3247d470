// The staff screens' logic: the list's filter, the employee form with what it sends on create and on update, the
// actions an employee's status allows, the tags of the statuses, and the summary of a bulk action's results.
import type {
  CreateEmployeeInput,
  EmployeeStatus,
  StaffAction,
  StaffFieldsFragment,
  UpdateEmployeeInput,
  WeComMemberStatus,
} from '@/gql/graphql'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const STATUSES: EmployeeStatus[] = ['ACTIVE', 'FROZEN', 'RESIGNED']
export const WECOM_STATUSES: WeComMemberStatus[] = ['ACTIVE', 'NOT_JOINED', 'DISABLED', 'EXITED']
/** The list shows the people still with the company until the admin asks for others. */
export const DEFAULT_STATUSES: EmployeeStatus[] = ['ACTIVE', 'FROZEN']
export const ACTIONS: StaffAction[] = ['FREEZE', 'UNFREEZE', 'RESIGN', 'REINSTATE']

export const STATUS_TAG: Record<EmployeeStatus, TagType> = { ACTIVE: 'success', FROZEN: 'warning', RESIGNED: 'info' }
export const WECOM_TAG: Record<WeComMemberStatus, TagType> = { ACTIVE: 'success', NOT_JOINED: 'warning', DISABLED: 'info', EXITED: 'danger' }

/** The actions that apply to an employee with the status, in the order the person's page offers them. */
export function actionsFor(status: EmployeeStatus): StaffAction[] {
  if (status === 'ACTIVE') return ['FREEZE', 'RESIGN']
  if (status === 'FROZEN') return ['UNFREEZE', 'RESIGN']
  return ['REINSTATE']
}

/** The list's filter as the form holds it. */
export interface StaffFilter {
  query: string
  departmentId: string | null
  withSubDepartments: boolean
  statuses: EmployeeStatus[]
  wecomStatuses: WeComMemberStatus[]
}

export function defaultFilter(): StaffFilter {
  return { query: '', departmentId: null, withSubDepartments: true, statuses: [...DEFAULT_STATUSES], wecomStatuses: [] }
}

/** The staff query's variables for the filter: an empty status list means every status. */
export function staffVariables(f: StaffFilter) {
  return {
    query: f.query.trim() || null,
    departmentId: f.departmentId || null,
    withSubDepartments: f.withSubDepartments,
    statuses: f.statuses.length ? f.statuses : null,
    wecomStatuses: f.wecomStatuses.length ? f.wecomStatuses : null,
  }
}

/** The employee form of the create and edit dialogs. Optional fields are '' when empty. */
export interface EmployeeForm {
  name: string
  login: string
  wecomUserId: string
  mobile: string
  email: string
  position: string
  employeeNo: string
  branchId: string
  departmentIds: string[]
  mainDepartmentId: string
  admin: boolean
}

export function emptyForm(): EmployeeForm {
  return {
    name: '',
    login: '',
    wecomUserId: '',
    mobile: '',
    email: '',
    position: '',
    employeeNo: '',
    branchId: '',
    departmentIds: [],
    mainDepartmentId: '',
    admin: false,
  }
}

/** The form filled from an employee (their departments main first, as the server lists them). */
export function formOf(e: StaffFieldsFragment): EmployeeForm {
  return {
    name: e.name,
    login: e.login ?? '',
    wecomUserId: e.wecomUserId ?? '',
    mobile: e.mobile ?? '',
    email: e.email ?? '',
    position: e.position ?? '',
    employeeNo: e.employeeNo ?? '',
    branchId: e.branch?.id ?? '',
    departmentIds: e.departments.map((d) => d.id),
    mainDepartmentId: e.departments.find((d) => d.isMain)?.id ?? '',
    admin: e.admin ?? false,
  }
}

/** The main department to keep when the departments change: the one picked if still among them, else the first. */
export function keepMain(departmentIds: readonly string[], main: string): string {
  return departmentIds.includes(main) ? main : (departmentIds[0] ?? '')
}

/** The fields the form checks before sending, with the i18n key of the complaint; the server checks the rest. */
export function checkForm(f: EmployeeForm, creating: boolean): Partial<Record<keyof EmployeeForm, string>> {
  const out: Partial<Record<keyof EmployeeForm, string>> = {}
  if (!f.name.trim()) out.name = 'staff.form.nameRequired'
  if (creating && !f.login.trim()) out.login = 'staff.form.loginRequired'
  if (!f.mobile.trim() && !f.email.trim()) out.mobile = 'staff.form.contactRequired'
  return out
}

const OPTIONAL = ['wecomUserId', 'mobile', 'email', 'position', 'employeeNo'] as const

/** What createEmployee gets: trimmed, the empty optional fields left out (wecomUserId then defaults to the login). */
export function createInput(f: EmployeeForm): CreateEmployeeInput {
  const input: CreateEmployeeInput = { name: f.name.trim(), login: f.login.trim(), admin: f.admin }
  for (const k of OPTIONAL) if (f[k].trim()) input[k] = f[k].trim()
  if (f.branchId) input.branchId = f.branchId
  if (f.departmentIds.length) {
    input.departmentIds = [...f.departmentIds]
    input.mainDepartmentId = keepMain(f.departmentIds, f.mainDepartmentId) || null
  }
  return input
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))

/**
 * What updateEmployee gets: only the fields changed from was (trimmed); an optional field emptied is sent as ''
 * (which clears it), a branch taken away as clearBranch, the admin switch when flipped. The departments go together with their main one when
 * either changed. Null when nothing changed.
 */
export function updatePatch(was: EmployeeForm, now: EmployeeForm): UpdateEmployeeInput | null {
  const patch: UpdateEmployeeInput = {}
  if (now.name.trim() !== was.name.trim()) patch.name = now.name.trim()
  for (const k of OPTIONAL) if (now[k].trim() !== was[k].trim()) patch[k] = now[k].trim()
  if (now.branchId !== was.branchId) {
    if (now.branchId) patch.branchId = now.branchId
    else patch.clearBranch = true
  }
  if (now.admin !== was.admin) patch.admin = now.admin
  const main = keepMain(now.departmentIds, now.mainDepartmentId)
  if (!sameSet(now.departmentIds, was.departmentIds) || main !== keepMain(was.departmentIds, was.mainDepartmentId)) {
    patch.departmentIds = [...now.departmentIds]
    patch.mainDepartmentId = main || null
  }
  return Object.keys(patch).length ? patch : null
}

/** A bulk action's outcome: how many it applied to, and who it did not, with why. */
export interface ActionSummary {
  done: number
  failed: { name: string; error: string }[]
}

export function summarize(
  results: readonly { employeeId: string; error?: string | null }[],
  names: ReadonlyMap<string, string>,
): ActionSummary {
  const failed = results.filter((r) => r.error).map((r) => ({ name: names.get(r.employeeId) ?? r.employeeId, error: r.error ?? '' }))
  return { done: results.length - failed.length, failed }
}
