// `npm run bench:ingest`: JT/T 808 position ingest end to end (issue 4), written to tests/bench/results/ingest.{json,md}.
// The server (all roles, SIM=off) runs in a child process of its own (ingest-server.ts) on a fresh PostgreSQL
// database and a unique Redis prefix, so its CPU time and RSS are its own; the terminals (ingest-load.ts) and ten
// signed-in Socket.IO clients (ingest-clients.ts) run in worker threads of this process. Measures; asserts nothing.
// Phases (each BENCH_SECONDS, default 20):
//   throughput.batch  — ack-paced 0x0704 batches (BENCH_PER_FRAME fixes, default 30; BENCH_WINDOW frames in flight)
//   throughput.single — ack-paced 0x0200 reports, same window
//   latency           — open loop at BENCH_RATE (default 5,000) 0x0200/s, ~1 Hz per terminal: send → positions.frame
//   overload          — open loop at 10 × BENCH_RATE; server RSS sampled every second, then a health check
// Knobs: BENCH_CONNECTIONS (default 1000), BENCH_TERMINALS_PER_CONNECTION (default 5), BENCH_CLIENTS (default 10),
// BENCH_PHASES (comma-separated subset of the phases above, in that order; default all), BENCH_CPU_PROF (a folder:
// the server child writes a V8 CPU profile there when it stops, for `node --cpu-prof` readers).
import { fork } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import pg from 'pg'
import { connectTestRedis, createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../helpers/services'
import type { LoadSetup, PhaseCommand, PhaseResult } from './ingest-load'
import { percentile, round } from './stats'

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const SECONDS = num('BENCH_SECONDS', 20)
const RATE = num('BENCH_RATE', 5000)
const CONNECTIONS = num('BENCH_CONNECTIONS', 1000)
const PER_CONNECTION = num('BENCH_TERMINALS_PER_CONNECTION', 5)
const WINDOW = num('BENCH_WINDOW', 4)
const PER_FRAME = num('BENCH_PER_FRAME', 30)
const CLIENTS = num('BENCH_CLIENTS', 10)
const ALL_PHASES = ['throughput.batch', 'throughput.single', 'latency', 'overload']
const PHASES = (process.env.BENCH_PHASES ?? ALL_PHASES.join(','))
  .split(',')
  .map((p) => p.trim())
  .filter((p) => ALL_PHASES.includes(p))
const CPU_PROF = process.env.BENCH_CPU_PROF
const PASSWORD = 'Bench-pass-2026'

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memory_gib: round(totalmem() / 2 ** 30, 0),
    node: process.version,
    loadavg_at_start: loadavg().map((x) => round(x, 2)),
  },
  knobs: { SECONDS, RATE, CONNECTIONS, PER_CONNECTION, WINDOW, PER_FRAME, CLIENTS, PHASES },
}
const log = (k: string, v: unknown) => {
  results[k] = v
  console.log(k, JSON.stringify(v, null, 2))
}

// ---- the server child ----------------------------------------------------------------------------------------

interface GroupCommitProbe {
  groups: number
  reports: number
  largest: number
  failedGroups: number
  queuedPositions: number
  committingPositions: number
  full: boolean
  pauses: number
  connectionWaits: number
}

interface Probe {
  cpuUserUs: number
  cpuSystemUs: number
  rss: number
  heapUsed: number
  jt808?: { groupCommit: GroupCommitProbe; positions: { stored: number; duplicates: number } }[]
}

function startServerChild(env: Record<string, string>) {
  const child = fork(fileURLToPath(new URL('./ingest-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [])],
    env: { ...process.env, BENCH_SERVER_ENV: JSON.stringify(env) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let nextId = 0
  const waiting = new Map<number, (p: Probe) => void>()
  let exited = false
  child.on('exit', () => {
    exited = true
  })
  const ready = new Promise<{ http: number; jt808: number; url: string }>((resolve, reject) => {
    child.on(
      'message',
      (m: { type: string; id?: number } & Probe & { http: number; jt808: number; url: string }) => {
        if (m.type === 'ready') resolve(m)
        else if (m.type === 'probe') waiting.get(m.id!)?.(m)
      },
    )
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  return {
    ready,
    get exited() {
      return exited
    },
    probe: () =>
      new Promise<Probe | null>((resolve) => {
        if (exited) return resolve(null)
        const id = nextId++
        const timer = setTimeout(() => {
          waiting.delete(id)
          resolve(null)
        }, 5_000)
        waiting.set(id, (p) => {
          clearTimeout(timer)
          waiting.delete(id)
          resolve(p)
        })
        child.send({ type: 'probe', id })
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve()
        const timer = setTimeout(() => {
          child.kill('SIGKILL')
          resolve()
        }, 30_000)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        child.send({ type: 'stop' })
      }),
  }
}

// ---- worker threads ------------------------------------------------------------------------------------------

function worker(file: string, data: unknown) {
  const entry = new URL(file, import.meta.url).href
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}) })`
  const w = new Worker(boot, { eval: true, workerData: data })
  const queue: ((m: { type: string; [k: string]: unknown }) => void)[] = []
  let failed: Error | null = null
  w.on('message', (m: { type: string; error?: string }) => {
    if (m.type === 'error') failed = new Error(m.error)
    queue.shift()?.(m)
  })
  w.on('error', (err) => {
    failed = err
    queue.shift()?.({ type: 'error', error: String(err) })
  })
  return {
    ask: <T = { type: string; [k: string]: unknown }>(msg: unknown): Promise<T> =>
      new Promise((resolve, reject) => {
        if (failed) return reject(failed)
        queue.push((m) => (m.type === 'error' ? reject(new Error(String(m.error))) : resolve(m as T)))
        w.postMessage(msg)
      }),
    terminate: () => w.terminate(),
  }
}

// ---- machine load ----------------------------------------------------------------------------------------------

function cpuTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!
  const v = line.trim().split(/\s+/).slice(1).map(Number)
  const idle = (v[3] ?? 0) + (v[4] ?? 0)
  const total = v.reduce((a, b) => a + b, 0)
  return { busy: total - idle, total }
}

interface Sampler {
  stop(): Promise<{
    server_cpu_cores: number
    db_cpu_cores: number
    load_and_clients_cpu_cores: number
    machine_busy_pct: number
    loadavg_1m_end: number
    server_rss_mib_start: number
    server_rss_mib_max: number
    server_rss_mib_end: number
    server_heap_mib_max: number
    rss_timeline_mib: number[]
    group_commit: Record<string, number> | null
  }>
}

/** The listener's group commit over a phase: transactions, reports per transaction, backpressure. */
function groupCommitDelta(
  first: Probe | null,
  end: Probe | null,
  maxQueued: number,
  fullSamples: number,
  samples: number,
): Record<string, number> | null {
  const a = first?.jt808?.[0]
  const b = end?.jt808?.[0]
  if (!a || !b) return null
  const groups = b.groupCommit.groups - a.groupCommit.groups
  const reports = b.groupCommit.reports - a.groupCommit.reports
  return {
    transactions: groups,
    reports,
    reports_per_transaction: round(reports / Math.max(1, groups), 1),
    positions_per_transaction: round(
      (b.positions.stored - a.positions.stored + b.positions.duplicates - a.positions.duplicates) /
        Math.max(1, groups),
      1,
    ),
    failed_transactions: b.groupCommit.failedGroups - a.groupCommit.failedGroups,
    backpressure_pauses: b.groupCommit.pauses - a.groupCommit.pauses,
    connection_waits: b.groupCommit.connectionWaits - a.groupCommit.connectionWaits,
    queued_positions_max_sampled: maxQueued,
    full_share_of_samples: round(fullSamples / Math.max(1, samples), 2),
  }
}

/**
 * CPU time (user + system, in clock ticks) of the PostgreSQL backends serving `database` (found by their process
 * title, `postgres: … <database> …`), per pid. Another helper's tests on the same server are not counted.
 */
function dbBackendTicks(database: string): Map<number, number> {
  const out = new Map<number, number>()
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return out
  }
  for (const pid of pids) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      if (!cmd.startsWith('postgres:') || !cmd.includes(` ${database} `)) continue
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(Number(pid), Number(f[11]) + Number(f[12])) // utime, stime (fields 14, 15)
    } catch {
      // gone meanwhile
    }
  }
  return out
}

/** Sums the CPU the backends spent between samples: a backend first seen later counts from zero. */
class DbCpu {
  private readonly first = new Map<number, number>()
  private readonly last = new Map<number, number>()

  constructor(private readonly database: string) {
    for (const [pid, t] of dbBackendTicks(database)) this.first.set(pid, t)
  }

  sample(): void {
    for (const [pid, t] of dbBackendTicks(this.database)) {
      if (!this.first.has(pid)) this.first.set(pid, 0)
      this.last.set(pid, t)
    }
  }

  seconds(): number {
    let ticks = 0
    for (const [pid, t] of this.last) ticks += t - (this.first.get(pid) ?? 0)
    return ticks / 100 // USER_HZ
  }
}

async function sample(server: ReturnType<typeof startServerChild>, database: string): Promise<Sampler> {
  const first = await server.probe()
  const t0 = performance.now()
  const ticks0 = cpuTicks()
  const dbCpu = new DbCpu(database)
  const benchCpu0 = process.cpuUsage()
  const rss: number[] = first ? [first.rss] : []
  let heapMax = first?.heapUsed ?? 0
  let last = first
  let stopped = false
  let queuedMax = 0
  let fullSamples = 0
  let samples = 0
  const loop = (async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 1000))
      const p = await server.probe()
      if (!p) continue
      last = p
      dbCpu.sample()
      rss.push(p.rss)
      heapMax = Math.max(heapMax, p.heapUsed)
      const g = p.jt808?.[0]?.groupCommit
      if (g) {
        samples++
        if (g.full) fullSamples++
        queuedMax = Math.max(queuedMax, g.queuedPositions)
      }
    }
  })()
  return {
    stop: async () => {
      stopped = true
      await loop
      const end = (await server.probe()) ?? last
      dbCpu.sample()
      const benchCpu = process.cpuUsage(benchCpu0)
      const seconds = (performance.now() - t0) / 1000
      const ticks1 = cpuTicks()
      const mib = (b: number) => round(b / 2 ** 20, 0)
      const cpuUs = (p: Probe | null) => (p ? p.cpuUserUs + p.cpuSystemUs : 0)
      return {
        server_cpu_cores: round((cpuUs(end) - cpuUs(first)) / 1e6 / seconds, 2),
        // the PostgreSQL backends of the bench database, and this process (terminals and Socket.IO clients)
        db_cpu_cores: round(dbCpu.seconds() / seconds, 2),
        load_and_clients_cpu_cores: round((benchCpu.user + benchCpu.system) / 1e6 / seconds, 2),
        machine_busy_pct: round((100 * (ticks1.busy - ticks0.busy)) / (ticks1.total - ticks0.total), 0),
        loadavg_1m_end: round(loadavg()[0]!, 2),
        server_rss_mib_start: mib(first?.rss ?? 0),
        server_rss_mib_max: mib(Math.max(...rss, end?.rss ?? 0)),
        server_rss_mib_end: mib(end?.rss ?? 0),
        server_heap_mib_max: mib(heapMax),
        rss_timeline_mib: rss.map(mib),
        group_commit: groupCommitDelta(first, end, queuedMax, fullSamples, samples),
      }
    },
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// ---- main ------------------------------------------------------------------------------------------------------

async function main() {
  const prefix = uniqueRedisPrefix('cpt-bench-ingest')
  const database = await createTestDatabase('cpt_bench_ingest')
  const db = new pg.Client({ connectionString: database.url })
  const redis = await connectTestRedis()
  const server = startServerChild({
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: prefix,
    SIM: 'off',
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
  })
  let load: ReturnType<typeof worker> | null = null
  let clients: ReturnType<typeof worker> | null = null
  try {
    const ports = await server.ready
    await db.connect()
    const rows = async () => Number((await db.query('SELECT count(*) AS n FROM positions')).rows[0].n)

    const setup: LoadSetup = {
      port: ports.jt808,
      connections: CONNECTIONS,
      terminalsPerConnection: PER_CONNECTION,
      baseMs: Math.floor(Date.now() / 1000) * 1000 - 3 * 3_600_000,
      phoneBase: 13_000_000_000,
    }
    load = worker('./ingest-worker.ts', setup)
    const started = await load.ask<{ result: { terminals: number; connections: number; ms: number } }>({
      type: 'start',
    })
    log('setup', { ...started.result, ms: round(started.result.ms, 0) })
    clients = worker('./ingest-clients.ts', {
      url: ports.url,
      username: 'admin',
      password: PASSWORD,
      count: CLIENTS,
    })
    await clients.ask({ type: 'start' })

    const runPhase = async (name: string, cmd: PhaseCommand, record = false) => {
      // the previous phase's backlog (reports still queued in sockets) is stored before this one starts
      const drainStart = performance.now()
      let before = await rows()
      for (;;) {
        await sleep(2_000)
        const n = await rows()
        if (n === before || performance.now() - drainStart > 90_000) break
        before = n
      }
      const drainedMs = performance.now() - drainStart
      await clients!.ask({ type: 'begin', record })
      const sampler = await sample(server, new URL(database.url).pathname.slice(1))
      const r = (await load!.ask<{ result: PhaseResult }>({ type: 'phase', cmd })).result
      const machine = await sampler.stop()
      await sleep(3_000) // the last frames of the phase reach the clients
      const c = await clients!.ask<{
        samples: number[]
        frames: number
        connected: number
        arrival_keys: string[]
        arrival_at: number[]
      }>({ type: 'end' })
      const stored = (await rows()) - before
      const activeSeconds = Math.max(0.001, (r.lastAckAt - r.startedAt) / 1000)
      const perClient = c.samples.reduce((a, b) => a + b, 0) / Math.max(1, c.samples.length)
      const out: Record<string, unknown> = {
        command: cmd,
        previous_backlog_drain_s: round(drainedMs / 1000, 1),
        seconds: round(r.seconds, 1),
        frames_sent: r.frames_sent,
        positions_sent: r.positions_sent,
        positions_acked: r.positions_acked,
        frames_refused: r.frames_refused,
        skipped_client_backpressure: r.skipped,
        rows_stored: stored,
        acked_positions_per_s: round(r.positions_acked / activeSeconds, 0),
        offered_positions_per_s: round(r.positions_sent / (cmd.durationMs / 1000), 0),
        ack_round_trip_ms: {
          p50: round(percentile(r.ack_ms, 50)),
          p99: round(percentile(r.ack_ms, 99)),
          max: round(Math.max(...r.ack_ms, 0)),
        },
        clients: c.samples.length,
        clients_connected_at_end: c.connected,
        client_frames: c.frames,
        client_samples_per_s_each: round(perClient / (r.seconds + 3), 0),
        client_samples_total_all_clients: c.samples.reduce((a, b) => a + b, 0),
        connections_closed: r.connections_closed,
        ...machine,
      }
      if (record) {
        const arrivals = new Map<string, number>()
        c.arrival_keys.forEach((k, i) => arrivals.set(k, c.arrival_at[i]!))
        const lat: number[] = []
        r.recorded_keys.forEach((k, i) => {
          const a = arrivals.get(k)
          if (a !== undefined) lat.push(a - r.recorded_at[i]!)
        })
        out.latency = {
          recorded: r.recorded_keys.length,
          matched: lat.length,
          not_delivered: r.recorded_keys.length - lat.length,
          p50_ms: round(percentile(lat, 50)),
          p90_ms: round(percentile(lat, 90)),
          p99_ms: round(percentile(lat, 99)),
          max_ms: round(Math.max(...lat, 0)),
        }
      }
      log(name, out)
      return out
    }

    const secs = SECONDS * 1000
    await runPhase('warmup', { mode: 'window', durationMs: 3_000, window: WINDOW, perFrame: PER_FRAME })
    const phases: Record<string, () => Promise<unknown>> = {
      'throughput.batch': () =>
        runPhase('throughput.batch', {
          mode: 'window',
          durationMs: secs,
          window: WINDOW,
          perFrame: PER_FRAME,
        }),
      'throughput.single': () =>
        runPhase('throughput.single', { mode: 'window', durationMs: secs, window: WINDOW, perFrame: 1 }),
      latency: () =>
        runPhase('latency', { mode: 'rate', durationMs: secs, rate: RATE, recordEvery: 1 }, true),
      overload: () =>
        runPhase('overload', { mode: 'rate', durationMs: secs, rate: RATE * 10, recordEvery: 10 }, true),
    }
    for (const name of PHASES) await phases[name]!()

    // did it survive? the health endpoint answers and the child still runs
    const t = performance.now()
    const health = await fetch(new URL('/api/v1/health', ports.url)).then(
      async (r) => `${r.status} ${(await r.text()).slice(0, 200)}`,
      (err: unknown) => `failed: ${String(err)}`,
    )
    log('after_overload', {
      server_running: !server.exited,
      health: health,
      health_ms: round(performance.now() - t),
      rows_total: await rows(),
    })
  } finally {
    if (clients) await clients.ask({ type: 'close' }).catch(() => undefined)
    if (load) await load.ask({ type: 'close' }).catch(() => undefined)
    await clients?.terminate()
    await load?.terminate()
    await server.stop()
    await db.end().catch(() => undefined)
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length) await redis.del(keys)
    redis.destroy()
    await database.drop()
  }
  results.machine = { ...(results.machine as object), loadavg_at_end: loadavg().map((x) => round(x, 2)) }
  const out = fileURLToPath(new URL('./results/', import.meta.url))
  writeFileSync(`${out}ingest.json`, JSON.stringify(results, null, 2) + '\n')
  writeFileSync(`${out}ingest.md`, markdown(results))
  console.log(markdown(results))
  console.log(`written ${out}ingest.json and ingest.md`)
}

function markdown(r: Record<string, unknown>): string {
  const row = (k: string) => r[k] as Record<string, unknown> | undefined
  const lines = [
    '# Position ingest benchmark (`npm run bench:ingest`)',
    '',
    `${String(r.date)} — ${JSON.stringify(r.machine)}`,
    '',
    `knobs: ${JSON.stringify(r.knobs)}; setup: ${JSON.stringify(r.setup)}`,
    '',
    'JT/T 808 TCP → store (PostGIS) → 0x8001 → bus → position filter → geofence worker and Socket.IO broadcaster',
    '(one coalesced `positions.frame` per 100 ms: newest sample per tag). Server in its own process.',
    '',
    '| phase | offered pos/s | acked pos/s | rows stored | samples/s per client (10 clients) | ack p50/p99 ms | latency p50/p99/max ms (matched/recorded) | CPU cores: server / db / load+clients | machine busy %, load 1 min | server RSS start/max/end MiB | transactions, reports each, backpressure pauses |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ]
  for (const k of ALL_PHASES) {
    const p = row(k)
    if (!p) continue
    const a = p.ack_round_trip_ms as Record<string, number>
    const l = p.latency as Record<string, number> | undefined
    const g = p.group_commit as Record<string, number> | null | undefined
    lines.push(
      `| ${k} | ${String(p.offered_positions_per_s)} | ${String(p.acked_positions_per_s)} | ${String(p.rows_stored)} | ${String(p.client_samples_per_s_each)} | ${a.p50} / ${a.p99} | ${l ? `${l.p50_ms} / ${l.p99_ms} / ${l.max_ms} (${l.matched}/${l.recorded})` : '—'} | ${String(p.server_cpu_cores)} / ${String(p.db_cpu_cores ?? '—')} / ${String(p.load_and_clients_cpu_cores ?? '—')} | ${String(p.machine_busy_pct)}, ${String(p.loadavg_1m_end)} | ${String(p.server_rss_mib_start)} / ${String(p.server_rss_mib_max)} / ${String(p.server_rss_mib_end)} | ${g ? `${g.transactions}, ${g.reports_per_transaction}, ${g.backpressure_pauses}` : '—'} |`,
    )
  }
  const after = row('after_overload')
  if (after) lines.push('', `After overload: ${JSON.stringify(after)}`)
  return lines.join('\n') + '\n'
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
