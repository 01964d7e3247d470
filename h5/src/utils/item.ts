// The collaboration item's page and the compose page: the processing history, approval rules, attachments.
import type { ApprovalRule, ItemDetailFieldsFragment } from '@/gql/graphql'
import { ATTACHMENT_BYTES_MAX, ATTACHMENT_EXTENSIONS, ATTACHMENT_NAME_MAX } from '@/utils/limits'

/** One line of an item's processing history (处理记录). */
export type HistoryEntry =
  | { kind: 'sent'; key: string; who: string; at: string }
  | { kind: 'comment'; key: string; who: string; at: string; text: string }
  | { kind: 'approved' | 'rejected'; key: string; who: string; at: string; text: string | null }

// Entries at the same instant keep this order: the item is sent before anything happens to it, and a recipient
// can no longer comment once they have decided.
const KIND_ORDER: Record<HistoryEntry['kind'], number> = { sent: 0, comment: 1, approved: 2, rejected: 2 }

/**
 * The history of an item, oldest first: its sending, every comment, and every recipient's decision with its
 * opinion. Recipients who have not decided (pending, or closed when the item ended without them) are not in it:
 * the recipients list shows their state.
 */
export function itemHistory(
  item: Pick<ItemDetailFieldsFragment, 'id' | 'createdAt' | 'sender' | 'recipients' | 'comments'>,
): HistoryEntry[] {
  const out: HistoryEntry[] = [{ kind: 'sent', key: `sent-${item.id}`, who: item.sender.name, at: item.createdAt }]
  for (const c of item.comments) {
    out.push({ kind: 'comment', key: `comment-${c.id}`, who: c.author.name, at: c.createdAt, text: c.body })
  }
  for (const r of item.recipients) {
    if (!r.handledAt || (r.state !== 'APPROVED' && r.state !== 'REJECTED')) continue
    out.push({
      kind: r.state === 'APPROVED' ? 'approved' : 'rejected',
      key: `decision-${r.employee.id}`,
      who: r.employee.name,
      at: r.handledAt,
      text: r.opinion?.trim() ? r.opinion : null,
    })
  }
  const time = (e: HistoryEntry) => {
    const t = Date.parse(e.at)
    return Number.isNaN(t) ? 0 : t
  }
  // Array.prototype.sort is stable, so equal entries keep the order built above (comments by id).
  return out.sort((a, b) => time(a) - time(b) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind])
}

/** What each history kind says after the person's name. */
export const HISTORY_VERB: Record<HistoryEntry['kind'], string> = {
  sent: '发起了协同',
  comment: '评论',
  approved: '同意',
  rejected: '驳回',
}

/** The approval rules as the compose page offers them (a hint of one line on a phone) and the item page names them. */
export const RULES: ReadonlyArray<{ value: ApprovalRule; label: string; hint: string }> = [
  { value: 'ALL', label: '全部同意', hint: '所有接收人都同意才通过，有人驳回即驳回' },
  { value: 'ANY', label: '任一同意', hint: '任一接收人同意即通过，有人驳回即驳回' },
]

/** The label of a rule; a value this build does not know is shown as it is. */
export function ruleLabel(rule: string): string {
  return RULES.find((r) => r.value === rule)?.label ?? rule
}

/** A file size for people: "812 B", "12.3 KB", "4.5 MB". */
export function fileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return ''
  if (bytes < 1024) return `${bytes} B`
  const kb = bytes / 1024
  if (kb < 1024) return `${kb < 10 ? kb.toFixed(1) : Math.round(kb)} KB`
  const mb = kb / 1024
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`
}

/** True for the image types the server accepts, which the page previews instead of downloading. */
export function isImage(contentType: string): boolean {
  return /^image\/(png|jpeg|gif|webp)$/.test(contentType)
}

/** The file input's accept attribute. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',')

/** The kinds of file the server accepts, as a person reads them. */
const ATTACHMENT_KINDS = '图片、PDF、Office 文档、zip 和文本'

/** What the compose page says under its attachments. */
export const ATTACHMENT_HINT = `单个不超过 ${fileSize(ATTACHMENT_BYTES_MAX)}，支持${ATTACHMENT_KINDS}`

/**
 * Why a picked file cannot be sent, in Chinese, or null when it may be: checked against the server's limits
 * (utils/limits.ts) so that a wrong file is refused when picked rather than after the upload. The server checks the
 * content again.
 */
export function attachmentProblem(file: { name: string; size: number }): string | null {
  const dot = file.name.lastIndexOf('.')
  const ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : ''
  if (file.size <= 0) return `“${file.name}”是空文件`
  if (file.size > ATTACHMENT_BYTES_MAX) return `“${file.name}”超过 ${fileSize(ATTACHMENT_BYTES_MAX)}`
  if (!ATTACHMENT_EXTENSIONS.includes(ext)) return `“${file.name}”的类型不支持，仅支持${ATTACHMENT_KINDS}`
  if (Array.from(file.name).length > ATTACHMENT_NAME_MAX) return `文件名不能超过 ${ATTACHMENT_NAME_MAX} 个字`
  return null
}

/** True when a rich-text editor's HTML holds no text (only empty paragraphs, line breaks or spaces). */
export function isBlankHtml(html: string): boolean {
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;|&#160;/g, ' ')
    .trim()
  return text === ''
}
