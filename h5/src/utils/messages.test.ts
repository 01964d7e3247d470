import { describe, expect, it } from 'vitest'
import { firstLine, openableUrl, partyLabel, systemTag } from './messages'

describe('systemTag', () => {
  it.each([
    ['PB', '【PB】'],
    [' CRM ', '【CRM】'],
    ['', ''],
  ])('%j → %s', (system, want) => expect(systemTag(system)).toBe(want))
})

describe('firstLine', () => {
  it.each([
    ['报价单 Q-1 已确认\n金额 12,000 元', '报价单 Q-1 已确认'],
    ['\n\n  第二行起  \r\n下一行', '第二行起'],
    ['一行', '一行'],
    ['   \n  ', ''],
    ['', ''],
  ])('%j → %j', (content, want) => expect(firstLine(content)).toBe(want))
})

describe('openableUrl', () => {
  it.each([
    ['https://pb.example.com/quotes/Q-1', 'https://pb.example.com/quotes/Q-1'],
    ['http://10.0.0.8:8080/d/9', 'http://10.0.0.8:8080/d/9'],
    ['javascript:alert(1)', null],
    ['/quotes/Q-1', null],
    ['data:text/html,<b>x</b>', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (url, want) => expect(openableUrl(url)).toBe(want))
})

describe('partyLabel', () => {
  it.each([
    ['CUSTOMER', '客户联系人'],
    ['SUPPLIER', '供应商联系人'],
    [null, '联系人'],
  ] as const)('%s → %s', (party, want) => expect(partyLabel(party)).toBe(want))
})
