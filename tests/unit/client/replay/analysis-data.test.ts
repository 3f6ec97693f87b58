// deck.gl analysis data: replay feed → TripsLayer paths with relative times, dwell cells, a fitted view.
import { describe, expect, it } from 'vitest'
import type { ReplayFeed } from '../../../../server/contracts/tracks'
import { encodeReplay } from '../../../../server/modules/tracks/tracks.service'
import { dwellCells, fitView, tripsFromFeed } from '../../../../client/analysis/analysis-data'

const from = '2026-11-27T02:00:00.000Z'
const t0 = Date.parse(from)
const feed: ReplayFeed = {
  from,
  to: '2026-11-27T03:00:00.000Z',
  step_s: 5,
  tracks: [
    // stands 10 min at one spot, then 5 s later moves 100 m
    encodeReplay({
      id: 'A',
      kind: 'vehicle',
      label: 'A',
      t: [t0, t0 + 300_000, t0 + 600_000, t0 + 605_000],
      lon: [120.95, 120.95, 120.95, 120.951],
      lat: [31.94, 31.94, 31.94, 31.94],
    }),
    encodeReplay({ id: 'B', kind: 'staff', label: 'B', t: [t0], lon: [120.9], lat: [31.9] }),
  ],
}

describe('analysis data', () => {
  it('one path per tag with at least two samples, times in seconds from the window start', () => {
    const trips = tripsFromFeed(feed)
    expect(trips).toHaveLength(1)
    expect(trips[0]!.timestamps).toEqual([0, 300, 600, 605])
    expect(trips[0]!.path[3]![0]).toBeCloseTo(120.951, 6)
  })
  it('dwell: seconds per cell, gaps capped', () => {
    const cells = dwellCells(feed, 10, 60)
    const total = cells.reduce((n, c) => n + c.weight, 0)
    expect(total).toBe(60 + 60 + 5)
    expect(Math.max(...cells.map((c) => c.weight))).toBe(125)
    expect(dwellCells(feed, 10, 600).reduce((n, c) => n + c.weight, 0)).toBe(605)
  })
  it('fits a ring in the canvas', () => {
    const v = fitView(
      [
        [120.93, 31.92],
        [120.97, 31.92],
        [120.97, 31.96],
        [120.93, 31.96],
      ],
      900,
      520,
    )
    expect(v.longitude).toBeCloseTo(120.95, 6)
    expect(v.latitude).toBeCloseTo(31.94, 6)
    expect(v.zoom).toBeGreaterThan(12)
    expect(v.zoom).toBeLessThan(15)
  })
})
