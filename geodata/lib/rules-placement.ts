// Placement rules: everything inside the park, parcels apart, buildings and tank farms inside
// their parcel and clear of each other, tanks inside their dike and clear of each other.
import type { Polygon } from '../../server/contracts/geo'
import type { TankProps } from '../types'
import type { AnyFeature, CheckContext } from './check-context'
import { distance, type XY } from './planar'
import {
  insideClearance,
  pointInRing,
  ringBoundaryDistance,
  ringDistance,
  ringsCross,
  ringWithin,
  type Ring,
} from './polygon'
import { candidatePairs, overlapAreaM2 } from './spatial'
import { layers } from './rules-structure'
import { bearingToAxis, tankFootprint } from './tank-geometry'

/** metres a point may sit outside an edge it lies on (coordinate rounding is about 1 cm) */
const onEdgeTolM = 0.5
/** m² of shared area that counts as an overlap */
const overlapTolM2 = 0.5

function vertices(ctx: CheckContext, f: AnyFeature): XY[] {
  const g = f.geometry
  if (g.type === 'Point') return [ctx.point(f)]
  if (g.type === 'LineString') return g.coordinates.map((p) => ctx.frame.toMetres(p))
  return ctx.ring(f)
}

export function checkInsideBoundary(ctx: CheckContext): void {
  const boundary = ctx.boundaryRing
  for (const layer of layers.filter((l) => l !== 'boundary')) {
    for (const f of ctx.features(layer)) {
      const pts = vertices(ctx, f)
      const outside = pts.some(
        (p) => !pointInRing(p, boundary) && ringBoundaryDistance(p, boundary) > onEdgeTolM,
      )
      const crossing =
        f.geometry.type !== 'Point' && ringsCross(pts, boundary, onEdgeTolM, f.geometry.type === 'Polygon')
      if (outside || crossing)
        ctx.report(layer, f.id, 'inside-boundary', 'lies partly outside the park boundary')
    }
  }
}

/** polygons apart in metres are not measured; touching or crossing ones by their shared area */
const overlaps = (ctx: CheckContext, a: AnyFeature, b: AnyFeature): boolean =>
  ringDistance(ctx.ring(a), ctx.ring(b)) === 0 &&
  overlapAreaM2(a.geometry as Polygon, b.geometry as Polygon) > overlapTolM2

export function checkParcelOverlap(ctx: CheckContext): void {
  const parcels = [...ctx.features('enterprises'), ...ctx.features('parking')]
  for (const [a, b] of candidatePairs(parcels, (f) => ctx.ring(f))) {
    if (overlaps(ctx, a, b)) {
      ctx.report(
        ctx.features('parking').includes(b) ? 'parking' : 'enterprises',
        b.id,
        'parcel-overlap',
        `overlaps ${a.id}`,
      )
    }
  }
}

export function checkInParcel(ctx: CheckContext): void {
  const parcels = ctx.index('enterprises')
  for (const [layer, rule] of [
    ['buildings', 'building-in-parcel'],
    ['tankFarms', 'farm-in-parcel'],
  ] as const) {
    for (const f of ctx.features(layer)) {
      const parcel = parcels.get(String(f.properties.enterprise_id))
      if (parcel && !ringWithin(ctx.ring(f), ctx.ring(parcel as AnyFeature))) {
        ctx.report(layer, f.id, rule, `not inside the parcel of ${parcel.id}`)
      }
    }
  }
}

export function checkFootprintOverlap(ctx: CheckContext): void {
  const items = [...ctx.features('buildings'), ...ctx.features('tankFarms')]
  const farms = new Set(ctx.features('tankFarms'))
  for (const [a, b] of candidatePairs(items, (f) => ctx.ring(f))) {
    if (!overlaps(ctx, a, b)) continue
    const rule = farms.has(a) && farms.has(b) ? 'farm-overlap' : 'building-overlap'
    // report on the building when a building meets a farm
    const [f, other] = farms.has(b) && !farms.has(a) ? [a, b] : [b, a]
    ctx.report(farms.has(f) ? 'tankFarms' : 'buildings', f.id, rule, `overlaps ${other.id}`)
  }
}

interface TankShape {
  f: AnyFeature
  center: XY
  radiusM: number
  footprint: Ring
  circle: boolean
}

export function tankShapes(ctx: CheckContext): TankShape[] {
  return ctx.features('tanks').map((f) => {
    const p = f.properties as unknown as TankProps
    const center = ctx.point(f)
    const axis = bearingToAxis(p.axis_deg ?? 0)
    return {
      f,
      center,
      radiusM: p.diameter_m / 2,
      footprint: tankFootprint(p.tank_type, center, p.diameter_m, p.height_m, axis),
      circle: p.tank_type !== 'horizontal',
    }
  })
}

export function checkTanks(ctx: CheckContext): void {
  const farms = ctx.index('tankFarms')
  const shapes = tankShapes(ctx)
  for (const t of shapes) {
    const farm = farms.get(String(t.f.properties.farm_id))
    if (!farm) continue
    const ring = ctx.ring(farm as AnyFeature)
    const inside = t.circle
      ? insideClearance(t.center, ring) >= t.radiusM - 0.01
      : ringWithin(t.footprint, ring, 0.01)
    if (!inside)
      ctx.report('tanks', t.f.id, 'tank-in-farm', `the tank does not fit inside the dike of ${farm.id}`)
  }
  for (const [a, b] of candidatePairs(shapes, (s) => s.footprint)) {
    const gap =
      a.circle && b.circle
        ? distance(a.center, b.center) - a.radiusM - b.radiusM
        : ringDistance(a.footprint, b.footprint)
    if (gap <= 0) ctx.report('tanks', b.f.id, 'tank-overlap', `overlaps tank ${a.f.id}`)
  }
}
