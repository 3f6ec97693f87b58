// BCD[6] YYMMDDhhmmss is GMT+8 (our protocol notes): it must become the right UTC instant.
import { describe, expect, it } from 'vitest'
import { decodeBcdTime, encodeBcdTime } from '../../../../../sensors/protocols/jt808'

const hex = (s: string): Buffer => Buffer.from(s, 'hex')

describe('BCD time in GMT+8', () => {
  it.each([
    ['150818072121', '2015-08-17T23:21:21.000Z'],
    ['240101000000', '2023-12-31T16:00:00.000Z'],
    ['240229235959', '2024-02-29T15:59:59.000Z'],
    ['991231235959', '2099-12-31T15:59:59.000Z'],
  ])('%s → %s and back', (bcd, iso) => {
    expect(decodeBcdTime(hex(bcd))).toBe(iso)
    expect(encodeBcdTime(iso).toString('hex')).toBe(bcd)
    expect(encodeBcdTime(new Date(iso)).toString('hex')).toBe(bcd)
  })

  it.each(['000000000000', '231301000000', '230230000000', '230101240000', '2301010000a0', '23010100'])(
    '%s is not a time',
    (bcd) => {
      expect(decodeBcdTime(hex(bcd))).toBeNull()
    },
  )

  it('refuses instants it cannot encode', () => {
    expect(() => encodeBcdTime('not a date')).toThrow(RangeError)
    expect(() => encodeBcdTime('1999-06-01T00:00:00Z')).toThrow(RangeError)
  })
})
