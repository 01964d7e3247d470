import { describe, expect, it } from 'vitest'
import { deliveryFilter } from './filter'

describe('deliveryFilter', () => {
  it('sends only what is filled in', () => {
    expect(deliveryFilter({ status: '', kind: ' ', recipient: '' })).toBeNull()
    expect(deliveryFilter({ status: 'UNDELIVERABLE', kind: ' notice ', recipient: '' })).toEqual({ status: 'UNDELIVERABLE', kind: 'notice' })
    expect(deliveryFilter({ status: '', kind: '', recipient: 'lisi' })).toEqual({ recipient: 'lisi' })
  })
})
