// JT/T 808 ingest (protocols.md): a TCP listener for vehicle and badge terminals. Terminals register
// (0x0100 → 0x8100 with an auth code), authenticate on each connection (0x0102), then report
// positions (0x0200, 0x0704) that are stored in PostGIS before they are answered and then published
// on the bus `positions` stream for the live cache and the realtime broadcast.
import { createServer, type Socket } from 'node:net'
import { hostname } from 'node:os'
import { Jt808Reassembler } from '../../../sensors/protocols/jt808'
import type { Bus } from '../../platform/bus/bus'
import type { Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { RejectionLog } from '../shared/rejection-log'
import type { PeerLimiter } from '../shared/peer-limiter'
import { DeviceAlarms, type AlarmSink } from './jt808.alarms'
import { Jt808Connection, type ConnectionContext, type ConnectionLimits } from './jt808.connection'
import { defaultDeviceTimePolicy, type DeviceTimePolicy } from './jt808.device-time'
import { LocationStore, type LocationGroupOptions, type LocationStoreDeps } from './jt808.locations'
import { Jt808Rejections } from './jt808.rejections'
import { createStats, snapshot, type Jt808Stats } from './jt808.stats'
import { LivePublisher } from './live-publisher'

export type { Jt808Stats } from './jt808.stats'

export interface Jt808Limits extends ConnectionLimits {
  /** connections beyond this are closed at once and counted */
  maxConnections: number
}

export const defaultJt808Limits: Jt808Limits = {
  maxConnections: 2000,
  idleTimeoutMs: 10 * 60_000,
  maxConsecutiveRejections: 16,
  maxGarbageBytes: 64 * 1024,
  maxPendingWriteBytes: 256 * 1024,
  maxPipelined: 64,
}

export interface Jt808ListenerDeps {
  db: Db
  bus: Bus
  log: Logger
  /** 0 picks a free port (tests) */
  port: number
  host?: string
  /** enrol unknown terminals on 0x0100 as unassigned vehicle tags; default true */
  autoEnrol?: boolean
  limits?: Partial<Jt808Limits>
  timePolicy?: Partial<DeviceTimePolicy>
  /** server clock, ms; default Date.now */
  now?: () => number
  /** where terminal alarm bits are raised (the alarm module); unset: not raised */
  alarms?: AlarmSink
  /** this node's name, for the rejection counters; default `<hostname>-<bound port>` */
  node?: string
  /** budget of rejection rows; default 20 per peer and 300 in all per minute */
  rejectionLimiter?: PeerLimiter
  /** group commit of location reports (jt808.locations.ts defaultLocationGroup) */
  groupCommit?: LocationGroupOptions
  /** test seam: runs in each location group's transaction before COMMIT; throwing fails the group */
  beforeLocationCommit?: LocationStoreDeps['beforeCommit']
}

export interface Jt808Listener {
  port: number
  stats(): Jt808Stats
  stop(): Promise<void>
}

/** stats() of the listeners running in this process (for the ingest benchmark's probe and diagnostics) */
const running = new Set<() => Jt808Stats>()

export function runningJt808Stats(): Jt808Stats[] {
  return [...running].map((stats) => stats())
}

export async function startJt808Listener(deps: Jt808ListenerDeps): Promise<Jt808Listener> {
  const { db, bus, log } = deps
  const limits = { ...defaultJt808Limits, ...deps.limits }
  const stats = createStats()
  const publisher = new LivePublisher(bus, stats, log)
  const timePolicy = { ...defaultDeviceTimePolicy, ...deps.timePolicy }
  const now = deps.now ?? Date.now
  const locations = new LocationStore({
    db,
    stats,
    publisher,
    timePolicy,
    now,
    ...(deps.groupCommit ? { group: deps.groupCommit } : {}),
    ...(deps.beforeLocationCommit ? { beforeCommit: deps.beforeLocationCommit } : {}),
  })
  const open = new Set<Jt808Connection>()
  // set once the port is bound (the rejection counters are keyed by it); no connection is accepted before
  let ctx: ConnectionContext | null = null

  const server = createServer((socket: Socket) => {
    try {
      if (!ctx || open.size >= limits.maxConnections) {
        stats.connections.refused++
        socket.destroy()
        return
      }
      const conn = new Jt808Connection(socket, ctx)
      open.add(conn)
      stats.connections.accepted++
      stats.connections.active = open.size
      socket.once('close', () => {
        open.delete(conn)
        stats.connections.active = open.size
      })
    } catch (err) {
      log.error({ err }, 'jt808 connection setup failed')
      socket.destroy()
    }
  })
  server.on('error', (err) => log.error({ err }, 'jt808 listener error'))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(deps.port, deps.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as { port: number }).port
  const rejectionLog = new RejectionLog({
    protocol: 'jt808',
    node: deps.node ?? `${hostname()}-${port}`,
    db,
    bus,
    log,
    ...(deps.rejectionLimiter ? { limiter: deps.rejectionLimiter } : {}),
  })
  ctx = {
    db,
    log,
    stats,
    rejections: new Jt808Rejections(rejectionLog, stats),
    publisher,
    locations,
    autoEnrol: deps.autoEnrol ?? true,
    timePolicy,
    deviceAlarms: deps.alarms ? new DeviceAlarms(db, deps.alarms) : null,
    now,
    limits,
    // shared by all connections: a terminal that reconnects mid-message can still complete it
    reassembler: new Jt808Reassembler(),
  }
  log.info({ port, autoEnrol: ctx.autoEnrol }, 'JT/T 808 listener running')

  const listener: Jt808Listener = {
    port,
    stats: () => {
      const c = locations.committer
      const load = c.load
      stats.groupCommit = {
        ...stats.groupCommit,
        groups: c.stats.groups,
        reports: c.stats.items,
        largest: c.stats.largest,
        failedGroups: c.stats.failedGroups,
        pauses: c.stats.pauses,
        queuedPositions: load.queued,
        committingPositions: load.committing,
        full: c.full,
      }
      return snapshot(stats)
    },
    stop: async () => {
      running.delete(listener.stats)
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      const busy = [...open].map((c) => c.idle())
      for (const c of open) c.close()
      // a handler mid-transaction finishes (or fails) before the database pool goes away
      await Promise.allSettled(busy)
      await locations.drained()
      await closed
      await publisher.idle()
      await rejectionLog.stop()
    },
  }
  running.add(listener.stats)
  return listener
}
