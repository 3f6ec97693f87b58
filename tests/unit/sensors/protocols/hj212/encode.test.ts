import { describe, expect, it } from 'vitest'
import {
  decodePacket,
  encodeDataUpload,
  encodePacket,
  formatDataTime,
  formatQn,
  type DataUploadCn,
  type Hj212Packet,
  type PollutantValueInput,
} from '../../../../../sensors/protocols/hj212'

const AT = new Date('2026-11-28T07:30:00.000Z') // 2026-11-28 15:30:00 China Standard Time
const SENT = new Date('2026-11-28T07:30:02.345Z')

function decoded(frame: string): Hj212Packet {
  const result = decodePacket(frame)
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`)
  return result.packet
}

function upload(cn: DataUploadCn, st: number, values: PollutantValueInput[], ackWanted = true): Hj212Packet {
  const frame = encodeDataUpload({
    cn,
    st,
    mn: '33010000A8900016F0000011',
    pw: '123456',
    dataTime: AT,
    qn: SENT,
    values,
    ackWanted,
  })
  return decoded(frame)
}

const strip = (values: PollutantValueInput[]) => values.map(({ digits: _d, ...rest }) => rest)

describe('CST time', () => {
  it('writes QN and DataTime in China Standard Time', () => {
    expect(formatDataTime(AT)).toBe('20261128153000')
    expect(formatQn(SENT)).toBe('20261128153002345')
    expect(formatDataTime(new Date('2026-12-31T16:00:00Z'))).toBe('20270101000000')
  })
})

describe('round trips', () => {
  it('CN 2011 real-time wastewater data with Rtd, ZsRtd and flags', () => {
    const values: PollutantValueInput[] = [
      { code: 'w01018', field: 'Rtd', value: 35.2, flag: 'N' },
      { code: 'w21003', field: 'Rtd', value: 1.86, flag: 'C' },
      { code: 'w01001', field: 'Rtd', value: 7.21, flag: 'N' },
      { code: 'w00000', field: 'Rtd', value: null, flag: 'F' },
    ]
    const packet = upload(2011, 32, values)
    expect(packet).toMatchObject({ qn: '20261128153002345', st: 32, cn: 2011, flag: { value: 5 } })
    expect(packet.cp.dataTimeIso).toBe(AT.toISOString())
    expect(packet.cp.values).toEqual(values.map((v) => ({ ...v, originalCode: v.code })))
  })

  it('CN 2051 minute waste-gas data with Min/Avg/Max/Cou and converted values', () => {
    const values: PollutantValueInput[] = [
      { code: 'a21026', field: 'Min', value: 10.2, flag: 'N' },
      { code: 'a21026', field: 'Avg', value: 15.3, flag: 'N' },
      { code: 'a21026', field: 'Max', value: 21.7, flag: 'N' },
      { code: 'a21026', field: 'ZsMin', value: 12, flag: 'N' },
      { code: 'a21026', field: 'ZsAvg', value: 18.9, flag: 'N' },
      { code: 'a21026', field: 'ZsMax', value: 25.1, flag: 'N' },
      { code: 'a21026', field: 'Cou', value: 0.412, flag: 'N' },
      { code: 'a21002', field: 'Avg', value: 48.5, digits: 2, flag: 'N' },
      { code: 'a34013', field: 'Avg', value: 3.2, flag: 'M' },
      { code: 'a19001', field: 'Avg', value: 11.6, flag: 'N' },
      { code: 'a00000', field: 'Avg', value: 8.3, flag: 'N' },
    ]
    const packet = upload(2051, 31, values, false)
    expect(packet.flag).toEqual({ value: 4, version: 1, split: false, ackWanted: false })
    expect(packet.cp.values).toEqual(strip(values).map((v) => ({ ...v, originalCode: v.code })))
    expect(packet.cp.raw).toContain('a21002-Avg=48.50')
  })

  it('CN 2061 hour and CN 2031 day data for VOCs and water', () => {
    const gas: PollutantValueInput[] = [
      { code: 'a24088', field: 'Avg', value: 2.35, flag: 'N' },
      { code: 'a25002', field: 'Max', value: 0.02, flag: 'N' },
      { code: 'a25003', field: 'Avg', value: 0.11, flag: 'N' },
      { code: 'a25005', field: 'Avg', value: 0.07, flag: 'T' },
      { code: 'a21028', field: 'Avg', value: 0.5, flag: 'N' },
    ]
    expect(upload(2061, 27, gas).cp.values.map((v) => v.code)).toEqual(gas.map((v) => v.code))
    const water: PollutantValueInput[] = [
      { code: 'w21001', field: 'Avg', value: 9.7, flag: 'N' },
      { code: 'w21011', field: 'Avg', value: 0.31, flag: 'N' },
      { code: 'w00000', field: 'Cou', value: 1052.6, flag: 'N' },
    ]
    const day = upload(2031, 32, water)
    expect(day.cn).toBe(2031)
    expect(day.cp.values).toEqual(water.map((v) => ({ ...v, originalCode: v.code })))
  })

  it('CN 2021 device status and CN 1062 commands through the generic encoder', () => {
    const status = encodePacket({
      qn: SENT,
      st: 32,
      cn: 2021,
      pw: '123456',
      mn: 'MN1',
      flag: { ackWanted: true },
      cp: {
        dataTime: AT,
        other: [
          ['SB1-RS', '1'],
          ['SB2-RS', '0'],
        ],
      },
    })
    expect(decoded(status).cp).toMatchObject({
      dataTime: '20261128153000',
      other: { 'SB1-RS': '1', 'SB2-RS': '0' },
    })
    const command = encodePacket({
      qn: '20160801085857223',
      st: 32,
      cn: 1062,
      pw: '100000',
      mn: '010000A8900016F000169DC0',
      flag: 5,
      cp: 'RtdInterval=30',
    })
    expect(command).toBe(
      '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n',
    )
  })

  it('old 2005 codes sent by a simulator decode to the 2017 codes', () => {
    const packet = upload(2011, 32, [
      { code: '011', field: 'Rtd', value: 48, flag: 'N' },
      { code: '060', field: 'Rtd', value: 2.1, flag: 'N' },
      { code: 'B01', field: 'Rtd', value: 12.5, flag: 'N' },
      { code: '02', field: 'Rtd', value: 30, flag: 'N' },
    ])
    expect(packet.cp.values.map((v) => [v.originalCode, v.code])).toEqual([
      ['011', 'w01018'],
      ['060', 'w21003'],
      ['B01', 'w00000'],
      ['02', 'a21026'],
    ])
  })

  it('refuses input no device could send', () => {
    const base = { qn: SENT, st: 32, cn: 2011, pw: '1', mn: 'M', flag: 4 }
    expect(() => encodePacket({ ...base, mn: 'a;b', cp: '' })).toThrow(RangeError)
    expect(() => encodePacket({ ...base, cp: 'a=1&&b=2' })).toThrow(RangeError)
    expect(() => encodePacket({ ...base, cp: 'x='.padEnd(10_000, '1') })).toThrow(RangeError)
    const nan = { code: 'w01018', field: 'Rtd' as const, value: Number.NaN }
    expect(() => encodePacket({ ...base, cp: { values: [nan] } })).toThrow(RangeError)
    const twoFlags = [
      { code: 'w01018', field: 'Rtd' as const, value: 1, flag: 'N' as const },
      { code: 'w01018', field: 'Avg' as const, value: 1, flag: 'D' as const },
    ]
    expect(() => encodePacket({ ...base, cp: { values: twoFlags } })).toThrow(RangeError)
  })
})
