import type { ParkData } from '../../../geodata/types'
import { distanceToRingM, haversineM, ringCentre } from './geo'
import type { RoadGraph } from './road-graph'

export interface EnterprisePlace {
  id: string
  /** road node in front of the parcel, where visits begin and end */
  nodeId: string
  /** stores or handles hazardous chemicals (owns tanks, or runs key hazardous processes) */
  hazmat: boolean
}

/** The road nodes tags travel between, all in one connected part of the road graph. */
export interface ParkPlaces {
  dedicatedGates: string[]
  generalGates: string[]
  parking: string[]
  muster: string[]
  enterprises: EnterprisePlace[]
}

/** Node ids of the largest connected component, so every place can reach every other. */
export function largestComponent(graph: RoadGraph): Set<string> {
  const seen = new Set<string>()
  let best = new Set<string>()
  for (const start of [...graph.nodes.keys()].sort()) {
    if (seen.has(start)) continue
    const comp = new Set([start])
    const stack = [start]
    while (stack.length > 0) {
      for (const adj of graph.adjacency.get(stack.pop()!) ?? []) {
        if (!comp.has(adj.to)) {
          comp.add(adj.to)
          stack.push(adj.to)
        }
      }
    }
    comp.forEach((id) => seen.add(id))
    if (comp.size > best.size) best = comp
  }
  return best
}

/** Nodes this close to a parcel's edge count as on its frontage (road half-width plus setback). */
const frontageM = 60

/**
 * The road node where visits to a parcel begin: among nodes on its frontage, the one nearest its
 * centre (entrances sit mid-side, crossings at the corners); else the node nearest the centre. Nodes
 * in `avoid` (inside an exclusion zone: visitors, drivers and contractors may not stand there) only
 * when there is no other.
 */
export function frontageNode(
  graph: RoadGraph,
  usable: Set<string>,
  ring: readonly (readonly number[])[],
  avoid: (nodeId: string) => boolean = () => false,
): string {
  const centre = ringCentre(ring)
  let bestId = ''
  let bestScore = Infinity
  for (const id of [...usable].sort()) {
    const p = graph.nodes.get(id)!.lonLat
    const score =
      haversineM(p, centre) + (distanceToRingM(p, ring) <= frontageM ? 0 : 1e7) + (avoid(id) ? 1e8 : 0)
    if (score < bestScore) [bestId, bestScore] = [id, score]
  }
  return bestId
}

/** `avoid`: nodes no visit should end at (see frontageNode). */
export function parkPlaces(
  park: ParkData,
  graph: RoadGraph,
  avoid: (nodeId: string) => boolean = () => false,
): ParkPlaces {
  const usable = largestComponent(graph)
  const ok = (id: string): boolean => usable.has(id)
  const gates = park.gates.features.filter((g) => ok(g.properties.node_id))
  const gateNodes = (cls: string): string[] =>
    gates.filter((g) => g.properties.gate_class === cls).map((g) => g.properties.node_id)
  const general = gateNodes('general')
  const anyGate = gates
    .filter((g) => g.properties.gate_class !== 'emergency')
    .map((g) => g.properties.node_id)
  const withTanks = new Set(park.tanks.features.map((t) => t.properties.enterprise_id))
  const enterprises = park.enterprises.features.map((e) => ({
    id: e.id,
    nodeId: frontageNode(graph, usable, e.geometry.coordinates[0]!, avoid),
    hazmat: withTanks.has(e.id) || e.properties.processes.length > 0,
  }))
  if (enterprises.length > 0 && !enterprises.some((e) => e.hazmat))
    enterprises.forEach((e) => (e.hazmat = true))
  const places: ParkPlaces = {
    dedicatedGates: gateNodes('dedicated'),
    generalGates: general.length > 0 ? general : anyGate,
    parking: park.parking.features.map((p) => p.properties.node_id).filter(ok),
    muster: park.musterPoints.features.map((m) => m.properties.node_id).filter(ok),
    enterprises,
  }
  // a park without a dedicated gate still lets hazmat trucks in, through the general gates
  if (places.dedicatedGates.length === 0) places.dedicatedGates = places.generalGates
  if (places.generalGates.length === 0 || places.enterprises.length === 0) {
    throw new Error('tag simulator needs at least one reachable gate and one enterprise')
  }
  return places
}
