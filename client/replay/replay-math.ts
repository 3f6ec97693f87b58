// Pure parts of track replay: where the tag is at a replay time, the played part of the track, the stop
// markers, the speed steps and the window presets. No Cesium, so the unit tests run in node.
import type { Stop, TrackFeature } from '../../server/contracts/tracks'

export interface ReplayTrack {
  tagId: string
  /** epoch ms, ascending */
  times: number[]
  lon: number[]
  lat: number[]
}

export interface ReplayStopMarker {
  lon: number
  lat: number
  start: number
  end: number
  durationS: number
}

export const speedSteps = [1, 5, 10, 30, 60] as const
export type ReplaySpeed = (typeof speedSteps)[number]

export const windowPresets = [
  { id: '1h', ms: 3_600_000, simplify: 0 },
  { id: '6h', ms: 6 * 3_600_000, simplify: 1 },
  { id: '24h', ms: 24 * 3_600_000, simplify: 2 },
] as const
export type WindowPreset = (typeof windowPresets)[number]['id']

/** [from, to) of a "last N hours" preset ending now, as ISO strings, with its simplification in metres. */
export function windowOf(
  preset: WindowPreset,
  now = Date.now(),
): { from: string; to: string; simplify: number } {
  const p = windowPresets.find((w) => w.id === preset) ?? windowPresets[0]
  return {
    from: new Date(now - p.ms).toISOString(),
    to: new Date(now + 1000).toISOString(),
    simplify: p.simplify,
  }
}

export function trackFromFeature(f: TrackFeature): ReplayTrack {
  const coords = f.geometry?.coordinates ?? []
  return {
    tagId: f.properties.tag_id,
    times: f.properties.times.slice(0, coords.length),
    lon: coords.map((c) => c[0]),
    lat: coords.map((c) => c[1]),
  }
}

/** The last vertex at or before t (-1 before the first, n-1 after the last); binary search. */
export function indexAt(times: readonly number[], t: number): number {
  let lo = 0
  let hi = times.length - 1
  if (hi < 0 || t < times[0]!) return -1
  if (t >= times[hi]!) return hi
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (times[mid]! <= t) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * The tag's position at replay time t, linearly interpolated between the samples around it (time-proportional
 * playback); clamped to the first / last sample outside the track; null for an empty track.
 */
export function positionAt(
  track: ReplayTrack,
  t: number,
): { lon: number; lat: number; index: number } | null {
  const n = track.times.length
  if (!n) return null
  const i = indexAt(track.times, t)
  if (i < 0) return { lon: track.lon[0]!, lat: track.lat[0]!, index: 0 }
  if (i >= n - 1) return { lon: track.lon[n - 1]!, lat: track.lat[n - 1]!, index: n - 1 }
  const t0 = track.times[i]!
  const t1 = track.times[i + 1]!
  const u = t1 > t0 ? (t - t0) / (t1 - t0) : 0
  return {
    lon: track.lon[i]! + (track.lon[i + 1]! - track.lon[i]!) * u,
    lat: track.lat[i]! + (track.lat[i + 1]! - track.lat[i]!) * u,
    index: i,
  }
}

/** The played part as [lon, lat] pairs: every sample up to t and the interpolated point at t. */
export function trailAt(track: ReplayTrack, t: number): [number, number][] {
  const at = positionAt(track, t)
  if (!at || t < track.times[0]!) return []
  const out: [number, number][] = []
  for (let i = 0; i <= at.index; i++) out.push([track.lon[i]!, track.lat[i]!])
  const last = out[out.length - 1]!
  if (last[0] !== at.lon || last[1] !== at.lat) out.push([at.lon, at.lat])
  return out
}

export function stopMarkers(stops: readonly Stop[]): ReplayStopMarker[] {
  return stops.map((s) => ({
    lon: s.place.lon,
    lat: s.place.lat,
    start: Date.parse(s.start_time),
    end: Date.parse(s.end_time),
    durationS: s.duration_s,
  }))
}

/** Stops the replay has reached by time t (drawn highlighted; the others dimmed). */
export function reachedStops(markers: readonly ReplayStopMarker[], t: number): number[] {
  const out: number[] = []
  markers.forEach((m, i) => {
    if (m.start <= t) out.push(i)
  })
  return out
}

/** The next speed step up (dir 1) or down (dir -1), clamped at the ends. */
export function stepSpeed(current: number, dir: 1 | -1): ReplaySpeed {
  const i = speedSteps.findIndex((s) => s >= current)
  const at = i < 0 ? speedSteps.length - 1 : i
  return speedSteps[Math.max(0, Math.min(speedSteps.length - 1, at + dir))]!
}

export function isReplaySpeed(x: number): x is ReplaySpeed {
  return (speedSteps as readonly number[]).includes(x)
}

/** "1 h 05 min", "12 min", "40 s" */
export function formatDuration(s: number): string {
  if (s < 60) return `${Math.round(s)} s`
  const m = Math.round(s / 60)
  if (m < 60) return `${m} min`
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
}
