import type { Position } from '../../../server/contracts'

const metresPerDegLat = 111_320

export interface RiverOptions {
  /** direction the river runs, degrees clockwise from north (the Yangtze here runs WSW → ENE) */
  bearingDeg?: number
  /** gap between the park boundary and the near bank, m */
  gapM?: number
  /** river width, m (the Yangtze near Nantong is 2–5 km wide) */
  widthM?: number
  /** length drawn beyond each end of the park, m */
  reachM?: number
}

export interface River {
  /** closed ring, [lon, lat] degrees */
  ring: Position[]
  /** mid-river point for the name label */
  labelAt: Position | null
}

/**
 * The Yangtze as a simple water polygon along the park's north-west side: a band running along
 * `bearingDeg` whose near bank stays `gapM` beyond the boundary's farthest point towards the
 * river, so it never overlaps the park. Client-side scenery, not geodata.
 */
export function riverPolygon(boundary: readonly Position[], options: RiverOptions = {}): River {
  const { bearingDeg = 70, gapM = 300, widthM = 2600, reachM = 12_000 } = options
  if (boundary.length === 0) return { ring: [], labelAt: null }
  const lon0 = boundary.reduce((s, p) => s + p[0], 0) / boundary.length
  const lat0 = boundary.reduce((s, p) => s + p[1], 0) / boundary.length
  const mPerDegLon = metresPerDegLat * Math.cos((lat0 * Math.PI) / 180)
  const b = (bearingDeg * Math.PI) / 180
  // unit vectors in metres (x east, y north): along the river, and across it to the left bank side
  const along = [Math.sin(b), Math.cos(b)] as const
  const across = [-Math.cos(b), Math.sin(b)] as const
  const xy = (p: Position) => [(p[0] - lon0) * mPerDegLon, (p[1] - lat0) * metresPerDegLat] as const
  const dot = (v: readonly [number, number], u: readonly [number, number]) => v[0] * u[0] + v[1] * u[1]
  const points = boundary.map(xy)
  const near = Math.max(...points.map((p) => dot(p, across))) + gapM
  const start = Math.min(...points.map((p) => dot(p, along))) - reachM
  const end = Math.max(...points.map((p) => dot(p, along))) + reachM
  const toDeg = (t: number, off: number): Position => [
    lon0 + (along[0] * t + across[0] * off) / mPerDegLon,
    lat0 + (along[1] * t + across[1] * off) / metresPerDegLat,
  ]
  const steps = 10
  const nearBank: Position[] = []
  const farBank: Position[] = []
  for (let i = 0; i <= steps; i++) {
    const t = start + ((end - start) * i) / steps
    // gentle meanders on both banks, always away from the park
    const wobble = 0.5 + 0.5 * Math.sin(i * 1.3)
    nearBank.push(toDeg(t, near + wobble * 200))
    farBank.push(toDeg(t, near + widthM + wobble * 500))
  }
  const middle = (start + end) / 2
  const ring = [...nearBank, ...farBank.reverse()]
  ring.push(ring[0]!)
  return { ring, labelAt: toDeg(middle, near + widthM / 2) }
}
