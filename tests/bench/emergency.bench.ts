// Emergency-center benchmarks (issue 5): threat zones of a chlorine release at a tank of the seeded park through
// EmergencyService.zones (database read of the tank and chemical + the plume model), who is inside the zones for
// 5,000 synthetic tags (pure point-in-polygon with bbox prefilter, and the whole GET …/inside path: live cache in
// Redis, tags table), and evacuation routes for 5,000 people inside the zones on the park's road graph. Measures;
// asserts nothing. run-emergency.ts starts the database and writes the results.
import { offsetM, type LonLat } from '../../sensors/simulators/tags/geo'
import type { ZonesBody, ZonesResult } from '../../server/contracts/emergency'
import type { PositionSample } from '../../server/contracts/live'
import { loadRoadNetwork } from '../../server/modules/bookings/route-planner'
import { EmergencyService } from '../../server/modules/emergency/emergency.service'
import { planEvacuation } from '../../server/modules/incidents/evacuation'
import { musterPoints } from '../../server/modules/incidents/incidents.repository'
import type { IncidentsService } from '../../server/modules/incidents/incidents.service'
import { compileZones, whoInside, type Located } from '../../server/modules/incidents/who-inside'
import { cacheKeys, type Bus } from '../../server/platform/bus/bus'
import { systemScope, type Db } from '../../server/platform/db/db'
import type { AppState } from '../../server/platform/http/auth-middleware'
import { percentile, round } from './stats'

export interface Timing {
  calls: number
  p50_ms: number
  p95_ms: number
  max_ms: number
  mean_ms: number
}

export function summarise(ms: number[]): Timing {
  return {
    calls: ms.length,
    p50_ms: round(percentile(ms, 50), 2),
    p95_ms: round(percentile(ms, 95), 2),
    max_ms: round(Math.max(...ms), 2),
    mean_ms: round(ms.reduce((a, b) => a + b, 0) / ms.length, 2),
  }
}

async function timed(n: number, warmup: number, fn: () => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn()
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn()
    out.push(performance.now() - t)
  }
  return out
}

// deterministic pseudo-random numbers (LCG)
function prng(seed: number) {
  let s = seed >>> 0
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32
}

/** The chlorine tank the benchmarks release from (the first by id). */
export async function chlorineTank(db: Db) {
  return (
    await db.query<{ id: string; lon: number; lat: number }>(
      systemScope,
      `SELECT id, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM assets
        WHERE kind = 'tank' AND props->>'cas' = '7782-50-5' ORDER BY id LIMIT 1`,
    )
  )[0]!
}

/** A continuous chlorine release: 2 kg/s for 10 min, 3 m/s wind from the east, class D. */
export const chlorineRelease = (assetId: string): ZonesBody => ({
  asset_id: assetId,
  scenario: 'toxic',
  rate_gs: 2000,
  duration_s: 600,
  release_height_m: 0,
  terrain: 'rural',
  weather: { wind_speed_ms: 3, wind_from_deg: 90, stability: 'D' },
})

export async function benchZones(db: Db, assetId: string, calls: number) {
  const svc = new EmergencyService(db)
  let last: ZonesResult | null = null
  const ms = await timed(calls, 5, async () => {
    last = await svc.zones(systemScope, chlorineRelease(assetId))
  })
  return { timing: summarise(ms), zones: last! }
}

/** n tags: a third inside the yellow zone's box (downwind), the rest spread over ±3 km of the source. */
export function syntheticTags(zones: ZonesResult, n: number, seed = 20261201): Located[] {
  const rnd = prng(seed)
  const compiled = compileZones(zones.zones.features)
  const yellow = compiled.find((z) => z.level === 'yellow') ?? compiled[0]!
  const [w, s, e, nn] = yellow.bbox
  const src: LonLat = [zones.source.lon, zones.source.lat]
  return Array.from({ length: n }, (_, i) => {
    if (i % 3 === 0) return { tag_id: `B${i}`, lon: w + rnd() * (e - w), lat: s + rnd() * (nn - s) }
    const [lon, lat] = offsetM(src, (rnd() - 0.5) * 6000, (rnd() - 0.5) * 6000)
    return { tag_id: `B${i}`, lon, lat }
  })
}

export function benchWhoInside(zones: ZonesResult, tags: Located[], calls: number) {
  let inside = 0
  const src: LonLat = [zones.source.lon, zones.source.lat]
  return timed(calls, 5, () => {
    // compiling the zones is part of the answer
    inside = whoInside(tags, compileZones(zones.zones.features), src).length
  }).then((ms) => ({ timing: summarise(ms), tags: tags.length, inside }))
}

/** The whole GET …/inside path for `tags` registered and cached: Redis live cache, tags table, zones. */
export async function benchInsideService(
  db: Db,
  bus: Bus,
  svc: IncidentsService,
  who: AppState,
  zones: ZonesResult,
  tags: Located[],
  calls: number,
) {
  await db.owner((q) =>
    q.query(
      `INSERT INTO tags (id, kind, label) SELECT id, 'staff', 'Bench ' || id FROM unnest($1::text[]) id
       ON CONFLICT (id) DO NOTHING`,
      [tags.map((t) => t.tag_id)],
    ),
  )
  const t = new Date().toISOString()
  const cache: Record<string, PositionSample> = {}
  for (const p of tags)
    cache[p.tag_id] = {
      tag_id: p.tag_id,
      t,
      lon: p.lon,
      lat: p.lat,
      speed_kmh: 0,
      heading_deg: 0,
      source: 'bench',
    }
  await bus.setLatest(cacheKeys.latestPositions, cache)
  const inc = await svc.declare(who, {
    kind: 'leak',
    title: 'bench',
    drill_id: 'bench',
    release: (({ weather: _, ...r }) => r)(chlorineRelease(zones.source.asset_id!)),
    weather: { ...chlorineRelease(zones.source.asset_id!).weather, source: 'manual' },
  })
  let inside = 0
  const ms = await timed(calls, 3, async () => {
    inside = (await svc.inside(who.scope, inc.id, 600)).inside.length
  })
  const evMs = await timed(Math.max(3, Math.floor(calls / 4)), 1, () =>
    svc.evacuation(who.scope, inc.id, 600),
  )
  return { inside_timing: summarise(ms), inside, evacuation_timing: summarise(evMs), incident_id: inc.id }
}

/** n people inside the zones (drawn from the synthetic tags that fall inside, repeated with jitter if too few). */
export function peopleInside(zones: ZonesResult, n: number, seed = 7): Located[] {
  const compiled = compileZones(zones.zones.features)
  const src: LonLat = [zones.source.lon, zones.source.lat]
  const pool = whoInside(syntheticTags(zones, n * 3, seed), compiled, src)
  const rnd = prng(seed)
  return Array.from({ length: n }, (_, i) => {
    const p = pool[i % pool.length]!
    const [lon, lat] = offsetM([p.lon, p.lat], (rnd() - 0.5) * 4, (rnd() - 0.5) * 4)
    return { tag_id: `P${i}`, lon, lat }
  })
}

export async function benchEvacuation(db: Db, zones: ZonesResult, people: Located[], calls: number) {
  const { net, points } = await db.tx(systemScope, async (q) => ({
    net: await loadRoadNetwork(q),
    points: await musterPoints(q),
  }))
  let plan: ReturnType<typeof planEvacuation> | null = null
  const ms = await timed(calls, 2, () => {
    plan = planEvacuation({
      graph: net.graph,
      usable: net.usable,
      zones: compileZones(zones.zones.features),
      points,
      people,
    })
  })
  const p = plan! as ReturnType<typeof planEvacuation>
  return {
    timing: summarise(ms),
    people: people.length,
    graph: { nodes: net.graph.nodes.size, edges: net.graph.edges.length },
    red_edges: p.edges.red.length,
    orange_edges: p.edges.orange.length,
    points: p.points.map((x) => ({ id: x.id, status: x.status, capacity: x.capacity, assigned: x.assigned })),
    alternates: p.people.filter((x) => x.alternate).length,
    over_capacity: p.people.filter((x) => x.over_capacity).length,
    unassigned: p.unassigned,
    mean_route_m: round(p.people.reduce((s, x) => s + x.length_m, 0) / Math.max(1, p.people.length), 0),
  }
}
