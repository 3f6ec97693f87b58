// Exact zone shapes (围栏形状) compiled from a `zones` row: the stored Polygon is an approximation for maps
// and PostGIS; `props.shape` carries the true circle or corridor. Pure: point-in-shape, segment-intersects-
// shape (for crossings between samples) and bounding boxes for the rbush index. Metres inside.
import type { ZoneSchedule } from '../../contracts/zones'
import { parseSchedule } from './zone-schedule'

export type LonLat = readonly [lon: number, lat: number]
export type BBox = [west: number, south: number, east: number, north: number]

export type Shape =
  | { kind: 'polygon'; rings: LonLat[][] }
  | { kind: 'circle'; center: LonLat; radiusM: number }
  | { kind: 'corridor'; line: LonLat[]; halfWidthM: number }

export interface ZoneRow {
  id: string
  name: string
  zone_type: string
  enterprise_id: string | null
  props: Record<string, unknown>
  /** the stored geometry as GeoJSON (ST_AsGeoJSON) */
  geom: { type: string; coordinates: unknown }
}

export interface CompiledZone {
  id: string
  name: string
  zoneType: string
  enterpriseId: string | null
  shape: Shape
  bbox: BBox
  /** km/h; null when the zone has no speed limit */
  speedLimitKmh: number | null
  /** seconds inside (outside) before enter (exit) fires; 0 = at the first sample */
  dwellS: number
  /** seconds over the limit before overspeed fires; null = the engine's default */
  overspeedMinS: number | null
  /** altitude band in metres, applied only to samples that carry an altitude */
  altitude: { min: number | null; max: number | null } | null
  schedule: ZoneSchedule | null
  /** the row itself, for rules that need more than the engine does */
  props: Record<string, unknown>
  /** metres per degree of longitude / latitude at the zone (local equirectangular frame) */
  kx: number
  ky: number
}

export interface CompileResult {
  zone: CompiledZone
  /** props that could not be used (the zone still compiles, on the stored polygon or without the option) */
  warnings: string[]
}

const earthR = 6_371_008.8
const rad = Math.PI / 180
/** Traccar's default route-corridor width */
export const defaultCorridorWidthM = 25

/** Great-circle distance in metres. */
export function haversineM(a: LonLat, b: LonLat): number {
  const dLat = (b[1] - a[1]) * rad
  const dLon = (b[0] - a[0]) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2
  return 2 * earthR * Math.asin(Math.min(1, Math.sqrt(h)))
}

const isLonLat = (v: unknown): v is LonLat =>
  Array.isArray(v) &&
  v.length >= 2 &&
  Number.isFinite(v[0]) &&
  Number.isFinite(v[1]) &&
  Math.abs(v[0] as number) <= 180 &&
  Math.abs(v[1] as number) <= 90
const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0
const nonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function polygonRings(geom: ZoneRow['geom']): LonLat[][] | null {
  if (geom?.type !== 'Polygon' || !Array.isArray(geom.coordinates)) return null
  const rings = geom.coordinates as unknown[]
  if (!rings.length) return null
  const out: LonLat[][] = []
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isLonLat)) return null
    out.push(ring.map((p) => [p[0], p[1]] as const))
  }
  return out
}

function shapeOf(row: ZoneRow, warnings: string[]): Shape {
  const p = row.props
  if (p.shape === 'circle') {
    if (isLonLat(p.center) && positive(p.radius_m))
      return { kind: 'circle', center: [p.center[0], p.center[1]], radiusM: p.radius_m }
    warnings.push('circle needs center [lon, lat] and radius_m > 0: using the stored polygon')
  } else if (p.shape === 'corridor') {
    const width = p.width_m === undefined ? defaultCorridorWidthM : p.width_m
    if (
      Array.isArray(p.centerline) &&
      p.centerline.length >= 2 &&
      p.centerline.every(isLonLat) &&
      positive(width)
    )
      return {
        kind: 'corridor',
        line: (p.centerline as LonLat[]).map((c) => [c[0], c[1]] as const),
        halfWidthM: width / 2,
      }
    warnings.push(
      'corridor needs centerline [[lon, lat], …] (≥ 2 points) and width_m > 0: using the stored polygon',
    )
  } else if (p.shape !== undefined && p.shape !== 'polygon') {
    warnings.push(`unknown shape ${JSON.stringify(p.shape)}: using the stored polygon`)
  }
  const rings = polygonRings(row.geom)
  if (!rings) throw new Error(`zone ${row.id}: geometry is not a GeoJSON Polygon`)
  return { kind: 'polygon', rings }
}

function bboxOf(shape: Shape): BBox {
  const pts =
    shape.kind === 'polygon' ? shape.rings[0]! : shape.kind === 'circle' ? [shape.center] : shape.line
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of pts) {
    w = Math.min(w, x)
    e = Math.max(e, x)
    s = Math.min(s, y)
    n = Math.max(n, y)
  }
  const padM = shape.kind === 'circle' ? shape.radiusM : shape.kind === 'corridor' ? shape.halfWidthM : 0
  if (padM === 0) return [w, s, e, n]
  // pad by the radius / half width, generously at the pole-ward edge
  const dLat = (padM / (earthR * rad)) * 1.0001
  const dLon = dLat / Math.cos(Math.max(Math.abs(s), Math.abs(n)) * rad + dLat * rad)
  return [w - dLon, s - dLat, e + dLon, n + dLat]
}

/** Compiles one row; throws only when even the stored geometry is unusable. */
export function compileZone(row: ZoneRow): CompileResult {
  const warnings: string[] = []
  const p = row.props ?? {}
  const shape = shapeOf(row, warnings)
  const bbox = bboxOf(shape)
  const lat0 = (bbox[1] + bbox[3]) / 2
  const num = (key: string, ok: (v: unknown) => v is number): number | null => {
    const v = p[key]
    if (v === undefined || v === null) return null
    if (ok(v)) return v
    warnings.push(`${key} ${JSON.stringify(v)} ignored`)
    return null
  }
  const altMin = num('altitude_min_m', finite)
  const altMax = num('altitude_max_m', finite)
  let schedule: ZoneSchedule | null = null
  if (p.schedule !== undefined && p.schedule !== null) {
    const parsed = parseSchedule(p.schedule)
    // a broken schedule keeps the zone always active: a fence that alarms too often beats a silent one
    if (parsed.ok) schedule = parsed.schedule
    else warnings.push(`${parsed.error}: zone kept always active`)
  }
  return {
    zone: {
      id: row.id,
      name: row.name,
      zoneType: row.zone_type,
      enterpriseId: row.enterprise_id,
      shape,
      bbox,
      speedLimitKmh: num('speed_limit_kmh', positive),
      dwellS: num('dwell_s', nonNegative) ?? 0,
      overspeedMinS: num('overspeed_min_s', nonNegative),
      altitude: altMin === null && altMax === null ? null : { min: altMin, max: altMax },
      schedule,
      props: p,
      kx: earthR * rad * Math.cos(lat0 * rad),
      ky: earthR * rad,
    },
    warnings,
  }
}

// --- planar helpers in the zone's local frame (metres) -------------------------------------------------

type XY = [number, number]
const toXY = (z: CompiledZone, p: LonLat, o: LonLat): XY => [(p[0] - o[0]) * z.kx, (p[1] - o[1]) * z.ky]

/** Distance in metres from point p to segment ab (all in the same planar frame). */
function pointSegmentDist(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2))
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)
}

const cross = (o: readonly number[], a: readonly number[], b: readonly number[]) =>
  (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!)
const onSeg = (p: readonly number[], q: readonly number[], r: readonly number[]) =>
  Math.min(p[0]!, r[0]!) <= q[0]! &&
  q[0]! <= Math.max(p[0]!, r[0]!) &&
  Math.min(p[1]!, r[1]!) <= q[1]! &&
  q[1]! <= Math.max(p[1]!, r[1]!)

/** Whether segments ab and cd meet (touching counts). */
function segmentsMeet(
  a: readonly number[],
  b: readonly number[],
  c: readonly number[],
  d: readonly number[],
) {
  const d1 = cross(c, d, a)
  const d2 = cross(c, d, b)
  const d3 = cross(a, b, c)
  const d4 = cross(a, b, d)
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true
  return (
    (d1 === 0 && onSeg(c, a, d)) ||
    (d2 === 0 && onSeg(c, b, d)) ||
    (d3 === 0 && onSeg(a, c, b)) ||
    (d4 === 0 && onSeg(a, d, b))
  )
}

function segmentSegmentDist(a: XY, b: XY, c: XY, d: XY): number {
  if (segmentsMeet(a, b, c, d)) return 0
  return Math.min(
    pointSegmentDist(a, c, d),
    pointSegmentDist(b, c, d),
    pointSegmentDist(c, a, b),
    pointSegmentDist(d, a, b),
  )
}

/** Even-odd over every ring: inside the outer ring and outside its holes. */
function inRings(rings: LonLat[][], x: number, y: number): boolean {
  let inside = false
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!
      const [xj, yj] = ring[j]!
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
    }
  return inside
}

function corridorDist(z: CompiledZone, line: LonLat[], p: LonLat): number {
  const o = line[0]!
  const q = toXY(z, p, o)
  let best = Infinity
  for (let i = 1; i < line.length; i++)
    best = Math.min(best, pointSegmentDist(q, toXY(z, line[i - 1]!, o), toXY(z, line[i]!, o)))
  return best
}

/** Whether the point lies in the zone's 2-D shape (altitude and schedule are the engine's business). */
export function containsPoint(z: CompiledZone, lon: number, lat: number): boolean {
  if (lon < z.bbox[0] || lon > z.bbox[2] || lat < z.bbox[1] || lat > z.bbox[3]) return false
  const s = z.shape
  if (s.kind === 'polygon') return inRings(s.rings, lon, lat)
  if (s.kind === 'circle') return haversineM(s.center, [lon, lat]) <= s.radiusM
  return corridorDist(z, s.line, [lon, lat]) <= s.halfWidthM
}

/** Whether a sample's altitude (when it has one) is inside the zone's altitude band. */
export function altitudeInside(z: CompiledZone, altitudeM: number | null | undefined): boolean {
  if (!z.altitude || altitudeM === null || altitudeM === undefined) return true
  if (z.altitude.min !== null && altitudeM < z.altitude.min) return false
  if (z.altitude.max !== null && altitudeM > z.altitude.max) return false
  return true
}

/** Whether the straight segment a→b touches the zone's 2-D shape anywhere (a crossing test). */
export function segmentIntersects(z: CompiledZone, a: LonLat, b: LonLat): boolean {
  if (
    Math.max(a[0], b[0]) < z.bbox[0] ||
    Math.min(a[0], b[0]) > z.bbox[2] ||
    Math.max(a[1], b[1]) < z.bbox[1] ||
    Math.min(a[1], b[1]) > z.bbox[3]
  )
    return false
  if (containsPoint(z, a[0], a[1]) || containsPoint(z, b[0], b[1])) return true
  const s = z.shape
  if (s.kind === 'polygon') {
    // both ends outside: it passes through only by crossing a ring edge (outer, or a hole's from inside a hole)
    for (const ring of s.rings)
      for (let i = 1; i < ring.length; i++) if (segmentsMeet(a, b, ring[i - 1]!, ring[i]!)) return true
    return false
  }
  if (s.kind === 'circle') {
    const o = s.center
    return pointSegmentDist([0, 0], toXY(z, a, o), toXY(z, b, o)) <= s.radiusM
  }
  const o = s.line[0]!
  const pa = toXY(z, a, o)
  const pb = toXY(z, b, o)
  for (let i = 1; i < s.line.length; i++)
    if (segmentSegmentDist(pa, pb, toXY(z, s.line[i - 1]!, o), toXY(z, s.line[i]!, o)) <= s.halfWidthM)
      return true
  return false
}
