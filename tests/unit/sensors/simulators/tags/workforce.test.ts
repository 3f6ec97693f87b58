// The on-site workforce of the tag simulator (workforce.ts, worker-agent.ts, work-sites.ts): operators and
// maintenance contractors posted at their enterprise's tank farms and process buildings, the toxic stores' crews
// first; they stay near their units, go on rounds and breaks, keep out of zones they may not enter (judged by the
// server's own geofence engine and rules) and within every zone's headcount; the park's cards move exactly as they
// do without them.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parkDir, readPark } from '../../../../../geodata/read'
import { layerFiles, type ParkData } from '../../../../../geodata/types'
import { positionSample, type PositionSample } from '../../../../../server/contracts/live'
import { GeofenceEngine } from '../../../../../server/modules/zones/geofence.engine'
import {
  alarmActions,
  notVisitor,
  staffOfZoneEnterprise,
  type TagInfo,
} from '../../../../../server/modules/zones/zone-rules'
import {
  compileZone,
  containsPoint,
  type CompiledZone,
} from '../../../../../server/modules/zones/zone-shapes'
import { createManualClock } from '../../../../../sensors/simulators/clock'
import { haversineM } from '../../../../../sensors/simulators/tags/geo'
import { simZones } from '../../../../../sensors/simulators/tags/sim-zones'
import { planWorkforce } from '../../../../../sensors/simulators/tags/tag-identities'
import { createTagSimulator, type TagSimulator } from '../../../../../sensors/simulators/tags/tag-simulator'
import { lineRoute, joinRoutes } from '../../../../../sensors/simulators/tags/worker-agent'
import {
  CrewBook,
  planCrews,
  siteCap,
  storeCrew,
  zoneCaps,
} from '../../../../../sensors/simulators/tags/workforce'
import { workSites, type WorkSite } from '../../../../../sensors/simulators/tags/work-sites'
import { miniPark } from '../../../../fixtures/mini-park'

const generated = Object.values(layerFiles).every((f) => existsSync(join(parkDir, f)))
const start = Date.UTC(2025, 5, 1, 8)

function compiledZones(park: ParkData): CompiledZone[] {
  return park.zones.features.map(
    (f) =>
      compileZone({
        id: f.id,
        name: f.properties.name,
        zone_type: f.properties.zone_type,
        enterprise_id: f.properties.enterprise_id ?? null,
        props: f.properties as unknown as Record<string, unknown>,
        geom: f.geometry,
      }).zone,
  )
}

/** Runs cards and workers for `minutes` at 1 s; samples indexed [second][tag]. */
function run(
  park: ParkData,
  minutes: number,
  opts: { count?: number; workforce?: number; seed?: number } = {},
) {
  const clock = createManualClock(start)
  const sim = createTagSimulator({ park, violations: false, seed: 20261128, ...opts, clock })
  const ticks = [sim.step()]
  for (let i = 0; i < minutes * 60; i++) {
    clock.advance(1000)
    ticks.push(sim.step())
  }
  return { sim, ticks }
}

describe('work sites and crews', () => {
  it('posts workers at the units of a park without mapped units: the parcels themselves', () => {
    const park = miniPark()
    const sites = workSites(park, simZones(park, { all: true }))
    // the mini park maps one tank (of E-02, farm TF-01 with no outline) and no buildings
    expect(sites.map((s) => [s.id, s.kind, s.enterpriseId])).toEqual([
      ['TF-01', 'tank_farm', 'E-02'],
      ['E-01', 'plant', 'E-01'],
      ['E-03', 'plant', 'E-03'],
    ])
    const tank = park.tanks.features[0]!.geometry.coordinates as [number, number]
    // beside the 20 m tank: 10 m radius + 2.5 m
    expect(haversineM(sites[0]!.spots[0]!, tank)).toBeCloseTo(12.5, 0)
    for (const s of sites.slice(1)) expect(s.spots.length).toBeGreaterThan(1)
  })

  it('plans two operators to each maintenance contractor', () => {
    expect(planWorkforce(0)).toEqual([])
    const roles = planWorkforce(60)
    expect(roles.filter((r) => r === 'operator')).toHaveLength(40)
    expect(roles.filter((r) => r === 'maintenance')).toHaveLength(20)
  })

  it('counts a worker once per unit and zone it holds, within the caps', () => {
    const zone = { id: 'Z', zoneType: 'restricted' } as WorkSite['zones'][number]
    const site = (id: string, zones = [zone]): WorkSite => ({
      id,
      enterpriseId: 'E',
      kind: 'tank_farm',
      centre: [0, 0],
      spots: [[0, 0]],
      zones,
    })
    const [a, b, c] = [site('A'), site('B'), site('C', [])]
    const book = new CrewBook()
    for (let i = 0; i < siteCap(a); i++) {
      expect(book.room(a)).toBe(true)
      book.take(a)
    }
    expect(book.room(a)).toBe(false)
    // the circle has room for one more (cap 4): a worker at A may also hold B without counting twice
    expect(book.room(b)).toBe(true)
    expect(book.room(b, [a])).toBe(true)
    book.take(b, [a])
    expect([book.siteCount('B'), book.zoneCount('Z')]).toEqual([1, 3])
    book.take(b)
    expect(book.zoneCount('Z')).toBe(zoneCaps.restricted)
    expect(book.room(b)).toBe(false)
    expect(book.room(c)).toBe(true)
    book.release(a, [b])
    expect([book.siteCount('A'), book.zoneCount('Z')]).toEqual([2, 4])
    book.release(b)
    expect(book.zoneCount('Z')).toBe(3)
  })

  it('joins straight legs and routes end to end', () => {
    const r = joinRoutes([
      lineRoute([
        [120.9, 31.9],
        [120.901, 31.9],
      ]),
      lineRoute([
        [120.901, 31.9],
        [120.901, 31.901],
      ]),
    ])
    expect(r.segments).toHaveLength(2)
    expect(r.segments[1]!.startM).toBeCloseTo(r.segments[0]!.lengthM, 6)
    expect(r.lengthM).toBeCloseTo(94.5 + 111.2, 0)
  })
})

describe.runIf(generated)('the workforce on the generated park', () => {
  const park = generated ? readPark() : miniPark()
  const sites = workSites(park, simZones(park, { all: true }))

  it('finds units at every enterprise, the chlorine tanks of T-E01-01 inside exclusion circle Z04', () => {
    const firms = new Set(sites.map((s) => s.enterpriseId))
    expect(firms.size).toBe(park.enterprises.features.length)
    const farm = sites.find((s) => s.id === 'F-E01-1')!
    expect(farm.kind).toBe('tank_farm')
    expect(farm.zones.map((z) => z.id)).toContain('Z04')
    expect(farm.spots.length).toBe(6)
    const tank = park.tanks.features.find((t) => t.id === 'T-E01-01')!.geometry.coordinates as [
      number,
      number,
    ]
    expect(Math.min(...farm.spots.map((p) => haversineM(p, tank)))).toBeLessThan(12)
  })

  it('posts each toxic store crew first, never a contractor inside an exclusion circle', () => {
    const book = new CrewBook()
    const roles = planWorkforce(60)
    // as the simulator judges it: contractors may not be in an exclusion circle
    const mayWork = (role: string, s: WorkSite) =>
      role === 'operator' || !s.zones.some((z) => z.zoneType === 'restricted')
    const posts = planCrews(roles, sites, mayWork, book)
    const stores = [...new Set(sites.flatMap((s) => s.zones))].filter(
      (z) => z.zoneType === 'restricted' && z.enterpriseId,
    )
    expect(stores.length).toBe(6)
    for (const z of stores) {
      const crew = posts.filter((p) => p?.within && p.home.zones.includes(z))
      expect(crew.length, z.id).toBe(storeCrew)
      expect(crew.every((p) => p!.enterpriseId === z.enterpriseId && p!.within!.includes(p!.home))).toBe(true)
      expect(crew.every((p) => p!.within!.every((s) => s.zones.includes(z)))).toBe(true)
      expect(posts.every((p, i) => roles[i] === 'operator' || !p!.home.zones.includes(z))).toBe(true)
      expect(book.zoneCount(z.id)).toBeGreaterThanOrEqual(storeCrew)
      expect(book.zoneCount(z.id)).toBeLessThanOrEqual(zoneCaps.restricted!)
    }
    expect(posts.every((p) => p !== null)).toBe(true)
    // the same plan for the same inputs
    expect(planCrews(roles, sites, mayWork, new CrewBook()).map((p) => p?.home.id)).toEqual(
      posts.map((p) => p?.home.id),
    )
  })

  describe('an hour of 60 cards and 60 workers', () => {
    let sim: TagSimulator
    let ticks: PositionSample[][]
    let workers: number[]
    beforeAll(() => {
      ;({ sim, ticks } = run(park, 60, { count: 60, workforce: 60 }))
      workers = sim.tags.flatMap((t, i) => (sim.workforce.has(t.id) ? [i] : []))
    }, 60_000)

    it('issues the workforce after the cards, operators as their enterprise staff', () => {
      expect(sim.tags).toHaveLength(120)
      expect(workers).toHaveLength(60)
      expect(workers[0]).toBe(60)
      expect(sim.tags[60]!.id).toBe('CARD-0061')
      const firms = new Map(park.enterprises.features.map((e) => [e.id, e.properties.name]))
      for (const i of workers) {
        const t = sim.tags[i]!
        expect(firms.has(t.enterprise_id!)).toBe(true)
        if (t.kind === 'staff')
          expect(firms.get(t.enterprise_id!)!.startsWith(t.label.split('·')[0]!)).toBe(true)
        else expect(t.kind).toBe('contractor')
      }
      for (const samples of ticks.filter((_, k) => k % 60 === 0))
        for (const i of workers) expect(positionSample.safeParse(samples[i]).success).toBe(true)
    })

    it('keeps the cards moving exactly as without the workforce', () => {
      const alone = run(park, 5, { count: 60 })
      for (let k = 0; k < alone.ticks.length; k += 30) expect(ticks[k]!.slice(0, 60)).toEqual(alone.ticks[k])
    })

    it('keeps workers near their units, at walking pace, moving about and on rounds', () => {
      const ofFirm = new Map<string, WorkSite[]>()
      for (const s of sites) ofFirm.set(s.enterpriseId, [...(ofFirm.get(s.enterpriseId) ?? []), s])
      let near = 0
      let all = 0
      for (const i of workers) {
        const own = ofFirm.get(sim.tags[i]!.enterprise_id!)!.flatMap((s) => s.spots)
        const path = ticks.map((samples) => samples[i]!)
        for (const s of path.filter((_, k) => k % 30 === 0)) {
          all++
          if (own.some((p) => haversineM(p, [s.lon, s.lat]) < 25)) near++
          expect(s.speed_kmh!).toBeLessThanOrEqual(1.5 * 3.6 + 0.1)
        }
        const spanM = Math.max(...path.map((s) => haversineM([path[0]!.lon, path[0]!.lat], [s.lon, s.lat])))
        expect(spanM, sim.tags[i]!.id).toBeGreaterThan(3)
      }
      // working at a spot (and shifting about it) most of the time; walking to the road and between units the rest
      expect(near / all).toBeGreaterThan(0.7)
      const rounds = workers.filter((i) => {
        const path = ticks.map((samples) => samples[i]!)
        return path.some((s) => haversineM([path[0]!.lon, path[0]!.lat], [s.lon, s.lat]) > 100)
      })
      expect(rounds.length).toBeGreaterThan(10)
    }, 30_000)

    it('raises no zone alarm, enters no zone a worker may not be in, and keeps every headcount', () => {
      const zones = compiledZones(park)
      const byId = new Map(zones.map((z) => [z.id, z]))
      const engine = new GeofenceEngine(zones)
      const raises: string[] = []
      const trespass: PositionSample[] = []
      const maxIn = new Map<string, number>()
      for (const samples of ticks) {
        const inZone = new Map<string, number>()
        for (const i of workers) {
          const s = samples[i]!
          const tag: TagInfo = { ...sim.tags[i]! }
          for (const ev of engine.process(s))
            for (const a of alarmActions(ev, tag, byId.get(ev.zone_id)!))
              if (a.type === 'raise') raises.push(`${a.input.rule} ${s.tag_id} ${ev.zone_id} ${s.t}`)
          for (const z of zones) {
            if (!containsPoint(z, s.lon, s.lat)) continue
            inZone.set(z.id, (inZone.get(z.id) ?? 0) + 1)
            const rule =
              z.zoneType === 'restricted'
                ? staffOfZoneEnterprise
                : z.zoneType === 'construction'
                  ? notVisitor
                  : null
            if (rule && !rule.authorised(tag, z, 0)) trespass.push(s)
          }
        }
        for (const [id, n] of inZone) maxIn.set(id, Math.max(maxIn.get(id) ?? 0, n))
      }
      expect(raises.slice(0, 5)).toEqual([])
      expect(trespass.slice(0, 5)).toEqual([])
      const over = [...maxIn].filter(([id, n]) => {
        const cap = zoneCaps[byId.get(id)!.zoneType as keyof typeof zoneCaps]
        return cap !== undefined && n > cap
      })
      expect(over).toEqual([])
      // the chlorine store is staffed
      expect(maxIn.get('Z04')).toBeGreaterThanOrEqual(2)
    }, 60_000)
  })

  it('repeats for a seed', () => {
    const a = run(park, 3, { count: 10, workforce: 30, seed: 7 })
    const b = run(park, 3, { count: 10, workforce: 30, seed: 7 })
    expect(a.ticks).toEqual(b.ticks)
    expect(run(park, 3, { count: 10, workforce: 30, seed: 8 }).ticks.at(-1)).not.toEqual(a.ticks.at(-1))
  }, 60_000)

  it('moves by clock time, not by the number of steps', () => {
    const fine = (() => {
      const clock = createManualClock(start)
      const sim = createTagSimulator({ park, count: 0, workforce: 30, seed: 3, clock })
      for (let i = 0; i < 600; i++) {
        clock.advance(1000)
        sim.step()
      }
      return sim.step()
    })()
    const coarse = (() => {
      const clock = createManualClock(start)
      const sim = createTagSimulator({ park, count: 0, workforce: 30, seed: 3, clock })
      for (let i = 0; i < 120; i++) {
        clock.advance(5000)
        sim.step()
      }
      return sim.step()
    })()
    for (let i = 0; i < fine.length; i++)
      expect(haversineM([fine[i]!.lon, fine[i]!.lat], [coarse[i]!.lon, coarse[i]!.lat])).toBeLessThan(0.05)
  }, 60_000)
})
