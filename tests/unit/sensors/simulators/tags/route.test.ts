import { describe, expect, it } from 'vitest'
import {
  bearingDeg,
  distanceToSegmentM,
  haversineM,
  offsetM,
  pointInPolygon,
} from '../../../../../sensors/simulators/tags/geo'
import { buildRoadGraph, shortestPath } from '../../../../../sensors/simulators/tags/road-graph'
import { positionAlong, routeFromPath } from '../../../../../sensors/simulators/tags/route'
import { miniPark } from '../../../../fixtures/mini-park'

describe('geo helpers', () => {
  it.each([
    ['north', [120, 32.001], 0],
    ['east', [120.001, 32], 90],
    ['south', [120, 31.999], 180],
    ['west', [119.999, 32], 270],
  ] as const)('bearing %s', (_, to, expected) => {
    expect(bearingDeg([120, 32], to)).toBeCloseTo(expected, 1)
  })

  it('offsets by metres', () => {
    const p = offsetM([120, 32], 30, -40)
    expect(haversineM([120, 32], p)).toBeCloseTo(50, 1)
    expect(bearingDeg([120, 32], p)).toBeCloseTo(180 - (Math.atan2(30, 40) * 180) / Math.PI, 1)
  })

  it('measures distance to a segment', () => {
    const a = [120, 32] as const
    const b = [120.001, 32] as const
    expect(distanceToSegmentM(offsetM([120.0005, 32], 0, 30), a, b)).toBeCloseTo(30, 1)
    expect(distanceToSegmentM(offsetM(a, -40, 0), a, b)).toBeCloseTo(40, 1)
  })

  it('tests points against a polygon', () => {
    const square = [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ],
    ]
    expect(pointInPolygon([0.5, 0.5], square)).toBe(true)
    expect(pointInPolygon([1.5, 0.5], square)).toBe(false)
  })
})

describe('route interpolation', () => {
  const park = miniPark()
  const graph = buildRoadGraph(park.roadNodes, park.roads)

  it('heads north on a north-going road and east on an east-going one', () => {
    const north = routeFromPath(graph, shortestPath(graph, 'N-1-3', 'N-2-3')!)
    expect(positionAlong(north, north.lengthM / 2).headingDeg).toBeCloseTo(0, 1)
    const east = routeFromPath(graph, shortestPath(graph, 'N-2-1', 'N-2-2')!)
    expect(positionAlong(east, 10).headingDeg).toBeCloseTo(90, 0)
    const south = routeFromPath(graph, shortestPath(graph, 'N-2-3', 'N-1-3')!)
    expect(positionAlong(south, 10).headingDeg).toBeCloseTo(180, 1)
  })

  it('interpolates by distance and clamps to the ends', () => {
    const route = routeFromPath(graph, shortestPath(graph, 'N-2-1', 'N-2-3')!)
    expect(route.lengthM).toBeCloseTo(800, -1)
    const start = graph.nodes.get('N-2-1')!.lonLat
    const end = graph.nodes.get('N-2-3')!.lonLat
    expect(haversineM(positionAlong(route, 500).lonLat, start)).toBeCloseTo(500, 0)
    expect(positionAlong(route, -5).lonLat).toEqual([...start])
    expect(haversineM(positionAlong(route, 1e6).lonLat, end)).toBeLessThan(1e-6)
    expect(positionAlong(route, 10).speedLimitKmh).toBe(30)
  })
})
