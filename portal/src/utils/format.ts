// Times as the portal shows them: in China time (the zone of every tenant, oa.TenantZone), whatever the admin's
// computer is set to, as the phone pages and the WeCom cards do.
const ZONE = 'Asia/Shanghai'

/** "2026-12-07 09:30" in China time; '' for a missing or unreadable time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
}
