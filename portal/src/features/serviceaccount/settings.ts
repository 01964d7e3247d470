// 服务号's 设置 (seed 004 §3.7): which column of the staff record a personal WeChat signs in with, whether people may
// apply to register from the phone, and which channel carries pushes.
import type { IdentityColumn, PushChannel, ServiceAccountInput } from '@/gql/graphql'

/** The columns in the order the form offers them; LOGIN is what a new account starts with on the server. */
export const IDENTITY_COLUMNS: readonly IdentityColumn[] = ['LOGIN', 'NUMBER', 'MOBILE']

/** The channels in the order the form offers them, from the narrowest to the one that reaches everyone. */
export const PUSH_CHANNELS: readonly PushChannel[] = ['WECOM', 'MP', 'WECOM_FIRST']

export interface SettingsForm {
  identityColumn: IdentityColumn
  allowRegister: boolean
  pushChannel: PushChannel
}

type Saved = { identityColumn: IdentityColumn; allowRegister: boolean; pushChannel: PushChannel }

/** The form as the saved account fills it. */
export function settingsFrom(saved: Saved | null): SettingsForm {
  return {
    identityColumn: saved?.identityColumn ?? 'LOGIN',
    allowRegister: saved?.allowRegister ?? false,
    pushChannel: saved?.pushChannel ?? 'WECOM',
  }
}

/**
 * The saveServiceAccount input: only what differs from the saved account, so saving the settings never sends the
 * binding's own fields (an AppID or a secret the other form is still editing); null when nothing changed.
 */
export function settingsInput(form: SettingsForm, saved: Saved): ServiceAccountInput | null {
  const input: ServiceAccountInput = {}
  if (form.identityColumn !== saved.identityColumn) input.identityColumn = form.identityColumn
  if (form.allowRegister !== saved.allowRegister) input.allowRegister = form.allowRegister
  if (form.pushChannel !== saved.pushChannel) input.pushChannel = form.pushChannel
  return Object.keys(input).length ? input : null
}

/** The account rules (账号规则) as one read-only line's parts, each an i18n key under serviceAccount.rules. with values. */
export function rulesLine(s: {
  lockoutThreshold: number
  lockoutMinutes: number
  passwordMinLength: number
  passwordRequireSymbol: boolean
  forcePasswordChange: boolean
}): { key: string; values: Record<string, number> }[] {
  return [
    { key: 'lockout', values: { n: s.lockoutThreshold, min: s.lockoutMinutes } },
    { key: s.forcePasswordChange ? 'forceChange' : 'noForceChange', values: {} },
    { key: s.passwordRequireSymbol ? 'complexSymbol' : 'complex', values: { n: s.passwordMinLength } },
  ]
}
