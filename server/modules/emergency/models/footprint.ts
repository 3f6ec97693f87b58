// The footprint of a level of concern in the plume's own frame (x downwind from the source, y crosswind to
// the left, metres). For a ground-level receptor the contour C(x, y, 0) = LOC of a Gaussian crosswind
// profile has the half-width
//   y(x) = σy(x) · √(2 ln(C0(x) / LOC))   where C0(x) > LOC,
// C0 being the centreline ground-level concentration; the zone reaches to where C0 falls to the LOC.

export type XY = [number, number]

export interface Footprint {
  /** first downwind distance where C0 ≥ LOC (0: from the source; > 0 for an elevated release), m */
  startM: number
  /** farthest downwind distance where C0 ≥ LOC, m (the cap when `capped`) */
  reachM: number
  /** C0 still exceeds the LOC at the cap: the zone is cut there */
  capped: boolean
  maxHalfWidthM: number
  /** closed, counter-clockwise ring in the plume frame */
  ring: XY[]
}

export interface FootprintOptions {
  /** model limit, m (ALOHA stops Gaussian dispersion at 10 km) */
  capM?: number
  /** nearest distance evaluated, m */
  minM?: number
  /** vertices along each side */
  vertices?: number
}

/** Half-width (m) of the LOC contour at x. */
export function halfWidth(c0: number, sigmaY: number, loc: number): number {
  return c0 > loc && sigmaY > 0 ? sigmaY * Math.sqrt(2 * Math.log(c0 / loc)) : 0
}

function bisect(f: (x: number) => boolean, inside: number, outside: number): number {
  let a = inside
  let b = outside
  for (let i = 0; i < 60; i++) {
    const m = (a + b) / 2
    if (f(m)) a = m
    else b = m
  }
  return (a + b) / 2
}

/**
 * The footprint of `loc` (same unit as `c0`) for a centreline concentration c0(x) and spread σy(x); null
 * when the level is never reached.
 */
export function footprint(
  c0: (x: number) => number,
  sigmaY: (x: number) => number,
  loc: number,
  opts: FootprintOptions = {},
): Footprint | null {
  const capM = opts.capM ?? 10_000
  const minM = opts.minM ?? 1
  const n = opts.vertices ?? 40
  const steps = 240
  const ratio = (capM / minM) ** (1 / steps)
  const above = (x: number) => c0(x) >= loc
  let first = -1
  let last = -1
  let prevX = 0
  let x = minM
  let startM = 0
  for (let i = 0; i <= steps; i++, prevX = x, x *= ratio) {
    if (i === steps) x = capM
    if (!above(x)) continue
    if (first < 0) {
      first = i
      startM = i === 0 ? 0 : bisect(above, x, prevX)
    }
    last = i
  }
  if (first < 0) return null
  const capped = last === steps
  const lastX = minM * ratio ** last
  const reachM = capped ? capM : bisect(above, lastX, Math.min(capM, lastX * ratio))
  const width = (xi: number) => (xi > 0 ? halfWidth(c0(xi), sigmaY(xi), loc) : 0)
  const xs: number[] = []
  for (let k = 0; k <= n; k++) xs.push(startM + (reachM - startM) * Math.sin((Math.PI / 2) * (k / n)))
  const ws = xs.map(width)
  const maxHalfWidthM = Math.max(...ws)
  if (!(maxHalfWidthM > 0)) return null
  const ring: XY[] = []
  const push = (p: XY) => {
    const prev = ring[ring.length - 1]
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) ring.push(p)
  }
  for (let k = 0; k <= n; k++) push([xs[k]!, ws[k]! === 0 ? 0 : -ws[k]!])
  for (let k = n; k >= 0; k--) push([xs[k]!, ws[k]!])
  const [x0, y0] = ring[0]!
  const end = ring[ring.length - 1]!
  if (end[0] === x0 && end[1] === y0) ring[ring.length - 1] = [x0, y0]
  else ring.push([x0, y0])
  return { startM, reachM, capped, maxHalfWidthM, ring }
}

/** A closed counter-clockwise circle ring of radius r around the source (east, north metres). */
export function circleRing(radiusM: number, vertices = 64): XY[] {
  const ring: XY[] = []
  for (let k = 0; k < vertices; k++) {
    const a = (2 * Math.PI * k) / vertices
    ring.push([radiusM * Math.cos(a), radiusM * Math.sin(a)])
  }
  ring.push(ring[0]!)
  return ring
}
