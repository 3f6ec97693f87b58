import type { Geometry, Position } from '../../../server/contracts'

export type Bbox = [west: number, south: number, east: number, north: number]

/** Outer ring of a Polygon, or of the largest part of a MultiPolygon; [] for other geometries. */
export function outerRing(geometry: Geometry): Position[] {
  if (geometry.type === 'Polygon') return geometry.coordinates[0] ?? []
  if (geometry.type === 'MultiPolygon') {
    let best: Position[] = []
    for (const polygon of geometry.coordinates) {
      const ring = polygon[0] ?? []
      if (Math.abs(ringArea(ring)) > Math.abs(ringArea(best))) best = ring
    }
    return best
  }
  return []
}

/** Signed shoelace area in degree² (only its sign and relative size are used). */
export function ringArea(ring: readonly Position[]): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!
    const b = ring[i]!
    sum += a[0] * b[1] - b[0] * a[1]
  }
  return sum / 2
}

/** Area-weighted centroid of a ring; the vertex mean for degenerate rings. */
export function ringCentroid(ring: readonly Position[]): [number, number] {
  const area = ringArea(ring)
  if (ring.length === 0) return [NaN, NaN]
  if (Math.abs(area) < 1e-14) {
    const n = ring.length
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n]
  }
  let cx = 0
  let cy = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!
    const b = ring[i]!
    const cross = a[0] * b[1] - b[0] * a[1]
    cx += (a[0] + b[0]) * cross
    cy += (a[1] + b[1]) * cross
  }
  return [cx / (6 * area), cy / (6 * area)]
}

/** A representative [lon, lat] of any geometry: the point, the polygon centroid, the line middle. */
export function anchorOf(geometry: Geometry): [number, number] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates[0], geometry.coordinates[1]]
    case 'LineString': {
      const mid = geometry.coordinates[Math.floor(geometry.coordinates.length / 2)]
      return mid ? [mid[0], mid[1]] : [NaN, NaN]
    }
    default:
      return ringCentroid(outerRing(geometry))
  }
}

export function bboxOf(rings: Iterable<readonly Position[]>): Bbox | null {
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (const ring of rings) {
    for (const p of ring) {
      if (p[0] < w) w = p[0]
      if (p[0] > e) e = p[0]
      if (p[1] < s) s = p[1]
      if (p[1] > n) n = p[1]
    }
  }
  return w <= e && s <= n ? [w, s, e, n] : null
}

/** Ring without the closing duplicate vertex (Cesium polygons close themselves). */
export function openRing(ring: readonly Position[]): Position[] {
  const first = ring[0]
  const last = ring[ring.length - 1]
  if (ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1])
    return ring.slice(0, -1)
  return ring.slice()
}

/** Flattens a ring to [lon0, lat0, lon1, lat1, ...] for Cartesian3.fromDegreesArray. */
export function flatDegrees(ring: readonly Position[]): number[] {
  const out: number[] = []
  for (const p of ring) out.push(p[0], p[1])
  return out
}
