import { describe, expect, it } from 'vitest'
import type { Position } from '../../../../../server/contracts'
import {
  anchorOf,
  bboxOf,
  flatDegrees,
  openRing,
  outerRing,
  ringArea,
  ringCentroid,
} from '../../../../../client/twin/geo/polygon-math'
import { riverPolygon } from '../../../../../client/twin/geo/river'

const square: Position[] = [
  [0, 0],
  [2, 0],
  [2, 2],
  [0, 2],
  [0, 0],
]

describe('polygon math', () => {
  it('computes area sign and centroid', () => {
    expect(ringArea(square)).toBe(4)
    expect(ringArea([...square].reverse())).toBe(-4)
    expect(ringCentroid(square)).toEqual([1, 1])
    const l: Position[] = [
      [0, 0],
      [4, 0],
      [4, 1],
      [1, 1],
      [1, 4],
      [0, 4],
      [0, 0],
    ]
    const [cx, cy] = ringCentroid(l)
    expect(cx).toBeCloseTo(19 / 14, 10)
    expect(cy).toBeCloseTo(19 / 14, 10)
  })

  it('anchors points, lines and polygons', () => {
    expect(anchorOf({ type: 'Point', coordinates: [120.95, 31.95] })).toEqual([120.95, 31.95])
    expect(anchorOf({ type: 'Polygon', coordinates: [square] })).toEqual([1, 1])
    expect(
      anchorOf({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
          [2, 2],
        ],
      }),
    ).toEqual([1, 1])
  })

  it('picks the largest part of a multipolygon', () => {
    const small: Position[] = [
      [10, 10],
      [11, 10],
      [11, 11],
      [10, 10],
    ]
    expect(outerRing({ type: 'MultiPolygon', coordinates: [[small], [square]] })).toBe(square)
    expect(outerRing({ type: 'Point', coordinates: [0, 0] })).toEqual([])
  })

  it('opens, flattens and bounds rings', () => {
    expect(openRing(square)).toHaveLength(4)
    expect(
      flatDegrees([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([1, 2, 3, 4])
    expect(bboxOf([square, [[-1, 5]]])).toEqual([-1, 0, 2, 5])
    expect(bboxOf([])).toBeNull()
  })
})

describe('riverPolygon', () => {
  // a park-like quadrilateral whose north-west edge runs WSW → ENE
  const boundary: Position[] = [
    [120.924, 31.9455],
    [120.967, 31.9334],
    [120.973, 31.9487],
    [120.93, 31.9648],
    [120.924, 31.9455],
  ]
  const lat0 = 31.95
  const cos = Math.cos((lat0 * Math.PI) / 180)
  // metres towards the north-north-west (left of a river running at bearing 70°)
  const across = ([lon, lat]: Position) =>
    (-(lon - 120.95) * cos * Math.cos((70 * Math.PI) / 180) + (lat - lat0) * Math.sin((70 * Math.PI) / 180)) *
    111_320

  it('is a closed ring wholly beyond the boundary on the river side', () => {
    const { ring, labelAt } = riverPolygon(boundary, { gapM: 300 })
    expect(ring[0]).toEqual(ring[ring.length - 1])
    const parkMax = Math.max(...boundary.map(across))
    for (const p of ring) expect(across(p)).toBeGreaterThan(parkMax + 299)
    expect(across(labelAt!)).toBeGreaterThan(parkMax + 300)
  })

  it('is wide like the Yangtze and longer than the park', () => {
    const { ring } = riverPolygon(boundary, { widthM: 2000, reachM: 10_000 })
    const area = Math.abs(ringArea(ring)) * 111_320 ** 2 * cos
    expect(area).toBeGreaterThan(2000 * 20_000)
  })

  it('draws nothing without a boundary', () => {
    expect(riverPolygon([])).toEqual({ ring: [], labelAt: null })
  })
})
