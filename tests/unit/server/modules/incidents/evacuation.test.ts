// Incident algorithms on a hand-made graph whose shortest paths are known: who is inside nested zones, edges
// classified by zone, multi-source Dijkstra with red edges removed and orange ones penalised, and the greedy
// capacity assignment that sends the overflow of a full point to its alternate.
import { describe, expect, it } from 'vitest'
import { offsetM, type LonLat } from '../../../../../sensors/simulators/tags/geo'
import { buildRoadGraph, type RoadGraph } from '../../../../../sensors/simulators/tags/road-graph'
import type { FeatureCollection, LineString, Point } from '../../../../../server/contracts/geo'
import type { RoadNodeProps, RoadProps } from '../../../../../geodata/types'
import {
  classifyEdges,
  multiSourceDijkstra,
  pathToSource,
  planEvacuation,
  type MusterInput,
} from '../../../../../server/modules/incidents/evacuation'
import {
  compileZones,
  levelAt,
  musterHeadcount,
  whoInside,
  type Level,
  type LevelFeature,
} from '../../../../../server/modules/incidents/who-inside'

const origin: LonLat = [120.95, 31.95]
/** metres east / north of the origin → [lon, lat] */
const at = (x: number, y: number) => offsetM(origin, x, y)

//  A(0,0) ── B(100,0) ── C(200,0)
//  │                      │
//  D(0,-100) ─ E(100,-100) ─ F(200,-100)
const nodes: Record<string, [number, number]> = {
  A: [0, 0],
  B: [100, 0],
  C: [200, 0],
  D: [0, -100],
  E: [100, -100],
  F: [200, -100],
}
const roads: [string, string][] = [
  ['A', 'B'],
  ['B', 'C'],
  ['A', 'D'],
  ['D', 'E'],
  ['E', 'F'],
  ['C', 'F'],
]
const edgeId = (a: string, b: string) => `${a}${b}`

function graph(): RoadGraph {
  const roadNodes: FeatureCollection<Point, RoadNodeProps> = {
    type: 'FeatureCollection',
    features: Object.entries(nodes).map(([id, [x, y]]) => ({
      type: 'Feature',
      id,
      properties: {},
      geometry: { type: 'Point', coordinates: at(x, y) },
    })),
  }
  const lines: FeatureCollection<LineString, RoadProps> = {
    type: 'FeatureCollection',
    features: roads.map(([a, b]) => ({
      type: 'Feature',
      id: edgeId(a, b),
      properties: {
        from_node: a,
        to_node: b,
        name: edgeId(a, b),
        name_en: edgeId(a, b),
        width_m: 8,
        speed_limit_kmh: 30,
        road_class: 'branch',
      },
      geometry: { type: 'LineString', coordinates: [at(...nodes[a]!), at(...nodes[b]!)] },
    })),
  }
  return buildRoadGraph(roadNodes, lines)
}

/** An axis-aligned square zone in metres around (cx, cy). */
const square = (level: Level, cx: number, cy: number, half: number): LevelFeature => ({
  properties: { level },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        at(cx - half, cy - half),
        at(cx + half, cy - half),
        at(cx + half, cy + half),
        at(cx - half, cy + half),
        at(cx - half, cy - half),
      ],
    ],
  },
})

describe('who is inside', () => {
  // nested squares centred on (50, 0): red ±10 m, orange ±30 m, yellow ±60 m
  const zones = compileZones([
    square('yellow', 50, 0, 60),
    square('red', 50, 0, 10),
    square('orange', 50, 0, 30),
  ])
  const source = at(50, 0)

  it('sorts the zones most severe first and answers the most severe level at a point', () => {
    expect(zones.map((z) => z.level)).toEqual(['red', 'orange', 'yellow'])
    expect(levelAt(zones, at(50, 5))).toBe('red')
    expect(levelAt(zones, at(50, 20))).toBe('orange')
    expect(levelAt(zones, at(50, 50))).toBe('yellow')
    expect(levelAt(zones, at(50, 70))).toBeNull()
  })

  it('lists each position once, at its most severe level, with the distance to the source', () => {
    const [lon, lat] = at(50, 5)
    const hits = whoInside(
      [
        { tag_id: 'y', lon: at(50, 50)[0], lat: at(50, 50)[1] },
        { tag_id: 'out', lon: at(200, 200)[0], lat: at(200, 200)[1] },
        { tag_id: 'r', lon, lat },
        { tag_id: 'o', lon: at(75, 0)[0], lat: at(75, 0)[1] },
        { tag_id: 'edge', lon: at(50, 61)[0], lat: at(50, 61)[1] },
      ],
      zones,
      source,
    )
    expect(hits.map((h) => [h.tag_id, h.level])).toEqual([
      ['r', 'red'],
      ['o', 'orange'],
      ['y', 'yellow'],
    ])
    expect(hits[0]!.distance_m).toBeCloseTo(5, 0)
    expect(hits[1]!.distance_m).toBeCloseTo(25, 0)
    expect(whoInside([{ tag_id: 'r', lon, lat }], [], source)).toEqual([])
  })

  it('counts cards within the radius of the nearer muster point', () => {
    const pts = [
      { id: 'M1', lon: at(0, 0)[0], lat: at(0, 0)[1] },
      { id: 'M2', lon: at(80, 0)[0], lat: at(80, 0)[1] },
    ]
    const p = (tag_id: string, x: number, y: number) => ({ tag_id, lon: at(x, y)[0], lat: at(x, y)[1] })
    const counts = musterHeadcount([p('a', 10, 0), p('b', 45, 0), p('c', 60, 0), p('far', 0, 200)], pts, 50)
    expect(counts.get('M1')).toEqual(['a'])
    expect(counts.get('M2')!.sort()).toEqual(['b', 'c'])
  })
})

describe('road graph under zones', () => {
  it('classifies an edge by the worst zone it passes through, even between its vertices', () => {
    const g = graph()
    // a red square in the middle of A–B (no node inside), orange around it reaching B–C? no: ±40 around (50,0)
    const zones = compileZones([square('red', 50, 0, 8), square('orange', 50, 0, 40)])
    const levels = classifyEdges(g, zones)
    expect(levels.get('AB')).toBe('red')
    expect(levels.has('BC')).toBe(false)
    expect(levels.has('AD')).toBe(false)
    expect(levels.size).toBe(1)
  })

  it('multi-source Dijkstra: known distances, red edges removed, orange ones penalised', () => {
    const g = graph()
    const len = (e: { lengthM: number }) => e.lengthM
    const plain = multiSourceDijkstra(g, [{ node: 'A', cost: 0 }], len)
    expect(plain.dist.get('C')).toBeCloseTo(200, 0)
    expect(plain.dist.get('F')).toBeCloseTo(300, 0)
    expect(pathToSource(g, plain, 'C').nodes).toEqual(['C', 'B', 'A'])

    // A–B removed: B is reached round the loop (A–D–E–F–C–B = 500 m)
    const noAB = multiSourceDijkstra(g, [{ node: 'A', cost: 0 }], (e) =>
      e.id === 'AB' ? Infinity : e.lengthM,
    )
    expect(noAB.dist.get('B')).toBeCloseTo(500, 0)
    expect(pathToSource(g, noAB, 'B').edges).not.toContain('AB')

    // B–C five times as costly (500): C is cheaper via D–E–F (400)
    const orange = multiSourceDijkstra(g, [{ node: 'A', cost: 0 }], (e) =>
      e.id === 'BC' ? e.lengthM * 5 : e.lengthM,
    )
    expect(orange.dist.get('C')).toBeCloseTo(400, 0)
    expect(pathToSource(g, orange, 'C').nodes).toEqual(['C', 'F', 'E', 'D', 'A'])

    // two sources: each node gets its nearer one
    const two = multiSourceDijkstra(
      g,
      [
        { node: 'A', cost: 0 },
        { node: 'F', cost: 0 },
      ],
      len,
    )
    expect(two.origin.get('B')).toBe(0)
    expect(two.origin.get('C')).toBe(1)
    expect(two.dist.get('E')).toBeCloseTo(100, 0)
    // a route is a polyline from the node to its source, oriented along the way
    const line = pathToSource(g, two, 'D').line
    expect(line[0]![0]).toBeCloseTo(at(0, -100)[0], 9)
    expect(line.at(-1)![0]).toBeCloseTo(at(0, 0)[0], 9)
  })
})

describe('evacuation plan', () => {
  const person = (tag_id: string, x: number, y: number) => ({ tag_id, lon: at(x, y)[0], lat: at(x, y)[1] })
  const point = (id: string, node: string, capacity: number): MusterInput => {
    const [lon, lat] = at(...nodes[node]!)
    return { id, node_id: node, lon, lat, capacity }
  }

  it('fills the nearest point to capacity, then sends the overflow to the alternate', () => {
    const g = graph()
    const plan = planEvacuation({
      graph: g,
      usable: new Set(g.nodes.keys()),
      zones: [],
      points: [point('M1', 'C', 2), point('M2', 'F', 10)],
      people: [person('p1', 0, 5), person('p2', 0, 10), person('p3', 0, 15)],
    })
    const by = Object.fromEntries(plan.people.map((p) => [p.tag_id, p]))
    // the two nearest (to A, 200 m to C) fill M1; the third goes to F (300 m), the alternate
    expect(by.p1).toMatchObject({ muster_id: 'M1', alternate: false, start_node: 'A', over_capacity: false })
    expect(by.p2).toMatchObject({ muster_id: 'M1', alternate: false })
    expect(by.p3).toMatchObject({ muster_id: 'M2', alternate: true })
    expect(by.p3!.length_m).toBeCloseTo(315, 0)
    expect(plan.points.map((p) => [p.id, p.assigned, p.status])).toEqual([
      ['M1', 2, 'eligible'],
      ['M2', 1, 'eligible'],
    ])
    // the route starts at the person and ends at the point
    expect(by.p1!.route[0]).toEqual(at(0, 5))
    expect(by.p1!.route.at(-1)![0]).toBeCloseTo(at(200, 0)[0], 9)
  })

  it('over capacity everywhere: the nearest point takes them, flagged', () => {
    const g = graph()
    const plan = planEvacuation({
      graph: g,
      usable: new Set(g.nodes.keys()),
      zones: [],
      points: [point('M1', 'C', 1)],
      people: [person('p1', 0, 0), person('p2', 0, 1)],
    })
    expect(plan.people.map((p) => [p.muster_id, p.over_capacity])).toEqual([
      ['M1', false],
      ['M1', true],
    ])
    expect(plan.points[0]!.assigned).toBe(2)
  })

  it('excludes points inside zones, never routes over a red edge, and prefers clear roads to orange ones', () => {
    const g = graph()
    // release at (100, 0) = B: red ±15 m around B (cuts A–B and B–C), orange ±60 m, yellow ±90 m
    const zones = compileZones([
      square('red', 100, 0, 15),
      square('orange', 100, 0, 60),
      square('yellow', 100, 0, 90),
    ])
    const plan = planEvacuation({
      graph: g,
      usable: new Set(g.nodes.keys()),
      zones,
      // M0 at B sits in the red zone; MC at C (200, 0) is outside every zone; MF at F (200,-100) too
      points: [point('M0', 'B', 100), point('MC', 'C', 100), point('MF', 'F', 100)],
      people: [person('near-release', 90, 0), person('west', 0, 0)],
    })
    expect(plan.points.find((p) => p.id === 'M0')).toMatchObject({ status: 'excluded', level: 'red' })
    expect(plan.edges.red.sort()).toEqual(['AB', 'BC'])
    const red = new Set(plan.edges.red)
    for (const p of plan.people) {
      expect(p.muster_id).not.toBeNull()
      expect(p.edges.some((e) => red.has(e))).toBe(false)
    }
    // the person at the release leaves crosswind to a node outside red (A: 90 m), then round the south road
    const near = plan.people.find((p) => p.tag_id === 'near-release')!
    expect(near.start_node).toBe('A')
    expect(near.edges).toEqual(['AD', 'DE', 'EF'])
    expect(near.muster_id).toBe('MF')
    // the points used lie outside every zone
    for (const p of plan.people) expect(['MC', 'MF']).toContain(p.muster_id)
  })

  it('uses points in a zone only when none is clear, never one in red; orange roads cost more', () => {
    const g = graph()
    const zones = compileZones([square('orange', 200, -50, 70), square('red', 0, 0, 5)])
    const plan = planEvacuation({
      graph: g,
      usable: new Set(g.nodes.keys()),
      zones,
      points: [point('MA', 'A', 100), point('MF', 'F', 100)],
      people: [person('p', 100, -100)],
    })
    expect(plan.points.map((p) => [p.id, p.status])).toEqual([
      ['MA', 'excluded'],
      ['MF', 'fallback'],
    ])
    expect(plan.people[0]).toMatchObject({ muster_id: 'MF' })
  })

  it('someone with no safe route is reported, not dropped', () => {
    const g = graph()
    const zones = compileZones([square('red', 100, -50, 200)])
    const plan = planEvacuation({
      graph: g,
      usable: new Set(g.nodes.keys()),
      zones,
      points: [point('MF', 'F', 10)],
      people: [person('p', 0, 0)],
    })
    expect(plan.unassigned).toBe(1)
    expect(plan.people[0]).toMatchObject({ muster_id: null, reason: 'no safe route to any muster point' })
  })
})
