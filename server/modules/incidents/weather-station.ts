// The park's weather stations (气象站): observations over MQTT on `<prefix>/v1/weather/<station>` as JSON
// {t, wind_speed_ms, wind_from_deg, temp_c, cloud_cover_oktas}, stored in `weather_observations` and kept in memory
// (latest per station) for incidents that take the station's weather; each new newest observation goes to the
// listeners (incidents that follow their station, station-follow.ts). A bad message is counted and dropped.
//
// startWeatherStations wires it: the MQTT subscription when a broker is configured, and the incidents that follow.
// With no broker (the embedded default of `npm start`) the simulated station hands its messages straight to
// receive() (sensors/simulators/weather/transports.ts), which parses and validates them exactly the same way.
import mqtt, { type MqttClient } from 'mqtt'
import { z } from 'zod'
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { insertWeatherObservation, type WeatherObservation } from './incidents.repository'

export const weatherMessage = z.strictObject({
  t: z.iso.datetime({ offset: true }),
  wind_speed_ms: z.number().min(0).max(100),
  wind_from_deg: z.number().min(0).max(360),
  temp_c: z.number().min(-80).max(80).nullable().optional(),
  cloud_cover_oktas: z.number().int().min(0).max(8).nullable().optional(),
})
const stationId = /^[A-Za-z0-9_-]{1,64}$/

/** Called with a station's observation once it is stored and is the newest this node has of the station. */
export type ObservationListener = (o: WeatherObservation) => Promise<unknown> | void

export class WeatherStations {
  private readonly latestBy = new Map<string, WeatherObservation>()
  private readonly listeners = new Set<ObservationListener>()
  /** one listener call at a time, in arrival order */
  private queue: Promise<unknown> = Promise.resolve()
  rejected = 0

  constructor(private readonly db: Db) {}

  /** The newest observation of a station this node has seen, or null. */
  latest(stationId: string): WeatherObservation | null {
    return this.latestBy.get(stationId) ?? null
  }

  /** Listens to new observations (see ObservationListener); returns the unsubscribe. */
  onObservation(listener: ObservationListener): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  /** Resolves when the listeners have seen every observation stored so far. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined)
  }

  /**
   * Stores one observation (idempotent by station and time) and keeps it if it is the station's newest; a first
   * copy that is the newest goes to the listeners (one at a time, in order; their failures are theirs).
   */
  async observe(o: WeatherObservation): Promise<void> {
    const stored = await this.db.tx(systemScope, (q) => insertWeatherObservation(q, o))
    const prev = this.latestBy.get(o.station_id)
    const newest = !prev || Date.parse(prev.t) <= Date.parse(o.t)
    if (newest) this.latestBy.set(o.station_id, o)
    if (!stored || !newest || !this.listeners.size) return
    const listeners = [...this.listeners]
    this.queue = this.queue.then(async () => {
      for (const l of listeners) await Promise.resolve(l(o)).catch(() => undefined)
    })
  }

  /** Parses an MQTT message of `station`; false (counted) when it is not a valid observation. */
  async receive(station: string, payload: Buffer | string): Promise<boolean> {
    let json: unknown
    try {
      json = JSON.parse(payload.toString())
    } catch {
      json = undefined
    }
    const r = weatherMessage.safeParse(json)
    if (!stationId.test(station) || !r.success) {
      this.rejected++
      return false
    }
    await this.observe({
      station_id: station,
      t: new Date(r.data.t).toISOString(),
      wind_speed_ms: r.data.wind_speed_ms,
      wind_from_deg: r.data.wind_from_deg % 360,
      temp_c: r.data.temp_c ?? null,
      cloud_cover_oktas: r.data.cloud_cover_oktas ?? null,
    })
    return true
  }
}

/**
 * Subscribes to `<prefix>/v1/weather/+` (QoS 1) and feeds the stations, one message at a time in arrival order.
 * Connects in the background and subscribes again on every reconnect; resolves at the first subscription or after
 * `startTimeoutMs` (default 5 s) with the broker still away (`ready` resolves later). stop() ends the client.
 */
export async function startWeatherStationListener(o: {
  url: string
  prefix: string
  stations: WeatherStations
  log: Logger
  startTimeoutMs?: number
}): Promise<{ client: MqttClient; ready: Promise<void>; stop(): Promise<void> }> {
  const base = `${o.prefix}/v1/weather/`
  const log = o.log.child({ ingest: 'weather' })
  const client = mqtt.connect(o.url, {
    protocolVersion: 5,
    clientId: `cpt-weather-${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: 2_000,
    connectTimeout: 10_000,
  })
  let subscribed: () => void = () => undefined
  const ready = new Promise<void>((resolve) => (subscribed = resolve))
  let chain: Promise<unknown> = Promise.resolve()
  client.on('message', (topic, payload) => {
    if (!topic.startsWith(base)) return
    chain = chain.then(() =>
      o.stations
        .receive(topic.slice(base.length), payload)
        .then((ok) => {
          if (!ok) log.debug({ topic }, 'weather observation rejected')
        })
        .catch((err: unknown) => log.warn({ err, topic }, 'weather observation not stored')),
    )
  })
  let down = false
  client.on('connect', () => {
    down = false
    client.subscribe(`${base}+`, { qos: 1 }, (err) => {
      if (err) log.warn({ err }, 'weather station subscription refused')
      else subscribed()
    })
  })
  // one warning per outage, not one per reconnect attempt
  client.on('error', (err) => {
    if (!down) log.warn({ err }, 'weather station mqtt error; reconnecting')
    down = true
  })
  let timer: NodeJS.Timeout | undefined
  await Promise.race([ready, new Promise((r) => (timer = setTimeout(r, o.startTimeoutMs ?? 5_000)))])
  clearTimeout(timer)
  return {
    client,
    ready,
    stop: async () => {
      await client.endAsync(true)
      await chain
    },
  }
}

export interface WeatherStationsOptions {
  stations: WeatherStations
  /** MQTT_URL; none: no subscription (observations come in process, from the simulator) */
  mqttUrl?: string | null
  /** MQTT_TOPIC_PREFIX */
  prefix: string
  log: Logger
  /** the incidents that follow their station (IncidentsService.followStation); none: they do not */
  incidents?: { followStation(o: WeatherObservation): Promise<unknown> } | null
}

/**
 * The weather stations of this node: subscribes to `<prefix>/v1/weather/+` on the broker when one is configured
 * (retrying in the background while it is away) and lets the incidents that take a station's weather follow it.
 * stop() ends both.
 */
export async function startWeatherStations(
  o: WeatherStationsOptions,
): Promise<{ ready: Promise<void>; stop(): Promise<void> }> {
  const unfollow = o.incidents
    ? o.stations.onObservation((obs) =>
        o
          .incidents!.followStation(obs)
          .catch((err: unknown) =>
            o.log.warn({ err, station: obs.station_id }, 'incidents did not follow the weather station'),
          ),
      )
    : () => undefined
  let listener: { ready: Promise<void>; stop(): Promise<void> } | null = null
  if (o.mqttUrl) {
    try {
      listener = await startWeatherStationListener({
        url: o.mqttUrl,
        prefix: o.prefix,
        stations: o.stations,
        log: o.log,
      })
    } catch (err) {
      unfollow()
      throw err
    }
  }
  return {
    ready: listener?.ready ?? Promise.resolve(),
    async stop() {
      unfollow()
      await listener?.stop()
      await o.stations.settled()
    },
  }
}
