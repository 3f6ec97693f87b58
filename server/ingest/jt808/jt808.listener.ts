// JT/T 808 ingest (protocols.md): a TCP listener for vehicle and badge terminals. Terminals register
// (0x0100 → 0x8100 with an auth code), authenticate on each connection (0x0102), then report
// positions (0x0200, 0x0704) that are stored in PostGIS before they are answered and then published
// on the bus `positions` stream for the live cache and the realtime broadcast.
import { DeviceAlarms, type AlarmSink } from './jt808.alarms'
import { createServer, type Socket } from 'node:net'
import { Jt808Reassembler } from '../../../sensors/protocols/jt808'
import type { Bus } from '../../platform/bus/bus'
import type { Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { Jt808Connection, type ConnectionLimits } from './jt808.connection'
import { defaultDeviceTimePolicy, type DeviceTimePolicy } from './jt808.device-time'
import { RejectionLog } from './jt808.rejections'
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
}

export interface Jt808Listener {
  port: number
  stats(): Jt808Stats
  stop(): Promise<void>
}

export async function startJt808Listener(deps: Jt808ListenerDeps): Promise<Jt808Listener> {
  const { db, bus, log } = deps
  const limits = { ...defaultJt808Limits, ...deps.limits }
  const stats = createStats()
  const rejections = new RejectionLog(db, stats, log)
  const logsRejections = await rejections.init()
  const publisher = new LivePublisher(bus, stats, log)
  const ctx = {
    db,
    log,
    stats,
    rejections,
    publisher,
    autoEnrol: deps.autoEnrol ?? true,
    timePolicy: { ...defaultDeviceTimePolicy, ...deps.timePolicy },
    deviceAlarms: deps.alarms ? new DeviceAlarms(db, deps.alarms) : null,
    now: deps.now ?? Date.now,
    limits,
    // shared by all connections: a terminal that reconnects mid-message can still complete it
    reassembler: new Jt808Reassembler(),
  }
  const open = new Set<Jt808Connection>()

  const server = createServer((socket: Socket) => {
    try {
      if (open.size >= limits.maxConnections) {
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
  log.info({ port, autoEnrol: ctx.autoEnrol, logsRejections }, 'JT/T 808 listener running')

  return {
    port,
    stats: () => snapshot(stats),
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      const busy = [...open].map((c) => c.idle())
      for (const c of open) c.close()
      // a handler mid-transaction finishes (or fails) before the database pool goes away
      await Promise.allSettled(busy)
      await closed
      await publisher.idle()
      await rejections.idle()
    },
  }
}
