// The tag simulator against the park's zones: routes keep out of zones a card may not enter, vehicles keep
// under posted zone limits, and only the scripted violations (violations.ts) trip the geofence. The judge
// is the server's own geofence engine and alarm rules, used as they are.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parkDir, readPark } from '../../../../../geodata/read'
import { layerFiles, type ParkData, type ZoneProps } from '../../../../../geodata/types'
import type { Feature, Polygon } from '../../../../../server/contracts/geo'
import type { PositionSample } from '../../../../../server/contracts/live'
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
import { createPrng } from '../../../../../sensors/simulators/prng'
import { destinationOf } from '../../../../../sensors/simulators/tags/itinerary'
import { parkPlaces, type ParkPlaces } from '../../../../../sensors/simulators/tags/park-places'
import {
  buildRoadGraph,
  shortestPath,
  type RoadGraph,
} from '../../../../../sensors/simulators/tags/road-graph'
import type { SimTag } from '../../../../../sensors/simulators/tags/sim-tag'
import {
  avoidingCost,
  forbiddenFor,
  mayEnter,
  simZones,
  zoneMap,
  type ZoneMap,
} from '../../../../../sensors/simulators/tags/sim-zones'
import { limitMargin } from '../../../../../sensors/simulators/tags/tag-agent'
import { motionProfiles } from '../../../../../sensors/simulators/tags/tag-profiles'
import {
  createTagSimulator,
  type ScriptedViolation,
  type ViolationOptions,
} from '../../../../../sensors/simulators/tags/tag-simulator'
import { defaultViolations, intrusionTargets } from '../../../../../sensors/simulators/tags/violations'
import { miniPark } from '../../../../fixtures/mini-park'

const generated = Object.values(layerFiles).every((f) => existsSync(join(parkDir, f)))

// --- the mini park with zones: a 15 km/h zone over the parking end of the trunk road, an exclusion circle
// on a crossing (N-1-2) and a construction site in the free block north-east ---------------------------------
const lon0 = 120.9
const lat0 = 31.9
const mPerDegLat = 111_195
const mPerDegLon = mPerDegLat * Math.cos((lat0 * Math.PI) / 180)
const at = (e: number, n: number): [number, number] => [lon0 + e / mPerDegLon, lat0 + n / mPerDegLat]
const rect = (w: number, s: number, e: number, n: number) => [
  [at(w, s), at(e, s), at(e, n), at(w, n), at(w, s)],
]
const zoneFeature = (
  id: string,
  rings: [number, number][][],
  props: Partial<ZoneProps>,
): Feature<Polygon, ZoneProps> => ({
  type: 'Feature',
  id,
  geometry: { type: 'Polygon', coordinates: rings },
  properties: { name: id, name_en: id, zone_type: 'speed', shape: 'polygon', ...props },
})

function zonedMiniPark(): ParkData {
  const park = miniPark()
  park.zones = {
    type: 'FeatureCollection',
    features: [
      zoneFeature('Z-SPEED', rect(350, -40, 850, 40), { zone_type: 'speed', speed_limit_kmh: 15 }),
      zoneFeature('Z-EXCL', rect(700, 200, 900, 400), {
        zone_type: 'restricted',
        shape: 'circle',
        center: at(800, 300),
        radius_m: 100,
        enterprise_id: 'E-02',
      }),
      zoneFeature('Z-BUILD', rect(810, 310, 1190, 590), { zone_type: 'construction' }),
    ],
  }
  return park
}

const parks: [string, () => ParkData][] = [
  ['zoned mini park', zonedMiniPark],
  ...(generated ? [['generated park', () => readPark()] as [string, () => ParkData]] : []),
]

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

/** The simulator's world the way createTagSimulator builds it. */
function world(park: ParkData): { graph: RoadGraph; zones: ZoneMap; places: ParkPlaces } {
  const graph = buildRoadGraph(park.roadNodes, park.roads)
  const zones = zoneMap(graph, simZones(park))
  const inExclusion = (id: string) => (zones.nodeZones.get(id) ?? []).some((z) => z.zoneType === 'restricted')
  return { graph, zones, places: parkPlaces(park, graph, inExclusion) }
}

const cardsOf = (park: ParkData): Pick<SimTag, 'kind' | 'enterprise_id'>[] => {
  const firms = park.enterprises.features.map((e) => e.id)
  return [
    ...(['vehicle', 'hazmat_vehicle', 'visitor', 'contractor'] as const).flatMap((kind) =>
      firms.map((enterprise_id) => ({ kind, enterprise_id })),
    ),
    { kind: 'staff', enterprise_id: null },
  ]
}

describe('zone rules as the simulator reads them', () => {
  const park = zonedMiniPark()
  const compiled = compiledZones(park)
  const zones = simZones(park)

  it('agrees with the geofence authorisers for every kind of card', () => {
    const cards: Pick<SimTag, 'kind' | 'enterprise_id'>[] = [
      ...cardsOf(park),
      { kind: 'staff', enterprise_id: 'E-02' },
      { kind: 'staff', enterprise_id: 'E-01' },
    ]
    for (const card of cards)
      for (const z of zones) {
        const cz = compiled.find((c) => c.id === z.id)!
        const info: TagInfo = { id: 'x', label: 'x', ...card }
        const authoriser =
          z.zoneType === 'restricted'
            ? staffOfZoneEnterprise
            : z.zoneType === 'construction'
              ? notVisitor
              : null
        const expected = authoriser ? authoriser.authorised(info, cz, 0) : true
        expect(mayEnter(card, z), `${card.kind}/${card.enterprise_id} in ${z.id}`).toBe(expected)
      }
  })

  it('measures distance to circles, corridors and polygons like the engine tests containment', () => {
    const rng = createPrng(5)
    const gen = generated ? readPark() : park
    const cz = compiledZones(gen)
    for (const z of simZones(gen)) {
      const c = cz.find((x) => x.id === z.id)!
      const [w, s, e, n] = z.bbox
      for (let i = 0; i < 300; i++) {
        const p: [number, number] = [rng.float(w, e), rng.float(s, n)]
        const d = z.distanceM(p)
        if (Math.abs(d) > 0.5) expect(d <= 0, `${z.id} at ${p.join(',')}`).toBe(containsPoint(c, p[0], p[1]))
      }
    }
  })

  it('caps roads through speed zones at the zone limit', () => {
    const { graph, zones: map } = world(park)
    const capped = graph.edges.filter((e) => (map.edgeZones.get(e.id) ?? []).some((z) => z.id === 'Z-SPEED'))
    expect(capped.length).toBeGreaterThan(0)
    // the trunk between the parking (N-0-1) and the south gate crossing (N-0-2) lies inside the zone
    expect(capped.some((e) => [e.from, e.to].sort().join() === 'N-0-1,N-0-2')).toBe(true)
  })
})

describe.each(parks)('routing on the %s', (_, load) => {
  const park = load()
  const { graph, zones, places } = world(park)
  const nodes = [
    ...new Set([
      ...places.generalGates,
      ...places.dedicatedGates,
      ...places.parking,
      ...places.muster,
      ...places.enterprises.map((e) => e.nodeId),
    ]),
  ].sort()

  // one card per distinct (profile, no-go set): the same rules give the same routes
  const cards = [
    ...cardsOf(park),
    // staff of an enterprise with an exclusion zone may cross it (the simulator issues none, the rules allow it)
    ...zones.zones
      .filter((z) => z.zoneType === 'restricted' && z.enterpriseId)
      .slice(0, 1)
      .map((z) => ({ kind: 'staff' as const, enterprise_id: z.enterpriseId })),
  ].filter((card, i, all) => {
    const key = (c: typeof card) => {
      const f = forbiddenFor(zones, c)
      return `${c.kind} ${graph.edges.filter((e) => f.edge(e)).map((e) => e.id)}`
    }
    return all.findIndex((c) => key(c) === key(card)) === i
  })

  it('(a) keeps every card off roads through zones it may not enter wherever another way exists', () => {
    let detours = 0
    for (const card of cards) {
      const forbidden = forbiddenFor(zones, card)
      const cost = avoidingCost(motionProfiles[card.kind].cost, forbidden)
      const noGo = (e: Parameters<typeof cost>[0]) => (forbidden.edge(e) ? Infinity : e.lengthM)
      for (const from of nodes)
        for (const to of nodes) {
          if (from === to) continue
          const path = shortestPath(graph, from, to, cost)!
          const through = path.steps.filter((s) => forbidden.edge(s.edge))
          if (through.length === 0) {
            if (shortestPath(graph, from, to)!.steps.some((s) => forbidden.edge(s.edge))) detours++
            continue
          }
          // through a no-go zone only when nothing else leads there
          expect(shortestPath(graph, from, to, noGo), `${card.kind} ${from}→${to}`).toBeNull()
        }
    }
    // the shortest way of some trips does pass a no-go zone: the avoidance is exercised
    expect(detours).toBeGreaterThan(0)
  }, 30_000)

  it('(a) lets the zone enterprise staff through its exclusion zone', () => {
    const z = zones.zones.find((x) => x.zoneType === 'restricted' && x.enterpriseId)!
    const own = forbiddenFor(zones, { kind: 'staff', enterprise_id: z.enterpriseId })
    const other = forbiddenFor(zones, { kind: 'staff', enterprise_id: null })
    const through = graph.edges.filter((e) => zones.edgeZones.get(e.id)?.includes(z))
    expect(through.length).toBeGreaterThan(0)
    expect(through.every((e) => other.edge(e))).toBe(true)
    // unless the road also passes another zone the staff member may not enter
    expect(through.some((e) => !own.edge(e))).toBe(true)
  })

  it('(a) sends visits only to places outside exclusion zones', () => {
    for (const e of places.enterprises)
      expect((zones.nodeZones.get(e.nodeId) ?? []).filter((z) => z.zoneType === 'restricted')).toEqual([])
    const rng = createPrng(3)
    for (const card of cardsOf(park)) {
      const forbidden = forbiddenFor(zones, card)
      for (let i = 0; i < 50; i++) {
        const to = destinationOf(card.kind, 'roam', null, rng, places, (id) => !forbidden.node(id))
        expect(forbidden.node(to), `${card.kind} roams to ${to}`).toBe(false)
      }
    }
  })
})

interface Judged {
  tags: SimTag[]
  scripted: readonly ScriptedViolation[]
  /** alarms raised: rule name, tag, zone, time */
  raises: { rule: string; tag: string; zone: string; t: number }[]
  overspeedStarts: number
  /** samples of cards inside a zone they may not be in */
  trespass: PositionSample[]
  /** vehicle samples inside a speed zone above limitMargin of its limit */
  fast: (PositionSample & { zone: string; limit: number })[]
  samples: number
}

/** Runs 60 cards for `minutes` at 1 s and puts every sample through the geofence engine and alarm rules. */
function judge(
  park: ParkData,
  minutes: number,
  violations: ViolationOptions | false,
  seed = 20261128,
): Judged {
  const zones = compiledZones(park)
  const byId = new Map(zones.map((z) => [z.id, z]))
  const engine = new GeofenceEngine(zones)
  const clock = createManualClock(Date.UTC(2025, 5, 1, 8))
  const sim = createTagSimulator({ park, seed, clock, violations })
  const info = new Map<string, TagInfo>(sim.tags.map((t) => [t.id, { ...t }]))
  const presence = zones.filter((z) => z.zoneType === 'restricted' || z.zoneType === 'construction')
  const limited = zones.filter((z) => z.speedLimitKmh !== null)
  const out: Judged = {
    tags: sim.tags,
    scripted: sim.scripted,
    raises: [],
    overspeedStarts: 0,
    trespass: [],
    fast: [],
    samples: 0,
  }
  for (let i = 0; i <= minutes * 60; i++) {
    if (i > 0) clock.advance(1000)
    for (const s of sim.step()) {
      out.samples++
      const tag = info.get(s.tag_id)!
      for (const ev of engine.process(s)) {
        if (ev.event === 'overspeed_start') out.overspeedStarts++
        for (const a of alarmActions(ev, tag, byId.get(ev.zone_id)!))
          if (a.type === 'raise')
            out.raises.push({
              rule: a.input.rule.split(':')[0]!,
              tag: s.tag_id,
              zone: ev.zone_id,
              t: a.input.t,
            })
      }
      for (const z of presence)
        if (containsPoint(z, s.lon, s.lat)) {
          const rule = z.zoneType === 'restricted' ? staffOfZoneEnterprise : notVisitor
          if (!rule.authorised(tag, z, 0)) out.trespass.push(s)
        }
      if (tag.kind === 'vehicle' || tag.kind === 'hazmat_vehicle')
        for (const z of limited)
          if (s.speed_kmh! > z.speedLimitKmh! * limitMargin + 0.05 && containsPoint(z, s.lon, s.lat))
            out.fast.push({ ...s, zone: z.id, limit: z.speedLimitKmh! })
    }
  }
  return out
}

const during = (
  scripted: readonly ScriptedViolation[],
  kind: ScriptedViolation['kind'],
  tag: string,
  zone: string,
  t: number,
) =>
  scripted.some(
    (r) =>
      r.kind === kind && r.tagId === tag && r.zoneId === zone && r.startMs <= t && t <= (r.endMs ?? Infinity),
  )

describe.each(parks)('the geofence judging an hour of 60 cards on the %s', (_, load) => {
  const park = load()

  describe('with scripted violations off', () => {
    let run: Judged
    beforeAll(() => {
      run = judge(park, 60, false)
    }, 60_000)

    it('(c) raises no zone alarm at all', () => {
      expect(run.samples).toBe(60 * 3601)
      expect(run.raises).toEqual([])
      expect(run.scripted).toEqual([])
    })

    it('(c) has no card inside a zone it may not enter, at any sample', () => {
      expect(run.trespass.slice(0, 5)).toEqual([])
    })

    it('(b, c) keeps vehicles under 90 % of every zone limit: no overspeed episode', () => {
      expect(run.fast.slice(0, 5)).toEqual([])
      expect(run.overspeedStarts).toBe(0)
    })
  })

  describe('with violations every 10 min (speeding) and 15 min (intrusion)', () => {
    let run: Judged
    beforeAll(() => {
      run = judge(park, 60, { speedingEveryMin: 10, intrusionEveryMin: 15 })
    }, 60_000)
    const done = (kind: ScriptedViolation['kind']) =>
      run.scripted.filter((r) => r.kind === kind && r.endMs !== null)

    it('(b) exceeds a zone limit only in the scripted speeding, in its target zone', () => {
      const stray = run.fast.filter(
        (s) => !during(run.scripted, 'speeding', s.tag_id, s.zone, Date.parse(s.t)),
      )
      expect(stray.slice(0, 5)).toEqual([])
      expect(run.fast.length).toBeGreaterThan(0)
      // the speeder drives well over the limit (≥ 20 km/h in a 15 km/h zone)
      expect(Math.max(...run.fast.map((s) => s.speed_kmh! / s.limit))).toBeGreaterThan(1.3)
    })

    it('(b) lets nobody into a zone they may not enter but the scripted visitor', () => {
      const stray = run.trespass.filter(
        (s) =>
          !run.scripted.some(
            (r) =>
              r.kind === 'intrusion' &&
              r.tagId === s.tag_id &&
              r.startMs <= Date.parse(s.t) &&
              Date.parse(s.t) <= (r.endMs ?? Infinity),
          ),
      )
      expect(stray.slice(0, 5)).toEqual([])
    })

    it('(d) starts violations at the configured rate', () => {
      const count = (kind: ScriptedViolation['kind']) => run.scripted.filter((r) => r.kind === kind).length
      // planned every 0.75–1.25 intervals after a first at 0.25–0.75: 60 min holds 5–8 of 10 min, 3–5 of 15 min
      expect(count('speeding')).toBeGreaterThanOrEqual(5)
      expect(count('speeding')).toBeLessThanOrEqual(8)
      expect(count('intrusion')).toBeGreaterThanOrEqual(2)
      expect(count('intrusion')).toBeLessThanOrEqual(5)
      for (const r of run.scripted) {
        const tag = run.tags.find((t) => t.id === r.tagId)!
        expect(tag.kind).toMatch(r.kind === 'speeding' ? /vehicle/ : /^visitor$/)
      }
    })

    it('(d) raises exactly one alarm per scripted violation, and no other', () => {
      for (const r of done('speeding'))
        expect(
          run.raises.filter(
            (a) => a.rule === 'zone_overspeed' && a.tag === r.tagId && r.startMs <= a.t && a.t <= r.endMs!,
          ),
        ).toHaveLength(1)
      for (const r of done('intrusion'))
        expect(
          run.raises.filter(
            (a) =>
              a.rule === 'zone_intrusion' &&
              a.tag === r.tagId &&
              a.zone === r.zoneId &&
              r.startMs <= a.t &&
              a.t <= r.endMs!,
          ),
        ).toHaveLength(1)
      const stray = run.raises.filter(
        (a) =>
          !during(run.scripted, a.rule === 'zone_overspeed' ? 'speeding' : 'intrusion', a.tag, a.zone, a.t),
      )
      expect(stray).toEqual([])
      expect(done('speeding').length + done('intrusion').length).toBeGreaterThanOrEqual(6)
      // far from an ISA-18.2 flood (> 10 alarms in 10 min) even at these rates
      for (const a of run.raises)
        expect(run.raises.filter((b) => b.t >= a.t && b.t < a.t + 600_000).length).toBeLessThanOrEqual(3)
    })
  })
})

describe('scripted violation options', () => {
  const park = zonedMiniPark()
  const records = (violations: ViolationOptions | false | undefined, minutes = 40, seed = 4) => {
    const clock = createManualClock()
    const sim = createTagSimulator({ park, clock, seed, violations })
    for (let i = 0; i < minutes * 6; i++) {
      clock.advance(10_000)
      sim.step()
    }
    return sim.scripted.map((r) => ({ ...r }))
  }

  it('defaults to a speeder every ~20 min and an intruder every ~30 min', () => {
    expect(defaultViolations).toMatchObject({ speedingEveryMin: 20, intrusionEveryMin: 30 })
    const r = records(undefined, 60)
    expect(r.filter((x) => x.kind === 'speeding').length).toBeGreaterThanOrEqual(2)
    expect(r.filter((x) => x.kind === 'speeding').length).toBeLessThanOrEqual(4)
    expect(r.filter((x) => x.kind === 'intrusion').length).toBeGreaterThanOrEqual(1)
    expect(r.filter((x) => x.kind === 'intrusion').length).toBeLessThanOrEqual(3)
  })

  it('switches off entirely or per kind', () => {
    expect(records(false)).toEqual([])
    expect(records({ speedingEveryMin: 0, intrusionEveryMin: 10 }).every((r) => r.kind === 'intrusion')).toBe(
      true,
    )
    expect(records({ speedingEveryMin: 10, intrusionEveryMin: 0 }).every((r) => r.kind === 'speeding')).toBe(
      true,
    )
  })

  it('repeats for a seed, whatever the step length', () => {
    const fine = (() => {
      const clock = createManualClock()
      const sim = createTagSimulator({
        park,
        clock,
        seed: 9,
        violations: { speedingEveryMin: 5, intrusionEveryMin: 5 },
      })
      for (let i = 0; i < 1200; i++) {
        clock.advance(1000)
        sim.step()
      }
      return sim.scripted.map((r) => ({ ...r }))
    })()
    const coarse = records({ speedingEveryMin: 5, intrusionEveryMin: 5 }, 20, 9)
    expect(fine.length).toBeGreaterThan(3)
    expect(coarse.filter((r) => r.endMs !== null)).toEqual(fine.filter((r) => r.endMs !== null))
  })

  it('walks the intruder into the exclusion zone, not just to its edge', () => {
    const { graph, zones } = world(park)
    const [target] = intrusionTargets(graph, zones, new Set())
    expect(target!.zone.id).toBe('Z-EXCL')
    expect(target!.zone.distanceM(target!.point)).toBeLessThanOrEqual(-24)
    expect(zones.nodeZones.get(target!.base) ?? []).not.toContainEqual(
      expect.objectContaining({ zoneType: 'restricted' }),
    )
  })
})
