// Evacuation routing (pure; hazard-models.md "Who is inside, and where they go"): the road graph with the edges
// inside the red zone removed and those inside the orange zone made `orangeFactor` times as costly; a Dijkstra from
// the eligible muster points (集合点) over the reversed graph (roads are two-way, so the same adjacency) gives each
// road node its route to every point; people are assigned greedily along the shortest routes within each point's
// capacity, so when the nearest point is full the next (the alternate) takes them. Eligible points lie outside
// every zone (upwind / clear of the release); only when there is none, points in yellow or orange are used, orange
// ones penalised, never one in red.
import { MinHeap } from '../../../sensors/simulators/tags/min-heap'
import type { LonLat } from '../../../sensors/simulators/tags/geo'
import type { RoadEdge, RoadGraph } from '../../../sensors/simulators/tags/road-graph'
import { levelAt, type Level, type Located, type ZonePolygon } from './who-inside'

const rad = Math.PI / 180
const earthRadiusM = 6371008.8

/** Equirectangular distance: exact enough over a park, and cheap for thousands of people × hundreds of nodes. */
export function flatDistanceM(a: LonLat, b: LonLat): number {
  const x = (b[0] - a[0]) * rad * Math.cos(((a[1] + b[1]) / 2) * rad)
  const y = (b[1] - a[1]) * rad
  return Math.sqrt(x * x + y * y) * earthRadiusM
}

/**
 * The most severe zone level an edge passes through: its vertices and points every `stepM` along each segment
 * are tested (a road that only clips a zone's corner between samples is missed; 10 m is below a road's width).
 */
export function classifyEdges(
  graph: RoadGraph,
  zones: readonly ZonePolygon[],
  stepM = 10,
): Map<string, Level> {
  const out = new Map<string, Level>()
  if (!zones.length) return out
  const rank = (l: Level | null) => (l === 'red' ? 3 : l === 'orange' ? 2 : l === 'yellow' ? 1 : 0)
  for (const e of graph.edges) {
    let worst: Level | null = null
    const test = (p: LonLat) => {
      const l = levelAt(zones, p)
      return rank(l) > rank(worst) ? l : worst
    }
    for (let i = 0; i < e.coords.length && worst !== 'red'; i++) {
      const a = e.coords[i]!
      worst = test(a)
      const b = e.coords[i + 1]
      if (!b) break
      const n = Math.floor(flatDistanceM(a, b) / stepM)
      for (let k = 1; k <= n && worst !== 'red'; k++) {
        const f = k / (n + 1)
        worst = test([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f])
      }
    }
    if (worst) out.set(e.id, worst)
  }
  return out
}

export interface Source {
  node: string
  /** cost already spent at the source (a penalty for a point in a zone) */
  cost: number
}

export interface ShortestTree {
  /** cost from the nearest source to each reached node */
  dist: Map<string, number>
  /** the step from a node towards its source: the edge and the node at its other end */
  toward: Map<string, { edge: RoadEdge; next: string }>
  /** index (in `sources`) of the source each node reaches */
  origin: Map<string, number>
}

/**
 * Multi-source Dijkstra: from all `sources` at once, each node gets its cheapest source and the path to it.
 * `edgeCost` of Infinity removes the edge. With one source it is that source's shortest-path tree.
 */
export function multiSourceDijkstra(
  graph: RoadGraph,
  sources: readonly Source[],
  edgeCost: (e: RoadEdge) => number,
): ShortestTree {
  const dist = new Map<string, number>()
  const toward = new Map<string, { edge: RoadEdge; next: string }>()
  const origin = new Map<string, number>()
  const heap = new MinHeap<string>()
  sources.forEach((s, i) => {
    if (!graph.nodes.has(s.node)) return
    if (s.cost < (dist.get(s.node) ?? Infinity)) {
      dist.set(s.node, s.cost)
      origin.set(s.node, i)
      heap.push(s.cost, s.node)
    }
  })
  for (let top = heap.pop(); top; top = heap.pop()) {
    const [d, id] = top
    if (d > dist.get(id)!) continue
    for (const adj of graph.adjacency.get(id) ?? []) {
      const c = edgeCost(adj.edge)
      if (!Number.isFinite(c)) continue
      const nd = d + c
      if (nd < (dist.get(adj.to) ?? Infinity)) {
        dist.set(adj.to, nd)
        toward.set(adj.to, { edge: adj.edge, next: id })
        origin.set(adj.to, origin.get(id)!)
        heap.push(nd, adj.to)
      }
    }
  }
  return { dist, toward, origin }
}

/** The path from `node` to its source in a tree: the node ids, the polyline (oriented), and its length in metres. */
export function pathToSource(graph: RoadGraph, tree: ShortestTree, node: string) {
  const nodes = [node]
  const line: [number, number][] = []
  const edges: string[] = []
  let lengthM = 0
  const start = graph.nodes.get(node)
  if (start) line.push([start.lonLat[0], start.lonLat[1]])
  for (let at = node, step = tree.toward.get(at); step; step = tree.toward.get(at)) {
    const coords = step.edge.from === at ? step.edge.coords : [...step.edge.coords].reverse()
    for (let i = 1; i < coords.length; i++) line.push([coords[i]![0], coords[i]![1]])
    lengthM += step.edge.lengthM
    edges.push(step.edge.id)
    nodes.push(step.next)
    at = step.next
  }
  return { nodes, edges, line, lengthM }
}

export interface MusterInput {
  id: string
  node_id: string
  lon: number
  lat: number
  capacity: number
}

export interface EvacuationOptions {
  /** cost factor of an edge in the orange zone (default 5) */
  orangeFactor?: number
  /** cost factor of an edge in the yellow zone (default 1.5) */
  yellowFactor?: number
  /** start cost (m) of a fallback point in the orange zone (default 2,000) */
  orangePointPenaltyM?: number
  /** sampling step along edges when classifying them (default 10 m) */
  sampleStepM?: number
}

export interface PointPlan {
  id: string
  node_id: string
  capacity: number
  /** zone level at the point, or null (outside every zone) */
  level: Level | null
  /** 'eligible': outside all zones; 'fallback': used in a zone because no point is clear; 'excluded' */
  status: 'eligible' | 'fallback' | 'excluded'
  reason: string | null
  assigned: number
}

export interface PersonPlan {
  tag_id: string
  muster_id: string | null
  /** true when the person goes to another point than the nearest, which is full */
  alternate: boolean
  /** true when every reachable point is full and the person is sent to the nearest anyway */
  over_capacity: boolean
  /** the road node where the person joins the graph (the nearest one with a safe route) */
  start_node: string | null
  /** straight walk to the start node, m */
  walk_m: number
  /** walk + road length, m */
  length_m: number
  /** [person, start node, …, muster point] */
  route: [number, number][]
  /** road edges along the route */
  edges: string[]
  reason: string | null
}

export interface EvacuationPlan {
  points: PointPlan[]
  people: PersonPlan[]
  edges: { red: string[]; orange: string[]; yellow: string[] }
  unassigned: number
}

export interface EvacuationInput {
  graph: RoadGraph
  /** nodes people may start from (the largest connected part of the graph) */
  usable: ReadonlySet<string>
  zones: readonly ZonePolygon[]
  points: readonly MusterInput[]
  people: readonly Located[]
  options?: EvacuationOptions
}

/** Plans everyone's route to a muster point (see the file header). */
export function planEvacuation({
  graph,
  usable,
  zones,
  points,
  people,
  options = {},
}: EvacuationInput): EvacuationPlan {
  const orangeFactor = options.orangeFactor ?? 5
  const yellowFactor = options.yellowFactor ?? 1.5
  const edgeLevel = classifyEdges(graph, zones, options.sampleStepM ?? 10)
  const cost = (e: RoadEdge) => {
    const l = edgeLevel.get(e.id)
    return l === 'red'
      ? Infinity
      : l === 'orange'
        ? e.lengthM * orangeFactor
        : l === 'yellow'
          ? e.lengthM * yellowFactor
          : e.lengthM
  }

  // the points: clear ones; else, only when none is clear, those in yellow or orange (orange penalised)
  const pointPlans: PointPlan[] = points.map((m) => {
    const level = levelAt(zones, [m.lon, m.lat])
    const onGraph = graph.nodes.has(m.node_id)
    return {
      id: m.id,
      node_id: m.node_id,
      capacity: m.capacity,
      level,
      status: onGraph && level === null ? 'eligible' : 'excluded',
      reason: !onGraph
        ? `node ${m.node_id} is not on the road graph`
        : level
          ? `inside the ${level} zone`
          : null,
      assigned: 0,
    }
  })
  if (!pointPlans.some((p) => p.status === 'eligible'))
    for (const p of pointPlans)
      if (graph.nodes.has(p.node_id) && p.level !== 'red') {
        p.status = 'fallback'
        p.reason = `inside the ${p.level} zone; no muster point is clear of the zones`
      }
  const used = pointPlans.filter((p) => p.status !== 'excluded')
  const trees = used.map((p) =>
    multiSourceDijkstra(
      graph,
      [{ node: p.node_id, cost: p.level === 'orange' ? (options.orangePointPenaltyM ?? 2000) : 0 }],
      cost,
    ),
  )

  // start nodes: usable, not inside the red zone, with a route to at least one point
  const nearestDist = new Map<string, number>()
  const starts: { id: string; p: LonLat }[] = []
  for (const id of usable) {
    const node = graph.nodes.get(id)
    if (!node) continue
    let best = Infinity
    for (const t of trees) best = Math.min(best, t.dist.get(id) ?? Infinity)
    if (!Number.isFinite(best)) continue
    if (levelAt(zones, node.lonLat) === 'red') continue
    nearestDist.set(id, best)
    starts.push({ id, p: node.lonLat })
  }

  const plans: PersonPlan[] = []
  const pairs: { person: number; point: number; cost: number }[] = []
  for (const person of people) {
    const p: LonLat = [person.lon, person.lat]
    let startId: string | null = null
    let walk = Infinity
    for (const s of starts) {
      const d = flatDistanceM(p, s.p)
      if (d < walk) [startId, walk] = [s.id, d]
    }
    const i = plans.length
    plans.push({
      tag_id: person.tag_id,
      muster_id: null,
      alternate: false,
      over_capacity: false,
      start_node: startId,
      walk_m: Number.isFinite(walk) ? walk : 0,
      length_m: 0,
      route: [],
      edges: [],
      reason: startId ? null : 'no safe route to any muster point',
    })
    if (!startId) continue
    trees.forEach((t, k) => {
      const d = t.dist.get(startId!)
      if (d !== undefined) pairs.push({ person: i, point: k, cost: walk + d })
    })
  }

  // greedy: the cheapest (person, point) pairs first, within capacity
  pairs.sort((a, b) => a.cost - b.cost || a.person - b.person || a.point - b.point)
  const chosen = new Int32Array(plans.length).fill(-1)
  const nearest = new Int32Array(plans.length).fill(-1)
  for (const pr of pairs) {
    if (nearest[pr.person] === -1) nearest[pr.person] = pr.point
    if (chosen[pr.person] !== -1) continue
    const pt = used[pr.point]!
    if (pt.assigned >= pt.capacity) continue
    chosen[pr.person] = pr.point
    pt.assigned++
  }
  let unassigned = 0
  const routeCache = new Map<string, ReturnType<typeof pathToSource>>()
  plans.forEach((plan, i) => {
    if (!plan.start_node) {
      unassigned++
      return
    }
    let k = chosen[i]!
    if (k === -1) {
      // every reachable point is full: the nearest takes them over its capacity
      k = nearest[i]!
      plan.over_capacity = true
      used[k]!.assigned++
    }
    plan.alternate = k !== nearest[i]
    const pt = used[k]!
    plan.muster_id = pt.id
    const key = `${plan.start_node}>${k}`
    let path = routeCache.get(key)
    if (!path) routeCache.set(key, (path = pathToSource(graph, trees[k]!, plan.start_node)))
    const person = people[i]!
    plan.route = [[person.lon, person.lat], ...path.line]
    plan.edges = path.edges
    plan.length_m = plan.walk_m + path.lengthM
  })

  const byLevel = (l: Level) => [...edgeLevel].filter(([, v]) => v === l).map(([id]) => id)
  return {
    points: pointPlans,
    people: plans,
    edges: { red: byLevel('red'), orange: byLevel('orange'), yellow: byLevel('yellow') },
    unassigned,
  }
}
