import { cross, sub, type XY } from './planar'
import { edgesOf, type Ring } from './polygon'

/** first point where the ray from `from` along `dir` meets the ring's edges */
export function rayHitsRing(from: XY, dir: XY, ring: Ring): XY | null {
  let best: { t: number; p: XY } | null = null
  for (const [a, b] of edgesOf(ring)) {
    const e = sub(b, a)
    const denom = cross(dir, e)
    if (Math.abs(denom) < 1e-12) continue
    const w = sub(a, from)
    const t = cross(w, e) / denom
    const u = cross(w, dir) / denom
    if (t > 1e-6 && u >= 0 && u <= 1 && (!best || t < best.t))
      best = { t, p: [from[0] + dir[0] * t, from[1] + dir[1] * t] }
  }
  return best?.p ?? null
}
