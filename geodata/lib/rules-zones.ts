// Zone rules: each shape carries what the geofence engine needs (circles: centre and radius
// matching the polygon; corridors: a centreline along the road graph from the dedicated gate).
import type { ZoneProps } from '../types'
import type { AnyFeature, CheckContext } from './check-context'
import { sameCoord } from './check-context'
import { distance } from './planar'
import { insideClearance } from './polygon'

const zoneTypes = new Set(['restricted', 'hazmat_corridor', 'speed', 'tank_farm', 'construction'])
export const minCircleVertices = 32
const zp = (f: AnyFeature) => f.properties as unknown as ZoneProps

function shapeProblem(ctx: CheckContext, f: AnyFeature): string | null {
  const p = zp(f)
  if (!zoneTypes.has(p.zone_type)) return `unknown zone type ${p.zone_type}`
  if (!p.name || !p.name_en) return 'zone needs a name and an English name'
  if (p.zone_type === 'speed' && !(Number(p.speed_limit_kmh) >= 5 && Number(p.speed_limit_kmh) <= 60))
    return 'speed zone needs speed_limit_kmh'
  if (p.shape === 'circle') {
    if (!p.center || !(Number(p.radius_m) > 0)) return 'circle needs center and radius_m'
    const ring = ctx.ring(f)
    if (ring.length < minCircleVertices)
      return `circle polygon has ${ring.length} vertices, need ${minCircleVertices}+`
    const c = ctx.frame.toMetres(p.center)
    const r = Number(p.radius_m)
    if (ring.some((q) => Math.abs(distance(q, c) - r) > 0.03 * r))
      return 'circle polygon does not match center and radius_m'
    return null
  }
  if (p.shape === 'corridor') {
    if (!(Number(p.width_m) > 0) || !Array.isArray(p.centerline) || p.centerline.length < 2)
      return 'corridor needs width_m and a centerline'
    if (p.zone_type === 'hazmat_corridor' && p.speed_limit_kmh !== undefined && p.speed_limit_kmh > 30)
      return 'hazmat corridor speed above 30 km/h'
    return null
  }
  return p.shape === 'polygon' ? null : `unknown shape ${String(p.shape)}`
}

export function checkZoneShapes(ctx: CheckContext): void {
  for (const f of ctx.features('zones')) {
    const problem = shapeProblem(ctx, f)
    if (problem) ctx.report('zones', f.id, 'zone-shape', problem)
  }
}

/** corridor centrelines follow road edges from the dedicated gate; those roads are hazmat roads at ≤ 30 km/h */
export function checkCorridors(ctx: CheckContext): void {
  const gate = ctx.features('gates').find((g) => g.properties.gate_class === 'dedicated')
  const nodeAt = new Map(
    ctx.features('roadNodes').map((n) => [(n.geometry.coordinates as number[]).join(','), String(n.id)]),
  )
  const edges = new Map<string, AnyFeature>()
  for (const r of ctx.features('roads')) {
    edges.set(`${String(r.properties.from_node)}>${String(r.properties.to_node)}`, r)
    edges.set(`${String(r.properties.to_node)}>${String(r.properties.from_node)}`, r)
  }
  for (const z of ctx.features('zones').filter((f) => zp(f).zone_type === 'hazmat_corridor')) {
    const line = zp(z).centerline ?? []
    if (!gate || !sameCoord(line[0], gate.geometry.coordinates as number[])) {
      ctx.report('zones', z.id, 'corridor-path', 'centerline does not start at the dedicated gate')
    }
    const ids = line.map((p) => nodeAt.get(p.join(',')))
    const steps = ids.slice(1).map((id, i) => (id && ids[i] ? edges.get(`${ids[i]}>${id}`) : undefined))
    if (ids.some((id) => !id) || steps.some((e) => !e))
      ctx.report('zones', z.id, 'corridor-path', 'centerline leaves the road graph')
    const ring = ctx.ring(z)
    if (line.some((p) => insideClearance(ctx.frame.toMetres(p), ring) < -0.5))
      ctx.report('zones', z.id, 'corridor-path', 'polygon does not cover its centerline')
    for (const e of steps) {
      if (e && (e.properties.road_class !== 'hazmat' || Number(e.properties.speed_limit_kmh) > 30)) {
        ctx.report('roads', e.id, 'corridor-speed', `on ${zp(z).name}: must be a hazmat road at ≤ 30 km/h`)
      }
    }
  }
}
