// Rings in metres: open lists of vertices (the closing vertex is added only when written as GeoJSON).
import {
  add,
  cross,
  distance,
  intersectLines,
  lerp,
  lineThrough,
  offsetLine,
  pointSegmentDistance,
  rotate,
  segmentDistance,
  segmentsCrossProperly,
  sub,
  type XY,
} from './planar'

export type Ring = XY[]

/** shoelace area, positive for counter-clockwise rings */
export function signedArea(ring: Ring): number {
  let sum = 0
  for (let i = 0; i < ring.length; i++) sum += cross(ring[i]!, ring[(i + 1) % ring.length]!)
  return sum / 2
}

export const ensureCcw = (ring: Ring): Ring => (signedArea(ring) < 0 ? [...ring].reverse() : ring)

/** the ring's edges as [start, end] pairs */
export function edgesOf(ring: Ring): [XY, XY][] {
  return ring.map((p, i) => [p, ring[(i + 1) % ring.length]!])
}

export function ringBoundaryDistance(q: XY, ring: Ring): number {
  let best = Infinity
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    best = Math.min(best, pointSegmentDistance(q, ring[j]!, ring[i]!))
  return best
}

/** even-odd point in polygon; points on the boundary may go either way */
export function pointInRing(q: XY, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!
    const b = ring[i]!
    if (a[1] > q[1] !== b[1] > q[1] && q[0] < a[0] + ((q[1] - a[1]) / (b[1] - a[1])) * (b[0] - a[0]))
      inside = !inside
  }
  return inside
}

/** signed clearance: positive inside (distance to the edge), negative outside */
export function insideClearance(q: XY, ring: Ring): number {
  const d = ringBoundaryDistance(q, ring)
  return pointInRing(q, ring) ? d : -d
}

/** every vertex of `inner` inside or within `tolM` of `outer`, and no edges crossing */
export function ringWithin(inner: Ring, outer: Ring, tolM = 0.05): boolean {
  for (const p of inner) if (insideClearance(p, outer) < -tolM) return false
  return !ringsCross(inner, outer, tolM)
}

/** true when an edge of one ring properly crosses an edge of the other */
export function ringsCross(a: readonly XY[], b: Ring, tolM: number, closedA = true): boolean {
  const n = closedA ? a.length : a.length - 1
  for (let i = 0; i < n; i++) {
    const p = a[i]!
    const q = a[(i + 1) % a.length]!
    for (let j = 0, k = b.length - 1; j < b.length; k = j++)
      if (segmentsCrossProperly(p, q, b[k]!, b[j]!, tolM)) return true
  }
  return false
}

export function ringDistance(a: Ring, b: Ring): number {
  if (a.some((p) => pointInRing(p, b)) || b.some((p) => pointInRing(p, a))) return 0
  let best = Infinity
  const bEdges = edgesOf(b)
  for (const [p, q] of edgesOf(a))
    for (const [r, s] of bEdges) best = Math.min(best, segmentDistance(p, q, r, s))
  return best
}

export interface Box {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

export function boxOf(points: readonly XY[], padM = 0): Box {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity }
  for (const [x, y] of points) {
    box.minX = Math.min(box.minX, x - padM)
    box.minY = Math.min(box.minY, y - padM)
    box.maxX = Math.max(box.maxX, x + padM)
    box.maxY = Math.max(box.maxY, y + padM)
  }
  return box
}

/** Rectangle of width `w` (along the rotated x axis) and depth `h`, lower-left corner at `origin`. */
export function rectRing(origin: XY, w: number, h: number, angleRad = 0): Ring {
  const corners: XY[] = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ]
  return corners.map((c) => add(origin, rotate(c, angleRad)))
}

/** Regular polygon approximating a circle; `circumscribe` keeps the true circle inside it. */
export function circleRing(center: XY, radiusM: number, vertices: number, circumscribe = false): Ring {
  const r = circumscribe ? radiusM / Math.cos(Math.PI / vertices) : radiusM
  return Array.from({ length: vertices }, (_, i) => {
    const a = (2 * Math.PI * i) / vertices
    return add(center, [r * Math.cos(a), r * Math.sin(a)])
  })
}

/** Cuts each convex corner of a counter-clockwise ring by `cutM` along both edges (intersection
 * sight triangles); reflex corners are kept. */
export function chamferRing(ring: Ring, cutM: number): Ring {
  const out: Ring = []
  ring.forEach((p, i) => {
    const prev = ring[(i - 1 + ring.length) % ring.length]!
    const next = ring[(i + 1) % ring.length]!
    if (cross(sub(p, prev), sub(next, p)) <= 0) {
      out.push(p)
      return
    }
    out.push(lerp(p, prev, cutM / distance(p, prev)), lerp(p, next, cutM / distance(p, next)))
  })
  return out
}

/** Pushes every edge of a convex counter-clockwise ring outwards by `distM` (negative shrinks). */
export function offsetConvexRing(ring: Ring, distM: number): Ring {
  const corners = ring.filter((p, i) => {
    const prev = ring[(i - 1 + ring.length) % ring.length]!
    const next = ring[(i + 1) % ring.length]!
    return Math.abs(cross(sub(p, prev), sub(next, p))) > 1e-6 * distance(prev, p) * distance(p, next)
  })
  const lines = corners.map((a, i) => offsetLine(lineThrough(a, corners[(i + 1) % corners.length]!), -distM))
  return lines.map((line, i) => intersectLines(lines[(i - 1 + lines.length) % lines.length]!, line))
}

/** bilinear point in a quad [bl, br, tr, tl] at fractions (s along the bottom, t up) */
export function quadPoint(quad: Ring, s: number, t: number): XY {
  const [bl, br, tr, tl] = quad as [XY, XY, XY, XY]
  return lerp(lerp(bl, br, s), lerp(tl, tr, s), t)
}
