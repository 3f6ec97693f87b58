// The sensor benchmarks (issue 3): HJ 212 ingest throughput through the whole server, and alarm latency from a
// packet's last byte to the Socket.IO `alarm.raised` of a signed-in client. Measures only; asserts nothing.
import { Worker } from 'node:worker_threads'
import { io as connectSocket, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/contracts'
import type { RunningServer } from '../../server/main'
import { streams } from '../../server/platform/bus/bus'
import { systemScope } from '../../server/platform/db/db'
import type { TestRedisClient } from '../helpers/services'
import { ApiClient } from '../helpers/http'
import {
  LoadConnection,
  nextQn,
  NORMAL_CP,
  realtimeFrame,
  type LoadCollector,
  type ThroughputLoad,
  type ThroughputResult,
} from './sensors-load'
import { percentile, round } from './stats'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const ms = (v: number[]) => ({
  p50_ms: round(percentile(v, 50)),
  p99_ms: round(percentile(v, 99)),
  max_ms: round(v.length ? Math.max(...v) : NaN),
})

// ---- a. throughput -------------------------------------------------------------------------------------

/** The load runs in a worker thread, so the clients do not share the server's event loop. */
function runLoadInWorker(load: ThroughputLoad): Promise<ThroughputResult> {
  return new Promise((resolve, reject) => {
    // tsx's loader is registered per thread: the worker registers it, then imports the load module
    const entry = new URL('./sensors-worker.ts', import.meta.url).href
    const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}) })`
    const w = new Worker(boot, { eval: true, workerData: load })
    w.once('message', (r: ThroughputResult) => {
      resolve(r)
      void w.terminate()
    })
    w.once('error', reject)
  })
}

/** Fields of an XINFO reply (RESP2 flat array or RESP3 map). */
function fields(reply: unknown): Record<string, unknown> {
  if (!Array.isArray(reply)) return (reply ?? {}) as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = reply[i + 1]
  return out
}

export interface StreamState {
  added: number
  read: number
  pending: number
  caughtUp: boolean
}

/** Where the alarm engine's consumer group stands on the readings stream. */
export async function alarmConsumerState(redis: TestRedisClient, key: string): Promise<StreamState> {
  const stream = fields(await redis.sendCommand(['XINFO', 'STREAM', key]))
  const groups = (await redis.sendCommand(['XINFO', 'GROUPS', key])) as unknown[]
  const group = groups.map(fields).find((g) => String(g.name) === 'alarms')
  const added = Number(stream['entries-added'] ?? 0)
  const read = Number(group?.['entries-read'] ?? 0)
  const pending = Number(group?.pending ?? 0)
  const caughtUp =
    group !== undefined &&
    String(group['last-delivered-id']) === String(stream['last-generated-id']) &&
    pending === 0
  return { added, read, pending, caughtUp }
}

export interface ThroughputOptions {
  server: RunningServer
  redis: TestRedisClient
  /** Redis name of the readings stream */
  readingsKey: string
  collectors: LoadCollector[]
  window: number
  durationMs: number
  firstDataTimeMs: number
}

/**
 * HJ 212 packets per second sustained: TCP → frame/CRC/decode → store (transaction, natural key) → CN 9014
 * answer awaited by the sender; then until the alarm engine's consumer group has read and acknowledged every
 * readings entry (end to end).
 */
export async function benchThroughput(o: ThroughputOptions) {
  const before = await alarmConsumerState(o.redis, o.readingsKey).catch(() => null)
  const packetsBefore = await countPackets(o.server)
  const load = await runLoadInWorker({
    port: o.server.ports.hj212!,
    collectors: o.collectors,
    window: o.window,
    durationMs: o.durationMs,
    firstDataTimeMs: o.firstDataTimeMs,
  })
  let maxLag = 0
  let state = await alarmConsumerState(o.redis, o.readingsKey)
  const deadline = Date.now() + 120_000
  while (!state.caughtUp && Date.now() < deadline) {
    maxLag = Math.max(maxLag, state.added - state.read)
    await sleep(20)
    state = await alarmConsumerState(o.redis, o.readingsKey)
  }
  const caughtUpAt = Date.now()
  const stored = (await countPackets(o.server)) - packetsBefore
  const e2eSeconds = (caughtUpAt - load.startedAt) / 1000
  const entries = state.added - (before?.added ?? 0)
  return {
    connections: load.connections,
    window_per_connection: load.window,
    send_seconds: round(o.durationMs / 1000, 1),
    packets_sent: load.sent,
    packets_acked: load.acked,
    packets_stored: stored,
    ingest_packets_per_s: Math.round(load.acks_per_s),
    ack_round_trip: ms(load.ack_ms),
    bus_entries: entries,
    alarm_consumer_caught_up: state.caughtUp,
    alarm_consumer_max_lag_entries: maxLag,
    end_to_end_seconds: round(e2eSeconds, 2),
    end_to_end_packets_per_s: Math.round(load.acked / e2eSeconds),
    max_packets_per_connection: load.maxPerConnection,
  }
}

async function countPackets(server: RunningServer): Promise<number> {
  const r = await server.db.query<{ n: number }>(systemScope, 'SELECT count(*)::int AS n FROM hj212_packets')
  return r[0]!.n
}

// ---- b. alarm latency ----------------------------------------------------------------------------------

/**
 * Nominal load of the park: every seeded collector sends one real-time packet every 30 s (HJ 212-2017
 * CN 2011 at the default RtdInterval 30 s), and every gas detector reports one reading every 10 s on
 * `readings.recorded` (as the MQTT ingest publishes them). ×10 divides both periods by ten.
 */
export const NOMINAL = { collectorPeriodS: 30, gasDetectorPeriodS: 10 }

/** Channels (`<MN>.<code>`) whose value is pushed over its `high` limit: one alarm `h` each. */
const EXCEED: Record<string, { code: string; value: string }[]> = {
  wastewater: [
    { code: 'w01018', value: '88.8' }, // COD, high 50 mg/L
    { code: 'w21003', value: '9.9' }, // NH3-N, high 5 mg/L
  ],
  waste_gas: [
    { code: 'a21026', value: '188.8' }, // SO2, high 100 mg/m³
    { code: 'a21002', value: '288.8' }, // NOx, high 150 mg/m³
    { code: 'a34013', value: '38.8' }, // particulates, high 20 mg/m³
  ],
}

/** Every (collector, channel) an exceedance can be injected on, in a fixed order. */
export function exceedanceChannels(collectors: LoadCollector[]) {
  return collectors.flatMap((c) => (EXCEED[c.measure] ?? []).map((e) => ({ collector: c, ...e })))
}

function exceedingCp(measure: string, code: string, value: string): string {
  return NORMAL_CP[measure]!.split(';')
    .map((group) => (group.startsWith(`${code}-Rtd=`) ? `${code}-Rtd=${value},${code}-Flag=N` : group))
    .join(';')
}

export type AlarmSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** A signed-in Socket.IO client in the alarm room, as the browser is (cookie session). */
export async function alarmClient(url: string, username: string, password: string): Promise<AlarmSocket> {
  const api = new ApiClient(url)
  await api.login(username, password)
  const s: AlarmSocket = connectSocket(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie: api.cookie! },
  })
  await new Promise<void>((resolve, reject) => {
    s.once('connect', resolve)
    s.once('connect_error', reject)
  })
  const res = await s.emitWithAck('alarms.subscribe', {})
  if (!res.ok) throw new Error(`alarms.subscribe: ${res.error}`)
  return s
}

export interface LatencyOptions {
  server: RunningServer
  socket: AlarmSocket
  collectors: LoadCollector[]
  gasDetectors: { id: string; measure: string }[]
  /** 1 = nominal, 10 = ten times nominal */
  factor: number
  durationMs: number
  /** channels to push over their limit, each once, spread over the run */
  inject: ReturnType<typeof exceedanceChannels>
  /** DataTime of the run's first packets; later than anything sent before */
  firstDataTimeMs: number
}

/**
 * Runs the load for durationMs with the injected exceedances spread over it, then waits (up to 20 s) for
 * their alarm.raised. Latency: the exceeding packet's last byte written → alarm.raised received.
 */
export async function benchAlarmLatency(o: LatencyOptions) {
  const writtenAt = new Map<string, number>()
  const receivedAt = new Map<string, number>()
  let duplicates = 0
  const onRaised = (
    msg: Parameters<ServerToClientEvents['alarm.raised']>[0],
    ack?: (r: { ok: true }) => void,
  ) => {
    ack?.({ ok: true })
    const key = msg.alarm.source_id
    if (!writtenAt.has(key) || msg.alarm.rule !== 'h') return
    if (receivedAt.has(key)) duplicates++
    else receivedAt.set(key, performance.now())
  }
  o.socket.on('alarm.raised', onRaised)

  const conns = await Promise.all(o.collectors.map(() => LoadConnection.open(o.server.ports.hj212!)))
  const seq = new Map<string, number>()
  const dataTime = (mn: string) => {
    const n = seq.get(mn) ?? 0
    seq.set(mn, n + 1)
    return new Date(o.firstDataTimeMs + n * 1000)
  }
  let sent = 0
  const timers: NodeJS.Timeout[] = []
  const t0 = performance.now()
  const periodMs = (NOMINAL.collectorPeriodS * 1000) / o.factor
  // each collector on its own phase, as real devices are
  o.collectors.forEach((c, i) => {
    const tick = () => {
      sent++
      void conns[i]!.write(realtimeFrame(c, nextQn(), dataTime(c.mn), NORMAL_CP[c.measure]!)).catch(
        () => undefined,
      )
    }
    const start = setTimeout(
      () => {
        tick()
        timers.push(setInterval(tick, periodMs))
      },
      (periodMs * i) / o.collectors.length,
    )
    timers.push(start)
  })
  const gasPeriodMs = (NOMINAL.gasDetectorPeriodS * 1000) / o.factor
  let gasT = o.firstDataTimeMs
  if (o.gasDetectors.length)
    timers.push(
      setInterval(() => {
        gasT += gasPeriodMs
        const t = new Date(gasT).toISOString()
        const readings = o.gasDetectors.map((g) => ({
          sensor_id: g.id,
          t,
          value: g.measure === 'O2' ? 20.9 : 0,
          flag: null,
          kind: 'rtd' as const,
        }))
        void o.server.bus
          .publish(streams.readingsRecorded, { source: 'bench', readings })
          .catch(() => undefined)
      }, gasPeriodMs),
    )
  // the exceedances, evenly spread, each from its own collector connection
  const index = new Map(o.collectors.map((c, i) => [c.mn, i]))
  await Promise.all(
    o.inject.map(async (e, k) => {
      await sleep(((k + 0.5) * o.durationMs) / o.inject.length)
      const conn = conns[index.get(e.collector.mn)!]!
      const frame = realtimeFrame(
        e.collector,
        nextQn(),
        dataTime(e.collector.mn),
        exceedingCp(e.collector.measure, e.code, e.value),
      )
      sent++
      const key = `${e.collector.mn}.${e.code}`
      writtenAt.set(key, performance.now()) // known before any answer can come back
      await conn.write(frame)
      writtenAt.set(key, performance.now()) // the last byte handed to the kernel
    }),
  )
  const sendEnd = performance.now()
  await sleep(Math.max(0, o.durationMs - (sendEnd - t0)))
  for (const t of timers) clearInterval(t)
  const deadline = Date.now() + 20_000
  while (receivedAt.size < writtenAt.size && Date.now() < deadline) await sleep(50)
  await sleep(500) // a late duplicate would show here
  o.socket.off('alarm.raised', onRaised)
  for (const c of conns) c.close()

  const latencies = [...receivedAt].map(([key, at]) => at - writtenAt.get(key)!)
  return {
    factor: o.factor,
    collectors: o.collectors.length,
    collector_period_s: round(periodMs / 1000, 1),
    gas_detectors: o.gasDetectors.length,
    gas_period_s: round(gasPeriodMs / 1000, 1),
    seconds: round(o.durationMs / 1000, 1),
    packets_sent: sent,
    injected: writtenAt.size,
    received: receivedAt.size,
    lost: writtenAt.size - receivedAt.size,
    duplicates,
    latency: ms(latencies),
  }
}
