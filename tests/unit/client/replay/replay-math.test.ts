// Pure parts of the track replay: interpolation at a replay time, the played trail, stop markers, speed steps.
import { describe, expect, it } from 'vitest'
import type { TrackFeature } from '../../../../server/contracts/tracks'
import {
  formatDuration,
  indexAt,
  positionAt,
  reachedStops,
  speedSteps,
  stepSpeed,
  stopMarkers,
  trackFromFeature,
  trailAt,
  windowOf,
  type ReplayTrack,
} from '../../../../client/replay/replay-math'

const t0 = Date.parse('2026-11-27T02:00:00Z')
const track: ReplayTrack = {
  tagId: 'T1',
  times: [t0, t0 + 10_000, t0 + 20_000, t0 + 620_000],
  lon: [120.0, 120.001, 120.002, 120.002],
  lat: [31.0, 31.0, 31.001, 31.001],
}

describe('replay interpolation', () => {
  it('finds the sample at or before a time', () => {
    expect(indexAt(track.times, t0 - 1)).toBe(-1)
    expect(indexAt(track.times, t0)).toBe(0)
    expect(indexAt(track.times, t0 + 9_999)).toBe(0)
    expect(indexAt(track.times, t0 + 10_000)).toBe(1)
    expect(indexAt(track.times, t0 + 10_000_000)).toBe(3)
    expect(indexAt([], t0)).toBe(-1)
  })
  it('interpolates time-proportionally and clamps outside the track', () => {
    const mid = positionAt(track, t0 + 5_000)!
    expect(mid.lon).toBeCloseTo(120.0005, 9)
    expect(mid.lat).toBeCloseTo(31.0, 9)
    expect(mid.index).toBe(0)
    const q = positionAt(track, t0 + 12_500)!
    expect(q.lon).toBeCloseTo(120.00125, 9)
    expect(q.lat).toBeCloseTo(31.00025, 9)
    expect(positionAt(track, t0 - 5_000)).toMatchObject({ lon: 120, lat: 31, index: 0 })
    expect(positionAt(track, t0 + 10_000_000)).toMatchObject({ lon: 120.002, lat: 31.001, index: 3 })
    expect(positionAt({ ...track, times: [], lon: [], lat: [] }, t0)).toBeNull()
  })
  it('the trail is every passed sample plus the interpolated tip', () => {
    expect(trailAt(track, t0 - 1)).toEqual([])
    const tr = trailAt(track, t0 + 15_000)
    expect(tr).toHaveLength(3)
    expect(tr[2]![0]).toBeCloseTo(120.0015, 9)
    expect(trailAt(track, t0 + 10_000)).toHaveLength(2)
    expect(trailAt(track, t0 + 10_000_000)).toHaveLength(4)
  })
  it('reads a track feature', () => {
    const f: TrackFeature = {
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      },
      properties: {
        tag_id: 'X',
        from: '',
        to: '',
        times: [5, 6],
        speeds: [0, 0],
        distance_m: 0,
        max_speed_kmh: 0,
        avg_speed_kmh: 0,
        points: 2,
        vertices: 2,
        simplify_m: 0,
      },
    }
    expect(trackFromFeature(f)).toEqual({ tagId: 'X', times: [5, 6], lon: [1, 3], lat: [2, 4] })
    expect(trackFromFeature({ ...f, geometry: null }).times).toEqual([])
  })
})

describe('stops, speeds, windows', () => {
  it('marks stops and which ones the replay has reached', () => {
    const m = stopMarkers([
      {
        place: { lon: 120.002, lat: 31.001 },
        start_time: new Date(t0 + 20_000).toISOString(),
        end_time: new Date(t0 + 620_000).toISOString(),
        duration_s: 600,
      },
    ])
    expect(m[0]).toMatchObject({
      lon: 120.002,
      lat: 31.001,
      start: t0 + 20_000,
      end: t0 + 620_000,
      durationS: 600,
    })
    expect(reachedStops(m, t0 + 19_999)).toEqual([])
    expect(reachedStops(m, t0 + 20_000)).toEqual([0])
  })
  it('steps through ×1 ×5 ×10 ×30 ×60 and clamps', () => {
    expect([...speedSteps]).toEqual([1, 5, 10, 30, 60])
    expect(stepSpeed(1, 1)).toBe(5)
    expect(stepSpeed(30, 1)).toBe(60)
    expect(stepSpeed(60, 1)).toBe(60)
    expect(stepSpeed(1, -1)).toBe(1)
    expect(stepSpeed(10, -1)).toBe(5)
  })
  it('window presets end now; longer ones are simplified', () => {
    const now = Date.parse('2026-11-27T10:00:00Z')
    const w = windowOf('1h', now)
    expect(Date.parse(w.to) - Date.parse(w.from)).toBe(3_601_000)
    expect(w.simplify).toBe(0)
    expect(windowOf('24h', now).simplify).toBeGreaterThan(0)
  })
  it('formats durations', () => {
    expect(formatDuration(40)).toBe('40 s')
    expect(formatDuration(600)).toBe('10 min')
    expect(formatDuration(3900)).toBe('1 h 05 min')
  })
})
