import type Router from '@koa/router'
import type { DecodePolicy } from '../../../sensors/protocols/safety'
import type { SessionStore } from '../../platform/auth/sessions'
import type { Bus } from '../../platform/bus/bus'
import type { Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { SensorReadingsService } from '../../modules/sensors/sensor-readings.service'
import { RejectionLog } from '../shared/rejection-log'
import { ingestHttpRoutes } from './ingest-http.routes'
import { AlarmsService } from '../../modules/alarms/alarms.service'
import { CardFeedService } from '../../modules/cards/card-feed.service'
import { GatesService } from '../../modules/gates/gates.service'
import type { AlarmSink } from '../jt808/jt808.alarms'
import { positionsIngestRoutes } from './positions.routes'
import { gateEventsIngestRoutes } from './gate-events.routes'

export interface HttpIngestOptions {
  db: Db
  bus: Bus
  log: Logger
  /** this node's name: rejection counters `http@<node>` */
  node: string
  sessions: SessionStore
  token?: string | undefined
  /** share one with the MQTT ingest (one registry cache); default a new one */
  service?: SensorReadingsService
  decode?: Omit<DecodePolicy, 'now'>
  /** raises card SOS / low battery and gate no-booking alarms; default an AlarmsService on `db` (pass main's, which wakes the relay) */
  alarms?: AlarmSink
}

export interface HttpIngest {
  /** mount among the public routers of createHttpApp */
  router: Router
  service: SensorReadingsService
  rejections: RejectionLog
  stop(): Promise<void>
}

/**
 * The HTTP ingest with its rejection counters (`http@<node>`): safety readings (/ingest/readings),
 * positioning-card positions (/ingest/positions) and gate events (/ingest/gate-events).
 */
export function createHttpIngest(o: HttpIngestOptions): HttpIngest {
  const service = o.service ?? new SensorReadingsService(o.db, o.bus, o.log)
  const rejections = new RejectionLog({ protocol: 'http', node: o.node, db: o.db, bus: o.bus, log: o.log })
  const router = ingestHttpRoutes({
    service,
    token: o.token,
    sessions: o.sessions,
    rejections,
    ...(o.decode ? { decode: o.decode } : {}),
  })
  const alarms = o.alarms ?? new AlarmsService(o.db)
  const auth = { token: o.token, sessions: o.sessions, rejections }
  const feed = new CardFeedService(o.db, o.bus, alarms, o.log)
  router.use(positionsIngestRoutes({ ...auth, feed }).routes())
  router.use(
    gateEventsIngestRoutes({ ...auth, gates: new GatesService(o.db, alarms, o.log, o.bus) }).routes(),
  )
  return { router, service, rejections, stop: () => rejections.stop() }
}
