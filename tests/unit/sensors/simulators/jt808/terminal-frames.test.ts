// The simulator's frames decode, with the shared codec, to what a real terminal would have sent.
import { describe, expect, it } from 'vitest'
import {
  decodeFrame,
  MAX_BODY_BYTES,
  MsgId,
  type Jt808Message,
  type Jt808Version,
  type LocationInput,
} from '../../../../../sensors/protocols/jt808'
import {
  BATCH_BLIND_AREA,
  batchChunks,
  TerminalFrames,
  type OutFrame,
} from '../../../../../sensors/simulators/jt808/terminal-frames'

const vehicle = {
  province: 32,
  city: 1100,
  maker: 'CPT',
  model: 'SIM',
  deviceId: 'D1',
  plateColor: 2,
  plate: '苏BA6860',
}
const frames = (version: Jt808Version, phone = version === 2013 ? '013912345678' : '00000000013912345678') =>
  new TerminalFrames({ phone, version, vehicle, imei: '860000000000001', softwareVersion: 'v1' })
const fix = (i: number): LocationInput => ({
  lat: 32.2 + i * 1e-4,
  lon: 118.8,
  speedKmh: 36.5,
  headingDeg: 90,
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  extras: { odometerKm: 1000 + i, satellites: 9 },
})

function decode(out: OutFrame): Jt808Message {
  const res = decodeFrame(out.frame)
  if (!res.ok) throw new Error(res.detail)
  expect(res.message.header).toMatchObject({ msgId: out.msgId, serial: out.serial })
  return res.message
}

describe.each([2013, 2019] as const)('simulated terminal frames, %i header', (version) => {
  it('registers with the GBK plate and the version-specific field widths', () => {
    const m = decode(frames(version).register())
    expect(m.kind).toBe('register')
    expect(m.header).toMatchObject({ version, terminal: '13912345678' })
    if (m.kind === 'register') expect(m.body).toEqual(vehicle)
  })

  it('authenticates with the code (and IMEI / version in 2019)', () => {
    const m = decode(frames(version).authenticate('a1b2c3'))
    if (m.kind !== 'authenticate') throw new Error(m.kind)
    expect(m.body.authCode).toBe('a1b2c3')
    if (version === 2019) expect(m.body).toMatchObject({ imei: '860000000000001', softwareVersion: 'v1' })
  })

  it('reports a location and a blind-area batch', () => {
    const f = frames(version)
    const loc = decode(f.location(fix(0)))
    if (loc.kind !== 'location') throw new Error(loc.kind)
    expect(loc.body).toMatchObject({
      lat: 32.2,
      lon: 118.8,
      speedKmh: 36.5,
      time: '2026-01-01T00:00:00.000Z',
    })
    expect(loc.body.flags.fixed).toBe(true)
    const batch = decode(f.batch([fix(1), fix(2), fix(3)]))
    if (batch.kind !== 'batch') throw new Error(batch.kind)
    expect(batch.body).toMatchObject({ type: BATCH_BLIND_AREA, count: 3 })
    expect(batch.body.items.map((l) => l.time)).toEqual([1, 2, 3].map((s) => `2026-01-01T00:00:0${s}.000Z`))
  })

  it('numbers its messages from 0, one serial each', () => {
    const f = frames(version)
    expect([f.register(), f.heartbeat(), f.location(fix(0))].map((o) => o.serial)).toEqual([0, 1, 2])
    expect(decode(f.heartbeat()).header.msgId).toBe(MsgId.heartbeat)
  })
})

describe('batchChunks', () => {
  const many = Array.from({ length: 200 }, (_, i) => fix(i % 60))

  it('keeps every fix, in order, in bodies that fit the 10-bit length', () => {
    const chunks = batchChunks(many)
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.flat()).toEqual(many)
    const f = frames(2013)
    for (const c of chunks) {
      const m = decode(f.batch(c))
      expect(m.header.bodyLength).toBeLessThanOrEqual(MAX_BODY_BYTES)
      if (m.kind === 'batch') expect(m.body.items).toHaveLength(c.length)
    }
  })

  it('gives nothing for nothing', () => {
    expect(batchChunks([])).toEqual([])
  })
})
