import { describe, expect, it } from 'vitest'
import { crcHex, decodePacket, naturalKey, wantsAck } from '../../../../../sensors/protocols/hj212'
import { GAS_HOUR_SEGMENT, STANDARD_EXAMPLE, WATER_RTD_SEGMENT } from './hj212-fixtures'

/** The CRC exactly as protocols.md spells it out, written again here so the library is checked, not trusted. */
function docCrc(text: string): string {
  let reg = 0xffff
  for (const byte of Buffer.from(text, 'ascii')) {
    reg = (reg >> 8) ^ byte
    for (let i = 0; i < 8; i++) {
      const lsb = reg & 1
      reg >>= 1
      if (lsb) reg ^= 0xa001
    }
  }
  return reg.toString(16).toUpperCase().padStart(4, '0')
}

/** Frame assembled by hand: `##`, the length counted here, the segment, the CRC, CR LF. */
function handFrame(segment: string, crc: string): string {
  return '##' + String(Buffer.byteLength(segment, 'ascii')).padStart(4, '0') + segment + crc + '\r\n'
}

describe('decodePacket: the standard example', () => {
  it('decodes CN 1062 with MN, Flag 5 and RtdInterval', () => {
    const result = decodePacket(STANDARD_EXAMPLE)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { packet } = result
    expect(packet).toMatchObject({
      qn: '20160801085857223',
      st: 32,
      cn: 1062,
      pw: '100000',
      mn: '010000A8900016F000169DC0',
      flag: { value: 5, version: 1, split: false, ackWanted: true },
    })
    expect(packet.cp.other).toEqual({ RtdInterval: '30' })
    expect(packet.cp.values).toEqual([])
    expect(wantsAck(packet)).toBe(true)
  })

  it('decodes the same frame given as bytes', () => {
    expect(decodePacket(new TextEncoder().encode(STANDARD_EXAMPLE))).toEqual(decodePacket(STANDARD_EXAMPLE))
  })
})

describe('decodePacket: frames built byte by byte', () => {
  it('wastewater real-time data (ST 32, CN 2011), 2017 codes', () => {
    expect(crcHex(WATER_RTD_SEGMENT)).toBe(docCrc(WATER_RTD_SEGMENT))
    expect(docCrc(WATER_RTD_SEGMENT)).toBe('6AC0') // golden: pins the value itself, not only the agreement
    const frame = handFrame(WATER_RTD_SEGMENT, docCrc(WATER_RTD_SEGMENT))
    expect(frame.slice(0, 6)).toBe('##0230')
    const result = decodePacket(frame)
    if (!result.ok) throw new Error(result.detail)
    const { packet } = result
    expect(packet).toMatchObject({
      st: 32,
      cn: 2011,
      mn: '33010000A8900016F0000011',
      flag: { ackWanted: true },
    })
    expect(packet.cp.dataTime).toBe('20261128153000')
    expect(packet.cp.dataTimeIso).toBe('2026-11-28T07:30:00.000Z')
    expect(packet.cp.values).toEqual([
      { code: 'w01018', originalCode: 'w01018', field: 'Rtd', value: 35.2, flag: 'N' },
      { code: 'w21003', originalCode: 'w21003', field: 'Rtd', value: 1.86, flag: 'N' },
      { code: 'w01001', originalCode: 'w01001', field: 'Rtd', value: 7.21, flag: 'N' },
      { code: 'w00000', originalCode: 'w00000', field: 'Rtd', value: 12.5, flag: 'N' },
    ])
    expect(naturalKey(packet)).toBe('33010000A8900016F0000011|2011|20261128153000|')
  })

  it('waste-gas hour data (ST 31, CN 2061) with Min/Avg/Max/Cou and ZsAvg', () => {
    const crc = docCrc(GAS_HOUR_SEGMENT)
    expect(crcHex(GAS_HOUR_SEGMENT)).toBe(crc)
    expect(crc).toBe('4B00')
    const result = decodePacket(handFrame(GAS_HOUR_SEGMENT, crc))
    if (!result.ok) throw new Error(result.detail)
    const { packet } = result
    expect(packet.flag).toEqual({ value: 4, version: 1, split: false, ackWanted: false })
    expect(wantsAck(packet)).toBe(false)
    expect(packet.cp.dataTimeIso).toBe('2026-11-28T07:00:00.000Z')
    const so2 = packet.cp.values.filter((v) => v.code === 'a21026')
    expect(so2.map((v) => [v.field, v.value, v.flag])).toEqual([
      ['Min', 10.2, 'N'],
      ['Avg', 15.3, 'N'],
      ['Max', 21.7, 'N'],
      ['ZsAvg', 18.9, 'N'],
      ['Cou', 0.412, 'N'],
    ])
    expect(packet.cp.values.find((v) => v.code === 'a00000' && v.field === 'Cou')?.value).toBe(29880)
  })

  it('an HJ/T 212-2005 data collector: no QN, no Flag, old codes', () => {
    const segment =
      'ST=32;CN=2011;PW=123456;MN=88888880000001;' +
      'CP=&&DataTime=20261128153000;B01-Rtd=12.5,B01-Flag=N;011-Rtd=48.0,011-Flag=N;060-Rtd=,060-Flag=D&&'
    const result = decodePacket(handFrame(segment, docCrc(segment)))
    if (!result.ok) throw new Error(result.detail)
    const { packet } = result
    expect(packet.qn).toBeUndefined()
    expect(packet.flag).toEqual({ value: 0, version: 0, split: false, ackWanted: false })
    expect(packet.cp.values).toEqual([
      { code: 'w00000', originalCode: 'B01', field: 'Rtd', value: 12.5, flag: 'N' },
      { code: 'w01018', originalCode: '011', field: 'Rtd', value: 48, flag: 'N' },
      { code: 'w21003', originalCode: '060', field: 'Rtd', value: null, flag: 'D' },
    ])
  })

  it('accepts header fields in any order, a missing CR LF, long MNs and unknown flags', () => {
    const mn = 'MN-' + 'A'.repeat(40)
    const segment = `MN=${mn};ST=31;Flag=4;PW=12345678;CN=2011;QN=20261128153000000;Ver=2;CP=&&DataTime=20261128153000;02-Rtd=3.1,02-Flag=X&&`
    const result = decodePacket(handFrame(segment, docCrc(segment)).slice(0, -2))
    if (!result.ok) throw new Error(result.detail)
    expect(result.packet.mn).toBe(mn)
    expect(result.packet.extra).toEqual({ Ver: '2' })
    expect(result.packet.cp.values).toEqual([
      { code: 'a21026', originalCode: '02', field: 'Rtd', value: 3.1, flagRaw: 'X' },
    ])
  })

  it('reads CN 2021 device status into other', () => {
    const segment =
      'QN=20261128153000000;ST=32;CN=2021;PW=123456;MN=33010000A8900016F0000011;Flag=5;' +
      'CP=&&DataTime=20261128153000;SB1-RS=1;SB2-RS=0;i12001-Info=2&&'
    const result = decodePacket(handFrame(segment, docCrc(segment)))
    if (!result.ok) throw new Error(result.detail)
    expect(result.packet.cp.other).toEqual({ 'SB1-RS': '1', 'SB2-RS': '0', 'i12001-Info': '2' })
  })
})
