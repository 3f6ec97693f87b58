import type { FeatureCollection, LineString, Point } from '../../../server/contracts/geo'
import type { RoadClass, RoadNodeProps, RoadProps } from '../../../geodata/types'
import { haversineM, type LonLat } from './geo'
import { MinHeap } from './min-heap'

export interface RoadNode {
  id: string
  lonLat: LonLat
}

/** A zone's posted speed limit on a road that passes through it (see sim-zones.ts). */
export interface ZoneCap {
  zoneId: string
  limitKmh: number
}

/** One road between two nodes; traversable both ways. `coords` run from `from` to `to`. */
export interface RoadEdge {
  id: string
  from: string
  to: string
  coords: LonLat[]
  lengthM: number
  speedLimitKmh: number
  widthM: number
  roadClass: RoadClass
  /** limits of the speed zones and corridors the road passes through; none when absent */
  zoneCaps?: readonly ZoneCap[]
}

export interface Adjacent {
  edge: RoadEdge
  to: string
  /** true when travelling the edge from `to` back to `from` */
  reverse: boolean
}

export interface RoadGraph {
  nodes: Map<string, RoadNode>
  edges: RoadEdge[]
  adjacency: Map<string, Adjacent[]>
}

export interface Path {
  nodeIds: string[]
  steps: Adjacent[]
  cost: number
  lengthM: number
}

/** Travel cost of an edge; the default is its length in metres. */
export type EdgeCost = (edge: RoadEdge) => number

const lengthCost: EdgeCost = (e) => e.lengthM

function polylineLengthM(coords: readonly LonLat[]): number {
  let m = 0
  for (let i = 1; i < coords.length; i++) m += haversineM(coords[i - 1]!, coords[i]!)
  return m
}

export function buildRoadGraph(
  roadNodes: FeatureCollection<Point, RoadNodeProps>,
  roads: FeatureCollection<LineString, RoadProps>,
): RoadGraph {
  const nodes = new Map<string, RoadNode>()
  const adjacency = new Map<string, Adjacent[]>()
  for (const f of roadNodes.features) {
    nodes.set(f.id, { id: f.id, lonLat: [f.geometry.coordinates[0], f.geometry.coordinates[1]] })
    adjacency.set(f.id, [])
  }
  const edges: RoadEdge[] = []
  for (const f of roads.features) {
    const { from_node: from, to_node: to } = f.properties
    const a = nodes.get(from)
    const b = nodes.get(to)
    if (!a || !b) throw new Error(`road ${f.id} joins unknown node ${a ? to : from}`)
    let coords: LonLat[] = f.geometry.coordinates.map((c) => [c[0], c[1]] as const)
    // the line's vertex order is not promised to match from→to; orient it by its ends
    if (coords.length >= 2 && haversineM(coords[0]!, a.lonLat) > haversineM(coords.at(-1)!, a.lonLat)) {
      coords = coords.reverse()
    }
    // snap the ends onto the nodes so consecutive edges join without gaps
    coords = [a.lonLat, ...coords.slice(1, -1), b.lonLat]
    const edge: RoadEdge = {
      id: f.id,
      from,
      to,
      coords,
      lengthM: polylineLengthM(coords),
      speedLimitKmh: f.properties.speed_limit_kmh,
      widthM: f.properties.width_m,
      roadClass: f.properties.road_class,
    }
    edges.push(edge)
    adjacency.get(from)!.push({ edge, to, reverse: false })
    adjacency.get(to)!.push({ edge, to: from, reverse: true })
  }
  return { nodes, edges, adjacency }
}

/** Two paths end to end (`b` starting where `a` ends). */
export function joinPaths(a: Path, b: Path): Path {
  return {
    nodeIds: [...a.nodeIds, ...b.nodeIds.slice(1)],
    steps: [...a.steps, ...b.steps],
    cost: a.cost + b.cost,
    lengthM: a.lengthM + b.lengthM,
  }
}

/** Dijkstra from `fromId` to `toId`; null when unreachable. */
export function shortestPath(
  graph: RoadGraph,
  fromId: string,
  toId: string,
  cost: EdgeCost = lengthCost,
): Path | null {
  if (!graph.nodes.has(fromId) || !graph.nodes.has(toId)) return null
  const best = new Map<string, number>([[fromId, 0]])
  const via = new Map<string, Adjacent & { prev: string }>()
  const heap = new MinHeap<string>()
  heap.push(0, fromId)
  for (let top = heap.pop(); top; top = heap.pop()) {
    const [d, id] = top
    if (d > (best.get(id) ?? Infinity)) continue // stale entry
    if (id === toId) break
    for (const adj of graph.adjacency.get(id) ?? []) {
      const nd = d + cost(adj.edge)
      if (nd < (best.get(adj.to) ?? Infinity)) {
        best.set(adj.to, nd)
        via.set(adj.to, { ...adj, prev: id })
        heap.push(nd, adj.to)
      }
    }
  }
  if (!best.has(toId)) return null
  const steps: Adjacent[] = []
  const nodeIds = [toId]
  for (let id = toId; id !== fromId;) {
    const v = via.get(id)!
    steps.push({ edge: v.edge, to: v.to, reverse: v.reverse })
    nodeIds.push(v.prev)
    id = v.prev
  }
  steps.reverse()
  nodeIds.reverse()
  return { nodeIds, steps, cost: best.get(toId)!, lengthM: steps.reduce((m, s) => m + s.edge.lengthM, 0) }
}
