import { describe, expect, it, vi } from 'vitest'
import { SendCollabItemDocument } from './documents'
import { ApiError, execute } from '@shared/api/graphql'
import { multipartForm, RENEW_BEFORE_UPLOAD_MS, uploadClient, uploadFetch, type UploadFile, type UploadSession } from '@shared/api/upload'
import { FakeXhr } from '@/test/fakes'

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

describe('uploadClient', () => {
  const input = { title: 't', body: '', recipientIds: ['2'], attachments: [null, null] }
  const sent = '{"data":{"sendCollabItem":{"id":"9"}}}'
  const MINUTE = 60_000

  // A clock the test moves, a session whose token lives until `expiresAt` and is replaced by refresh(), and the
  // XMLHttpRequests the client opens, answered in turn by `answers` ('network': no answer at all).
  function setup(expiresIn: number, answers: Array<{ status: number; body: string } | 'network'>, refreshed = true) {
    const clock = { now: 1_000_000 }
    let token = 'old'
    let expiresAt: number | null = clock.now + expiresIn
    const session = {
      accessToken: () => token,
      accessTokenExpiresAt: () => expiresAt,
      refresh: vi.fn(async () => {
        if (!refreshed) return false
        token = 'new'
        expiresAt = clock.now + 15 * MINUTE
        return true
      }),
      onAuthFailure: vi.fn(),
    } satisfies UploadSession
    const xhrs: FakeXhr[] = []
    const client = uploadClient(session, files, {
      now: () => clock.now,
      xhr: () => {
        const x = new FakeXhr(answers[xhrs.length] ?? 'network')
        xhrs.push(x)
        return x as unknown as XMLHttpRequest
      },
    })
    return { clock, session, xhrs, client }
  }

  it('renews a token that expires within a minute before sending the files', async () => {
    const { session, xhrs, client } = setup(RENEW_BEFORE_UPLOAD_MS - 1000, [{ status: 200, body: sent }])
    const data = await client.request(SendCollabItemDocument, { input })
    expect(data.sendCollabItem.id).toBe('9')
    expect(session.refresh).toHaveBeenCalledTimes(1)
    // The files went once, with the new token: never megabytes behind a token about to die.
    expect(xhrs.map((x) => x.headers.Authorization)).toEqual(['Bearer new'])
  })

  it('renews a token that has already expired (the page was left open) before sending', async () => {
    const { session, xhrs, client } = setup(-20 * MINUTE, [{ status: 200, body: sent }])
    await client.request(SendCollabItemDocument, { input })
    expect(session.refresh).toHaveBeenCalledTimes(1)
    expect(xhrs.map((x) => x.headers.Authorization)).toEqual(['Bearer new'])
  })

  it('sends a token with time left as it is', async () => {
    const { session, xhrs, client } = setup(10 * MINUTE, [{ status: 200, body: sent }])
    await client.request(SendCollabItemDocument, { input })
    expect(session.refresh).not.toHaveBeenCalled()
    expect(xhrs.map((x) => x.headers.Authorization)).toEqual(['Bearer old'])
  })

  it('renews and sends once more when no answer came and the token has expired meanwhile', async () => {
    const { clock, session, xhrs, client } = setup(2 * MINUTE, ['network', { status: 200, body: sent }])
    // A slow upload: by the time the server read the request, the token had expired.
    const pending = client.request(SendCollabItemDocument, { input })
    expect(xhrs).toHaveLength(1)
    clock.now += 3 * MINUTE
    const data = await pending
    expect(data.sendCollabItem.id).toBe('9')
    expect(session.refresh).toHaveBeenCalledTimes(1)
    expect(xhrs.map((x) => x.headers.Authorization)).toEqual(['Bearer old', 'Bearer new'])
    expect(session.onAuthFailure).not.toHaveBeenCalled()
  })

  it('reports a network error as it is when the token is still good', async () => {
    const { session, xhrs, client } = setup(10 * MINUTE, ['network', { status: 200, body: sent }])
    await expect(client.request(SendCollabItemDocument, { input })).rejects.toMatchObject({ code: 'network' })
    expect(session.refresh).not.toHaveBeenCalled()
    expect(xhrs).toHaveLength(1)
  })

  it('sends at most twice and renews at most once', async () => {
    const { clock, session, xhrs, client } = setup(2 * MINUTE, ['network', 'network', { status: 200, body: sent }])
    const pending = client.request(SendCollabItemDocument, { input })
    clock.now += 3 * MINUTE
    await expect(pending).rejects.toMatchObject({ code: 'network' })
    expect(session.refresh).toHaveBeenCalledTimes(1)
    expect(xhrs).toHaveLength(2)
  })

  it('does not renew again when the server refuses the token it just renewed', async () => {
    const refused = { status: 401, body: '{"errors":[{"message":"请先登录再上传附件","extensions":{"code":"unauthenticated"}}]}' }
    const { session, xhrs, client } = setup(30_000, [refused, { status: 200, body: sent }])
    await expect(client.request(SendCollabItemDocument, { input })).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(session.refresh).toHaveBeenCalledTimes(1)
    expect(xhrs).toHaveLength(1)
    expect(session.onAuthFailure).toHaveBeenCalledTimes(1)
  })

  it('sends nothing and ends the session when it cannot be renewed', async () => {
    const { session, xhrs, client } = setup(-MINUTE, [{ status: 200, body: sent }], false)
    await expect(client.request(SendCollabItemDocument, { input })).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(xhrs).toHaveLength(0)
    expect(session.onAuthFailure).toHaveBeenCalledTimes(1)
  })

  it('still renews once after a refusal it can read, for a token with time left', async () => {
    const refused = { status: 401, body: '{"errors":[{"message":"请先登录再上传附件","extensions":{"code":"unauthenticated"}}]}' }
    const { session, xhrs, client } = setup(10 * MINUTE, [refused, { status: 200, body: sent }])
    await client.request(SendCollabItemDocument, { input })
    expect(session.refresh).toHaveBeenCalledTimes(1)
    expect(xhrs.map((x) => x.headers.Authorization)).toEqual(['Bearer old', 'Bearer new'])
  })
})
