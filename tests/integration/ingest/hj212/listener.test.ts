// The HJ 212 ingest end to end on PostgreSQL + PostGIS and Redis: a raw TCP 数采仪 sends packets built with
// the protocol library; the platform stores them once by natural key and answers only after the commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  encodePacket,
  encodeSplitPackets,
  QN_RTN,
  type Hj212Packet,
} from '../../../../sensors/protocols/hj212'
import type { ReadingsRecorded } from '../../../../server/contracts'
import { streams, type BusEntry } from '../../../../server/platform/bus/bus'
import { systemScope } from '../../../../server/platform/db/db'
import { startTestServer } from '../../../helpers/server-config'
import { type RunningServer } from '../../../../server/main'
import { eventually } from '../../../helpers/http'
import { Device, gas, nextQn, upload, water } from './device'

const waterRtd = (value: number) => [
  { code: 'w01018', field: 'Rtd' as const, value, flag: 'N' as const },
  { code: 'w21003', field: 'Rtd' as const, value: 1.2, flag: 'N' as const },
  { code: 'w01001', field: 'Rtd' as const, value: 7.4, flag: 'N' as const },
  { code: 'w00000', field: 'Rtd' as const, value: 12.5, flag: 'N' as const },
]
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 0, minute))
const expectAck = (answer: Hj212Packet | undefined, qn: string) =>
  expect(answer).toMatchObject({ cn: 9014, st: 91, qn, flag: { value: 4 }, cp: { other: { QN: qn } } })
const expectRefusal = (answer: Hj212Packet | undefined, qn: string, qnRtn: number) =>
  expect(answer).toMatchObject({ cn: 9011, qn, cp: { other: { QnRtn: String(qnRtn) } } })

describe('HJ 212 ingest on PostgreSQL + Redis', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let device: Device

  const count = async (sql: string, params: unknown[] = []) =>
    (await server.db.query<{ n: number }>(systemScope, `SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n
  const readingsAt = (mn: string, t: Date) =>
    server.db.query<{ sensor_id: string; kind: string; value: number | null; flag: string; stats: unknown }>(
      systemScope,
      `SELECT sensor_id, kind, value, flag, stats FROM readings WHERE starts_with(sensor_id, $1 || '.') AND t = $2
        ORDER BY sensor_id, kind`,
      [mn, t],
    )

  beforeAll(async () => {
    const started = await startTestServer('cpt_hj212', {
      SIM: 'off',
      LOG_LEVEL: 'silent',
    })
    server = started.server
    closeServer = started.close
    device = await Device.open(server.ports.hj212!)
  })
  afterAll(async () => {
    device?.close()
    await closeServer?.()
  })

  it('binds an ephemeral port for HJ212_PORT=0 and registers a collector per monitor point', async () => {
    expect(server.ports.hj212).toBeGreaterThan(0)
    expect(server.ports.http).toBe(server.port)
    expect(await count('hj212_collectors WHERE mn = $1', [water.mn])).toBe(1)
    expect(await count(`sensors WHERE kind = 'hj212_channel' AND mn = $1`, [water.mn])).toBe(4)
  })

  it('answers a real-time upload with CN 9014 only once its readings are committed', async () => {
    const { qn, frame } = upload(water, { dataTime: at(0), values: waterRtd(31.5) })
    const answer = await device.exchange(frame)
    expectAck(answer, qn)
    // the answer came after the commit: the rows are there the moment it arrives
    const rows = await readingsAt(water.mn, at(0))
    expect(rows).toHaveLength(4)
    expect(rows.find((r) => r.sensor_id === `${water.mn}.w01018`)).toMatchObject({
      kind: 'rtd',
      value: 31.5,
      flag: 'N',
    })
  })

  it('answers a retransmit again and still stores it once', async () => {
    const { qn, frame } = upload(water, { dataTime: at(1), values: waterRtd(33) })
    expectAck(await device.exchange(frame), qn)
    expectAck(await device.exchange(frame), qn)
    expect(await readingsAt(water.mn, at(1))).toHaveLength(4)
    expect(await count('hj212_packets WHERE mn = $1 AND data_time = $2', [water.mn, at(1)])).toBe(1)
  })

  it('publishes readings.recorded after the commit and updates the live cache', async () => {
    const seen: ReadingsRecorded[] = []
    const sub = server.bus.tail<ReadingsRecorded>(
      streams.readingsRecorded,
      (entries: BusEntry<ReadingsRecorded>[]) =>
        seen.push(...entries.map((e) => e.payload).filter((p) => p.mn === gas.mn)),
    )
    try {
      await new Promise((r) => setTimeout(r, 100)) // the tail has asked Redis for its start
      const dataTime = at(2)
      const { qn, frame } = upload(gas, {
        dataTime,
        values: [{ code: 'a21026', field: 'Rtd', value: 42.5, flag: 'N' }],
      })
      expectAck(await device.exchange(frame), qn)
      const deadline = Date.now() + 10_000
      while (!seen.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      expect(seen[0]).toMatchObject({
        source: 'hj212',
        mn: gas.mn,
        cn: 2011,
        readings: [
          {
            sensor_id: `${gas.mn}.a21026`,
            code: 'a21026',
            kind: 'rtd',
            t: dataTime.toISOString(),
            value: 42.5,
          },
        ],
      })
      const latest = await server.bus.getLatest<{ value: number; t: string }>('live:readings')
      expect(latest[`${gas.mn}.a21026`]).toMatchObject({ value: 42.5, t: dataTime.toISOString() })
    } finally {
      await sub.stop()
    }
  })

  it('stores a split minute-data upload once all its parts are in, whatever their order', async () => {
    const qn = nextQn()
    // one pollutant group per part at this segment limit: three parts
    const values = ['w01018', 'w21003', 'w00000'].flatMap((code) =>
      (['Min', 'Avg', 'Max', 'Cou'] as const).map((field, i) => ({
        code,
        field,
        value: 10 + i,
        flag: 'N' as const,
      })),
    )
    const parts = encodeSplitPackets(
      { qn, st: 32, cn: 2051, pw: water.pw, mn: water.mn, flag: 5, cp: { dataTime: at(3), values } },
      260,
    )
    expect(parts).toHaveLength(3)
    const before = device.answers.length
    await device.write(parts[2]!)
    await device.write(parts[0]!)
    // a later unsplit upload is answered after the two parts were handled (one frame at a time, in order)
    const probe = upload(water, { dataTime: at(4), values: waterRtd(30) })
    expectAck(await device.exchange(probe.frame), probe.qn)
    expect(device.answers.length).toBe(before + 1)
    expect(await readingsAt(water.mn, at(3))).toEqual([])

    expectAck(await device.exchange(parts[1]!), qn)
    const rows = await readingsAt(water.mn, at(3))
    expect(rows).toHaveLength(3)
    expect(rows.find((r) => r.sensor_id.endsWith('w01018'))).toMatchObject({
      kind: 'min',
      value: 11,
      stats: { min: 10, max: 12, cou: 13 },
    })
    expect(await count('hj212_packets WHERE mn = $1 AND data_time = $2', [water.mn, at(3)])).toBe(3)
    // one part sent again (its answer was lost): already stored, answered at once
    expectAck(await device.exchange(parts[0]!), qn)
    expect(await readingsAt(water.mn, at(3))).toHaveLength(3)

    // the same interval sent again unsplit (a new natural key, PNO 0) with other values and one more code:
    // the stored values are kept, the new code is added, and the device is answered
    const whole = upload(water, {
      cn: 2051,
      dataTime: at(3),
      values: ['w01018', 'w21003', 'w00000', 'w01001'].map((code) => ({
        code,
        field: 'Avg' as const,
        value: 99,
        flag: 'N' as const,
      })),
    })
    expectAck(await device.exchange(whole.frame), whole.qn)
    const after = await readingsAt(water.mn, at(3))
    expect(after).toHaveLength(4)
    expect(after.find((r) => r.sensor_id.endsWith('w01018'))).toMatchObject({ value: 11 })
    expect(after.find((r) => r.sensor_id.endsWith('w01001'))).toMatchObject({ kind: 'min', value: 99 })
    expect(await count('hj212_packets WHERE mn = $1 AND data_time = $2', [water.mn, at(3)])).toBe(4)
  })

  it('stores the good packets around a bad CRC on one connection and answers the bad one with QnRtn 9', async () => {
    const a = upload(water, { dataTime: at(5), values: waterRtd(30) })
    const b = upload(water, { dataTime: at(6), values: waterRtd(30) })
    const bad = upload(water, { dataTime: at(7), values: waterRtd(30) })
    const corrupt = bad.frame.replace(/[0-9A-F]{4}\r\n$/, (crc) =>
      crc === '0000\r\n' ? '1111\r\n' : '0000\r\n',
    )
    const n = device.answers.length
    await device.write(a.frame + corrupt + b.frame)
    const [ackA, refusal, ackB] = (await device.answersUpTo(n + 3)).slice(n)
    expectAck(ackA, a.qn)
    expectRefusal(refusal, bad.qn, QN_RTN.badCrc)
    expectAck(ackB, b.qn)
    expect((await readingsAt(water.mn, at(5))).length + (await readingsAt(water.mn, at(6))).length).toBe(8)
    expect(await readingsAt(water.mn, at(7))).toEqual([])
    // rejection rows are written without holding up the connection
    await eventually(
      async () => (await count(`ingest_rejections WHERE reason = 'bad_crc' AND mn = $1`, [water.mn])) === 1,
    )
  })

  it.each([
    ['an unknown MN', { mn: '320682JHE99W001SN0000000', pw: 'abcdef' }, QN_RTN.badMn, 'unknown_mn'],
    ['a wrong PW', { mn: water.mn, pw: 'wrong!' }, QN_RTN.badPw, 'bad_pw'],
  ])('refuses %s with its QnRtn and stores nothing', async (_name, who, qnRtn, reason) => {
    const dataTime = at(8)
    const { qn, frame } = upload({ ...who, measure: 'wastewater' }, { dataTime, values: waterRtd(30) })
    expectRefusal(await device.exchange(frame), qn, qnRtn)
    expect(await count('hj212_packets WHERE mn = $1 AND data_time = $2', [who.mn, dataTime])).toBe(0)
    expect(await count('readings WHERE t = $1', [dataTime])).toBe(0)
    await eventually(
      async () => (await count('ingest_rejections WHERE reason = $1 AND mn = $2', [reason, who.mn])) === 1,
    )
  })

  it('stores HJ/T 212-2005 codes under their 2017 codes', async () => {
    const { qn, frame } = upload(water, {
      dataTime: at(9),
      values: [
        { code: '011', field: 'Rtd', value: 28.8, flag: 'N' },
        { code: '060', field: 'Rtd', value: 0.9, flag: 'N' },
        { code: 'B01', field: 'Rtd', value: 11, flag: 'N' },
      ],
    })
    expectAck(await device.exchange(frame), qn)
    const rows = await readingsAt(water.mn, at(9))
    expect(rows.map((r) => [r.sensor_id.slice(water.mn.length + 1), r.value])).toEqual([
      ['w00000', 11],
      ['w01018', 28.8],
      ['w21003', 0.9],
    ])
  })

  it('adds a channel for a table code of its medium, and rejects a code outside the table', async () => {
    const { qn, frame } = upload(water, {
      dataTime: at(10),
      values: [
        { code: 'w01018', field: 'Rtd', value: 25, flag: 'N' },
        { code: 'w21011', field: 'Rtd', value: 0.3, flag: 'N' }, // total P: in the table, not seeded
        { code: 'w99999', field: 'Rtd', value: 1, flag: 'N' },
        { code: 'a21026', field: 'Rtd', value: 1, flag: 'N' }, // an air code from a wastewater outlet
      ],
    })
    expectAck(await device.exchange(frame), qn)
    const rows = await readingsAt(water.mn, at(10))
    expect(rows.map((r) => r.sensor_id.slice(water.mn.length + 1))).toEqual(['w01018', 'w21011'])
    const [channel] = await server.db.query(
      systemScope,
      'SELECT unit, thresholds, props FROM sensors WHERE id = $1',
      [`${water.mn}.w21011`],
    )
    expect(channel).toEqual({ unit: 'mg/L', thresholds: {}, props: { code: 'w21011', auto: true } })
    const rejection = await eventually(async () =>
      server.db
        .query<{ detail: string }>(
          systemScope,
          `SELECT detail FROM ingest_rejections WHERE reason = 'unknown_code' AND mn = $1`,
          [water.mn],
        )
        .then((rows) => rows[0]),
    )
    expect(rejection.detail).toBe('no channel for w99999, a21026')
  })

  it('keeps the latest CN 2021 device status on the collector', async () => {
    const qn = nextQn()
    const frame = encodePacket({
      qn,
      st: 32,
      cn: 2021,
      pw: water.pw,
      mn: water.mn,
      flag: 5,
      cp: 'DataTime=20261120081100;SB1-RS=1;SB2-RS=0',
    })
    expectAck(await device.exchange(frame), qn)
    const [c] = await server.db.query(
      systemScope,
      'SELECT status, status_at FROM hj212_collectors WHERE mn = $1',
      [water.mn],
    )
    expect(c).toEqual({
      status: { 'SB1-RS': '1', 'SB2-RS': '0' },
      status_at: new Date('2026-11-20T00:11:00Z'),
    })
  })

  it('answers no upload that did not ask for it (Flag 4), and still stores it', async () => {
    const noAck = upload(water, { dataTime: at(12), values: waterRtd(30), ackWanted: false })
    const probe = upload(water, { dataTime: at(13), values: waterRtd(30) })
    const n = device.answers.length
    await device.write(noAck.frame)
    expectAck(await device.exchange(probe.frame), probe.qn)
    expect(device.answers.length).toBe(n + 1)
    expect(await readingsAt(water.mn, at(12))).toHaveLength(4)
  })
})
