// The park's weather stations (气象站): observations over MQTT on `<prefix>/v1/weather/<station>` as JSON
// {t, wind_speed_ms, wind_from_deg, temp_c, cloud_cover_oktas}, stored in `weather_observations` and kept in memory
// (latest per station) for incidents that take the station's weather. A bad message is counted and dropped.
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

export class WeatherStations {
  private readonly latestBy = new Map<string, WeatherObservation>()
  rejected = 0

  constructor(private readonly db: Db) {}

  /** The newest observation of a station this node has seen, or null. */
  latest(stationId: string): WeatherObservation | null {
    return this.latestBy.get(stationId) ?? null
  }

  /** Stores one observation (idempotent by station and time) and keeps it if it is the station's newest. */
  async observe(o: WeatherObservation): Promise<void> {
    await this.db.tx(systemScope, (q) => insertWeatherObservation(q, o))
    const prev = this.latestBy.get(o.station_id)
    if (!prev || Date.parse(prev.t) <= Date.parse(o.t)) this.latestBy.set(o.station_id, o)
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

/** Subscribes to `<prefix>/v1/weather/+` and feeds the stations; stop() ends the client. */
export async function startWeatherStationListener(o: {
  url: string
  prefix: string
  stations: WeatherStations
  log: Logger
}): Promise<{ client: MqttClient; stop(): Promise<void> }> {
  const base = `${o.prefix}/v1/weather/`
  const client = await mqtt.connectAsync(o.url, { protocolVersion: 5, reconnectPeriod: 2000 })
  client.on('message', (topic, payload) => {
    if (!topic.startsWith(base)) return
    o.stations
      .receive(topic.slice(base.length), payload)
      .then((ok) => {
        if (!ok) o.log.debug({ topic }, 'weather observation rejected')
      })
      .catch((err: unknown) => o.log.warn({ err, topic }, 'weather observation not stored'))
  })
  client.on('error', (err) => o.log.warn({ err }, 'weather station mqtt error'))
  await client.subscribeAsync(`${base}+`, { qos: 1 })
  return { client, stop: () => client.endAsync() }
}
