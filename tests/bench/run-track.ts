// `npm run bench:track`: a 24-hour 1 Hz track (86,400 points) of one tag read through the real API
// (GET /api/v1/tags/:id/track) from a positions table holding BENCH_TRACK_ROWS rows (default 50 million), written
// to tests/bench/results/track.{json,md}. Measures; asserts nothing.
// The table is filled by the owner with INSERT … SELECT … generate_series, one day partition at a time (partitions
// made by ensure_day_partitions, so every index — PK, BRIN, GiST — is maintained as in production), on a fresh
// database that is dropped afterwards. Knobs: BENCH_TRACK_ROWS, BENCH_TRACK_DAYS (default 10; tags = rows / (days ×
// 86,400)), BENCH_TRACK_PARALLEL (day fills at once, default 2), BENCH_TRACK_CALLS (default 20).
import { trackPoints, trackPointsSql } from '../../server/modules/tracks/tracks.repository'
import { statfsSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { createLogger } from '../../server/platform/logger'
import { startServer } from '../../server/main'
import { testConfig } from '../helpers/server-config'
import { ApiClient } from '../helpers/http'
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../helpers/services'
import { percentile, round } from './stats'

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const DAY_S = 86_400
const PASSWORD = 'Bench-pass-2026'
/** heap row (~100 B) + primary key (~40 B) + GiST (~50 B) + BRIN, with slack */
const BYTES_PER_ROW = 220

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
const log = (k: string, v: unknown) => {
  results[k] = v
  console.log(k, JSON.stringify(v, null, 2))
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10)

async function main() {
  const days = num('BENCH_TRACK_DAYS', 10)
  let rows = num('BENCH_TRACK_ROWS', 50e6)
  const fs = statfsSync('/')
  const freeBytes = fs.bavail * fs.bsize
  const need = rows * BYTES_PER_ROW
  // never take more than half of what is free
  if (need > freeBytes / 2) rows = Math.floor(freeBytes / 2 / BYTES_PER_ROW)
  const tags = Math.max(1, Math.ceil(rows / (days * DAY_S)))
  const total = tags * days * DAY_S
  log('plan', {
    requested_rows: num('BENCH_TRACK_ROWS', 50e6),
    rows: total,
    tags,
    days,
    disk_free_gib: round(freeBytes / 2 ** 30, 1),
    estimated_gib: round((total * BYTES_PER_ROW) / 2 ** 30, 1),
  })

  const database = await createTestDatabase('cpt_bench_track')
  const owner = () => new pg.Client({ connectionString: database.url })
  try {
    // web only: no retention or partition jobs touching the bench's days
    const server = await startServer(
      testConfig({
        DATABASE_URL: database.url,
        REDIS_URL: testRedisUrl(),
        REDIS_PREFIX: uniqueRedisPrefix('cpt-bench-track'),
        SERVICES: 'web',
        SIM: 'off',
        ADMIN_PASSWORD: PASSWORD,
        LOG_LEVEL: 'warn',
      }),
      createLogger('warn'),
    )
    try {
      const today = new Date(`${isoDay(new Date())}T00:00:00Z`)
      const first = new Date(today.getTime() - days * DAY_S * 1000)
      const c = owner()
      await c.connect()
      await c.query(`SELECT ensure_day_partitions('positions', $1::date, $2)`, [isoDay(first), days])
      await c.query(
        `INSERT INTO tags (id, kind, label) SELECT 'bench-' || g, 'vehicle', 'Bench ' || g FROM generate_series(0, $1 - 1) g`,
        [tags],
      )

      // fill: each tag drives a slow loop around the park at 1 Hz, one INSERT … SELECT per day partition
      const fill = async (day: Date, client: pg.Client) =>
        client.query(
          `INSERT INTO positions (tag_id, device_time, geom, speed_kmh, heading_deg, source)
           SELECT 'bench-' || g, $1::timestamptz + s * interval '1 second',
                  ST_SetSRID(ST_MakePoint(120.945 + 0.008 * sin(s / 900.0 + g), 31.945 + 0.006 * cos(s / 900.0 + g)), 4326),
                  (20 + 10 * sin(s / 60.0))::real, ((s / 10) % 360)::real, 'bench'
             FROM generate_series(0, $2 - 1) g, generate_series(0, ${DAY_S - 1}) s`,
          [day.toISOString(), tags],
        )
      const parallel = Math.max(1, num('BENCH_TRACK_PARALLEL', 2))
      const queue = Array.from({ length: days }, (_, i) => new Date(first.getTime() + i * DAY_S * 1000))
      const perDay: { day: string; s: number }[] = []
      const t0 = performance.now()
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          const w = owner()
          await w.connect()
          try {
            for (let d = queue.shift(); d; d = queue.shift()) {
              const t = performance.now()
              await fill(d, w)
              perDay.push({ day: isoDay(d), s: round((performance.now() - t) / 1000, 1) })
              console.log(`filled ${isoDay(d)} (${tags * DAY_S} rows) in ${perDay.at(-1)!.s} s`)
            }
          } finally {
            await w.end()
          }
        }),
      )
      const fillS = (performance.now() - t0) / 1000
      const ta = performance.now()
      await c.query('ANALYZE positions')
      const analyzeS = (performance.now() - ta) / 1000
      const counted = Number((await c.query('SELECT count(*) AS n FROM positions')).rows[0].n)
      const size = (
        await c.query<{ b: string }>(
          `SELECT sum(pg_total_relation_size(relid))::bigint AS b FROM pg_partition_tree('positions')`,
        )
      ).rows[0]!.b
      log('fill', {
        rows: counted,
        seconds: round(fillS, 1),
        rows_per_s: round(counted / fillS, 0),
        analyze_s: round(analyzeS, 1),
        parallel,
        table_and_indexes_gib: round(Number(size) / 2 ** 30, 2),
        bytes_per_row: round(Number(size) / counted, 0),
        per_day: perDay,
        loadavg_after: loadavg().map((x) => round(x, 2)),
      })

      // one tag, 24 h across two day partitions (noon to noon)
      const tag = 'bench-0'
      const from = new Date(first.getTime() + (days - 2) * DAY_S * 1000 + 12 * 3_600_000).toISOString()
      const to = new Date(Date.parse(from) + DAY_S * 1000).toISOString()
      const api = new ApiClient(server.url)
      await api.login('admin', PASSWORD)
      const calls = num('BENCH_TRACK_CALLS', 20)
      for (const simplify of [0, 2]) {
        const base = server.url.replace(/\/$/, '')
        const url = `${base}/api/v1/tags/${tag}/track?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&simplify=${simplify}`
        const get = async () => {
          const t = performance.now()
          const res = await fetch(url, { headers: { cookie: api.cookie! } })
          const text = await res.text()
          return { ms: performance.now() - t, status: res.status, bytes: text.length, text }
        }
        const warm = await get() // the first call also warms caches; reported apart
        const body = JSON.parse(warm.text) as Record<string, unknown>
        const geometry = (body.geometry ?? (body.track as Record<string, unknown> | undefined)?.geometry) as
          { coordinates?: unknown[] } | undefined
        const ms: number[] = []
        for (let i = 0; i < calls; i++) ms.push((await get()).ms)
        log(`api.simplify_${simplify}`, {
          url: url.replace(base, ''),
          status: warm.status,
          first_call_ms: round(warm.ms),
          calls,
          p50_ms: round(percentile(ms, 50)),
          p95_ms: round(percentile(ms, 95)),
          max_ms: round(Math.max(...ms)),
          response_bytes: warm.bytes,
          vertices: geometry?.coordinates?.length ?? null,
          response_keys: Object.keys(body),
          // the figures of the track, without its per-vertex times and speeds
          stats: Object.fromEntries(
            Object.entries((body.properties ?? {}) as Record<string, unknown>).filter(
              ([k]) => k !== 'times' && k !== 'speeds',
            ),
          ),
        })
      }

      // the SQL the API runs (tracks.repository.ts trackPoints), timed alone and explained
      const sqlMs: number[] = []
      for (let i = 0; i < calls; i++) {
        const t = performance.now()
        await trackPoints(c, tag, from, to)
        sqlMs.push(performance.now() - t)
      }
      const plan = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${trackPointsSql}`, [
        tag,
        from,
        to,
      ])
      log('sql', {
        calls,
        p50_ms: round(percentile(sqlMs, 50)),
        p95_ms: round(percentile(sqlMs, 95)),
        explain_analyze: plan.rows.map((r) => r['QUERY PLAN']),
      })
      await c.end()
    } finally {
      await server.stop()
    }
  } finally {
    const t = performance.now()
    await database.drop()
    console.log(`database dropped in ${round((performance.now() - t) / 1000, 1)} s`)
  }
  results.machine = { ...(results.machine as object), loadavg_at_end: loadavg().map((x) => round(x, 2)) }
  const out = fileURLToPath(new URL('./results/', import.meta.url))
  writeFileSync(`${out}track.json`, JSON.stringify(results, null, 2) + '\n')
  writeFileSync(`${out}track.md`, markdown(results))
  console.log(markdown(results))
  console.log(`written ${out}track.json and track.md`)
}

function markdown(r: Record<string, unknown>): string {
  const f = r.fill as Record<string, unknown>
  const s = r.sql as Record<string, unknown>
  const lines = [
    '# Track benchmark (`npm run bench:track`)',
    '',
    `${String(r.date)} — ${JSON.stringify(r.machine)}`,
    '',
    `positions: ${String(f.rows)} rows (${JSON.stringify(r.plan)}), filled in ${String(f.seconds)} s (${String(f.rows_per_s)} rows/s, ${String(f.parallel)} at once; ANALYZE ${String(f.analyze_s)} s), ${String(f.table_and_indexes_gib)} GiB with indexes`,
    '',
    'One tag, 24 h at 1 Hz (86,400 points, noon to noon across two day partitions):',
    '',
    '| read | calls | first ms | p50 ms | p95 ms | max ms | vertices | bytes |',
    '|---|---|---|---|---|---|---|---|',
  ]
  for (const k of ['api.simplify_0', 'api.simplify_2']) {
    const a = r[k] as Record<string, unknown> | undefined
    if (!a) continue
    lines.push(
      `| GET track ${k.replace('api.', '')} | ${String(a.calls)} | ${String(a.first_call_ms)} | ${String(a.p50_ms)} | ${String(a.p95_ms)} | ${String(a.max_ms)} | ${String(a.vertices)} | ${String(a.response_bytes)} |`,
    )
  }
  if (s)
    lines.push(
      `| raw SQL (trackPoints) | ${String(s.calls)} | — | ${String(s.p50_ms)} | ${String(s.p95_ms)} | — | — | — |`,
    )
  if (s) lines.push('', '```', ...(s.explain_analyze as string[]), '```')
  return lines.join('\n') + '\n'
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
