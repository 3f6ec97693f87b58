// The planned route (规划路线) of a hazmat booking, on the park's road graph as stored in PostGIS: the dedicated
// gate → the hazmat parking (wait for the dispatch order) → the destination parcel's frontage node → back to the
// gate. Pure planning over a graph; `loadRoadNetwork` reads the graph and the places in the caller's transaction.
import type { FeatureCollection, LineString, Point } from '../../contracts/geo'
import type { RoadNodeProps, RoadProps } from '../../../geodata/types'
import { distanceToRingM, haversineM, ringCentre, type LonLat } from '../../../sensors/simulators/tags/geo'
import { buildRoadGraph, shortestPath, type RoadGraph } from '../../../sensors/simulators/tags/road-graph'
import type { Queryable } from '../../platform/db/db'

export interface RoadNetwork {
  graph: RoadGraph
  /** nodes of the largest connected part: every place a truck is sent to is among them */
  usable: Set<string>
}

export interface PlannedRoute {
  line: [number, number][]
  nodes: string[]
  lengthM: number
  /** metres along the line where each stop after the first is reached */
  stopsM: number[]
}

/** Node ids of the largest connected component. */
export function largestComponent(graph: RoadGraph): Set<string> {
  const seen = new Set<string>()
  let best = new Set<string>()
  for (const start of [...graph.nodes.keys()].sort()) {
    if (seen.has(start)) continue
    const comp = new Set([start])
    const stack = [start]
    while (stack.length > 0)
      for (const adj of graph.adjacency.get(stack.pop()!) ?? [])
        if (!comp.has(adj.to)) {
          comp.add(adj.to)
          stack.push(adj.to)
        }
    comp.forEach((id) => seen.add(id))
    if (comp.size > best.size) best = comp
  }
  return best
}

/** Nodes this close to a parcel's edge are on its frontage (road half-width plus setback). */
const frontageM = 60

/** The node where a visit to a parcel begins: on its frontage and nearest its centre; else the nearest node. */
export function frontageNode(net: RoadNetwork, ring: readonly (readonly number[])[]): string | null {
  const centre = ringCentre(ring)
  let bestId: string | null = null
  let bestScore = Infinity
  for (const id of [...net.usable].sort()) {
    const p = net.graph.nodes.get(id)!.lonLat
    const score = haversineM(p, centre) + (distanceToRingM(p, ring) <= frontageM ? 0 : 1e7)
    if (score < bestScore) [bestId, bestScore] = [id, score]
  }
  return bestId
}

/** The node nearest a point, among the usable ones. */
export function nearestNode(net: RoadNetwork, p: LonLat): string | null {
  let bestId: string | null = null
  let best = Infinity
  for (const id of net.usable) {
    const d = haversineM(net.graph.nodes.get(id)!.lonLat, p)
    if (d < best) [bestId, best] = [id, d]
  }
  return bestId
}

/** Shortest paths through the stops in order, joined into one polyline; null when a leg is unreachable. */
export function planRoute(net: RoadNetwork, stops: readonly string[]): PlannedRoute | null {
  const line: [number, number][] = []
  const nodes: string[] = []
  let lengthM = 0
  const stopsM: number[] = []
  for (let i = 1; i < stops.length; i++) {
    if (stops[i - 1] === stops[i]) {
      stopsM.push(lengthM)
      continue
    }
    const path = shortestPath(net.graph, stops[i - 1]!, stops[i]!)
    if (!path) return null
    lengthM += path.lengthM
    stopsM.push(lengthM)
    for (const id of path.nodeIds) if (nodes.at(-1) !== id) nodes.push(id)
    for (const step of path.steps) {
      const coords = step.reverse ? [...step.edge.coords].reverse() : step.edge.coords
      for (const c of coords) {
        const last = line.at(-1)
        if (!last || last[0] !== c[0] || last[1] !== c[1]) line.push([c[0], c[1]])
      }
    }
  }
  if (line.length < 2) {
    // all stops on one node: a degenerate but valid corridor around it
    const only = net.graph.nodes.get(stops[0]!)?.lonLat
    if (!only) return null
    return {
      line: [
        [only[0], only[1]],
        [only[0] + 1e-6, only[1]],
      ],
      nodes: [stops[0]!],
      lengthM: 0,
      stopsM: stops.slice(1).map(() => 0),
    }
  }
  return { line, nodes, lengthM, stopsM }
}

/** Reads the road graph from PostGIS (`road_nodes`, `roads`). */
export async function loadRoadNetwork(q: Queryable): Promise<RoadNetwork> {
  const n = await q.query<{ id: string; name: string | null; g: string }>(
    'SELECT id, name, ST_AsGeoJSON(geom) AS g FROM road_nodes ORDER BY id',
  )
  const r = await q.query<RoadProps & { id: string; g: string }>(
    `SELECT id, from_node, to_node, name, name_en, width_m, speed_limit_kmh, road_class, ST_AsGeoJSON(geom) AS g
       FROM roads ORDER BY id`,
  )
  const roadNodes: FeatureCollection<Point, RoadNodeProps> = {
    type: 'FeatureCollection',
    features: n.rows.map((row) => ({
      type: 'Feature',
      id: row.id,
      properties: row.name ? { name: row.name } : {},
      geometry: JSON.parse(row.g) as Point,
    })),
  }
  const roads: FeatureCollection<LineString, RoadProps> = {
    type: 'FeatureCollection',
    features: r.rows.map(({ g, id, ...props }) => ({
      type: 'Feature',
      id,
      properties: props,
      geometry: JSON.parse(g) as LineString,
    })),
  }
  const graph = buildRoadGraph(roadNodes, roads)
  return { graph, usable: largestComponent(graph) }
}
