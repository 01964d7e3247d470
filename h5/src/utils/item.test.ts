import { describe, expect, it } from 'vitest'
import { attachmentProblem, fileSize, isBlankHtml, isImage, itemHistory, ruleLabel } from './item'

const person = (id: string, name: string) => ({ id, name })

describe('itemHistory', () => {
  const base = {
    id: '7',
    createdAt: '2026-03-01T01:00:00Z',
    sender: person('1', '张三'),
  }

  it('merges comments and decisions in time order, after the sending', () => {
    const h = itemHistory({
      ...base,
      comments: [
        { id: '11', body: '第三条需要修改', createdAt: '2026-03-01T02:00:00Z', author: person('2', '李四') },
        { id: '12', body: '已改好', createdAt: '2026-03-01T04:00:00Z', author: person('3', '王五') },
      ],
      recipients: [
        { state: 'APPROVED', opinion: '同意', handledAt: '2026-03-01T03:00:00Z', employee: person('2', '李四') },
        { state: 'REJECTED', opinion: null, handledAt: '2026-03-01T05:00:00Z', employee: person('3', '王五') },
      ],
    })
    expect(h.map((e) => [e.kind, e.who, 'text' in e ? e.text : undefined])).toEqual([
      ['sent', '张三', undefined],
      ['comment', '李四', '第三条需要修改'],
      ['approved', '李四', '同意'],
      ['comment', '王五', '已改好'],
      ['rejected', '王五', null],
    ])
  })

  it('leaves out recipients who have not decided', () => {
    const h = itemHistory({
      ...base,
      comments: [],
      recipients: [
        { state: 'PENDING', opinion: null, handledAt: null, employee: person('2', '李四') },
        // Closed when the item ended without them: no decision of theirs to show.
        { state: 'CLOSED', opinion: null, handledAt: null, employee: person('3', '王五') },
      ],
    })
    expect(h.map((e) => e.kind)).toEqual(['sent'])
  })

  it('puts a comment before a decision at the same instant, and keeps comments in id order', () => {
    const at = '2026-03-01T02:00:00.123456Z'
    const h = itemHistory({
      ...base,
      comments: [
        { id: '21', body: '一', createdAt: at, author: person('2', '李四') },
        { id: '22', body: '二', createdAt: at, author: person('2', '李四') },
      ],
      recipients: [{ state: 'APPROVED', opinion: '  ', handledAt: at, employee: person('2', '李四') }],
    })
    expect(h.map((e) => e.key)).toEqual(['sent-7', 'comment-21', 'comment-22', 'decision-2'])
    // A blank opinion is no opinion.
    expect(h[3]).toMatchObject({ kind: 'approved', text: null })
  })
})

describe('ruleLabel', () => {
  it('names the rules and passes an unknown one through', () => {
    expect(ruleLabel('ALL')).toBe('全部同意')
    expect(ruleLabel('ANY')).toBe('任一同意')
    expect(ruleLabel('MAJORITY')).toBe('MAJORITY')
  })
})

describe('fileSize', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [12_345, '12 KB'],
    [4.5 * 1024 * 1024, '4.5 MB'],
    [20 * 1024 * 1024, '20 MB'],
    [-1, ''],
  ])('%d bytes is "%s"', (bytes, want) => {
    expect(fileSize(bytes)).toBe(want)
  })
})

describe('isImage', () => {
  it('previews the image types the server accepts, nothing else', () => {
    expect(['image/png', 'image/jpeg', 'image/gif', 'image/webp'].every(isImage)).toBe(true)
    expect(isImage('image/svg+xml')).toBe(false)
    expect(isImage('application/pdf')).toBe(false)
  })
})

describe('attachmentProblem', () => {
  it.each([
    ['报价单.pdf', 1000, null],
    ['照片.JPG', 1000, null],
    ['合同.docx', 20 * 1024 * 1024, null],
    ['大文件.pdf', 20 * 1024 * 1024 + 1, '“大文件.pdf”超过 20 MB'],
    ['空.txt', 0, '“空.txt”是空文件'],
    ['脚本.js', 10, '“脚本.js”的类型不支持，仅支持图片、PDF、Office 文档、zip 和文本'],
    ['无扩展名', 10, '“无扩展名”的类型不支持，仅支持图片、PDF、Office 文档、zip 和文本'],
    [`${'名'.repeat(251)}.pdf`, 10, null],
    [`${'名'.repeat(252)}.pdf`, 10, '文件名不能超过 255 个字'],
  ])('%s (%d bytes)', (name, size, want) => {
    expect(attachmentProblem({ name, size })).toBe(want)
  })
})

describe('isBlankHtml', () => {
  it.each([
    ['', true],
    ['<p><br></p>', true],
    ['<div>&nbsp; </div>', true],
    ['<p><b>x</b></p>', false],
    ['<ul><li>一</li></ul>', false],
    ['&lt;', false],
  ])('%s', (html, want) => {
    expect(isBlankHtml(html)).toBe(want)
  })
})
