// `npm run bench:sensors`: the sensor benchmarks of issue 3, written to tests/bench/results/sensors.{json,md}.
// A whole server (all roles, SIM=off) on a fresh PostgreSQL database (TEST_DATABASE_URL or local) and a unique
// Redis prefix (TEST_REDIS_URL or local db 13). Measures; asserts nothing.
// Knobs: BENCH_SECONDS (throughput send phase, default 15), BENCH_WINDOW (packets outstanding per connection,
// default 16), BENCH_LATENCY_SECONDS (each latency phase, default 20).
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { createLogger } from '../../server/platform/logger'
import { startServer } from '../../server/main'
import { systemScope } from '../../server/platform/db/db'
import { streams } from '../../server/platform/bus/bus'
import { parkCollectors } from '../../sensors/simulators/hj212/park-collectors'
import { readPark } from '../../geodata/read'
import { testConfig } from '../helpers/server-config'
import { connectTestRedis, createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../helpers/services'
import { alarmClient, benchAlarmLatency, benchThroughput, exceedanceChannels, NOMINAL } from './sensors.bench'
import { round } from './stats'

const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback)

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memory_gib: round(totalmem() / 2 ** 30, 0),
    node: process.version,
  },
}
const log = (k: string, v: unknown) => {
  results[k] = v
  console.log(k, JSON.stringify(v, null, 2))
}

async function main() {
  const password = 'Bench-pass-2026'
  const prefix = uniqueRedisPrefix('cpt-bench')
  const database = await createTestDatabase('cpt_bench_sensors')
  const redis = await connectTestRedis()
  try {
    const server = await startServer(
      testConfig({
        DATABASE_URL: database.url,
        REDIS_URL: testRedisUrl(),
        REDIS_PREFIX: prefix,
        SIM: 'off',
        ADMIN_PASSWORD: password,
        LOG_LEVEL: 'warn',
      }),
      createLogger('warn'),
    )
    try {
      const collectors = parkCollectors(readPark())
      const readingsKey = `${prefix}:${streams.readingsRecorded}`
      const window = seconds('BENCH_WINDOW', 16)
      let firstDataTimeMs = Date.UTC(2026, 10, 27) // DataTimes advance one second per packet per collector
      // past every DataTime a collector sent: the alarm engine ignores readings not newer than its last
      const advance = (perCollector: number) => {
        firstDataTimeMs += (perCollector + 60) * 1000
      }

      // a. throughput (a short warm-up first: JIT, pool connections, catalog caches)
      const warm = await benchThroughput({
        server,
        redis,
        readingsKey,
        collectors,
        window,
        durationMs: 2_000,
        firstDataTimeMs,
      })
      advance(warm.max_packets_per_connection)
      const throughput = await benchThroughput({
        server,
        redis,
        readingsKey,
        collectors,
        window,
        durationMs: seconds('BENCH_SECONDS', 15) * 1000,
        firstDataTimeMs,
      })
      advance(throughput.max_packets_per_connection)
      log('hj212.throughput', throughput)

      // b. alarm latency at nominal load and at 10×, distinct channels in each
      const socket = await alarmClient(server.url, 'admin', password)
      const gasDetectors = await server.db.query<{ id: string; measure: string }>(
        systemScope,
        `SELECT id, measure FROM sensors WHERE kind = 'gas_detector' ORDER BY id`,
      )
      const channels = exceedanceChannels(collectors)
      const latencyMs = seconds('BENCH_LATENCY_SECONDS', 20) * 1000
      const phases = [
        { name: 'alarm_latency.nominal', factor: 1, inject: channels.slice(0, 10) },
        { name: 'alarm_latency.x10', factor: 10, inject: channels.slice(10, 40) },
      ]
      for (const p of phases) {
        const r = await benchAlarmLatency({
          server,
          socket,
          collectors,
          gasDetectors,
          factor: p.factor,
          durationMs: latencyMs,
          inject: p.inject,
          firstDataTimeMs,
        })
        advance(r.packets_sent) // a bound: no collector sent more
        log(p.name, { ...r, nominal: NOMINAL })
      }
      socket.close()
    } finally {
      await server.stop()
    }
  } finally {
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length) await redis.del(keys)
    redis.destroy()
    await database.drop()
  }
  const out = fileURLToPath(new URL('./results/', import.meta.url))
  writeFileSync(`${out}sensors.json`, JSON.stringify(results, null, 2) + '\n')
  writeFileSync(`${out}sensors.md`, markdown(results))
  console.log(`written ${out}sensors.json and sensors.md`)
}

function markdown(r: Record<string, unknown>): string {
  const t = r['hj212.throughput'] as Record<string, unknown>
  const lines = [
    '# Sensor benchmarks (`npm run bench:sensors`)',
    '',
    `${String(r.date)} — ${JSON.stringify(r.machine)}`,
    '',
    '## HJ 212 throughput (TCP → decode → store → CN 9014 ack → alarm engine)',
    '',
    '| connections | window | packets acked | ingest packets/s | ack p50 / p99 ms | end-to-end packets/s | alarm consumer max lag |',
    '|---|---|---|---|---|---|---|',
    `| ${String(t.connections)} | ${String(t.window_per_connection)} | ${String(t.packets_acked)} | ${String(t.ingest_packets_per_s)} | ${JSON.stringify(t.ack_round_trip)} | ${String(t.end_to_end_packets_per_s)} | ${String(t.alarm_consumer_max_lag_entries)} |`,
    '',
    '## Alarm latency (last byte written → Socket.IO alarm.raised)',
    '',
    '| load | packets | injected | received | lost | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|---|---|---|---|',
  ]
  for (const k of ['alarm_latency.nominal', 'alarm_latency.x10']) {
    const a = r[k] as
      | {
          factor: number
          packets_sent: number
          injected: number
          received: number
          lost: number
          latency: Record<string, number>
        }
      | undefined
    if (!a) continue
    lines.push(
      `| ${a.factor}× nominal | ${a.packets_sent} | ${a.injected} | ${a.received} | ${a.lost} | ${a.latency.p50_ms} | ${a.latency.p99_ms} | ${a.latency.max_ms} |`,
    )
  }
  return lines.join('\n') + '\n'
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
