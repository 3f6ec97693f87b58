// Who is inside an incident's threat zones (pure): each position tested against the zone polygons, a bounding-box
// test first, then even–odd ray casting. Zones nest (red inside orange inside yellow, or overlap); a position counts
// at the most severe level that contains it. Also the headcount at muster points (cards within a radius).
import { haversineM, pointInPolygon, type LonLat } from '../../../sensors/simulators/tags/geo'

export type Level = 'red' | 'orange' | 'yellow'
/** Most severe first. */
export const levelsBySeverity: readonly Level[] = ['red', 'orange', 'yellow']
const severity: Record<Level, number> = { red: 0, orange: 1, yellow: 2 }

export interface ZonePolygon {
  level: Level
  rings: readonly (readonly (readonly number[])[])[]
  /** [west, south, east, north] of the outer ring */
  bbox: [number, number, number, number]
}

/** A threat-zone feature as the hazard models return it (Polygon with a level). */
export interface LevelFeature {
  geometry: { type: 'Polygon'; coordinates: readonly (readonly (readonly number[])[])[] }
  properties: { level: Level }
}

/** Compiles the zone features: bounding boxes, sorted most severe first. */
export function compileZones(features: readonly LevelFeature[]): ZonePolygon[] {
  return features
    .map((f) => {
      const outer = f.geometry.coordinates[0] ?? []
      let w = Infinity
      let s = Infinity
      let e = -Infinity
      let n = -Infinity
      for (const c of outer) {
        w = Math.min(w, c[0]!)
        e = Math.max(e, c[0]!)
        s = Math.min(s, c[1]!)
        n = Math.max(n, c[1]!)
      }
      return {
        level: f.properties.level,
        rings: f.geometry.coordinates,
        bbox: [w, s, e, n] as ZonePolygon['bbox'],
      }
    })
    .sort((a, b) => severity[a.level] - severity[b.level])
}

/** The most severe level whose polygon contains p, or null when p is outside every zone. */
export function levelAt(zones: readonly ZonePolygon[], p: LonLat): Level | null {
  for (const z of zones) {
    const [w, s, e, n] = z.bbox
    if (p[0] < w || p[0] > e || p[1] < s || p[1] > n) continue
    if (pointInPolygon(p, z.rings)) return z.level
  }
  return null
}

export interface Located {
  tag_id: string
  lon: number
  lat: number
}

export interface InsideHit {
  tag_id: string
  lon: number
  lat: number
  level: Level
  distance_m: number
}

/**
 * Everyone inside a zone, most severe level each, with the distance to the source; sorted by level, then distance.
 * One pass over the positions; the union bounding box of all zones rejects most positions of a large park at once.
 */
export function whoInside(
  positions: readonly Located[],
  zones: readonly ZonePolygon[],
  source: LonLat,
): InsideHit[] {
  if (!zones.length) return []
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (const z of zones) {
    w = Math.min(w, z.bbox[0])
    s = Math.min(s, z.bbox[1])
    e = Math.max(e, z.bbox[2])
    n = Math.max(n, z.bbox[3])
  }
  const out: InsideHit[] = []
  for (const p of positions) {
    if (p.lon < w || p.lon > e || p.lat < s || p.lat > n) continue
    const level = levelAt(zones, [p.lon, p.lat])
    if (level)
      out.push({
        tag_id: p.tag_id,
        lon: p.lon,
        lat: p.lat,
        level,
        distance_m: haversineM(source, [p.lon, p.lat]),
      })
  }
  return out.sort((a, b) => severity[a.level] - severity[b.level] || a.distance_m - b.distance_m)
}

export interface MusterPlace {
  id: string
  lon: number
  lat: number
}

/** Cards (positions) within radiusM of each muster point; a card near two points counts at the nearer one. */
export function musterHeadcount(
  positions: readonly Located[],
  points: readonly MusterPlace[],
  radiusM: number,
): Map<string, string[]> {
  const out = new Map<string, string[]>(points.map((m) => [m.id, []]))
  // a degree of latitude is ~111 km: a cheap box before the haversine
  const dLat = radiusM / 111_000
  for (const p of positions) {
    let best: string | null = null
    let bestD = Infinity
    for (const m of points) {
      if (Math.abs(p.lat - m.lat) > dLat) continue
      const d = haversineM([p.lon, p.lat], [m.lon, m.lat])
      if (d <= radiusM && d < bestD) [best, bestD] = [m.id, d]
    }
    if (best) out.get(best)!.push(p.tag_id)
  }
  return out
}
