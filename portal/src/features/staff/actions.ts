// Freezing, unfreezing, resigning and reinstating (changeStaff), for the list's selection and a person's page: a
// confirm box that says what follows, then the outcome, naming who it did not apply to and why. And the one-time
// password of a new or reset account, shown once (ShownOnce).
import { ElMessage, ElMessageBox } from 'element-plus'
import { h, ref } from 'vue'
import { ChangeStaffDocument } from '@/api/documents'
import type { StaffAction } from '@/gql/graphql'
import { i18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import { runAction } from '@/utils/action'
import { summarize } from './staff'

export function useStaffAction() {
  const session = useSessionStore()
  const t = i18n.global.t
  /** The action running (its StaffAction), '' when none. */
  const busy = ref('')

  /** Asks, then acts on the people; resolves true when it ran (whatever each one's outcome). */
  async function change(people: readonly { id: string; name: string }[], action: StaffAction): Promise<boolean> {
    if (!people.length) return false
    const who = people.length === 1 ? t('staff.whoOne', { name: people[0]!.name }) : t('staff.whoMany', { n: people.length })
    try {
      await ElMessageBox.confirm(t(`staff.actConfirm.${action}`, { who }), t(`staff.actTitle.${action}`), {
        type: 'warning',
        confirmButtonText: t(`staff.act.${action}`),
        cancelButtonText: t('common.cancel'),
        confirmButtonClass: action === 'RESIGN' || action === 'FREEZE' ? 'el-button--danger' : '',
      })
    } catch {
      return false // cancelled
    }
    let results: { employeeId: string; error?: string | null }[] = []
    const run = async () => {
      results = (await session.request(ChangeStaffDocument, { ids: people.map((p) => p.id), action })).changeStaff
    }
    if (!(await runAction(run, { busy, key: action }))) return false
    const sum = summarize(results, new Map(people.map((p) => [p.id, p.name])))
    const label = t(`staff.act.${action}`)
    if (!sum.failed.length) {
      ElMessage.success(t('staff.actDone', { action: label, n: sum.done }))
    } else {
      const lines = sum.failed.map((f) => h('li', { 'data-testid': 'action-failure' }, `${f.name}：${f.error}`))
      await ElMessageBox.alert(
        h('div', [h('p', t('staff.actPartial', { action: label, done: sum.done, n: sum.failed.length })), h('ul', lines)]),
        t('staff.actPartialTitle'),
        { type: 'warning', confirmButtonText: t('common.confirm') },
      ).catch(() => undefined)
    }
    return true
  }

  return { busy, change }
}

/** Shows, once, the one-time password just issued to name (a new employee's, or a reset's). */
export function showPassword(
  dialog: { show(title: string, warning: string, value: string): void } | undefined,
  name: string,
  password: string,
) {
  const t = i18n.global.t
  dialog?.show(t('staff.password.title', { name }), t('staff.password.warning', { name }), password)
}
