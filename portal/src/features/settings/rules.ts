// The account rules' bounds, as the server checks them (tenants.SettingsPatch.Validate: MinLockoutThreshold …
// MaxPasswordMinLength in tenants/tenant.go), so the form refuses what the server would before sending it.
import type { TenantSettingsInput } from '@/gql/graphql'

export interface SettingsForm {
  lockoutThreshold: number | null
  lockoutMinutes: number | null
  passwordMinLength: number | null
  passwordRequireSymbol: boolean
  forcePasswordChange: boolean
}

export type BoundedField = 'lockoutThreshold' | 'lockoutMinutes' | 'passwordMinLength'

/** Inclusive bounds per field, equal to tenants/tenant.go's constants (held to them by tenants' TestPortalSettingsBounds). */
export const SETTINGS_BOUNDS: Readonly<Record<BoundedField, { min: number; max: number }>> = {
  lockoutThreshold: { min: 1, max: 100 },
  lockoutMinutes: { min: 1, max: 1440 },
  passwordMinLength: { min: 8, max: 64 },
}

export const BOUNDED_FIELDS = Object.keys(SETTINGS_BOUNDS) as BoundedField[]

/** True when v is a whole number within the field's bounds. */
export function inBounds(field: BoundedField, v: unknown): boolean {
  const { min, max } = SETTINGS_BOUNDS[field]
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
}

/** The bounded fields whose values the server would refuse, in the server's order. */
export function invalidFields(form: SettingsForm): BoundedField[] {
  return BOUNDED_FIELDS.filter((f) => !inBounds(f, form[f]))
}

/** The patch to send: only the fields that differ from what the server holds now. */
export function settingsPatch(form: SettingsForm, saved: SettingsForm): TenantSettingsInput {
  const patch: Record<string, number | boolean> = {}
  for (const key of Object.keys(form) as (keyof SettingsForm)[]) {
    const v = form[key]
    if (v !== null && v !== saved[key]) patch[key] = v
  }
  return patch as TenantSettingsInput
}
