// The park boundary: the outline of the cells in the park pushed out past the perimeter roads,
// with the river-side (south) edge following a wandering embankment.
import { cellInPark, type Lattice } from './lattice'
import {
  add,
  intersectLines,
  leftNormal,
  lerp,
  lineThrough,
  normalize,
  offsetLine,
  scale,
  sub,
  type XY,
} from './planar'
import { signedArea, type Ring } from './polygon'
import type { Rng } from './prng'
import { perimeterMarginM } from './site-plan'

type Vertex = [number, number] // lattice crossing (i, j)
const key = (v: Vertex) => `${v[0]},${v[1]}`

/** counter-clockwise outline of the in-park cells as lattice crossings, collinear corners dropped */
export function outlineCrossings(lattice: Lattice): Vertex[] {
  const edges = new Map<string, Vertex>()
  for (let r = 0; r < lattice.rows; r++) {
    for (let c = 0; c < lattice.cols; c++) {
      if (!cellInPark(r, c)) continue
      const ring: Vertex[] = [
        [r, c],
        [r, c + 1],
        [r + 1, c + 1],
        [r + 1, c],
      ]
      ring.forEach((a, k) => {
        const b = ring[(k + 1) % 4]!
        if (edges.has(`${key(b)}>${key(a)}`)) edges.delete(`${key(b)}>${key(a)}`)
        else edges.set(`${key(a)}>${key(b)}`, b)
      })
    }
  }
  const next = new Map<string, Vertex>()
  for (const [k, b] of edges) next.set(k.split('>')[0]!, b)
  const start = [...next.keys()].sort()[0]!
  const loop: Vertex[] = []
  let at = start.split(',').map(Number) as Vertex
  do {
    loop.push(at)
    at = next.get(key(at))!
  } while (key(at) !== start)
  // keep only the corners: where the walk turns from an E-W line to a N-S line or back
  return loop.filter((v, k) => {
    const prev = loop[(k - 1 + loop.length) % loop.length]!
    const nxt = loop[(k + 1) % loop.length]!
    return !(prev[0] === v[0] && v[0] === nxt[0]) && !(prev[1] === v[1] && v[1] === nxt[1])
  })
}

/** Boundary ring in plan metres. */
export function buildBoundary(lattice: Lattice, rng: Rng): Ring {
  const corners = outlineCrossings(lattice).map(([i, j]) => lattice.crossing(i, j))
  if (signedArea(corners) <= 0) throw new Error('outline must run counter-clockwise')
  // each edge lies on a road line; push it outwards (to the right of a CCW walk)
  const offsets = corners.map((a, k) =>
    offsetLine(lineThrough(a, corners[(k + 1) % corners.length]!), -perimeterMarginM),
  )
  const ring: Ring = []
  offsets.forEach((line, k) => {
    const prev = offsets[(k - 1 + offsets.length) % offsets.length]!
    ring.push(intersectLines(prev, line))
  })
  return withRiverBank(ring, rng)
}

/** Adds a wandering embankment to the southernmost edge (the river side). */
function withRiverBank(ring: Ring, rng: Rng): Ring {
  let south = 0
  ring.forEach((p, k) => {
    const q = ring[(k + 1) % ring.length]!
    const s = ring[(south + 1) % ring.length]!
    if (p[1] + q[1] < ring[south]![1] + s[1]) south = k
  })
  const a = ring[south]!
  const b = ring[(south + 1) % ring.length]!
  const outward = scale(leftNormal(normalize(sub(b, a))), -1)
  const knots = 14
  const bank: XY[] = []
  for (let k = 1; k < knots; k++) {
    const t = k / knots
    const bulgeM = Math.sin(Math.PI * t) * rng.range(15, 90)
    bank.push(add(lerp(a, b, t), scale(outward, bulgeM)))
  }
  return [...ring.slice(0, south + 1), ...bank, ...ring.slice(south + 1)]
}
