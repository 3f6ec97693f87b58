import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import type { DecodePolicy } from '../../../sensors/protocols/safety'
import type { Bus } from '../../platform/bus/bus'
import type { Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { SensorReadingsService } from '../../modules/sensors/sensor-readings.service'
import { AlarmsService } from '../../modules/alarms/alarms.service'
import { CardFeedService } from '../../modules/cards/card-feed.service'
import { GatesService } from '../../modules/gates/gates.service'
import type { AlarmSink } from '../jt808/jt808.alarms'
import { cardsHandler, gatesHandler } from './cards.handler'
import type { PeerLimiter } from '../shared/peer-limiter'
import { RejectionLog } from '../shared/rejection-log'
import { answerAfterSettle } from './held-acks'
import type { MqttHandler } from './mqtt-handler'
import { ReadingBatcher, type BatcherOptions, type BatcherStats } from './reading-batcher'
import { safetyHandler } from './safety.handler'
import { topicMatches } from './topic-match'

export interface MqttIngestOptions {
  /** MQTT_URL */
  url: string
  /** MQTT_TOPIC_PREFIX */
  prefix: string
  db: Db
  bus: Bus
  log: Logger
  /** this node's name: rejection counters `mqtt@<node>`, client id `cpt-ingest-<prefix>-<node>` */
  node: string
  /** the readings service to share with the HTTP ingest; default a new one */
  service?: SensorReadingsService
  /** subscribe through `$share/<group>/…` so that several ingest nodes split the messages; default off */
  shareGroup?: string
  /** how long the broker keeps this node's session (and its QoS 1 messages) while it is away; default 1 h */
  sessionExpiryS?: number
  /** messages the broker may send before their answer (MQTT 5 receive maximum); default 1000 */
  receiveMaximum?: number
  /** startMqttIngest waits this long for the first subscription before returning anyway; default 5 s */
  startTimeoutMs?: number
  batch?: BatcherOptions
  decode?: Omit<DecodePolicy, 'now'>
  rejectionLimiter?: PeerLimiter
  /** raises card SOS / low battery and gate no-booking alarms; default an AlarmsService on `db` (pass main's, which wakes the relay) */
  alarms?: AlarmSink
}

export interface MqttIngestStats {
  received: number
  unrouted: number
  batches: BatcherStats
  connected: boolean
}

export interface MqttIngest {
  rejections: RejectionLog
  service: SensorReadingsService
  /** resolves at the first subscription (also when startMqttIngest returned before it) */
  ready: Promise<void>
  stats(): MqttIngestStats
  stop(): Promise<void>
}

/**
 * The MQTT ingest: one MQTT 5 client with a persistent session, subscribed with QoS 1 to every handler's
 * topics; each message goes to the handler whose filter it matches and is answered (PUBACK) once settled.
 * Reconnects by itself. Handlers: safety sensors (sensors/protocols/safety), positioning-card gateways
 * (`<prefix>/v1/cards/<gateway>/data`) and gate cameras (`<prefix>/v1/gates/<gate>/events`, sensors/protocols/cards).
 */
export async function startMqttIngest(o: MqttIngestOptions): Promise<MqttIngest> {
  const log = o.log.child({ ingest: 'mqtt' })
  const service = o.service ?? new SensorReadingsService(o.db, o.bus, o.log)
  const rejections = new RejectionLog({
    protocol: 'mqtt',
    node: o.node,
    db: o.db,
    bus: o.bus,
    log: o.log,
    ...(o.rejectionLimiter ? { limiter: o.rejectionLimiter } : {}),
  })
  const alarms = o.alarms ?? new AlarmsService(o.db)
  const receiveMaximum = o.receiveMaximum ?? 1000
  // a batch is cut at half the in-flight window, so the broker never waits for a window to end
  const batcher = new ReadingBatcher(service, log, { maxMessages: Math.ceil(receiveMaximum / 2), ...o.batch })
  const handlers: MqttHandler[] = [
    safetyHandler({ prefix: o.prefix, batcher, rejections, ...(o.decode ? { policy: o.decode } : {}) }),
    cardsHandler({ prefix: o.prefix, rejections, feed: new CardFeedService(o.db, o.bus, alarms, o.log) }),
    gatesHandler({ prefix: o.prefix, rejections, gates: new GatesService(o.db, alarms, o.log, o.bus) }),
  ]
  const filters = handlers.flatMap((h) =>
    h.filters.map((f) => ({ handler: h, filter: o.shareGroup ? `$share/${o.shareGroup}/${f}` : f })),
  )
  const counts = { received: 0, unrouted: 0 }

  const options: IClientOptions = {
    protocolVersion: 5,
    clientId: `cpt-ingest-${o.prefix.replace(/\//g, '_')}-${o.node}`.slice(0, 120),
    clean: false,
    reconnectPeriod: 2_000,
    connectTimeout: 10_000,
    properties: {
      sessionExpiryInterval: o.sessionExpiryS ?? 3_600,
      receiveMaximum,
    },
  }
  const client: MqttClient = mqtt.connect(o.url, options)
  answerAfterSettle(
    client,
    async (packet) => {
      counts.received++
      const route = filters.find((f) => topicMatches(f.filter, packet.topic))
      if (route) return route.handler.handle(packet.topic, packet.payload as Uint8Array)
      counts.unrouted++
      rejections.record({ reason: 'bad_topic', peer: packet.topic, ip: packet.topic, detail: 'no handler' })
    },
    log,
  )

  const url = redact(o.url)
  let markReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  let problems = 0
  client.on('connect', (connack) => {
    problems = 0
    log.info({ url, sessionPresent: connack.sessionPresent }, 'mqtt ingest connected')
    // also with a session present: a newer version may subscribe to more (subscribing again is harmless)
    client.subscribe(
      filters.map((f) => f.filter),
      { qos: 1 },
      (err, granted) => {
        const refused = granted?.filter((g) => g.qos > 2) ?? []
        if (err || refused.length) log.error({ err, refused }, 'mqtt subscription refused')
        else {
          log.info({ filters: filters.map((f) => f.filter) }, 'mqtt ingest subscribed')
          markReady()
        }
      },
    )
  })
  // one warning per outage, not one per reconnect attempt
  client.on('error', (err) => {
    if (problems++ === 0) log.warn({ err, url }, 'mqtt ingest connection problem; reconnecting')
  })
  client.on('offline', () => {
    if (problems++ === 0) log.warn({ url }, 'mqtt broker unreachable; reconnecting')
  })

  const timeout = o.startTimeoutMs ?? 5_000
  await Promise.race([ready, new Promise((r) => setTimeout(r, timeout).unref())])

  return {
    rejections,
    service,
    ready,
    stats: () => ({ ...counts, batches: { ...batcher.stats }, connected: client.connected }),
    async stop() {
      // messages not yet answered stay with the broker, which redelivers them to the next session
      await batcher.stop()
      await client.endAsync(true)
      await rejections.stop()
    },
  }
}

// for logs: never print a password
function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'mqtt broker'
  }
}
