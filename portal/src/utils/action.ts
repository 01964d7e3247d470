// One change the admin makes from a button: the button's busy mark while it runs, a success message, and the
// failure in Chinese, under the form field the server named (extensions.field) when the form shows that field,
// or else as a message.
import { ElMessage } from 'element-plus'
import type { Ref } from 'vue'
import { errorMessage, isApiError } from '@shared/api/graphql'

export interface ActionOptions {
  /** Which action busy holds while this one runs (a button shows its spinner when busy equals its key). */
  busy: Ref<string>
  key: string
  /** Shown when run succeeds. */
  success?: string
  /** The form's field errors: cleared first; a refusal naming one of them is shown there. */
  fieldErrors?: Record<string, string>
}

/** Runs the change; resolves true when it succeeded. */
export async function runAction(run: () => Promise<unknown>, o: ActionOptions): Promise<boolean> {
  o.busy.value = o.key
  const fields = o.fieldErrors
  if (fields) for (const k of Object.keys(fields)) fields[k] = ''
  try {
    await run()
    if (o.success) ElMessage.success(o.success)
    return true
  } catch (err) {
    // A nested input's field comes as its path ("input.title"): its last part is the form's field.
    const field = isApiError(err) && err.field ? (err.field.split('.').pop() ?? '') : ''
    if (fields && field in fields) fields[field] = errorMessage(err)
    else ElMessage.error(errorMessage(err))
    return false
  } finally {
    o.busy.value = ''
  }
}
