// Hazmat route corridors: the cheapest path over the road graph from the dedicated gate to a
// hazmat enterprise's main entrance, avoiding the trunk avenues where a parallel road serves. The
// roads on a route become hazmat roads (30 km/h); the zone is the centreline buffered by half the
// corridor width and clipped to the park boundary.
import { buffer, featureCollection, intersect, lineString, polygon as turfPolygon } from '@turf/turf'
import type { Feature, Polygon } from '../../server/contracts/geo'
import type { ZoneProps } from '../types'
import { polygonFromLonLat } from './features'
import { planToLonLat } from './geo-frame'
import { distance } from './planar'
import type { RoadGraph } from './road-graph'
import { shortestPath } from './routing'
import { corridorPlans, gatePlans, type CorridorPlan } from './site-plan'

export const hazmatSpeedKmh = 30
/** hazmat trucks take a longer detour before they use a trunk avenue */
const trunkPenalty = 3

export interface Corridor {
  plan: CorridorPlan
  nodes: string[]
}

export function routeCorridors(graph: RoadGraph): Corridor[] {
  const gatePlan = gatePlans.find((g) => g.gateClass === 'dedicated')!
  const gate = graph.gates.get(gatePlan.id)!
  const cost = (i: number) => {
    const e = graph.edges[i]!
    return (
      distance(graph.nodes.get(e.from)!.p, graph.nodes.get(e.to)!.p) *
      (e.roadClass === 'trunk' ? trunkPenalty : 1)
    )
  }
  const corridors = corridorPlans.map((plan) => {
    const target = graph.entrances.get(plan.target)?.[0]
    const path = target ? shortestPath(graph.edges, cost, gate, target) : null
    if (!path) throw new Error(`no hazmat route to ${plan.target}`)
    return { plan, nodes: path.nodes, edges: path.edges }
  })
  // mark the roads only after routing, so every route sees the same costs
  for (const c of corridors) {
    for (const i of c.edges) {
      const e = graph.edges[i]!
      e.roadClass = 'hazmat'
      e.speedKmh = Math.min(e.speedKmh, hazmatSpeedKmh)
    }
  }
  return corridors.map(({ plan, nodes }) => ({ plan, nodes }))
}

export function corridorZone(
  id: string,
  corridor: Corridor,
  graph: RoadGraph,
  boundary: Feature<Polygon, unknown>,
): Feature<Polygon, ZoneProps> {
  const centerline = corridor.nodes.map((k) => planToLonLat(graph.nodes.get(k)!.p))
  const buffered = buffer(lineString(centerline), corridor.plan.widthM / 2, { units: 'meters', steps: 4 })
  if (!buffered) throw new Error(`corridor ${corridor.plan.name}: buffer failed`)
  const clipped = intersect(featureCollection([buffered, turfPolygon(boundary.geometry.coordinates)]))
  if (!clipped) throw new Error(`corridor ${corridor.plan.name} lies outside the park`)
  const g = clipped.geometry
  // a corridor that touches the boundary at its gate can clip into slivers; keep the body
  const rings = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
  const body = rings.reduce((a, b) => (b[0]!.length > a[0]!.length ? b : a))
  return polygonFromLonLat(id, body[0]!, {
    name: corridor.plan.name,
    name_en: corridor.plan.nameEn,
    zone_type: 'hazmat_corridor',
    shape: 'corridor',
    width_m: corridor.plan.widthM,
    centerline,
    speed_limit_kmh: hazmatSpeedKmh,
  })
}
