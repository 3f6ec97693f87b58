import { describe, expect, it } from 'vitest'
import { packetRows } from '../../../../../server/ingest/hj212/packet-rows'
import { decodePacket, encodePacket, type Hj212Packet } from '../../../../../sensors/protocols/hj212'

const MN = '320682JHE01W001SN4422157'

function packet(cn: number, cp: string, qn = '20261128153000123'): Hj212Packet {
  const r = decodePacket(encodePacket({ qn, st: 32, cn, pw: 'abc123', mn: MN, flag: 5, cp }))
  if (!r.ok) throw new Error(r.detail)
  return r.packet
}

describe('packetRows: what an HJ 212 upload stores', () => {
  it('real-time data (CN 2011): Rtd as value, ZsRtd in stats, the data flag, DataTime read as UTC+8', () => {
    const rows = packetRows(
      packet(
        2011,
        'DataTime=20261128153000;w01018-Rtd=35.2,w01018-ZsRtd=36.0,w01018-Flag=N;w01001-Rtd=7.21,w01001-Flag=M',
      ),
    )
    expect(rows).toEqual({
      ok: true,
      kind: 'rtd',
      t: '2026-11-28T07:30:00.000Z',
      rows: [
        { code: 'w01018', value: 35.2, flag: 'N', stats: { zs_rtd: 36 } },
        { code: 'w01001', value: 7.21, flag: 'M', stats: null },
      ],
    })
  })

  it.each([
    [2051, 'min'],
    [2061, 'hour'],
    [2031, 'day'],
  ] as const)('interval data (CN %i → %s): Avg as value, Min/Max/Cou in stats', (cn, kind) => {
    const rows = packetRows(
      packet(
        cn,
        'DataTime=20261128150000;w01018-Min=20.1,w01018-Avg=27.5,w01018-Max=33.9,w01018-Cou=1.25,w01018-Flag=N',
      ),
    )
    expect(rows).toEqual({
      ok: true,
      kind,
      t: '2026-11-28T07:00:00.000Z',
      rows: [{ code: 'w01018', value: 27.5, flag: 'N', stats: { min: 20.1, max: 33.9, cou: 1.25 } }],
    })
  })

  it('maps HJ/T 212-2005 codes to their 2017 codes (the decoder does) and keeps unknown flags as sent', () => {
    const rows = packetRows(
      packet(2011, 'DataTime=20261128153000;011-Rtd=30.1,011-Flag=N;060-Rtd=1.2,060-Flag=x'),
    )
    expect(rows.ok && rows.kind !== 'status' && rows.rows).toEqual([
      { code: 'w01018', value: 30.1, flag: 'N', stats: null },
      { code: 'w21003', value: 1.2, flag: 'x', stats: null },
    ])
  })

  it('keeps an empty or non-numeric value as null (instrument off), not as 0', () => {
    const rows = packetRows(packet(2011, 'DataTime=20261128153000;w01018-Rtd=,w01018-Flag=D'))
    expect(rows.ok && rows.kind !== 'status' && rows.rows).toEqual([
      { code: 'w01018', value: null, flag: 'D', stats: null },
    ])
  })

  it('device status (CN 2021): its CP items, timed by DataTime or else by QN', () => {
    expect(packetRows(packet(2021, 'DataTime=20261128153000;SB1-RS=1;SB2-RS=0'))).toEqual({
      ok: true,
      kind: 'status',
      t: '2026-11-28T07:30:00.000Z',
      status: { 'SB1-RS': '1', 'SB2-RS': '0' },
    })
    const noTime = packetRows(packet(2021, 'SB1-RS=1', '20261128160000999'))
    expect(noTime).toMatchObject({ ok: true, kind: 'status', t: '2026-11-28T08:00:00.000Z' })
  })

  it('refuses data without DataTime and commands that are not uploads', () => {
    expect(packetRows(packet(2011, 'w01018-Rtd=1'))).toMatchObject({ ok: false, reason: 'missing_datatime' })
    expect(packetRows(packet(1062, 'RtdInterval=30'))).toMatchObject({ ok: false, reason: 'unsupported_cn' })
  })
})
