// Test doubles: those both apps use (@shared/test/fakes: the scripted fetch, GraphQL answers, localStorage, the
// AuthPayload), and the H5's own stand-in for XMLHttpRequest (uploads).
export { authPayload, fakeFetch, gqlData, gqlError, MemoryStorage, type SentRequest } from '@shared/test/fakes'

/** A stand-in for XMLHttpRequest that records what is sent and answers with `answer` after reporting progress. */
export class FakeXhr {
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
