import { pointInPolygon, type LonLat } from './geo'
import type { RoadGraph } from './road-graph'
import { positionAlong, routeFromPath } from './route'

/** How far inside the fence a gate's checkpoint is, in metres along its road. */
export const gateInsetM = 5

type Rings = readonly (readonly (readonly number[])[])[]

/**
 * Nodes on the fence line: the gates (drawn exactly on the boundary, where a point-in-polygon test
 * can go either way) and any node outside the boundary. Tags never stand on these.
 */
export function fenceNodes(graph: RoadGraph, boundary: Rings, gateNodeIds: Iterable<string>): Set<string> {
  const fence = new Set(gateNodeIds)
  for (const [id, node] of graph.nodes) if (!pointInPolygon(node.lonLat, boundary)) fence.add(id)
  return fence
}

/**
 * Where a tag waiting at a node stands: the node itself, or for a fence node the checkpoint
 * `gateInsetM` along its first road into the park. Cached per node.
 */
export function standPoints(graph: RoadGraph, fence: ReadonlySet<string>): (id: string) => LonLat {
  const cache = new Map<string, LonLat>()
  return (id) => {
    const hit = cache.get(id)
    if (hit) return hit
    const node = graph.nodes.get(id)
    if (!node) throw new Error(`unknown road node ${id}`)
    let p: LonLat = node.lonLat
    const first = graph.adjacency.get(id)?.[0]
    if (fence.has(id) && first) {
      const path = { nodeIds: [id, first.to], steps: [first], cost: 0, lengthM: first.edge.lengthM }
      p = positionAlong(routeFromPath(graph, path), Math.min(gateInsetM, first.edge.lengthM / 2)).lonLat
    }
    cache.set(id, p)
    return p
  }
}
