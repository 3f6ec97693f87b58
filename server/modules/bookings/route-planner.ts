// The planned route (规划路线) of a hazmat booking, on the park's road graph as stored in PostGIS: the dedicated
// gate → the hazmat parking (wait for the dispatch order) → the destination parcel's frontage node → back to the
// gate. Pure planning over a graph; `loadRoadNetwork` reads the graph and the places in the caller's transaction.
import type { FeatureCollection, LineString, Point } from '../../contracts/geo'
import type { RoadNodeProps, RoadProps } from '../../../geodata/types'
import { haversineM, type LonLat } from '../../../sensors/simulators/tags/geo'
import { buildRoadGraph, shortestPath, type RoadGraph } from '../../../sensors/simulators/tags/road-graph'
import {
  frontageNode as placesFrontageNode,
  largestComponent,
} from '../../../sensors/simulators/tags/park-places'
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

/** The node where a visit to a parcel begins (on its frontage, nearest its centre); null on an empty graph. */
export function frontageNode(net: RoadNetwork, ring: readonly (readonly number[])[]): string | null {
  return placesFrontageNode(net.graph, net.usable, ring) || null
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
