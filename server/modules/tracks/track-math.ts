// Pure trajectory maths: geodesic lengths, speeds, time-keeping simplification, trips and stops. No I/O, so
// the unit tests drive it with hand-made tracks.
import type { Place, Stop, Trip, TripOptions } from '../../contracts/tracks'

/** One stored sample: epoch ms, degrees, reported speed in km/h (null when the device sent none). */
export interface TrackPoint {
  t: number
  lon: number
  lat: number
  speed: number | null
  /** reported course over ground, degrees clockwise from north (read only for the CSV export) */
  heading?: number | null
}

const R = 6_371_008.8
const rad = Math.PI / 180
const wgsA = 6_378_137
const wgsE2 = 0.00669437999014

/**
 * Geodesic distance in metres on the WGS 84 ellipsoid. Samples are metres to a few hundred metres apart, so a
 * segment is measured in the local tangent plane with the ellipsoid's meridian and prime-vertical radii at
 * its mid-latitude (millimetre-exact at that scale, like PostGIS's geography length); segments over 20 km
 * (data gaps) fall back to the great circle on the mean sphere (< 0.5 %).
 */
export function distanceM(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const dLat = (bLat - aLat) * rad
  const dLon = (bLon - aLon) * rad
  const phi = ((aLat + bLat) / 2) * rad
  const w = 1 - wgsE2 * Math.sin(phi) ** 2
  const n = wgsA / Math.sqrt(w)
  const m = (wgsA * (1 - wgsE2)) / (w * Math.sqrt(w))
  const x = dLon * n * Math.cos(phi)
  const y = dLat * m
  const d = Math.sqrt(x * x + y * y)
  return d < 20_000 ? d : sphereDistanceM(aLon, aLat, bLon, bLat)
}

/** Great-circle distance in metres (haversine on the mean sphere). */
export function sphereDistanceM(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const dLat = (bLat - aLat) * rad
  const dLon = (bLon - aLon) * rad
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)))
}

/** Metres from vertex to vertex; d[0] = 0. */
export function stepDistances(p: readonly TrackPoint[]): Float64Array {
  const d = new Float64Array(p.length)
  for (let i = 1; i < p.length; i++) d[i] = distanceM(p[i - 1]!.lon, p[i - 1]!.lat, p[i]!.lon, p[i]!.lat)
  return d
}

/** Reported speed, else the speed from the previous sample (the next one for the first), km/h. */
export function pointSpeeds(p: readonly TrackPoint[], steps = stepDistances(p)): Float64Array {
  const v = new Float64Array(p.length)
  for (let i = 0; i < p.length; i++) {
    const s = p[i]!.speed
    if (s !== null && Number.isFinite(s)) {
      v[i] = s
      continue
    }
    const j = i > 0 ? i : i + 1
    if (j >= p.length) continue
    const dt = (p[j]!.t - p[j - 1]!.t) / 1000
    v[i] = dt > 0 ? (steps[j]! / dt) * 3.6 : 0
  }
  return v
}

/** Initial great-circle bearing from a to b, degrees clockwise from north in [0, 360). */
export function bearingDeg(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const p1 = aLat * rad
  const p2 = bLat * rad
  const dl = (bLon - aLon) * rad
  const y = Math.sin(dl) * Math.cos(p2)
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl)
  return (((Math.atan2(y, x) / rad) % 360) + 360) % 360
}

/**
 * Reported course, else the bearing of the step that arrives at the sample (the one that leaves, for the
 * first); null where the tag did not move (no direction to tell).
 */
export function pointCourses(p: readonly TrackPoint[], steps = stepDistances(p)): (number | null)[] {
  const out = new Array<number | null>(p.length)
  for (let i = 0; i < p.length; i++) {
    const h = p[i]!.heading
    if (h !== null && h !== undefined && Number.isFinite(h)) {
      out[i] = h
      continue
    }
    const j = i > 0 ? i : i + 1
    out[i] =
      j < p.length && steps[j]! > 0 ? bearingDeg(p[j - 1]!.lon, p[j - 1]!.lat, p[j]!.lon, p[j]!.lat) : null
  }
  return out
}

export interface TrackStats {
  distance_m: number
  max_speed_kmh: number
  avg_speed_kmh: number
}

export function trackStats(p: readonly TrackPoint[], steps = stepDistances(p)): TrackStats {
  const v = pointSpeeds(p, steps)
  let dist = 0
  let max = 0
  let sum = 0
  for (let i = 0; i < p.length; i++) {
    dist += steps[i]!
    if (v[i]! > max) max = v[i]!
    sum += v[i]!
  }
  return { distance_m: dist, max_speed_kmh: max, avg_speed_kmh: p.length ? sum / p.length : 0 }
}

/**
 * Douglas–Peucker on a local metric projection, returning the kept indices in time order (the first and
 * the last always kept). Iterative (a day at 1 Hz would overflow a recursive version's stack).
 */
export function simplifyIndices(p: readonly TrackPoint[], toleranceM: number): number[] {
  const n = p.length
  if (n <= 2 || toleranceM <= 0) return Array.from({ length: n }, (_, i) => i)
  const lat0 = p[0]!.lat * rad
  const kx = Math.cos(lat0) * R * rad
  const ky = R * rad
  const x = new Float64Array(n)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    x[i] = p[i]!.lon * kx
    y[i] = p[i]!.lat * ky
  }
  const keep = new Uint8Array(n)
  keep[0] = 1
  keep[n - 1] = 1
  const tol2 = toleranceM * toleranceM
  const stack: number[] = [0, n - 1]
  while (stack.length) {
    const b = stack.pop()!
    const a = stack.pop()!
    const ax = x[a]!
    const ay = y[a]!
    const dx = x[b]! - ax
    const dy = y[b]! - ay
    const len2 = dx * dx + dy * dy
    let worst = -1
    let worstD = tol2
    for (let i = a + 1; i < b; i++) {
      const px = x[i]! - ax
      const py = y[i]! - ay
      let d2: number
      if (len2 === 0) d2 = px * px + py * py
      else {
        const u = Math.max(0, Math.min(1, (px * dx + py * dy) / len2))
        const ex = px - u * dx
        const ey = py - u * dy
        d2 = ex * ex + ey * ey
      }
      if (d2 > worstD) {
        worstD = d2
        worst = i
      }
    }
    if (worst > 0) {
      keep[worst] = 1
      stack.push(a, worst, worst, b)
    }
  }
  const out: number[] = []
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i)
  return out
}

const place = (p: TrackPoint): Place => ({ lon: p.lon, lat: p.lat })
const isoOf = (ms: number) => new Date(ms).toISOString()

/**
 * Trips and stops, Traccar style. A stop is a stretch of at least `min_stop_s` where the tag is slower than
 * `stop_speed_kmh` or stays within `stop_radius_m` of where it halted; a trip is the movement between two
 * stops (or the start / end of the data) of at least `min_trip_m`; a gap of `gap_s` without samples ends a
 * trip (the gap itself is neither a trip nor a stop). Points must be in time order.
 */
export function tripsAndStops(p: readonly TrackPoint[], o: TripOptions): { trips: Trip[]; stops: Stop[] } {
  const trips: Trip[] = []
  const stops: Stop[] = []
  if (!p.length) return { trips, stops }
  const steps = stepDistances(p)
  const v = pointSpeeds(p, steps)
  const minStopMs = o.min_stop_s * 1000
  const gapMs = o.gap_s * 1000

  // data segments split at the gaps
  let segStart = 0
  for (let i = 1; i <= p.length; i++) {
    if (i < p.length && p[i]!.t - p[i - 1]!.t < gapMs) continue
    const segEnd = i - 1
    const segStops = findStops(p, v, segStart, segEnd, minStopMs, o)
    // movement between stops (and the segment's ends)
    let from = segStart
    for (const s of segStops) {
      if (s.a > from) addTrip(from, s.a)
      from = s.b
    }
    if (segEnd > from) addTrip(from, segEnd)
    for (const s of segStops) {
      const a = p[s.a]!
      const b = p[s.b]!
      stops.push({
        place: centroid(p, s.a, s.b),
        start_time: isoOf(a.t),
        end_time: isoOf(b.t),
        duration_s: (b.t - a.t) / 1000,
      })
    }
    segStart = i
  }
  trips.sort((a, b) => a.start_time.localeCompare(b.start_time))
  return { trips, stops }

  function addTrip(a: number, b: number) {
    let dist = 0
    let max = 0
    for (let i = a + 1; i <= b; i++) dist += steps[i]!
    for (let i = a; i <= b; i++) if (v[i]! > max) max = v[i]!
    if (dist < o.min_trip_m) return
    const durS = (p[b]!.t - p[a]!.t) / 1000
    trips.push({
      start_time: isoOf(p[a]!.t),
      end_time: isoOf(p[b]!.t),
      start: place(p[a]!),
      end: place(p[b]!),
      distance_m: dist,
      duration_s: durS,
      max_speed_kmh: max,
      avg_speed_kmh: durS > 0 ? (dist / durS) * 3.6 : 0,
    })
  }
}

interface Span {
  a: number
  b: number
}

/** Stop spans (inclusive point indices) inside [s, e], merged, each at least minStopMs long. */
function findStops(
  p: readonly TrackPoint[],
  v: Float64Array,
  s: number,
  e: number,
  minStopMs: number,
  o: TripOptions,
): Span[] {
  const spans: Span[] = []
  // slow runs
  let i = s
  while (i <= e) {
    if (v[i]! >= o.stop_speed_kmh) {
      i++
      continue
    }
    let j = i
    while (j + 1 <= e && v[j + 1]! < o.stop_speed_kmh) j++
    if (p[j]!.t - p[i]!.t >= minStopMs) spans.push({ a: i, b: j })
    i = j + 1
  }
  // staying within the radius of an anchor (GPS jitter reports speed while standing)
  if (o.stop_radius_m > 0) {
    i = s
    while (i <= e) {
      let j = i
      while (j + 1 <= e && distanceM(p[i]!.lon, p[i]!.lat, p[j + 1]!.lon, p[j + 1]!.lat) <= o.stop_radius_m)
        j++
      if (j > i && p[j]!.t - p[i]!.t >= minStopMs) {
        // the approach and departure inside the radius are driving, not standing, when slow points mark the halt
        let a = i
        let b = j
        while (a < b && v[a]! >= o.stop_speed_kmh) a++
        while (b > a && v[b]! >= o.stop_speed_kmh) b--
        if (a === b && v[a]! >= o.stop_speed_kmh) spans.push({ a: i, b: j })
        else if (p[b]!.t - p[a]!.t >= minStopMs) spans.push({ a, b })
        i = j + 1
      } else i++
    }
  }
  spans.sort((x, y) => x.a - y.a)
  const merged: Span[] = []
  for (const sp of spans) {
    const last = merged[merged.length - 1]
    if (last && sp.a <= last.b + 1) last.b = Math.max(last.b, sp.b)
    else merged.push({ ...sp })
  }
  return merged
}

function centroid(p: readonly TrackPoint[], a: number, b: number): Place {
  let lon = 0
  let lat = 0
  for (let i = a; i <= b; i++) {
    lon += p[i]!.lon
    lat += p[i]!.lat
  }
  const n = b - a + 1
  return { lon: lon / n, lat: lat / n }
}
