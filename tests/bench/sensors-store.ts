// Store-only micro-benchmark of the HJ 212 ingest (no TCP, no decode on the clock): pre-decoded real-time
// uploads of every park collector go through the listener's group committer into ReadingsIngestService.storeMany
// and announceMany, on a fresh PostgreSQL database. Measures the database side alone; asserts nothing.
// Run: node --import tsx tests/bench/sensors-store.ts
// Knobs: STORE_PACKETS (default 40000), STORE_OUTSTANDING (uploads in flight, default 864 = 54 × 16),
// STORE_BATCH / STORE_INFLIGHT / STORE_WAIT_MS (group commit), STORE_POOL (pool size, default 10),
// STORE_DAY ('partition': DataTimes in today's partition, 'default': in the default partition; default partition),
// STORE_KEEP=1 keeps the database (prints its URL).
import { readdirSync, readFileSync } from 'node:fs'
import { decodePacket } from '../../sensors/protocols/hj212'
import { parkCollectors } from '../../sensors/simulators/hj212/park-collectors'
import { readPark } from '../../geodata/read'
import { isSeeded, seedPark } from '../../geodata/seed'
import { Db } from '../../server/platform/db/db'
import { migrate } from '../../server/platform/db/migrate'
import { ensurePartitions } from '../../server/platform/db/partitions'
import { isTransientDbError } from '../../server/platform/db/errors'
import { createLogger } from '../../server/platform/logger'
import { createBus } from '../../server/platform/bus/create-bus'
import { ReadingsIngestService } from '../../server/modules/environment/readings-ingest.service'
import type { StoreResult, Upload } from '../../server/modules/environment/upload'
import { GroupCommitter } from '../../server/ingest/hj212/group-commit'
import { packetRows } from '../../server/ingest/hj212/packet-rows'
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../helpers/services'
import { NORMAL_CP, nextQn, realtimeFrame } from './sensors-load'

const num = (k: string, d: number) => Number(process.env[k] ?? d)

/**
 * CPU time (ms) of the PostgreSQL backends serving `database`, read from /proc (Linux, server on this machine;
 * 0 elsewhere). CPU per packet is steadier than packets/s on a shared machine.
 */
function backendCpuMs(database: string): Map<string, number> {
  const out = new Map<string, number>()
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p))
  } catch {
    return out
  }
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(database)) continue
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      out.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / 100) // clock ticks of 10 ms
    } catch {
      // exited
    }
  }
  return out
}

async function main() {
  const total = num('STORE_PACKETS', 40_000)
  const outstanding = num('STORE_OUTSTANDING', 864)
  const database = process.env.STORE_DB_URL
    ? { url: process.env.STORE_DB_URL, drop: async () => undefined }
    : await createTestDatabase('cpt_store_bench')
  const db = new Db(database.url, 'postgres', num('STORE_POOL', 10))
  const log = createLogger('warn')
  const prefix = uniqueRedisPrefix('cpt-store-bench')
  const bus = await createBus(testRedisUrl(), () => undefined, prefix)
  try {
    await migrate(db)
    const park = readPark()
    await db.owner(async (q) => {
      if (!(await isSeeded(q))) await seedPark(q, park)
    })
    await ensurePartitions(db)
    const store = new ReadingsIngestService(db, bus, log)
    await store.syncRegistry()
    const collectors = parkCollectors(park)
    const day =
      process.env.STORE_DAY === 'partition'
        ? Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
        : Date.UTC(2020, 0, 1)
    const base = day + num('STORE_OFFSET_S', 0) * 1000
    const uploads: Upload[] = []
    for (let i = 0; uploads.length < total; i++) {
      for (const c of collectors) {
        const frame = realtimeFrame(c, nextQn(), new Date(base + i * 1000), NORMAL_CP[c.measure]!)
        const d = decodePacket(frame)
        if (!d.ok) throw new Error(d.detail)
        const rows = packetRows(d.packet)
        if (!rows.ok) throw new Error(rows.detail)
        uploads.push({ packet: d.packet, rows, pnos: [0], pnum: null })
        if (uploads.length >= total) break
      }
    }
    const committer = new GroupCommitter<Upload, StoreResult>(
      (u) => store.storeMany(u),
      {
        maxBatch: num('STORE_BATCH', 500),
        maxWaitMs: num('STORE_WAIT_MS', 2),
        maxInFlight: num('STORE_INFLIGHT', 2),
        attempts: 1,
        retryable: isTransientDbError,
      },
      (u, r) => store.announceMany(u, r),
    )
    let next = 0
    let stored = 0
    const dbName = new URL(database.url).pathname.slice(1)
    const pg0 = backendCpuMs(dbName)
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: outstanding }, async () => {
        while (next < uploads.length) {
          const r = await committer.submit(uploads[next++]!)
          if (r.status === 'stored') stored++
        }
      }),
    )
    const s = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    let pgMs = 0
    for (const [pid, ms] of backendCpuMs(dbName)) pgMs += ms - (pg0.get(pid) ?? 0)
    const perPacketUs = (ms: number) => Math.round((ms * 1000) / uploads.length)
    console.log(
      JSON.stringify({
        packets: uploads.length,
        stored,
        seconds: Math.round(s * 100) / 100,
        packets_per_s: Math.round(uploads.length / s),
        groups: committer.stats.groups,
        mean_group: Math.round(committer.stats.items / committer.stats.groups),
        largest: committer.stats.largest,
        // CPU per packet: this process (all threads), and the PostgreSQL backends of the benchmark database
        node_cpu_us_per_packet: perPacketUs((cpu.user + cpu.system) / 1000),
        pg_cpu_us_per_packet: perPacketUs(pgMs),
      }),
    )
    if (process.env.STORE_KEEP) console.log('kept', database.url)
  } finally {
    await bus.close()
    await db.close()
    if (!process.env.STORE_KEEP) await database.drop()
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
