import { streams, type Bus, type Subscription } from '../../platform/bus/bus'
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import type { IoServer } from '../../platform/realtime/socket-server'
import { every } from '../../platform/scheduler'
import { defaultTiming, type AlarmTiming } from './alarm-config'
import { AlarmEngine, type AlarmEngineOptions } from './alarm.engine'
import { startAlarmPusher, type AlarmPusher } from './alarm.pusher'
import { AlarmQueries } from './alarms.queries'
import { alarmsRoutes } from './alarms.routes'
import { AlarmsService, type AlarmsServiceOptions } from './alarms.service'
import { deletePublished } from './outbox.repository'
import { startOutboxRelay, type OutboxRelay } from './outbox.relay'
import { startReadingAlarms } from './readings.consumer'

export interface AlarmWorkerDeps {
  db: Db
  bus: Bus
  log: Logger
  /** this node's stable consumer name */
  node: string
}

export interface AlarmWorkerOptions {
  /** bus stream alarms are published to (default `alarms`) */
  alarmStream?: string
  /** stream of readings to evaluate (default `readings.recorded`) */
  readingsStream?: string
  timing?: Partial<AlarmTiming>
  engine?: AlarmEngineOptions
  /** periods of the background jobs, ms */
  periods?: Partial<Record<'silence' | 'shelves' | 'escalation', number>>
}

export interface AlarmWorker {
  engine: AlarmEngine
  service: AlarmsService
  relay: OutboxRelay
  stop(): Promise<void>
}

/**
 * Worker role: the outbox relay, the alarm engine on the readings stream, the device-silence check,
 * shelf expiry (ISA-18.2), escalation of unacknowledged urgent alarms and outbox clean-up.
 */
export async function startAlarmWorker(
  d: AlarmWorkerDeps,
  opts: AlarmWorkerOptions = {},
): Promise<AlarmWorker> {
  const { db, bus, log } = d
  const timing = { ...defaultTiming, ...opts.timing }
  const p = { silence: 15_000, shelves: 10_000, escalation: 5_000, ...opts.periods }
  const relay = startOutboxRelay(db, bus, log)
  const service = new AlarmsService(db, {
    topic: opts.alarmStream ?? streams.alarms,
    onCommitted: () => relay.wake(),
  })
  const engine = new AlarmEngine(db, service, log, opts.engine)
  const stops: (() => Promise<void> | void)[] = [() => relay.stop()]
  try {
    await engine.start()
    const readings: Subscription = startReadingAlarms(bus, engine, log, {
      consumer: d.node,
      ...(opts.readingsStream ? { stream: opts.readingsStream } : {}),
    })
    stops.push(() => readings.stop())
    const jobs = [
      every(p.silence, 'alarm-silence', log, () => engine.checkSilence()),
      every(p.shelves, 'alarm-shelf-expiry', log, () => service.expireShelves()),
      every(p.escalation, 'alarm-escalation', log, () => service.escalateDue(timing.escalateAfterS)),
      every(3_600_000, 'outbox-cleanup', log, () => db.tx(systemScope, (q) => deletePublished(q, 7))),
    ]
    for (const j of jobs) stops.push(() => j.stop())
  } catch (err) {
    for (const s of stops.reverse()) await s()
    throw err
  }
  return {
    engine,
    service,
    relay,
    stop: async () => {
      for (const s of stops.reverse()) await s()
    },
  }
}

/** Realtime role: pushes alarms to this node's sockets. */
export function startAlarmRealtime(
  io: IoServer,
  bus: Bus,
  log: Logger,
  opts: { alarmStream?: string; timing?: Partial<AlarmTiming> } = {},
): AlarmPusher {
  return startAlarmPusher(io, bus, log, {
    ...(opts.alarmStream ? { stream: opts.alarmStream } : {}),
    ...(opts.timing ? { timing: opts.timing } : {}),
  })
}

/** Web role: /api/v1/alarms. With a worker on the same node, pass its relay's wake as onCommitted. */
export function alarmRoutes(db: Db, opts: AlarmsServiceOptions = {}) {
  return alarmsRoutes(new AlarmsService(db, opts), new AlarmQueries(db))
}
