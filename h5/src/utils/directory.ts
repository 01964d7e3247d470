// The staff directory (员工通讯录) and external contacts (外部联系人): what their rows and cards show.

/** An employee's department as the directory reads it. */
export interface PersonDepartment {
  name: string
  isMain: boolean
}

/** The name of the main department ("" when the person has none); the first one when none is marked main. */
export function mainDepartment(departments: ReadonlyArray<PersonDepartment>): string {
  return (departments.find((d) => d.isMain) ?? departments[0])?.name ?? ''
}

/** A tel: link for a mobile number (spaces and dashes dropped, a leading + kept); "" when there is no number. */
export function telHref(mobile: string | null | undefined): string {
  const digits = (mobile ?? '').replace(/[\s\-()]/g, '')
  return digits ? `tel:${digits}` : ''
}

/** A mailto: link for an address; "" when there is none. */
export function mailHref(email: string | null | undefined): string {
  const address = (email ?? '').trim()
  return address ? `mailto:${address}` : ''
}

/** Where an external contact comes from, in words. */
export function externalTypeLabel(type: 'WECHAT' | 'WECOM'): string {
  return type === 'WECOM' ? '企业微信' : '微信'
}

/** The tag for where an external contact comes from (the list's rows and the card show the same one). */
export function externalTypeTag(type: 'WECHAT' | 'WECOM'): { text: string; type: 'primary' | 'success' } {
  return { text: externalTypeLabel(type), type: type === 'WECOM' ? 'primary' : 'success' }
}

/** The tag a person's card shows for an account that is not active; "" for an active one (no tag). */
export function employeeStatusLabel(status: string): string {
  return status === 'RESIGNED' ? '已离职' : status === 'FROZEN' ? '已冻结' : ''
}

/** A gender in words; "" when unknown (the card leaves the line out). */
export function genderLabel(gender: 'UNKNOWN' | 'MALE' | 'FEMALE'): string {
  return gender === 'MALE' ? '男' : gender === 'FEMALE' ? '女' : ''
}
