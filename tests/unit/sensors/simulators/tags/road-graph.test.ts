import { distance } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import type { RoadClass } from '../../../../../geodata/types'
import type { Position } from '../../../../../server/contracts/geo'
import { buildRoadGraph, shortestPath } from '../../../../../sensors/simulators/tags/road-graph'

// A hand-made graph (1e-3° of latitude ≈ 111 m):  D ─── C
//                                                 │     │   E (isolated)
//                                                 A ─── B
const pos: Record<string, Position> = {
  A: [120, 32],
  B: [120.001, 32],
  C: [120.001, 32.001],
  D: [120, 32.001],
  E: [120.01, 32.01],
}
const road = (id: string, from: string, to: string, coords: Position[], roadClass: RoadClass = 'branch') => ({
  type: 'Feature' as const,
  id,
  geometry: { type: 'LineString' as const, coordinates: coords },
  properties: {
    from_node: from,
    to_node: to,
    name: id,
    name_en: id,
    width_m: 8,
    speed_limit_kmh: 30,
    road_class: roadClass,
  },
})
const nodes = {
  type: 'FeatureCollection' as const,
  features: Object.entries(pos).map(([id, coordinates]) => ({
    type: 'Feature' as const,
    id,
    geometry: { type: 'Point' as const, coordinates },
    properties: {},
  })),
}
const roads = {
  type: 'FeatureCollection' as const,
  features: [
    road('AB', 'A', 'B', [pos.A!, pos.B!]),
    road('BC', 'B', 'C', [pos.B!, pos.C!]),
    // drawn C→D although declared D→C: the graph must orient it
    road('DC', 'D', 'C', [pos.C!, pos.D!]),
    // A→D detours east, so it is longer than the straight 111 m
    road('AD', 'A', 'D', [pos.A!, [120.003, 32.0005], pos.D!], 'hazmat'),
  ],
}

describe('road graph', () => {
  const graph = buildRoadGraph(nodes, roads)

  it('measures edges in metres along their vertices', () => {
    const ab = graph.edges.find((e) => e.id === 'AB')!
    expect(ab.lengthM).toBeCloseTo(distance(pos.A!, pos.B!, { units: 'meters' }), 1)
    const ad = graph.edges.find((e) => e.id === 'AD')!
    expect(ad.lengthM).toBeGreaterThan(500)
    expect(graph.edges.find((e) => e.id === 'DC')!.coords[0]).toEqual(pos.D)
  })

  it('finds the shortest path by length, in both directions of a road', () => {
    const path = shortestPath(graph, 'A', 'D')!
    expect(path.nodeIds).toEqual(['A', 'B', 'C', 'D'])
    expect(path.steps.map((s) => [s.edge.id, s.reverse])).toEqual([
      ['AB', false],
      ['BC', false],
      ['DC', true],
    ])
    expect(path.lengthM).toBeCloseTo(path.cost, 6)
  })

  it('follows a custom cost', () => {
    const preferHazmat = shortestPath(
      graph,
      'A',
      'D',
      (e) => e.lengthM * (e.roadClass === 'hazmat' ? 0.3 : 1),
    )!
    expect(preferHazmat.nodeIds).toEqual(['A', 'D'])
  })

  it('returns null for unreachable or unknown nodes and an empty path to itself', () => {
    expect(shortestPath(graph, 'A', 'E')).toBeNull()
    expect(shortestPath(graph, 'A', 'nowhere')).toBeNull()
    expect(shortestPath(graph, 'B', 'B')).toMatchObject({ nodeIds: ['B'], steps: [], lengthM: 0 })
  })

  it('rejects a road joining an unknown node', () => {
    const bad = { ...roads, features: [road('AX', 'A', 'X', [pos.A!, pos.E!])] }
    expect(() => buildRoadGraph(nodes, bad)).toThrow(/unknown node X/)
  })
})
