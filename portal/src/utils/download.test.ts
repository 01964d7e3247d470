import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@shared/api/graphql'
import { dispositionName, fetchFile } from './download'

describe('dispositionName', () => {
  it.each([
    ["attachment; filename*=utf-8''%E5%91%98%E5%B7%A5%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx", '员工导入模板.xlsx'],
    ['attachment; filename="staff.xlsx"', 'staff.xlsx'],
    ['attachment; filename=staff.xlsx', 'staff.xlsx'],
    ['attachment', 'fallback.xlsx'],
    [null, 'fallback.xlsx'],
  ])('%s', (header, want) => {
    expect(dispositionName(header, 'fallback.xlsx')).toBe(want)
  })
})

function hooks(token = 'old', renewed = true) {
  let current = token
  return {
    accessToken: () => current,
    refresh: vi.fn(async () => {
      if (renewed) current = 'new'
      return renewed
    }),
    onAuthFailure: vi.fn(),
  }
}

const xlsx = (name: string) =>
  new Response('PK', { status: 200, headers: { 'Content-Disposition': `attachment; filename="${name}"` } })
const refusal = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ code, message }), { status, headers: { 'Content-Type': 'application/json' } })

describe('fetchFile', () => {
  it('sends the bearer token and returns the file and its name', async () => {
    const f = vi.fn(async () => xlsx('a.xlsx'))
    const got = await fetchFile('/api/staff/export.xlsx', hooks(), f as unknown as typeof fetch)
    expect(got.name).toBe('a.xlsx')
    expect(await got.blob.text()).toBe('PK')
    expect(f).toHaveBeenCalledWith('/api/staff/export.xlsx', { headers: { Authorization: 'Bearer old' } })
  })

  it('renews a refused token once and tries again', async () => {
    const h = hooks()
    const f = vi.fn(async (_: string, init: RequestInit) =>
      (init.headers as Record<string, string>).Authorization === 'Bearer new' ? xlsx('b.xlsx') : refusal(401, 'unauthenticated', ''),
    )
    expect((await fetchFile('/x/b', h, f as unknown as typeof fetch)).name).toBe('b.xlsx')
    expect(h.refresh).toHaveBeenCalledOnce()
    expect(h.onAuthFailure).not.toHaveBeenCalled()
  })

  it('gives up when the session cannot be renewed', async () => {
    const h = hooks('old', false)
    const f = vi.fn(async () => refusal(401, 'unauthenticated', ''))
    await expect(fetchFile('/x', h, f as unknown as typeof fetch)).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(h.onAuthFailure).toHaveBeenCalledOnce()
  })

  it("throws the server's refusal with its code and message", async () => {
    const f = vi.fn(async () => refusal(404, 'not_found', '导入记录不存在'))
    const err = await fetchFile('/x', hooks(), f as unknown as typeof fetch).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'not_found', message: '导入记录不存在' })
  })

  it('names a download without a disposition by its path, and a lost answer as network', async () => {
    const plain = vi.fn(async () => new Response('PK', { status: 200 }))
    expect((await fetchFile('/api/staff/template.xlsx?x=1', hooks(), plain as unknown as typeof fetch)).name).toBe('template.xlsx')
    const lost = vi.fn(async () => {
      throw new TypeError('failed')
    })
    await expect(fetchFile('/x', hooks(), lost as unknown as typeof fetch)).rejects.toMatchObject({ code: 'network' })
  })
})
