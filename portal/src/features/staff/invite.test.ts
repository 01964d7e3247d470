import { describe, expect, it } from 'vitest'
import { inviteOutcome, skippedByReason, type InviteReport } from './invite'

const p = (id: string, name: string) => ({ id, name })

describe('inviteOutcome', () => {
  it('is all when everyone was invited', () => {
    expect(inviteOutcome({ invited: [p('1', '甲')], refused: [], skipped: [] })).toBe('all')
  })
  it('is partly when some were refused or skipped', () => {
    expect(inviteOutcome({ invited: [p('1', '甲')], refused: [p('2', '乙')], skipped: [] })).toBe('partly')
    expect(inviteOutcome({ invited: [p('1', '甲')], refused: [], skipped: [{ employee: p('3', '丙'), reason: '已加入企业微信' }] })).toBe('partly')
  })
  it('is none when nobody was invited', () => {
    expect(inviteOutcome({ invited: [], refused: [p('2', '乙')], skipped: [] })).toBe('none')
    expect(inviteOutcome({ invited: [], refused: [], skipped: [] })).toBe('none')
  })
})

describe('skippedByReason', () => {
  it('groups the names under each reason, the largest group first', () => {
    const r: InviteReport = {
      invited: [],
      refused: [],
      skipped: [
        { employee: p('1', '甲'), reason: '没有企业微信账号' },
        { employee: p('2', '乙'), reason: '已加入企业微信' },
        { employee: p('3', '丙'), reason: '已加入企业微信' },
      ],
    }
    expect(skippedByReason(r)).toEqual([
      { reason: '已加入企业微信', names: ['乙', '丙'] },
      { reason: '没有企业微信账号', names: ['甲'] },
    ])
  })
})
