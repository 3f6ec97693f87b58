import { describe, expect, it } from 'vitest'
import { POLLUTANT_CODES, pollutantInfo, toCode2017 } from '../../../../../sensors/protocols/hj212'

describe('pollutant codes', () => {
  it.each([
    ['011', 'w01018', 'COD'],
    ['060', 'w21003', 'NH3-N'],
    ['B01', 'w00000', 'flow'],
    ['001', 'w01001', 'pH'],
    ['065', 'w21001', 'total N'],
    ['101', 'w21011', 'total P'],
    ['080', 'w22001', 'petroleum'],
    ['02', 'a21026', 'SO2'],
    ['03', 'a21002', 'NOx'],
    ['04', 'a21005', 'CO'],
    ['01', 'a34013', 'particulates'],
    ['S01', 'a19001', 'O2'],
    ['B02', 'a00000', 'flow'],
  ])('maps the 2005 code %s to %s (%s)', (old, code, nameEn) => {
    expect(toCode2017(old)).toBe(code)
    expect(pollutantInfo(old)?.nameEn).toBe(nameEn)
  })

  it('keeps 2017 codes and unknown codes unchanged', () => {
    expect(toCode2017('w01018')).toBe('w01018')
    expect(toCode2017('a24088')).toBe('a24088')
    expect(toCode2017('x99999')).toBe('x99999')
    expect(pollutantInfo('x99999')).toBeUndefined()
  })

  it('holds units and media from the table', () => {
    expect(pollutantInfo('w00000')).toMatchObject({ unit: 'L/s', medium: 'water', nameZh: '污水流量' })
    expect(pollutantInfo('a00000')).toMatchObject({ unit: 'm³/s', medium: 'air' })
    expect(pollutantInfo('w01001')?.unit).toBeNull()
    expect(pollutantInfo('a19001')?.unit).toBe('%')
    expect(pollutantInfo('w01010')?.unit).toBe('℃')
  })

  it('has no duplicate codes or old codes', () => {
    const codes = POLLUTANT_CODES.map((c) => c.code)
    const old = POLLUTANT_CODES.flatMap((c) => (c.oldCode ? [c.oldCode] : []))
    expect(new Set(codes).size).toBe(codes.length)
    expect(new Set(old).size).toBe(old.length)
    expect(codes.every((c) => /^[wa]\d{5}$/.test(c))).toBe(true)
  })
})
