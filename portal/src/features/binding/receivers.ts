// How a receiver (an endpoint WeCom posts to) is named on the binding screen.

/** The receivers that are not an app's: their names, as the server calls them. */
export const EVENT_SERVERS = ['contacts', 'customers'] as const

/** The 关联系统 column's text: the app's system, or the event server's name in words (通讯录事件, 客户联系事件). */
export function receiverLabel(r: { name: string; system?: string | null }, t: (key: string) => string): string {
  if (r.system) return r.system
  return (EVENT_SERVERS as readonly string[]).includes(r.name) ? t(`binding.receiver.${r.name}`) : r.name
}
