// Byte-built frames for every message the platform speaks, through encoder → framer → decoder.
import { describe, expect, it } from 'vitest'
import {
  decodeFrame,
  encodeAuthenticate,
  encodeBatch,
  encodeFrame,
  encodeGeneralAnswer,
  encodeLocation,
  encodeRegister,
  encodeRegisterAnswerFrame,
  encodeServerTimeFrame,
  MsgId,
  RegisterResult,
  type Jt808Version,
  type Register,
} from '../../../../../sensors/protocols/jt808'
import { PHONE_2013, PHONE_2019, throughWire } from './helpers'

const plate = '苏BA6860'
const reg: Register = {
  province: 32,
  city: 1100,
  maker: 'ABCDE',
  model: 'BD-TRK-01',
  deviceId: 'T123456',
  plateColor: 2,
  plate,
}
const phoneOf = (v: Jt808Version): string => (v === 2019 ? PHONE_2019 : PHONE_2013)

describe.each([2013, 2019] as const)('register 0x0100 (%i)', (version) => {
  it('round-trips with a GBK plate', () => {
    const wire = encodeFrame(
      { msgId: MsgId.register, phone: phoneOf(version), serial: 1, version },
      encodeRegister(reg, version),
    )
    const m = throughWire(wire, 'register')
    expect(m.body).toEqual(reg)
    expect(m.header.version).toBe(version)
  })

  it('answers 0x8100 with the auth code, addressed back', () => {
    const wire = encodeFrame(
      { msgId: MsgId.register, phone: phoneOf(version), serial: 9, version },
      encodeRegister(reg, version),
    )
    const req = throughWire(wire, 'register').header
    const ans = throughWire(encodeRegisterAnswerFrame(req, RegisterResult.ok, '鉴权A1', 3), 'register_answer')
    expect(ans.body).toEqual({ serial: 9, result: 0, authCode: '鉴权A1' })
    expect(ans.header).toMatchObject({ phone: req.phone, version, serial: 3 })
    const refused = throughWire(
      encodeRegisterAnswerFrame(req, RegisterResult.noSuchTerminal, 'x', 4),
      'register_answer',
    )
    expect(refused.body).toEqual({ serial: 9, result: 4, authCode: '' })
  })
})

it('decodes plate bytes CBD5 4241 3638 3630 as 苏BA6860 and strips NUL padding', () => {
  const body = Buffer.concat([
    encodeRegister({ ...reg, maker: 'AB', plate: '' }, 2013),
    Buffer.from('cbd54241363836300000', 'hex'),
  ])
  const m = throughWire(
    encodeFrame({ msgId: MsgId.register, phone: PHONE_2013, serial: 2 }, body),
    'register',
  )
  expect(m.body.plate).toBe(plate)
  expect(m.body.maker).toBe('AB')
})

describe('authenticate 0x0102', () => {
  it('2013: the whole body is the code', () => {
    const body = encodeAuthenticate({ authCode: 'AUTH-2013', imei: '', softwareVersion: '' }, 2013)
    expect(body.toString('latin1')).toBe('AUTH-2013')
    const m = throughWire(
      encodeFrame({ msgId: MsgId.authenticate, phone: PHONE_2013, serial: 5 }, body),
      'authenticate',
    )
    expect(m.body).toEqual({ authCode: 'AUTH-2013', imei: '', softwareVersion: '' })
  })

  it.each(['fixed20', 'prefixed'] as const)('2019 with IMEI and a %s version', (layout) => {
    const auth = { authCode: 'AUTH-2019', imei: '860123456789012', softwareVersion: 'V1.2.3' }
    const body = encodeAuthenticate(auth, 2019, layout)
    expect(body.length).toBe(1 + 9 + 15 + (layout === 'fixed20' ? 20 : 7))
    const header = { msgId: MsgId.authenticate, phone: PHONE_2019, serial: 6, version: 2019 as const }
    expect(throughWire(encodeFrame(header, body), 'authenticate').body).toEqual(auth)
  })

  it('2019 with a short body is bad_body, with the header for a 0x8001 result 2', () => {
    const wire = encodeFrame(
      { msgId: MsgId.authenticate, phone: PHONE_2019, serial: 6, version: 2019 },
      Buffer.of(9, 0x41),
    )
    const res = decodeFrame(wire)
    expect(res).toMatchObject({ ok: false, reason: 'bad_body', header: { serial: 6 } })
  })
})

describe('empty-body messages', () => {
  it.each([
    [MsgId.heartbeat, 'heartbeat'],
    [MsgId.deregister, 'deregister'],
    [MsgId.queryServerTime, 'query_server_time'],
  ] as const)('id %i decodes as %s', (msgId, kind) => {
    const m = throughWire(encodeFrame({ msgId, phone: PHONE_2019, serial: 11, version: 2019 }), kind)
    expect(m.body).toBeNull()
    expect(m.header).toMatchObject({ bodyLength: 0, serial: 11, protocolVersion: 1 })
  })

  it('0x8004 answers 0x0004 with GMT+8 BCD time', () => {
    const req = throughWire(
      encodeFrame({ msgId: MsgId.queryServerTime, phone: PHONE_2013, serial: 1 }),
      'query_server_time',
    )
    const wire = encodeServerTimeFrame(req.header, new Date('2024-02-29T16:30:05Z'), 2)
    expect(wire.subarray(13, 19).toString('hex')).toBe('240301003005')
    expect(throughWire(wire, 'server_time').body.time).toBe('2024-02-29T16:30:05.000Z')
  })
})

it('0x0001 terminal general answer', () => {
  const body = encodeGeneralAnswer({ serial: 0xfffe, msgId: 0x8103, result: 1 })
  const m = throughWire(
    encodeFrame({ msgId: MsgId.terminalAnswer, phone: PHONE_2013, serial: 3 }, body),
    'terminal_answer',
  )
  expect(m.body).toEqual({ serial: 0xfffe, msgId: 0x8103, result: 1 })
})

it('an unknown id decodes as unknown with its raw body', () => {
  const m = throughWire(
    encodeFrame({ msgId: 0x0900, phone: PHONE_2013, serial: 4 }, Buffer.of(1, 2, 3)),
    'unknown',
  )
  expect(m.msgId).toBe(0x0900)
  expect(m.body.raw).toEqual(Buffer.of(1, 2, 3))
})

describe('location 0x0200', () => {
  const t = '2024-05-01T01:02:03.000Z'

  it.each([
    [-33.856784, 151.215297],
    [51.500729, -0.124625],
    [-34.603722, -58.381592],
    [30.2, 120.1],
  ])('keeps hemisphere signs for %f, %f', (lat, lon) => {
    const body = encodeLocation({ lat, lon, time: t, speedKmh: 42.5, headingDeg: 271, altitudeM: 12 })
    const m = throughWire(
      encodeFrame({ msgId: MsgId.location, phone: PHONE_2013, serial: 1 }, body),
      'location',
    )
    expect(m.body).toMatchObject({ lat, lon, time: t, speedKmh: 42.5, headingDeg: 271, altitudeM: 12 })
    expect(m.body.flags).toMatchObject({ fixed: true, gps: true, south: lat < 0, west: lon < 0 })
  })

  it('round-trips extras and alarm names', () => {
    const extras = {
      odometerKm: 1234.5,
      fuelL: 40.2,
      recorderSpeedKmh: 33.3,
      extendedStatus: 5,
      io: 2,
      signal: 25,
      satellites: 11,
      raw: [{ id: 0xe1, hex: '0102' }],
    }
    const alarm = (1 << 0) | (1 << 20) | (1 << 30)
    const body = encodeLocation({ lat: 31, lon: 121, time: t, alarm, extras })
    const m = throughWire(
      encodeFrame({ msgId: MsgId.location, phone: PHONE_2019, serial: 2, version: 2019 }, body),
      'location',
    )
    expect(m.body.extras).toEqual(extras)
    expect(m.body.alarms).toEqual(['sos', 'zoneInOut', 'rollover'])
  })
})

it('batch 0x0704 of 3 locations', () => {
  const items = [0, 1, 2].map((i) => ({
    lat: 22.5 + i / 1000,
    lon: 113.9,
    time: new Date(Date.UTC(2024, 0, 1, 0, 0, i * 10)),
    speedKmh: i,
  }))
  const body = encodeBatch({ type: 1, items })
  const m = throughWire(encodeFrame({ msgId: MsgId.batch, phone: PHONE_2013, serial: 77 }, body), 'batch')
  expect(m.body).toMatchObject({ type: 1, count: 3, warnings: [] })
  expect(m.body.items.map((l) => [l.lat, l.speedKmh, l.time])).toEqual([
    [22.5, 0, '2024-01-01T00:00:00.000Z'],
    [22.501, 1, '2024-01-01T00:00:10.000Z'],
    [22.502, 2, '2024-01-01T00:00:20.000Z'],
  ])
})
