import { describe, expect, it } from 'vitest'
import type { SyncRun } from './sync'
import {
  changedFieldKey,
  cleanTimes,
  countsSummary,
  doneText,
  finished,
  formatInZone,
  listTotals,
  nextFreeTime,
  nextRunText,
  progressPercent,
  progressText,
  pullRecommended,
  replaceWarning,
  retryReason,
  rowsVariables,
  runSummary,
  runToFollow,
  seqPage,
  settingsForm,
  settingsInput,
  timesError,
  truncated,
  upToDate,
  writes,
} from './sync'

const zero = { departmentCreates: 0, departmentUpdates: 0, departmentDeletes: 0, creates: 0, updates: 0, disables: 0, deletes: 0, invalid: 0 }

describe('counts', () => {
  it('counts writes, never the invalid members', () => {
    expect(writes({ ...zero, departmentCreates: 2, creates: 3, deletes: 1, invalid: 4 })).toBe(6)
    expect(upToDate({ ...zero, invalid: 4 })).toBe(true)
    expect(upToDate({ ...zero, disables: 1 })).toBe(false)
  })
  it('totals each list', () => {
    expect(listTotals({ ...zero, departmentUpdates: 1, departmentDeletes: 2, creates: 400, updates: 90, disables: 10, deletes: 5, invalid: 7 })).toEqual({
      members: 505,
      departments: 3,
      invalid: 7,
    })
  })
  it.each([
    ['a whole list', 12, 12, false],
    ['cut at 500', 505, 500, true],
    ['empty', 0, 0, false],
  ])('truncated: %s', (_, total, shown, want) => {
    expect(truncated(total, shown)).toBe(want)
  })
  it('summarises a run by what it wrote, members first', () => {
    expect(countsSummary({ ...zero, departmentCreates: 2, creates: 3, invalid: 1 })).toEqual([
      { key: 'contactSync.summary.creates', params: { n: 3 } },
      { key: 'contactSync.summary.departmentCreates', params: { n: 2 } },
      { key: 'contactSync.summary.invalid', params: { n: 1 } },
    ])
    expect(countsSummary(zero)).toEqual([])
  })
})

describe('replaceWarning', () => {
  it('says how many of WeCom’s members a first sync deletes', () => {
    expect(replaceWarning({ mode: 'REPLACE', replaceDeletes: 3, wecomMembers: 12 })).toEqual({
      key: 'contactSync.replaceDeletes',
      params: { n: 3, m: 12 },
    })
    expect(replaceWarning({ mode: 'REPLACE', replaceDeletes: 0, wecomMembers: 0 })).toEqual({
      key: 'contactSync.replaceDeletes',
      params: { n: 0, m: 0 },
    })
  })
  it('says the number cannot be known when WeCom does not let the server read', () => {
    expect(replaceWarning({ mode: 'REPLACE', replaceDeletes: null, wecomMembers: null })).toEqual({ key: 'contactSync.replaceUnknown' })
  })
  it('says nothing for an incremental sync', () => {
    expect(replaceWarning({ mode: 'INCREMENTAL', replaceDeletes: null, wecomMembers: null })).toBeNull()
  })
})

describe('progress', () => {
  const run = { state: 'RUNNING' as const, total: 0, done: 0, failed: 0 }
  it.each([
    ['nothing written yet', { total: 8 }, 0],
    ['written and refused both count', { total: 8, done: 5, failed: 1 }, 75],
    ['rounded down', { total: 3, done: 2 }, 66],
    ['never above 100', { total: 2, done: 3 }, 100],
    ['no writes planned yet', {}, 0],
    ['stopped with no writes', { state: 'DONE' as const }, 100],
    ['failed before writing', { state: 'FAILED' as const }, 100],
    ['failed part way', { state: 'FAILED' as const, total: 8, done: 2, failed: 2 }, 50],
    ['done short of its total (a pull makes no row for what Qiao knows)', { state: 'DONE' as const, total: 12, done: 9 }, 100],
  ])('%s', (_, r, want) => {
    expect(progressPercent({ ...run, ...r })).toBe(want)
  })
  it('stops at DONE and FAILED', () => {
    expect(['QUEUED', 'RUNNING', 'DONE', 'FAILED'].map((s) => finished(s as 'DONE'))).toEqual([false, false, true, true])
  })
})

describe('retryReason', () => {
  const waiting = '重试中：企业微信限制调用频率（errcode 45009），约 30 秒后重试'
  it.each([
    ['running and waiting: as the server words it', 'RUNNING', waiting, waiting],
    ['running, not waiting', 'RUNNING', null, null],
    ['running, a blank error', 'RUNNING', '  ', null],
    ['queued', 'QUEUED', waiting, null],
    ['failed: its own alert says it', 'FAILED', '企业微信拒绝了请求', null],
    ['done', 'DONE', null, null],
  ] as const)('%s', (_, state, error, want) => {
    expect(retryReason({ state, error })).toBe(want)
  })
})

describe('changedFieldKey', () => {
  it('names the known fields and leaves others as they are', () => {
    expect(changedFieldKey('MOBILE')).toBe('contactSync.field.MOBILE')
    expect(changedFieldKey('STATUS')).toBe('contactSync.field.STATUS')
    expect(changedFieldKey('AVATAR')).toBeNull()
  })
})

describe('settings', () => {
  const saved = { scheduleEnabled: true, times: ['08:00', '20:00'], timeZone: 'Asia/Shanghai', wecomOwnedFields: ['MOBILE' as const], nextRunAt: null }
  it('fills the form with copies', () => {
    const form = settingsForm(saved)
    form.times.push('12:00')
    expect(saved.times).toEqual(['08:00', '20:00'])
  })
  it('cleans the times: blanks dropped, once each, in order', () => {
    expect(cleanTimes(['20:00', ' 08:00', '', '20:00', '12:30'])).toEqual(['08:00', '12:30', '20:00'])
  })
  it('refuses a schedule without times', () => {
    expect(timesError({ ...settingsForm(saved), times: ['', ' '] })).toEqual({ key: 'contactSync.settings.timesRequired' })
    expect(timesError(settingsForm(saved))).toBeNull()
  })
  it('sends the whole form, cleaned', () => {
    expect(
      settingsInput({ scheduleEnabled: false, times: ['20:00', '08:00', ''], timeZone: ' Asia/Singapore ', wecomOwnedFields: ['DEPARTMENTS', 'NAME'] }),
    ).toEqual({ scheduleEnabled: false, times: ['08:00', '20:00'], timeZone: 'Asia/Singapore', wecomOwnedFields: ['NAME', 'DEPARTMENTS'] })
  })
  it('offers the first free whole hour from 08:00 for a new time', () => {
    expect(nextFreeTime([])).toBe('08:00')
    expect(nextFreeTime(['08:00', '09:00'])).toBe('10:00')
    expect(nextFreeTime(Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`))).toBe('00:00')
  })
  it('says when the next scheduled sync runs, in the settings’ zone', () => {
    expect(nextRunText({ scheduleEnabled: false, nextRunAt: null, timeZone: 'Asia/Shanghai' })).toEqual({ key: 'contactSync.settings.nextRunOff' })
    expect(nextRunText({ scheduleEnabled: true, nextRunAt: null, timeZone: 'Asia/Shanghai' })).toEqual({ key: 'contactSync.settings.nextRunAfterFirst' })
    expect(nextRunText({ scheduleEnabled: true, nextRunAt: '2026-12-07T00:05:00Z', timeZone: 'Europe/London' })).toEqual({
      key: 'contactSync.settings.nextRun',
      params: { time: '2026-12-07 00:05', zone: 'Europe/London' },
    })
  })
  it('formats in the zone, China time for an unknown zone', () => {
    expect(formatInZone('2026-12-07T00:05:00Z', 'Asia/Shanghai')).toBe('2026-12-07 08:05')
    expect(formatInZone('2026-12-07T00:05:00Z', 'Mars/Base')).toBe('2026-12-07 08:05')
    expect(formatInZone(null, 'Asia/Shanghai')).toBe('')
  })
})

describe('row pages', () => {
  const row = (seq: number) => ({ seq, kind: 'MEMBER' as const, subject: 's', ref: 'r', action: 'CREATE' as const, result: 'OK' as const, reason: null })
  it('pages by the last seq', () => {
    expect(seqPage({ nodes: [row(3), row(9)], hasNextPage: true })).toEqual({ rows: [row(3), row(9)], totalCount: null, hasNextPage: true, endCursor: '9' })
    expect(seqPage({ nodes: [], hasNextPage: false }).endCursor).toBeNull()
  })
  it('asks from the start, then after the cursor', () => {
    expect(rowsVariables('4', false, null)).toEqual({ id: '4', problemsOnly: false, first: 100, after: 0 })
    expect(rowsVariables('4', true, '9', 50)).toEqual({ id: '4', problemsOnly: true, first: 50, after: 9 })
  })
})

describe('从企业微信导入', () => {
  const run = (over: Partial<SyncRun>): SyncRun => ({
    id: '1',
    direction: 'OUT',
    trigger: 'MANUAL',
    mode: 'INCREMENTAL',
    state: 'DONE',
    startedBy: 'admin',
    counts: zero,
    conflicts: 0,
    total: 0,
    done: 0,
    failed: 0,
    apiCalls: 0,
    error: null,
    createdAt: '2026-12-07T08:00:00Z',
    finishedAt: null,
    ...over,
  })

  it.each([
    ['a sync to WeCom, newest first', [run({ id: '3' }), run({ id: '2', mode: 'PULL', direction: 'IN' })], '3'],
    ['a pull', [run({ id: '5', mode: 'PULL', direction: 'IN', state: 'RUNNING' }), run({ id: '4' })], '5'],
    ['never a day of WeCom events', [run({ id: '7', mode: 'EVENTS', direction: 'IN', trigger: 'EVENTS' }), run({ id: '6' })], '6'],
    ['only events', [run({ id: '7', mode: 'EVENTS', direction: 'IN', trigger: 'EVENTS' })], null],
    ['no runs', [], null],
  ])('follows %s', (_, runs, want) => {
    expect(runToFollow(runs)?.id ?? null).toBe(want)
  })
  it('follows nothing before the history is read', () => {
    expect(runToFollow(undefined)).toBeNull()
  })

  it.each([
    ['REPLACE', true],
    ['INCREMENTAL', false],
  ] as const)('is recommended for a %s preview: %s', (mode, want) => {
    expect(pullRecommended({ mode })).toBe(want)
  })
  it('is not recommended before the preview is read', () => {
    expect(pullRecommended(null)).toBe(false)
  })

  it('says a pull’s progress and result in its own words', () => {
    const pull = run({ mode: 'PULL', direction: 'IN', total: 12, done: 9, failed: 1 })
    expect(progressText(pull)).toEqual({ key: 'contactSync.pull.progress', params: { done: 9, failed: 1, total: 12 } })
    expect(doneText(pull)).toEqual({ key: 'contactSync.pull.doneFailed', params: { done: 9, failed: 1 } })
    expect(doneText({ ...pull, failed: 0 })).toEqual({ key: 'contactSync.pull.doneOK', params: { done: 9 } })
  })
  it('says a sync’s progress and result as before', () => {
    const sync = run({ total: 5, done: 4, failed: 1 })
    expect(progressText(sync)).toEqual({ key: 'contactSync.progress', params: { done: 4, failed: 1, total: 5 } })
    expect(doneText(sync)).toEqual({ key: 'contactSync.doneFailed', params: { done: 4, failed: 1 } })
    expect(doneText({ ...sync, failed: 0 })).toEqual({ key: 'contactSync.doneOK', params: { done: 4 } })
  })

  it.each([
    ['a pull, by what it matched or added', run({ mode: 'PULL', direction: 'IN', done: 9 }), [{ key: 'contactSync.summary.pulled', params: { n: 9 } }]],
    ['a pull that did nothing', run({ mode: 'PULL', direction: 'IN' }), []],
    ['a sync, by its counts', run({ counts: { ...zero, creates: 2 }, done: 2 }), [{ key: 'contactSync.summary.creates', params: { n: 2 } }]],
  ])('summarises %s', (_, r, want) => {
    expect(runSummary(r)).toEqual(want)
  })
})
