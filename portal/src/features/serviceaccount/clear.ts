// 清除 a kind's template, from its row or from its dialog: asked first, since the kind then stops going out over
// the service account.
import { ElMessageBox } from 'element-plus'
import type { Ref } from 'vue'
import { MapMessageTemplateDocument } from '@/api/documents'
import { i18n } from '@/i18n'
import type { useSessionStore } from '@/stores/session'
import { runAction } from '@/utils/action'

/** Asks, then removes kind's mapping; resolves true when it was removed (false when cancelled or refused). */
export async function clearMapping(session: ReturnType<typeof useSessionStore>, kind: { kind: string; name: string }, busy: Ref<string>, key: string): Promise<boolean> {
  const t = i18n.global.t
  try {
    await ElMessageBox.confirm(t('serviceAccount.templates.clearConfirm', { name: kind.name }), t('serviceAccount.templates.clear'), {
      type: 'warning',
      confirmButtonText: t('serviceAccount.templates.clear'),
      cancelButtonText: t('common.cancel'),
    })
  } catch {
    return false
  }
  const run = () => session.request(MapMessageTemplateDocument, { kind: kind.kind, templateId: null })
  return runAction(run, { busy, key, success: t('serviceAccount.templates.cleared') })
}
