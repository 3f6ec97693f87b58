// Road graph → features: nodes N001… in the order edges first reach them, edges R001…, and the
// gates, parking lot and muster points that sit on nodes.
import type { Feature, LineString, Point, Polygon } from '../../server/contracts/geo'
import type { GateProps, MusterProps, ParkingProps, RoadNodeProps, RoadProps } from '../types'
import { lineFeature, pointFeature, polygonFeature } from './features'
import type { Site } from './parcels'
import type { RoadGraph } from './road-graph'
import { gatePlans, musterPlans } from './site-plan'

export interface RoadLayers {
  nodes: Feature<Point, RoadNodeProps>[]
  edges: Feature<LineString, RoadProps>[]
  gates: Feature<Point, GateProps>[]
  parking: Feature<Polygon, ParkingProps>
  muster: Feature<Point, MusterProps>[]
}

/** vehicles the hazmat lot holds: 40 bays for 18 m articulated tankers */
export const parkingCapacity = 40

export function roadLayers(graph: RoadGraph, site: Site): RoadLayers {
  const ids = new Map<string, string>()
  const idOf = (key: string) => {
    if (!ids.has(key)) ids.set(key, `N${String(ids.size + 1).padStart(3, '0')}`)
    return ids.get(key)!
  }
  const edges = graph.edges.map((e, k) => {
    const props: RoadProps = {
      from_node: idOf(e.from),
      to_node: idOf(e.to),
      name: e.name,
      name_en: e.nameEn,
      width_m: e.widthM,
      speed_limit_kmh: e.speedKmh,
      road_class: e.roadClass,
    }
    const points = [graph.nodes.get(e.from)!.p, graph.nodes.get(e.to)!.p]
    return lineFeature(`R${String(k + 1).padStart(3, '0')}`, points, props)
  })
  const nodes = [...ids].map(([key, id]) => {
    const node = graph.nodes.get(key)!
    return pointFeature(id, node.p, node.name ? { name: node.name } : {})
  })
  const at = (key: string) => graph.nodes.get(key)!.p
  const gates = gatePlans.map((plan) => {
    const key = graph.gates.get(plan.id)!
    const props: GateProps = {
      name: plan.name,
      name_en: plan.nameEn,
      gate_class: plan.gateClass,
      node_id: idOf(key),
      lanes: plan.lanes,
    }
    return pointFeature(plan.id, at(key), props)
  })
  const parking = polygonFeature('P1', site.parking.ring, {
    name: '危化品车辆专用停车场',
    name_en: 'Hazmat Vehicle Parking Lot',
    capacity: parkingCapacity,
    node_id: idOf(graph.parkingNode),
  })
  const muster = musterPlans.map((plan, k) => {
    const key = graph.muster[k]!
    const props: MusterProps = {
      name: plan.name,
      name_en: plan.nameEn,
      capacity: plan.capacity,
      node_id: idOf(key),
    }
    return pointFeature(`M${k + 1}`, at(key), props)
  })
  return { nodes, edges, gates, parking, muster }
}
