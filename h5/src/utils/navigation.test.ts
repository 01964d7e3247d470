import { describe, expect, it } from 'vitest'
import { cameFrom, safeNext } from '@/utils/navigation'

describe('safeNext', () => {
  it.each([
    ['/items/42', '/items/42'],
    ['/h5/items/42', '/items/42'],
    ['/h5', '/'],
    ['/h5?box=done', '/?box=done'],
    ['/?box=sent', '/?box=sent'],
    [['/items/7', '/items/8'], '/items/7'],
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['items/42', '/'],
    [undefined, '/'],
  ])('%j → %s', (raw, want) => {
    expect(safeNext(raw)).toBe(want)
  })
})

describe('cameFrom', () => {
  it.each([
    ['/notices', '/notices', true],
    ['/notices?kind=news', '/notices', true],
    ['/', '/', true],
    ['/?box=done', '/', true],
    ['/noticesx', '/notices', false],
    ['/notices/3', '/notices', false],
    ['/surveys', '/', false],
    [null, '/', false],
    [undefined, '/surveys', false],
  ])('%j from %s → %s', (back, path, want) => {
    expect(cameFrom(back, path)).toBe(want)
  })
})
