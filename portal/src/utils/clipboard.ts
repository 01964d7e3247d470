// Copying a value the admin must paste elsewhere (an API key, a callback URL), with the outcome as a message.
import { ElMessage } from 'element-plus'
import { i18n } from '@/i18n'

export async function copyText(text: string): Promise<void> {
  const t = i18n.global.t
  try {
    await navigator.clipboard.writeText(text)
    ElMessage.success(t('systems.copied'))
  } catch {
    ElMessage.warning(t('systems.copyFailed'))
  }
}
