import { describe, expect, it } from 'vitest'
import { SendCollabItemDocument } from './documents'
import { ApiError, execute } from './graphql'
import { multipartForm, uploadFetch, type UploadFile } from './upload'

// A stand-in for XMLHttpRequest that records what is sent and answers with `answer` after reporting progress.
class FakeXhr {
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: FormData | null = null
  status = 0
  responseText = ''
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null

  constructor(private answer: { status: number; body: string } | 'network') {}

  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  getResponseHeader(k: string) {
    return k.toLowerCase() === 'content-type' ? 'application/json' : null
  }
  send(body: FormData) {
    this.body = body
    queueMicrotask(() => {
      if (this.answer === 'network') return this.onerror?.()
      this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 200 })
      this.upload.onprogress?.({ lengthComputable: true, loaded: 200, total: 200 })
      this.status = this.answer.status
      this.responseText = this.answer.body
      this.onload?.()
    })
  }
}

const files: UploadFile[] = [
  { path: 'variables.input.attachments.0', file: new Blob(['%PDF-1.4'], { type: 'application/pdf' }), name: '报价单.pdf' },
  { path: 'variables.input.attachments.1', file: new Blob(['hello']), name: '说明.txt' },
]

describe('multipartForm', () => {
  it('sends the operation, a map from each file to its variable, and the files', async () => {
    const form = multipartForm('{"query":"q"}', files)
    expect(form.get('operations')).toBe('{"query":"q"}')
    expect(JSON.parse(String(form.get('map')))).toEqual({
      '0': ['variables.input.attachments.0'],
      '1': ['variables.input.attachments.1'],
    })
    const first = form.get('0') as File
    expect(first.name).toBe('报价单.pdf')
    expect(await first.text()).toBe('%PDF-1.4')
    expect((form.get('1') as File).name).toBe('说明.txt')
  })
})

describe('uploadFetch', () => {
  const input = { title: 't', body: '', recipientIds: ['2'], attachments: [null, null] }

  it('carries the token and the operation, reports progress, and returns the data', async () => {
    const xhr = new FakeXhr({ status: 200, body: '{"data":{"sendCollabItem":{"id":"9"}}}' })
    const progress: number[] = []
    const data = await execute(SendCollabItemDocument, { input }, {
      accessToken: 'tok',
      fetch: uploadFetch(files, (p) => progress.push(p), () => xhr as unknown as XMLHttpRequest),
    })
    expect(data.sendCollabItem.id).toBe('9')
    expect([xhr.method, xhr.url]).toEqual(['POST', '/graphql'])
    expect(xhr.headers.Authorization).toBe('Bearer tok')
    // The form sets its own Content-Type with the boundary; a JSON one would break the upload.
    expect(Object.keys(xhr.headers).map((k) => k.toLowerCase())).not.toContain('content-type')
    const ops = JSON.parse(String(xhr.body?.get('operations')))
    expect(ops.operationName).toBe('SendCollabItem')
    expect(ops.variables.input.attachments).toEqual([null, null])
    expect(progress).toEqual([0.25, 1, 1])
  })

  it("gives the server's error as an ApiError", async () => {
    const xhr = new FakeXhr({
      status: 200,
      body: '{"errors":[{"message":"附件“a.exe”的类型不允许","extensions":{"code":"invalid","field":"attachments"}}]}',
    })
    const err = await execute(SendCollabItemDocument, { input }, {
      fetch: uploadFetch(files, undefined, () => xhr as unknown as XMLHttpRequest),
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'invalid', field: 'attachments', message: '附件“a.exe”的类型不允许' })
  })

  it('is a network error when no answer comes', async () => {
    const err = await execute(SendCollabItemDocument, { input }, {
      fetch: uploadFetch(files, undefined, () => new FakeXhr('network') as unknown as XMLHttpRequest),
    }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'network' })
  })
})
