// GeoJSON builders: plan metres in, rounded WGS-84 out. Rings come out closed and counter-clockwise
// (RFC 7946), ids sit on Feature.id and never in properties.
import type { Feature, LineString, Point, Polygon } from '../../server/contracts/geo'
import { planToLonLat } from './geo-frame'
import type { XY } from './planar'
import { ensureCcw, type Ring } from './polygon'

export function lonLatRing(ring: readonly XY[]): [number, number][] {
  const out: [number, number][] = []
  for (const p of ensureCcw([...ring])) {
    const q = planToLonLat(p)
    const last = out[out.length - 1]
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q)
  }
  const first = out[0]!
  const last = out[out.length - 1]!
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]])
  return out
}

export function polygonFeature<P>(id: string, ring: Ring, properties: P): Feature<Polygon, P> {
  return { type: 'Feature', id, properties, geometry: { type: 'Polygon', coordinates: [lonLatRing(ring)] } }
}

/** for polygons already in degrees (turf output): round, close and orient */
export function polygonFromLonLat<P>(
  id: string,
  ring: readonly number[][],
  properties: P,
): Feature<Polygon, P> {
  const round = (v: number) => Math.round(v * 1e7) / 1e7
  const pts: [number, number][] = []
  for (const p of ring) {
    const q: [number, number] = [round(p[0]!), round(p[1]!)]
    const last = pts[pts.length - 1]
    if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q)
  }
  if (pts.length > 1 && pts[0]![0] === pts[pts.length - 1]![0] && pts[0]![1] === pts[pts.length - 1]![1])
    pts.pop()
  const ccw = ensureCcw(pts)
  const closed: [number, number][] = [...ccw, [ccw[0]![0], ccw[0]![1]]]
  return { type: 'Feature', id, properties, geometry: { type: 'Polygon', coordinates: [closed] } }
}

export function pointFeature<P>(id: string, p: XY, properties: P): Feature<Point, P> {
  return { type: 'Feature', id, properties, geometry: { type: 'Point', coordinates: planToLonLat(p) } }
}

export function lineFeature<P>(id: string, points: readonly XY[], properties: P): Feature<LineString, P> {
  return {
    type: 'Feature',
    id,
    properties,
    geometry: { type: 'LineString', coordinates: points.map(planToLonLat) },
  }
}
