// Trajectory maths on hand-made tracks: distances, speeds, time-keeping simplification, trips and stops.
import { describe, expect, it } from 'vitest'
import {
  decodeReplayTrack,
  tripDefaults,
  tripsQuery,
  trackQuery,
} from '../../../../../server/contracts/tracks'
import {
  distanceM,
  sphereDistanceM,
  simplifyIndices,
  trackStats,
  tripsAndStops,
  type TrackPoint,
} from '../../../../../server/modules/tracks/track-math'
import { encodeReplay } from '../../../../../server/modules/tracks/tracks.service'

const lat0 = 31.94
const lon0 = 120.95
const mLat = 1 / 111_195
const mLon = 1 / (111_195 * Math.cos((lat0 * Math.PI) / 180))
const t0 = Date.parse('2026-11-27T02:00:00Z')

/** A 1 Hz track built from legs: move east at `v` m/s for `s` seconds, or stand (v = 0). */
function build(legs: { s: number; v: number; north?: boolean }[], start = t0): TrackPoint[] {
  const out: TrackPoint[] = []
  let x = 0
  let y = 0
  let t = start
  out.push({ t, lon: lon0, lat: lat0, speed: 0 })
  for (const leg of legs)
    for (let i = 0; i < leg.s; i++) {
      if (leg.north) y += leg.v
      else x += leg.v
      t += 1000
      out.push({ t, lon: lon0 + x * mLon, lat: lat0 + y * mLat, speed: leg.v * 3.6 })
    }
  return out
}

describe('distance and stats', () => {
  it('measures a metre as a metre', () => {
    // WGS 84 at 31.94° N: 1° of latitude is ≈ 110 886 m, 1° of longitude ≈ 94 556 m (ellipsoid, not sphere)
    expect(distanceM(lon0, lat0, lon0, lat0 + 0.01)).toBeCloseTo(1108.86, 0)
    expect(distanceM(lon0, lat0, lon0 + 0.01, lat0)).toBeCloseTo(945.56, 0)
    expect(distanceM(lon0, lat0, lon0 + 1000 * mLon, lat0)).toBeCloseTo(1000, -1)
    // beyond 20 km: the great circle
    expect(distanceM(120, 30, 121, 31) / sphereDistanceM(120, 30, 121, 31)).toBeCloseTo(1, 6)
  })
  it('sums the steps and reports max and mean speed; derives speed when the device sent none', () => {
    const p = build([
      { s: 100, v: 10 },
      { s: 100, v: 0 },
    ])
    const s = trackStats(p)
    expect(s.distance_m).toBeCloseTo(1000, -1)
    expect(s.max_speed_kmh).toBeCloseTo(36, 5)
    expect(s.avg_speed_kmh).toBeCloseTo((100 * 36) / 201, 1)
    const derived = trackStats(p.map((q) => ({ ...q, speed: null })))
    expect(derived.max_speed_kmh).toBeCloseTo(36, 0)
  })
})

describe('simplifyIndices', () => {
  it('keeps both ends, time order, and the corner; drops collinear points', () => {
    const p = build([
      { s: 100, v: 5 },
      { s: 100, v: 5, north: true },
    ])
    const keep = simplifyIndices(p, 2)
    expect(keep[0]).toBe(0)
    expect(keep[keep.length - 1]).toBe(p.length - 1)
    expect(keep).toContain(100)
    expect(keep.length).toBeLessThan(6)
    expect([...keep].sort((a, b) => a - b)).toEqual(keep)
  })
  it('returns everything at tolerance 0 and handles a 24 h track without recursion', () => {
    expect(simplifyIndices(build([{ s: 10, v: 1 }]), 0)).toHaveLength(11)
    const wiggly: TrackPoint[] = Array.from({ length: 86_400 }, (_, i) => ({
      t: t0 + i * 1000,
      lon: lon0 + Math.sin(i / 30) * 300 * mLon,
      lat: lat0 + i * 0.1 * mLat,
      speed: 5,
    }))
    const keep = simplifyIndices(wiggly, 5)
    expect(keep.length).toBeGreaterThan(100)
    expect(keep.length).toBeLessThan(86_400)
  })
})

describe('tripsAndStops (Traccar defaults)', () => {
  const o = { ...tripDefaults }
  it('drive 1 km, stop 10 min, drive 1.5 km: two trips and one stop', () => {
    const p = build([
      { s: 100, v: 10 },
      { s: 600, v: 0 },
      { s: 150, v: 10 },
    ])
    const { trips, stops } = tripsAndStops(p, o)
    expect(stops).toHaveLength(1)
    expect(stops[0]!.duration_s).toBeGreaterThanOrEqual(599)
    expect(stops[0]!.duration_s).toBeLessThanOrEqual(601)
    expect(stops[0]!.place.lon).toBeCloseTo(lon0 + 1000 * mLon, 5)
    expect(trips).toHaveLength(2)
    expect(trips[0]!.distance_m).toBeCloseTo(1000, -1)
    expect(trips[1]!.distance_m).toBeCloseTo(1500, -1)
    expect(trips[0]!.max_speed_kmh).toBeCloseTo(36, 5)
    expect(trips[1]!.avg_speed_kmh).toBeGreaterThan(30)
    expect(Date.parse(trips[1]!.start_time)).toBeGreaterThanOrEqual(Date.parse(stops[0]!.end_time) - 1000)
  })
  it('a halt shorter than 300 s is not a stop', () => {
    const { trips, stops } = tripsAndStops(
      build([
        { s: 100, v: 10 },
        { s: 200, v: 0 },
        { s: 100, v: 10 },
      ]),
      o,
    )
    expect(stops).toHaveLength(0)
    expect(trips).toHaveLength(1)
    expect(trips[0]!.distance_m).toBeCloseTo(2000, -1)
  })
  it('a trip under 500 m is dropped', () => {
    const { trips, stops } = tripsAndStops(
      build([
        { s: 30, v: 10 },
        { s: 400, v: 0 },
      ]),
      o,
    )
    expect(trips).toHaveLength(0)
    expect(stops).toHaveLength(1)
  })
  it('jitter within 50 m with a reported speed above 3 km/h still is a stop', () => {
    const p = build([{ s: 100, v: 10 }])
    const last = p[p.length - 1]!
    for (let i = 1; i <= 400; i++)
      p.push({ t: last.t + i * 1000, lon: last.lon + (i % 2 ? 10 : -10) * mLon, lat: last.lat, speed: 8 })
    const { stops } = tripsAndStops(p, o)
    expect(stops).toHaveLength(1)
    expect(stops[0]!.duration_s).toBeGreaterThanOrEqual(399)
  })
  it('a data gap of an hour splits the trip', () => {
    const a = build([{ s: 100, v: 10 }])
    const b = build([{ s: 100, v: 10 }], a[a.length - 1]!.t + 3_700_000).map((q) => ({
      ...q,
      lon: q.lon + 2000 * mLon,
    }))
    const { trips, stops } = tripsAndStops([...a, ...b], o)
    expect(trips).toHaveLength(2)
    expect(stops).toHaveLength(0)
    expect(tripsAndStops([...a, ...b], { ...o, gap_s: 7200 }).trips).toHaveLength(1)
  })
  it('empty input', () => {
    expect(tripsAndStops([], o)).toEqual({ trips: [], stops: [] })
  })
})

describe('queries and replay encoding', () => {
  it('validates windows', () => {
    const from = '2026-11-27T00:00:00Z'
    expect(trackQuery.safeParse({ from, to: '2026-11-26T00:00:00Z' }).success).toBe(false)
    expect(trackQuery.safeParse({ from, to: '2026-12-05T00:00:00Z' }).success).toBe(false)
    expect(trackQuery.parse({ from, to: '2026-11-28T00:00:00Z', simplify: '5' }).simplify).toBe(5)
    expect(tripsQuery.parse({ from, to: '2026-11-28T00:00:00Z' }).min_stop_s).toBe(300)
  })
  it('round-trips a delta-encoded track to 1e-6 degrees', () => {
    const p = build([{ s: 20, v: 7 }])
    const enc = encodeReplay({
      id: 'T',
      kind: 'vehicle',
      label: 'T',
      t: p.map((q) => q.t),
      lon: p.map((q) => q.lon),
      lat: p.map((q) => q.lat),
    })
    expect(enc.t.slice(1).every((d) => d === 1000)).toBe(true)
    const dec = decodeReplayTrack(enc)
    expect(dec.t).toEqual(p.map((q) => q.t))
    dec.lon.forEach((x, i) => expect(x).toBeCloseTo(p[i]!.lon, 6))
  })
})
