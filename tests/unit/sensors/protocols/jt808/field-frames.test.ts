// Golden tests over frames captured from real terminals (Traccar habit): every one must decode,
// give plausible positions, and get a 0x8001 answer that decodes back.
import { describe, expect, it } from 'vitest'
import {
  AnswerResult,
  decodeFrame,
  encodePlatformAnswerFrame,
  type Jt808Location,
  type Jt808Message,
} from '../../../../../sensors/protocols/jt808'
import { DOCUMENTED_SAMPLE, loadFieldFrames } from '../../../../fixtures/jt808/field-frames'

const frames = loadFieldFrames()

function locationsOf(m: Jt808Message): Jt808Location[] {
  if (m.kind === 'location') return [m.body]
  if (m.kind === 'batch') return m.body.items
  return []
}

describe('JT/T 808 field frames', () => {
  it('has frames to test', () => {
    expect(frames.length).toBeGreaterThanOrEqual(10)
  })

  it.each(frames.map((f) => [f.line, f] as const))('line %i decodes with valid positions', (_line, f) => {
    const res = decodeFrame(f.frame)
    if (!res.ok) throw new Error(`${res.reason}: ${res.detail}`)
    const locs = locationsOf(res.message)
    expect(locs.length).toBeGreaterThanOrEqual(1)
    for (const loc of locs) {
      expect(loc.lat).toBeGreaterThanOrEqual(-90)
      expect(loc.lat).toBeLessThanOrEqual(90)
      expect(loc.lon).toBeGreaterThanOrEqual(-180)
      expect(loc.lon).toBeLessThanOrEqual(180)
      expect(loc.time).not.toBeNull()
      expect(Number.isNaN(Date.parse(loc.time!))).toBe(false)
    }
  })

  it.each(frames.map((f) => [f.line, f] as const))(
    'line %i gets a 0x8001 answer that decodes',
    (_line, f) => {
      const res = decodeFrame(f.frame)
      if (!res.ok) throw new Error(res.detail)
      const req = res.message.header
      const answer = decodeFrame(encodePlatformAnswerFrame(req, AnswerResult.ok, 7))
      if (!answer.ok) throw new Error(answer.detail)
      const m = answer.message
      expect(m.kind).toBe('platform_answer')
      if (m.kind !== 'platform_answer') return
      expect(m.body).toEqual({ serial: req.serial, msgId: req.msgId, result: 0 })
      expect(m.header).toMatchObject({ phone: req.phone, version: req.version, serial: 7, msgId: 0x8001 })
    },
  )
})

describe('documented sample (protocols.md)', () => {
  const res = decodeFrame(Buffer.from(DOCUMENTED_SAMPLE, 'hex'))

  it('decodes header and location', () => {
    if (!res.ok || res.message.kind !== 'location') throw new Error('not a location')
    const { header, body } = res.message
    expect(header).toMatchObject({
      phone: '013833501744',
      terminal: '13833501744',
      serial: 25,
      version: 2013,
    })
    expect(body.status).toBe(0xc2)
    expect(body.flags).toMatchObject({ fixed: true, south: false, west: false, acc: false })
    expect(body.lat).toBeCloseTo(22.6426, 6)
    expect(body.lon).toBeCloseTo(114.032984, 6)
    expect(body).toMatchObject({ altitudeM: 128, speedKmh: 0, headingDeg: 8, timeBcd: '150818072121' })
    expect(body.time).toBe('2015-08-17T23:21:21.000Z')
    expect(body.extras).toMatchObject({ odometerKm: 75.7, fuelL: 0, recorderSpeedKmh: 0, raw: [] })
    expect(body.warnings).toEqual([])
  })
})

describe('vendor extras in the field frames', () => {
  const all = frames.flatMap((f) => {
    const r = decodeFrame(f.frame)
    return r.ok ? locationsOf(r.message) : []
  })

  it('keeps unknown items raw and still reads standard ones after them', () => {
    const ids = new Set(all.flatMap((l) => l.extras.raw.map((x) => x.id)))
    expect(ids.has(0xeb)).toBe(true) // nested vendor TLVs with the SIM ICCID
    expect(all.some((l) => l.extras.satellites !== undefined && l.extras.raw.length > 0)).toBe(true)
  })

  it('tolerates an extra that overruns the body, keeping the position', () => {
    const overrun = all.filter((l) => l.warnings.some((w) => w.includes('overruns')))
    expect(overrun.length).toBeGreaterThanOrEqual(1)
    expect(overrun.every((l) => l.time !== null)).toBe(true)
  })
})
