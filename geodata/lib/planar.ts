// Plane geometry in metres (x east, y north, or the park's plan axes). Everything here is exact
// arithmetic on small coordinates, used by both the generator and the validator.

export type XY = [number, number]

export const add = (a: XY, b: XY): XY => [a[0] + b[0], a[1] + b[1]]
export const sub = (a: XY, b: XY): XY => [a[0] - b[0], a[1] - b[1]]
export const scale = (a: XY, k: number): XY => [a[0] * k, a[1] * k]
export const dot = (a: XY, b: XY): number => a[0] * b[0] + a[1] * b[1]
export const cross = (a: XY, b: XY): number => a[0] * b[1] - a[1] * b[0]
export const length = (a: XY): number => Math.hypot(a[0], a[1])
export const distance = (a: XY, b: XY): number => Math.hypot(a[0] - b[0], a[1] - b[1])
export const lerp = (a: XY, b: XY, t: number): XY => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
export const normalize = (a: XY): XY => scale(a, 1 / length(a))
/** the left-hand normal of a direction (rotated +90°) */
export const leftNormal = (d: XY): XY => [-d[1], d[0]]

export function rotate(p: XY, angleRad: number): XY {
  const c = Math.cos(angleRad)
  const s = Math.sin(angleRad)
  return [p[0] * c - p[1] * s, p[0] * s + p[1] * c]
}

/** An infinite line through `p` with unit direction `d`. */
export interface Line {
  p: XY
  d: XY
}

export const lineThrough = (a: XY, b: XY): Line => ({ p: a, d: normalize(sub(b, a)) })
/** position of the foot of `q` along the line, in metres from `line.p` */
export const paramOf = (line: Line, q: XY): number => dot(sub(q, line.p), line.d)
export const pointAt = (line: Line, s: number): XY => add(line.p, scale(line.d, s))
/** shifts a line sideways; positive distance moves it to the left of its direction */
export const offsetLine = (line: Line, distanceM: number): Line => ({
  p: add(line.p, scale(leftNormal(line.d), distanceM)),
  d: line.d,
})

export function intersectLines(a: Line, b: Line): XY {
  const denom = cross(a.d, b.d)
  if (Math.abs(denom) < 1e-9) throw new Error('parallel lines do not meet')
  const t = cross(sub(b.p, a.p), b.d) / denom
  return pointAt(a, t)
}

/** Interpolates two nearly parallel lines (both directions pointing the same way). */
export function blendLines(a: Line, b: Line, t: number): Line {
  return { p: lerp(a.p, b.p, t), d: normalize(lerp(a.d, b.d, t)) }
}

export function pointSegmentDistance(q: XY, a: XY, b: XY): number {
  const abx = b[0] - a[0]
  const aby = b[1] - a[1]
  const len2 = abx * abx + aby * aby
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((q[0] - a[0]) * abx + (q[1] - a[1]) * aby) / len2))
  return Math.hypot(q[0] - a[0] - abx * t, q[1] - a[1] - aby * t)
}

/** True when the segments cross at a single point interior to both; an end within `epsM` metres
 * of the other segment's line counts as touching, not crossing. */
export function segmentsCrossProperly(a: XY, b: XY, c: XY, d: XY, epsM = 1e-6): boolean {
  // scalar arithmetic only: the validator calls this for every edge pair it tests
  const abx = b[0] - a[0]
  const aby = b[1] - a[1]
  const cdx = d[0] - c[0]
  const cdy = d[1] - c[1]
  const lab = Math.hypot(abx, aby)
  const lcd = Math.hypot(cdx, cdy)
  if (lab === 0 || lcd === 0) return false
  const d1 = (abx * (c[1] - a[1]) - aby * (c[0] - a[0])) / lab
  const d2 = (abx * (d[1] - a[1]) - aby * (d[0] - a[0])) / lab
  if (!opposite(d1, d2, epsM)) return false
  const d3 = (cdx * (a[1] - c[1]) - cdy * (a[0] - c[0])) / lcd
  const d4 = (cdx * (b[1] - c[1]) - cdy * (b[0] - c[0])) / lcd
  return opposite(d3, d4, epsM)
}

function opposite(p: number, q: number, epsM: number): boolean {
  return (p > epsM && q < -epsM) || (p < -epsM && q > epsM)
}

export function segmentsIntersect(a: XY, b: XY, c: XY, d: XY): boolean {
  if (segmentsCrossProperly(a, b, c, d, 0)) return true
  return (
    pointSegmentDistance(a, c, d) < 1e-9 ||
    pointSegmentDistance(b, c, d) < 1e-9 ||
    pointSegmentDistance(c, a, b) < 1e-9 ||
    pointSegmentDistance(d, a, b) < 1e-9
  )
}

export function segmentDistance(a: XY, b: XY, c: XY, d: XY): number {
  if (segmentsIntersect(a, b, c, d)) return 0
  return Math.min(
    pointSegmentDistance(a, c, d),
    pointSegmentDistance(b, c, d),
    pointSegmentDistance(c, a, b),
    pointSegmentDistance(d, a, b),
  )
}
