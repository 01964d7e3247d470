// 服务号's form: what the admin types, what saveServiceAccount is sent, and how the write-only AppSecret shows.
import type { MpEncryptMode, ServiceAccountInput } from '@/gql/graphql'

/** The three 消息加解密方式 in the order WeChat's back office lists them; SAFE (安全模式) is the one to use. */
export const ENCRYPT_MODES: readonly MpEncryptMode[] = ['PLAIN', 'COMPAT', 'SAFE']

/** The mode a new binding starts with and the one the page recommends. */
export const RECOMMENDED_MODE: MpEncryptMode = 'SAFE'

/** The form's fields; the AppSecret is typed fresh (the saved one comes back only masked). */
export interface AccountForm {
  appId: string
  secret: string
  encryptMode: MpEncryptMode
}

/** The form as the saved account fills it: its AppID and mode, the secret empty; a new binding's defaults. */
export function formFrom(saved: { appId: string; encryptMode: MpEncryptMode } | null): AccountForm {
  return { appId: saved?.appId ?? '', secret: '', encryptMode: saved?.encryptMode ?? RECOMMENDED_MODE }
}

/** The saveServiceAccount input: the AppID trimmed, the mode, and the secret only when typed (sending it replaces). */
export function accountInput(form: AccountForm): ServiceAccountInput {
  const input: ServiceAccountInput = { appId: form.appId.trim(), encryptMode: form.encryptMode }
  const secret = form.secret.trim()
  if (secret) input.secret = secret
  return input
}

/**
 * The AppSecret field's placeholder, as an i18n key under serviceAccount. and its values: the masked saved secret
 * (left empty, it stays), or a note that none is saved.
 */
export function secretPlaceholder(masked: string | null | undefined): { key: string; values: Record<string, string> } {
  return masked ? { key: 'secretSaved', values: { masked } } : { key: 'secretNone', values: {} }
}
