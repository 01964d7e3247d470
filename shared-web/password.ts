// The password change form's own checks, before the server's policy (length, symbol, the old password) speaks.

/** Why a password change cannot be sent yet: a field left empty, or the two new passwords differ; null when it can. */
export function passwordChangeProblem(oldPassword: string, newPassword: string, confirm: string): 'missing' | 'mismatch' | null {
  if (!oldPassword || !newPassword) return 'missing'
  if (newPassword !== confirm) return 'mismatch'
  return null
}
