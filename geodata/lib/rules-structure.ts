// Structure rules: ids, counts, geometry validity and the boundary itself.
import { area, kinks, polygon as turfPolygon } from '@turf/turf'
import type { Polygon } from '../../server/contracts/geo'
import { layerFiles } from '../types'
import type { CheckContext, LayerKey, AnyFeature } from './check-context'
import { distance, type XY } from './planar'
import { signedArea } from './polygon'

const idPatterns: Partial<Record<LayerKey, RegExp>> = {
  enterprises: /^E\d{2}$/,
  buildings: /^B-E\d{2}-\d{2}$/,
  tankFarms: /^F-E\d{2}-\d+$/,
  tanks: /^T-E\d{2}-\d{2}$/,
  roadNodes: /^N\d{3,}$/,
  roads: /^R\d{3,}$/,
  gates: /^G\d+$/,
  parking: /^P\d+$/,
  zones: /^Z\d{2,}$/,
  musterPoints: /^M\d+$/,
}
const kindPatterns: Record<string, RegExp> = {
  fire_station: /^FS\d+$/,
  hydrant: /^H\d{3,}$/,
  depot: /^D\d+$/,
  gas_detector: /^GD-E\d{2}-\d+$/,
  monitor_point: /^MP-E\d{2}-\d+$/,
}
export const layers = Object.keys(layerFiles) as LayerKey[]

export function checkFeatureIds(ctx: CheckContext): void {
  for (const layer of layers) {
    for (const f of ctx.features(layer)) {
      const id = f.id as unknown
      if (typeof id !== 'string' || id === '') {
        ctx.report(layer, id, 'feature-id', 'Feature.id must be a non-empty string')
        continue
      }
      if (f.properties && 'id' in f.properties)
        ctx.report(layer, id, 'feature-id', 'properties must not repeat the id')
      const kind = String(f.properties?.kind ?? '')
      const pattern = idPatterns[layer] ?? kindPatterns[kind]
      if (pattern && !pattern.test(id))
        ctx.report(layer, id, 'feature-id', `id does not follow the ${layer} convention`)
      const owner = f.properties?.enterprise_id
      if (typeof owner === 'string' && /^(B|F|T|GD|MP)-/.test(id) && !id.includes(`-${owner}-`)) {
        ctx.report(layer, id, 'feature-id', `id does not carry its enterprise ${owner}`)
      }
    }
  }
}

export function checkIdsUnique(ctx: CheckContext): void {
  const seen = new Map<string, LayerKey>()
  for (const layer of layers) {
    for (const f of ctx.features(layer)) {
      const id = String(f.id)
      const first = seen.get(id)
      if (first) ctx.report(layer, id, 'id-unique', `id already used in ${first}`)
      else seen.set(id, layer)
    }
  }
}

const minimums: [string, LayerKey, (f: AnyFeature) => boolean, number][] = [
  ['enterprises', 'enterprises', () => true, 20],
  ['buildings', 'buildings', () => true, 150],
  ['tanks', 'tanks', () => true, 60],
  ['road edges', 'roads', () => true, 200],
  ['zones', 'zones', () => true, 10],
  ['hazmat corridors', 'zones', (f) => f.properties.shape === 'corridor', 2],
  ['circle zones', 'zones', (f) => f.properties.shape === 'circle', 1],
  ['muster points', 'musterPoints', () => true, 6],
  ['hydrants', 'facilities', (f) => f.properties.kind === 'hydrant', 40],
  ['emergency depots', 'facilities', (f) => f.properties.kind === 'depot', 3],
  ['gas detectors', 'sensors', (f) => f.properties.kind === 'gas_detector', 60],
  ['monitor points', 'sensors', (f) => f.properties.kind === 'monitor_point', 12],
]

export function checkCounts(ctx: CheckContext): void {
  for (const [what, layer, match, min] of minimums) {
    const n = ctx.features(layer).filter(match).length
    if (n < min) ctx.report(layer, '*', 'counts', `${n} ${what}, need at least ${min}`)
  }
  const exactlyOne: [string, LayerKey, (f: AnyFeature) => boolean][] = [
    ['fire station', 'facilities', (f) => f.properties.kind === 'fire_station'],
    ['hazmat parking lot', 'parking', () => true],
  ]
  for (const [what, layer, match] of exactlyOne) {
    const n = ctx.features(layer).filter(match).length
    if (n !== 1) ctx.report(layer, '*', 'counts', `${n} ${what}s, need exactly one`)
  }
}

const geometryTypes: Record<LayerKey, string> = {
  boundary: 'Polygon',
  enterprises: 'Polygon',
  buildings: 'Polygon',
  tankFarms: 'Polygon',
  tanks: 'Point',
  roadNodes: 'Point',
  roads: 'LineString',
  gates: 'Point',
  parking: 'Polygon',
  zones: 'Polygon',
  musterPoints: 'Point',
  facilities: 'Point',
  sensors: 'Point',
}

const validPosition = (p: unknown): boolean =>
  Array.isArray(p) &&
  (p.length === 2 || p.length === 3) &&
  p.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
  Math.abs(p[0] as number) <= 180 &&
  Math.abs(p[1] as number) <= 90

function polygonProblem(g: Polygon): string | null {
  if (!Array.isArray(g.coordinates) || g.coordinates.length !== 1)
    return 'a polygon needs exactly one ring (no holes)'
  const ring = g.coordinates[0]!
  if (!Array.isArray(ring) || ring.length < 4) return 'a ring needs at least 4 positions'
  if (!ring.every(validPosition)) return 'non-finite or out-of-range coordinates'
  const [first, last] = [ring[0]!, ring[ring.length - 1]!]
  if (first[0] !== last[0] || first[1] !== last[1]) return 'ring is not closed'
  if (kinks(turfPolygon([ring])).features.length > 0) return 'ring intersects itself'
  const sa = signedArea(ring.slice(0, -1).map((p) => [p[0], p[1]] as XY))
  if (sa === 0) return 'ring has no area'
  if (sa < 0) return 'outer ring must run counter-clockwise (RFC 7946)'
  return null
}

export function checkGeometry(ctx: CheckContext): void {
  for (const layer of layers) {
    for (const f of ctx.features(layer)) {
      const g = f?.geometry as { type?: string; coordinates?: unknown } | undefined
      let problem: string | null = null
      if (f?.type !== 'Feature') problem = 'not a GeoJSON Feature'
      else if (!g || g.type !== geometryTypes[layer]) problem = `geometry must be a ${geometryTypes[layer]}`
      else if (g.type === 'Point') problem = validPosition(g.coordinates) ? null : 'invalid point coordinates'
      else if (g.type === 'LineString') {
        const pts = g.coordinates as number[][]
        if (!Array.isArray(pts) || pts.length < 2 || !pts.every(validPosition))
          problem = 'a line needs 2+ valid positions'
        else if (pts.some((p, i) => i > 0 && p[0] === pts[i - 1]![0] && p[1] === pts[i - 1]![1]))
          problem = 'repeated position'
      } else problem = polygonProblem(g as Polygon)
      if (problem) ctx.report(layer, f?.id, 'geometry', problem)
    }
  }
}

export const parkAreaKm2: [number, number] = [8, 12]
/** the park sits on the Yangtze near lon 120.95, lat 31.95; its centre may be this far away */
const maxCentreOffsetM = 5000

export function checkBoundary(ctx: CheckContext): void {
  const b = ctx.data.boundary
  const km2 = area(turfPolygon(b.geometry.coordinates)) / 1e6
  if (km2 < parkAreaKm2[0] || km2 > parkAreaKm2[1]) {
    ctx.report(
      'boundary',
      b.id,
      'boundary-area',
      `area ${km2.toFixed(2)} km² is outside ${parkAreaKm2.join('–')} km²`,
    )
  }
  const ring = ctx.boundaryRing
  const corners = ring.filter((p, i) => {
    const prev = ring[(i - 1 + ring.length) % ring.length]!
    const next = ring[(i + 1) % ring.length]!
    const turn = (p[0] - prev[0]) * (next[1] - p[1]) - (p[1] - prev[1]) * (next[0] - p[0])
    return Math.abs(turn) > 1e-3 * distance(prev, p) * distance(p, next)
  })
  if (corners.length < 6)
    ctx.report(
      'boundary',
      b.id,
      'boundary-shape',
      `only ${corners.length} corners: draw an irregular outline`,
    )
  const centre = ctx.frame.toMetres([120.95, 31.95])
  const mean: XY = [
    ring.reduce((s, p) => s + p[0], 0) / ring.length,
    ring.reduce((s, p) => s + p[1], 0) / ring.length,
  ]
  if (distance(centre, mean) > maxCentreOffsetM) {
    ctx.report('boundary', b.id, 'boundary-location', 'the park must lie near lon 120.95, lat 31.95')
  }
}
