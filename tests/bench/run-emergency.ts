// `npm run bench:emergency`: the emergency center's figures (issue 5) on a fresh PostgreSQL + PostGIS database of the
// seeded park and Redis, written to tests/bench/results/emergency.{json,md}. Targets: zones for a release ≤ 50 ms,
// who is inside for 5,000 tags ≤ 20 ms, evacuation routes for 5,000 people ≤ 500 ms. Measures; asserts nothing.
// Knobs: BENCH_EMERGENCY_CALLS (default 50), BENCH_EMERGENCY_TAGS (5,000), BENCH_EMERGENCY_PEOPLE (5,000).
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { createLogger } from '../../server/platform/logger'
import { startServer } from '../../server/main'
import { systemScope } from '../../server/platform/db/db'
import { EmergencyService } from '../../server/modules/emergency/emergency.service'
import { IncidentsService } from '../../server/modules/incidents/incidents.service'
import { testConfig } from '../helpers/server-config'
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../helpers/services'
import {
  benchEvacuation,
  benchInsideService,
  benchWhoInside,
  benchZones,
  chlorineTank,
  peopleInside,
  syntheticTags,
  type Timing,
} from './emergency.bench'
import { round } from './stats'

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const calls = num('BENCH_EMERGENCY_CALLS', 50)
const nTags = num('BENCH_EMERGENCY_TAGS', 5000)
const nPeople = num('BENCH_EMERGENCY_PEOPLE', 5000)

async function main() {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memory_gib: round(totalmem() / 2 ** 30, 0),
      node: process.version,
      loadavg_at_start: loadavg().map((x) => round(x, 2)),
    },
  }
  const database = await createTestDatabase('cpt_bench_emergency')
  const log = createLogger('warn')
  try {
    const server = await startServer(
      testConfig({
        DATABASE_URL: database.url,
        REDIS_URL: testRedisUrl(),
        REDIS_PREFIX: uniqueRedisPrefix('cpt-bench-emergency'),
        SERVICES: 'web',
        SIM: 'off',
        LOG_LEVEL: 'warn',
      }),
      log,
    )
    try {
      const tank = await chlorineTank(server.db)
      const zones = await benchZones(server.db, tank.id, calls)
      results.zones = {
        target_ms: 50,
        release: `chlorine at ${tank.id}, 2 kg/s for 600 s, 3 m/s from 90°, class D`,
        reach_m: Object.fromEntries(zones.zones.levels.map((l) => [l.level, round(l.reach_m, 0)])),
        ...zones.timing,
      }
      console.log('zones', results.zones)

      const tags = syntheticTags(zones.zones, nTags)
      const wi = await benchWhoInside(zones.zones, tags, calls)
      results.who_inside = { target_ms: 20, tags: wi.tags, inside: wi.inside, ...wi.timing }
      console.log('who_inside', results.who_inside)

      const people = peopleInside(zones.zones, nPeople)
      const { timing, ...ev } = await benchEvacuation(
        server.db,
        zones.zones,
        people,
        Math.max(5, Math.floor(calls / 2)),
      )
      results.evacuation = { target_ms: 500, ...ev, ...timing }
      console.log('evacuation', results.evacuation)

      const svc = new IncidentsService(server.db, new EmergencyService(server.db), { bus: server.bus, log })
      const who = {
        user: {
          sessionId: 'bench',
          id: '0',
          username: 'bench',
          display_name: 'bench',
          role: 'park_admin' as const,
          enterprise_id: null,
        },
        scope: systemScope,
      }
      results.service = {
        note: `GET /incidents/:id/inside and /evacuation without HTTP: ${nTags} tags in the Redis live cache and the tags table`,
        ...(await benchInsideService(
          server.db,
          server.bus,
          svc,
          who,
          zones.zones,
          tags,
          Math.max(10, Math.floor(calls / 2)),
        )),
      }
      console.log('service', results.service)
    } finally {
      await server.stop()
    }
  } finally {
    await database.drop()
  }
  ;(results.machine as Record<string, unknown>).loadavg_at_end = loadavg().map((x) => round(x, 2))

  const dir = fileURLToPath(new URL('./results/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  writeFileSync(`${dir}emergency.json`, `${JSON.stringify(results, null, 2)}\n`)
  const row = (name: string, t: Timing & { target_ms?: number }, what: string) =>
    `| ${name} | ${what} | ${t.calls} | ${t.p50_ms} | ${t.p95_ms} | ${t.max_ms} | ${t.target_ms ?? '—'} |`
  const z = results.zones as Timing & { target_ms: number; release: string; reach_m: Record<string, number> }
  const w = results.who_inside as Timing & { target_ms: number; tags: number; inside: number }
  const e = results.evacuation as Timing & { target_ms: number; people: number } & Record<string, unknown>
  const s = results.service as { inside_timing: Timing; evacuation_timing: Timing; inside: number }
  const md = [
    '# Emergency benchmark (`npm run bench:emergency`)',
    '',
    `${results.date} — ${JSON.stringify(results.machine)}`,
    '',
    `Release: ${z.release}; reach ${JSON.stringify(z.reach_m)} m.`,
    '',
    '| measure | what | calls | p50 ms | p95 ms | max ms | target ms |',
    '|---|---|---|---|---|---|---|',
    row('zones for a release', z, 'EmergencyService.zones (DB + plume model)'),
    row('who is inside', w, `${w.tags} tags, ${w.inside} inside (pure)`),
    row(
      'evacuation routes',
      e,
      `${e.people} people, graph ${JSON.stringify(e.graph)}, ${e.red_edges} red / ${e.orange_edges} orange edges`,
    ),
    row(
      'GET inside (service)',
      s.inside_timing,
      `${nTags} tags via Redis cache + tags table, ${s.inside} inside`,
    ),
    row('GET evacuation (service)', s.evacuation_timing, `the same ${s.inside} inside, routes built`),
    '',
    `Evacuation: ${e.alternates} sent to an alternate point, ${e.over_capacity} over capacity, ${e.unassigned} unassigned, mean route ${e.mean_route_m} m; points ${JSON.stringify(e.points)}.`,
    '',
  ].join('\n')
  writeFileSync(`${dir}emergency.md`, md)
  console.log(md)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
