import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@shared/api/graphql'
import {
  deliveryFamily,
  etaText,
  extraCounts,
  itemOfParam,
  itemParam,
  pushItemOf,
  ProgressPoller,
  progressPercent,
  REFRESH_MS,
  stateOf,
  type Progress,
  type PushState,
} from './progress'

const progress = (over: Partial<Progress> = {}): Progress => ({
  total: 10,
  sent: 10,
  skipped: 0,
  retrying: 0,
  undeliverable: 0,
  queued: 0,
  lastSentAt: '2026-12-07T06:00:00Z',
  etaSeconds: null,
  ...over,
})

describe('etaText', () => {
  it.each([
    [0, { key: 'etaSeconds', params: { n: 1 } }],
    [0.4, { key: 'etaSeconds', params: { n: 1 } }],
    [45, { key: 'etaSeconds', params: { n: 45 } }],
    [59, { key: 'etaSeconds', params: { n: 59 } }],
    [60, { key: 'etaMinutes', params: { n: 1 } }],
    [89, { key: 'etaMinutes', params: { n: 1 } }],
    [90, { key: 'etaMinutes', params: { n: 2 } }],
    [333, { key: 'etaMinutes', params: { n: 6 } }],
    [3569, { key: 'etaMinutes', params: { n: 59 } }],
    [3570, { key: 'etaHours', params: { h: 1 } }],
    [3600, { key: 'etaHours', params: { h: 1 } }],
    [5000, { key: 'etaHoursMinutes', params: { h: 1, m: 23 } }],
    [-5, { key: 'etaSeconds', params: { n: 1 } }],
  ])('%s s', (seconds, want) => {
    expect(etaText(seconds)).toEqual(want)
  })
})

describe('stateOf', () => {
  it('is going while anyone is queued, done once nobody is', () => {
    expect(stateOf(progress({ sent: 3, queued: 7 })).kind).toBe('going')
    expect(stateOf(progress()).kind).toBe('done')
    // Retrying ones are not queued: the push counts as done, their count shows beside it.
    expect(stateOf(progress({ sent: 8, retrying: 2 })).kind).toBe('done')
  })
})

describe('progressPercent', () => {
  it('is the share no longer queued, never past the ends', () => {
    expect(progressPercent({ total: 50000, queued: 50000 })).toBe(0)
    expect(progressPercent({ total: 50000, queued: 12500 })).toBe(75)
    expect(progressPercent({ total: 3, queued: 1 })).toBe(66)
    expect(progressPercent({ total: 3, queued: 0 })).toBe(100)
    expect(progressPercent({ total: 0, queued: 0 })).toBe(100)
    expect(progressPercent({ total: 3, queued: 5 })).toBe(0)
  })
})

describe('extraCounts', () => {
  it('lists only the counts that are not zero, in order', () => {
    expect(extraCounts(progress())).toEqual([])
    expect(extraCounts(progress({ sent: 6, skipped: 1, undeliverable: 3 }))).toEqual([
      { key: 'skipped', n: 1 },
      { key: 'undeliverable', n: 3 },
    ])
    expect(extraCounts(progress({ sent: 7, skipped: 1, retrying: 1, undeliverable: 1 })).map((c) => c.key)).toEqual([
      'skipped',
      'retrying',
      'undeliverable',
    ])
  })
})

describe('deliveryFamily', () => {
  it('names the kind family of each list (news has a family of its own)', () => {
    expect(deliveryFamily('NOTICE')).toBe('notice')
    expect(deliveryFamily('NEWS')).toBe('news')
    expect(deliveryFamily('SURVEY')).toBe('survey')
  })
})

describe('one item\'s push (推送记录\'s ?item=)', () => {
  it('is named by its family and id, news being notices to the server', () => {
    expect(itemParam({ family: 'notice', id: '42' })).toBe('notice:42')
    expect(itemOfParam('notice:42')).toEqual({ family: 'notice', id: '42' })
    expect(itemOfParam(' news:7 ')).toEqual({ family: 'news', id: '7' })
    expect(itemOfParam('survey:3')).toEqual({ family: 'survey', id: '3' })
    expect(pushItemOf('notice')).toBe('NOTICE')
    expect(pushItemOf('news')).toBe('NOTICE')
    expect(pushItemOf('survey')).toBe('SURVEY')
  })
  it('is nothing for what names no item', () => {
    for (const v of ['notice', 'notice:', 'notice:0', 'notice:-1', 'notice:4x', 'discussion:3', 'NOTICE:3', ['notice:3'], undefined, null, 42]) {
      expect(itemOfParam(v)).toBeNull()
    }
  })
})

describe('ProgressPoller', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  /** A server whose answers the test sets per id; reads counts the calls per id. */
  function server(answers: Record<string, Progress | Error>) {
    const reads: string[] = []
    const read = async (id: string) => {
      reads.push(id)
      const a = answers[id]
      if (a instanceof Error) throw a
      return a
    }
    return { answers, reads, read }
  }

  it('reads every row shown, all at once', async () => {
    const s = server({ '1': progress(), '2': progress({ sent: 1, queued: 9, etaSeconds: 30 }) })
    const states: Record<string, PushState> = {}
    const p = new ProgressPoller(s.read, states)
    const shown = p.show(['1', '2'])
    expect(states['1']).toEqual({ kind: 'loading' })
    await shown
    expect(s.reads.sort()).toEqual(['1', '2'])
    expect(states['1']).toEqual({ kind: 'done', p: progress() })
    expect(states['2']?.kind).toBe('going')
    p.stop()
  })

  it('refreshes every 3 s while a row is queued, only the rows still going, and stops when none is', async () => {
    const s = server({ '1': progress(), '2': progress({ sent: 1, queued: 9 }) })
    const states: Record<string, PushState> = {}
    const p = new ProgressPoller(s.read, states)
    await p.show(['1', '2'])
    expect(p.polling).toBe(true)
    s.reads.length = 0

    await vi.advanceTimersByTimeAsync(REFRESH_MS - 1)
    expect(s.reads).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(s.reads).toEqual(['2'])
    expect(p.polling).toBe(true)

    s.answers['2'] = progress({ sent: 9, undeliverable: 1 })
    await vi.advanceTimersByTimeAsync(REFRESH_MS)
    expect(s.reads).toEqual(['2', '2'])
    expect(states['2']).toEqual({ kind: 'done', p: progress({ sent: 9, undeliverable: 1 }) })
    expect(p.polling).toBe(false)

    await vi.advanceTimersByTimeAsync(REFRESH_MS * 5)
    expect(s.reads).toEqual(['2', '2'])
  })

  it('does not poll when nothing is queued', async () => {
    const s = server({ '1': progress(), '2': progress({ sent: 0, skipped: 2, total: 2 }) })
    const p = new ProgressPoller(s.read, {})
    await p.show(['1', '2'])
    expect(p.polling).toBe(false)
    await vi.advanceTimersByTimeAsync(REFRESH_MS * 3)
    expect(s.reads).toHaveLength(2)
  })

  it('shows — for a push without a record and does not poll for it', async () => {
    const s = server({ '1': new ApiError('not_found', '没有这次推送的记录') })
    const states: Record<string, PushState> = {}
    const p = new ProgressPoller(s.read, states)
    await p.show(['1'])
    expect(states['1']).toEqual({ kind: 'none' })
    expect(p.polling).toBe(false)
  })

  it('keeps the last answer through a passing failure and goes on polling', async () => {
    const going = progress({ sent: 2, queued: 8 })
    const s = server({ '1': going })
    const states: Record<string, PushState> = {}
    const p = new ProgressPoller(s.read, states)
    await p.show(['1'])
    s.answers['1'] = new ApiError('network', '')
    await vi.advanceTimersByTimeAsync(REFRESH_MS)
    expect(states['1']).toEqual({ kind: 'going', p: going })
    expect(p.polling).toBe(true)
    s.answers['1'] = progress()
    await vi.advanceTimersByTimeAsync(REFRESH_MS)
    expect(states['1']?.kind).toBe('done')
    expect(p.polling).toBe(false)
  })

  it('marks a row never read as an error, without polling for it alone', async () => {
    const s = server({ '1': new ApiError('internal', '') })
    const states: Record<string, PushState> = {}
    const p = new ProgressPoller(s.read, states)
    await p.show(['1'])
    expect(states['1']).toEqual({ kind: 'error' })
    expect(p.polling).toBe(false)
  })

  it('stops for good when the page goes, ignoring an answer on its way', async () => {
    let release: (p: Progress) => void = () => {}
    const states: Record<string, PushState> = {}
    const p = new ProgressPoller(() => new Promise<Progress>((r) => (release = r)), states)
    const shown = p.show(['1'])
    p.stop()
    release(progress({ sent: 0, queued: 10 }))
    await shown
    expect(states['1']).toEqual({ kind: 'loading' })
    expect(p.polling).toBe(false)
    await vi.advanceTimersByTimeAsync(REFRESH_MS * 3)
    expect(p.polling).toBe(false)
  })

  it('follows the rows shown: new ones are read, gone ones forgotten, a stale answer dropped', async () => {
    const s = server({ '1': progress({ sent: 0, queued: 10 }), '2': progress() })
    const states: Record<string, PushState> = {}
    const p = new ProgressPoller(s.read, states)
    await p.show(['1'])
    expect(p.polling).toBe(true)
    await p.show(['2'])
    expect(Object.keys(states)).toEqual(['2'])
    expect(p.polling).toBe(false)
    await vi.advanceTimersByTimeAsync(REFRESH_MS * 2)
    expect(s.reads).toEqual(['1', '2'])
  })
})
