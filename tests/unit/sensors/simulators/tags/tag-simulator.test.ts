import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { booleanPointInPolygon } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { parkDir, readPark } from '../../../../../geodata/read'
import { layerFiles, type ParkData } from '../../../../../geodata/types'
import { positionSample, type PositionSample } from '../../../../../server/contracts/live'
import { createManualClock } from '../../../../../sensors/simulators/clock'
import { distanceToSegmentM, haversineM, type LonLat } from '../../../../../sensors/simulators/tags/geo'
import { buildRoadGraph, type RoadEdge } from '../../../../../sensors/simulators/tags/road-graph'
import { gateInsetM } from '../../../../../sensors/simulators/tags/stand-points'
import { createTagSimulator } from '../../../../../sensors/simulators/tags/tag-simulator'
import { miniPark } from '../../../../fixtures/mini-park'

// the generated park joins in once geodata/generate.ts has written it
const generated = Object.values(layerFiles).every((f) => existsSync(join(parkDir, f)))

/** Runs a simulator for `minutes` at a 1 s tick; samples indexed [tick][tag]. */
function run(park: ParkData, minutes: number, seed = 1, tickMs = 1000): PositionSample[][] {
  const clock = createManualClock(Date.UTC(2025, 5, 1, 8))
  const sim = createTagSimulator({ park, seed, clock })
  const out = [sim.step()]
  for (let t = 0; t < (minutes * 60_000) / tickMs; t++) {
    clock.advance(tickMs)
    out.push(sim.step())
  }
  return out
}

/** Highest limit among the roads within 15 m of p: a vehicle there may be on any of them. */
function localLimitKmh(edges: RoadEdge[], p: LonLat): number {
  let limit = 0
  for (const e of edges) {
    for (let i = 1; i < e.coords.length; i++) {
      if (distanceToSegmentM(p, e.coords[i - 1]!, e.coords[i]!) < 15) limit = Math.max(limit, e.speedLimitKmh)
    }
  }
  return limit
}

describe.each([
  ['mini park fixture', miniPark, 30],
  ...(generated ? [['generated park', () => readPark(), 30] as const] : []),
] as const)('tag simulator on the %s', (_, load, minutes) => {
  const park = load()
  const ticks = run(park, minutes)
  const sim = createTagSimulator({ park, clock: createManualClock() })
  const kindOf = new Map(sim.tags.map((t) => [t.id, t.kind]))

  it('issues at least 50 cards in a realistic mix', () => {
    expect(sim.tags.length).toBeGreaterThanOrEqual(50)
    expect(sim.tags[0]!.id).toBe('CARD-0001')
    const kinds = new Set(sim.tags.map((t) => t.kind))
    expect([...kinds].sort()).toEqual(['contractor', 'hazmat_vehicle', 'staff', 'vehicle', 'visitor'])
    for (const t of sim.tags.filter((t) => t.kind === 'vehicle'))
      expect(t.label).toMatch(/^苏[A-Z]·[0-9A-Z]{5}$/)
    for (const t of sim.tags.filter((t) => t.kind === 'staff')) expect(t.enterprise_id).toBeNull()
    const firms = new Set(park.enterprises.features.map((e) => e.id))
    for (const t of sim.tags.filter((t) => t.kind !== 'staff')) expect(firms.has(t.enterprise_id!)).toBe(true)
  })

  it('emits one valid sample per tag per step', () => {
    for (const samples of ticks) expect(samples).toHaveLength(sim.tags.length)
    // schema checks are slow; every 10th step covers every tag in every state
    for (const samples of ticks.filter((_, i) => i % 10 === 0)) {
      for (const s of samples) expect(positionSample.safeParse(s).success, JSON.stringify(s)).toBe(true)
    }
  })

  it('keeps every tag inside the park boundary', () => {
    const outside = ticks.flat().filter((s) => !booleanPointInPolygon([s.lon, s.lat], park.boundary))
    expect(outside).toEqual([])
  })

  it('keeps vehicles within 110 % of the road limit and people at walking pace', () => {
    const edges = buildRoadGraph(park.roadNodes, park.roads).edges
    for (const samples of ticks.filter((_, i) => i % 5 === 0)) {
      for (const s of samples) {
        const kind = kindOf.get(s.tag_id)!
        if (kind === 'vehicle' || kind === 'hazmat_vehicle') {
          if (s.speed_kmh! > 0)
            expect(s.speed_kmh!).toBeLessThanOrEqual(localLimitKmh(edges, [s.lon, s.lat]) * 1.1)
        } else expect(s.speed_kmh!).toBeLessThanOrEqual(1.7 * 3.6 + 0.1)
      }
    }
  })

  it('starts hazmat vehicles at a dedicated gate', () => {
    const gates = park.gates.features.filter((g) => g.properties.gate_class === 'dedicated')
    const nodes = new Map(park.roadNodes.features.map((n) => [n.id, n.geometry.coordinates]))
    const gatePoints = gates.map((g) => nodes.get(g.properties.node_id)!)
    for (const s of ticks[0]!.filter((s) => kindOf.get(s.tag_id) === 'hazmat_vehicle')) {
      const nearestM = Math.min(...gatePoints.map((g) => haversineM([s.lon, s.lat], [g[0], g[1]])))
      expect(nearestM).toBeLessThan(gateInsetM + 1)
    }
  })

  it('moves every tag and lets some of them stop', () => {
    for (let i = 0; i < sim.tags.length; i++) {
      const path = ticks.map((samples) => samples[i]!)
      const spanM = Math.max(...path.map((s) => haversineM([path[0]!.lon, path[0]!.lat], [s.lon, s.lat])))
      expect(spanM, sim.tags[i]!.id).toBeGreaterThan(50)
    }
    const stopped = ticks.at(-1)!.filter((s) => s.speed_kmh === 0).length
    expect(stopped).toBeGreaterThan(0)
    expect(stopped).toBeLessThan(sim.tags.length)
  })
})

describe('tag simulator determinism', () => {
  const park = miniPark()

  it('repeats for a seed and differs between seeds', () => {
    expect(run(park, 3, 7)).toEqual(run(park, 3, 7))
    expect(run(park, 3, 8).at(-1)).not.toEqual(run(park, 3, 7).at(-1))
  })

  it('moves by clock time, not by the number of steps', () => {
    const fine = run(park, 2, 3, 1000)
    const coarse = run(park, 2, 3, 5000)
    const a = fine.at(-1)!
    const b = coarse.at(-1)!
    for (let i = 0; i < a.length; i++) {
      expect(b[i]!.t).toBe(a[i]!.t)
      expect(haversineM([a[i]!.lon, a[i]!.lat], [b[i]!.lon, b[i]!.lat])).toBeLessThan(0.05)
    }
  })

  it('stands still when the clock does not move', () => {
    const clock = createManualClock()
    const sim = createTagSimulator({ park, clock })
    const first = sim.step()
    expect(sim.step()).toEqual(first)
  })
})
