import { describe, expect, it, vi } from 'vitest'
import { BoxCountsDocument, CollabItemDocument } from '@/api/documents'
import { ApiError, createClient, errorMessage, execute, toErrorCode, type SessionHooks } from '@shared/api/graphql'
import { fakeFetch, gqlData, gqlError } from '@/test/fakes'

const item = { collabItem: { id: '42', title: 't' } }

describe('execute', () => {
  it('POSTs the operation with the bearer token', async () => {
    const { fetch, sent } = fakeFetch(() => gqlData(item))
    const data = await execute(CollabItemDocument, { id: '42' }, { fetch, accessToken: 'tok' })
    expect(data).toEqual(item)
    expect(sent).toEqual([
      { url: '/graphql', authorization: 'Bearer tok', operationName: 'CollabItem', variables: { id: '42' } },
    ])
  })

  it('sends no Authorization header without a token', async () => {
    const { fetch, sent } = fakeFetch(() => gqlData({}))
    await execute(BoxCountsDocument, undefined, { fetch })
    expect(sent[0].authorization).toBeUndefined()
  })

  it.each([
    ['unauthenticated', 'unauthenticated'],
    ['forbidden', 'forbidden'],
    ['not_found', 'not_found'],
    ['invalid', 'invalid'],
    ['conflict', 'conflict'],
    ['rate_limited', 'rate_limited'],
    ['internal', 'internal'],
    ['INVALID', 'invalid'],
    ['GRAPHQL_VALIDATION_FAILED', 'internal'],
  ])('maps extensions.code %s to %s', async (raw, want) => {
    const { fetch } = fakeFetch(() => gqlError(raw, '密码至少 8 位'))
    const err = await execute(CollabItemDocument, { id: '1' }, { fetch }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe(want)
    expect((err as ApiError).message).toBe('密码至少 8 位')
  })

  it('keeps the field an invalid error points at', async () => {
    const { fetch } = fakeFetch(() => ({
      body: { data: null, errors: [{ message: '请回答第 1 题 / question 1 is required', extensions: { code: 'invalid', field: 'choices' } }] },
    }))
    const err = await execute(CollabItemDocument, { id: '1' }, { fetch }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'invalid', field: 'choices' })
    const { fetch: noField } = fakeFetch(() => gqlError('invalid'))
    expect(await execute(CollabItemDocument, { id: '1' }, { fetch: noField }).catch((e: unknown) => e)).toMatchObject({ field: undefined })
  })

  it('reports a failed request as network', async () => {
    const { fetch } = fakeFetch(() => new TypeError('Failed to fetch'))
    await expect(execute(CollabItemDocument, { id: '1' }, { fetch })).rejects.toMatchObject({ code: 'network' })
  })

  it('takes the code from the HTTP status when the body is not GraphQL', async () => {
    const { fetch } = fakeFetch(() => ({ status: 401, body: '<html>401</html>' }))
    await expect(execute(CollabItemDocument, { id: '1' }, { fetch })).rejects.toMatchObject({ code: 'unauthenticated' })
    const { fetch: f502 } = fakeFetch(() => ({ status: 502, body: 'Bad Gateway' }))
    await expect(execute(CollabItemDocument, { id: '1' }, { fetch: f502 })).rejects.toMatchObject({ code: 'internal' })
  })
})

describe('toErrorCode and errorMessage', () => {
  it('treats unknown codes as internal', () => {
    expect(toErrorCode(undefined)).toBe('internal')
    expect(toErrorCode('teapot')).toBe('internal')
  })

  it('shows the server sentence for rule violations and a fixed one for internal errors', () => {
    expect(errorMessage(new ApiError('invalid', '新密码必须包含符号'))).toBe('新密码必须包含符号')
    expect(errorMessage(new ApiError('internal', 'sql: connection refused'))).toBe('服务器开小差了，请稍后重试')
    expect(errorMessage(new ApiError('network', ''))).toBe('网络连接失败，请检查网络后重试')
    expect(errorMessage(new Error('boom'))).toBe('服务器开小差了，请稍后重试')
  })

  it('never shows a message written for programs', () => {
    // The code is English for programs; a person reads Chinese only.
    expect(errorMessage(new ApiError('invalid', 'first must be between 1 and 100'))).toBe('填写的内容有误，请检查后重试')
    expect(errorMessage(new ApiError('not_found', 'no such thing'))).toBe('内容不存在或已被删除')
    expect(errorMessage(new ApiError('forbidden', 'OA'))).toBe('没有权限进行此操作')
  })
})

describe('createClient', () => {
  function hooks(initial: string | null, refreshTo: string | null) {
    let token = initial
    const h = {
      accessToken: () => token,
      refresh: vi.fn(async () => {
        if (refreshTo === null) return false
        token = refreshTo
        return true
      }),
      onAuthFailure: vi.fn(),
    } satisfies SessionHooks
    return h
  }

  it('refreshes once and retries with the new token', async () => {
    const { fetch, sent } = fakeFetch((req) =>
      req.authorization === 'Bearer new' ? gqlData(item) : gqlError('unauthenticated'),
    )
    const h = hooks('old', 'new')
    const data = await createClient(h, { fetch }).request(CollabItemDocument, { id: '42' })
    expect(data).toEqual(item)
    expect(h.refresh).toHaveBeenCalledTimes(1)
    expect(sent.map((s) => s.authorization)).toEqual(['Bearer old', 'Bearer new'])
    expect(h.onAuthFailure).not.toHaveBeenCalled()
  })

  it('gives up after one retry and signs out', async () => {
    const { fetch, sent } = fakeFetch(() => gqlError('unauthenticated'))
    const h = hooks('old', 'new')
    await expect(createClient(h, { fetch }).request(CollabItemDocument, { id: '42' })).rejects.toMatchObject({
      code: 'unauthenticated',
    })
    expect(h.refresh).toHaveBeenCalledTimes(1)
    expect(sent).toHaveLength(2)
    expect(h.onAuthFailure).toHaveBeenCalledTimes(1)
  })

  it('signs out without retrying when the refresh is refused', async () => {
    const { fetch, sent } = fakeFetch(() => gqlError('unauthenticated'))
    const h = hooks('old', null)
    await expect(createClient(h, { fetch }).request(CollabItemDocument, { id: '42' })).rejects.toMatchObject({
      code: 'unauthenticated',
    })
    expect(sent).toHaveLength(1)
    expect(h.onAuthFailure).toHaveBeenCalledTimes(1)
  })

  it('does not refresh for other errors', async () => {
    const { fetch } = fakeFetch(() => gqlError('forbidden', '无权查看'))
    const h = hooks('old', 'new')
    await expect(createClient(h, { fetch }).request(CollabItemDocument, { id: '42' })).rejects.toMatchObject({
      code: 'forbidden',
    })
    expect(h.refresh).not.toHaveBeenCalled()
    expect(h.onAuthFailure).not.toHaveBeenCalled()
  })

  it('keeps the session when the refresh itself fails on the network', async () => {
    const { fetch } = fakeFetch(() => gqlError('unauthenticated'))
    const h = hooks('old', 'new')
    h.refresh.mockRejectedValueOnce(new ApiError('network', ''))
    await expect(createClient(h, { fetch }).request(CollabItemDocument, { id: '42' })).rejects.toMatchObject({
      code: 'network',
    })
    expect(h.onAuthFailure).not.toHaveBeenCalled()
  })
})
