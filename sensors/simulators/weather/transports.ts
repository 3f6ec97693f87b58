// How the simulated weather stations reach the platform. Over MQTT (MQTT_URL set), exactly as a station's data
// logger publishes: JSON on `<prefix>/v1/weather/<station>` with QoS 1. With no broker (the embedded default of
// `npm start`), in process: the same JSON bytes handed to the platform's weather-station receiver, which parses and
// validates them exactly as it does a message from the broker (server/modules/incidents/weather-station.ts).
import mqtt, { type MqttClient } from 'mqtt'

/** The topic of a station's observations. */
export const weatherTopic = (prefix: string, station: string): string => `${prefix}/v1/weather/${station}`

export interface WeatherTransport {
  readonly name: string
  /** resolves once the platform took the observation (PUBACK, or the receiver's answer) */
  send(station: string, payload: string): Promise<void>
  close(): Promise<void>
}

/** `retry`: worth sending again later (broker away); otherwise the observation is dropped. */
export class WeatherTransportError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message)
  }
}

export interface MqttWeatherTransportOptions {
  url: string
  /** MQTT_TOPIC_PREFIX */
  prefix: string
  clientId?: string
  timeoutMs?: number
}

export function mqttWeatherTransport(
  o: MqttWeatherTransportOptions,
): WeatherTransport & { client: MqttClient } {
  const client = mqtt.connect(o.url, {
    protocolVersion: 5,
    clientId: o.clientId ?? `cpt-sim-weather-${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: 2_000,
    connectTimeout: 10_000,
  })
  client.on('error', () => undefined) // reconnects by itself; send() reports the outage
  return {
    name: 'mqtt',
    client,
    async send(station, payload) {
      if (!client.connected) throw new WeatherTransportError('mqtt broker not connected', true)
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new WeatherTransportError('mqtt publish: no PUBACK in time', true)),
          o.timeoutMs ?? 10_000,
        )
      })
      try {
        await Promise.race([
          client.publishAsync(weatherTopic(o.prefix, station), payload, { qos: 1 }),
          timeout,
        ])
      } finally {
        clearTimeout(timer)
      }
    },
    close: () => client.endAsync(true),
  }
}

/**
 * In process, when there is no broker: `receive` is the platform's receiver (WeatherStations.receive); false (a
 * message it refused) drops the observation, a throw (the database away) keeps it for another try.
 */
export function inProcessWeatherTransport(
  receive: (station: string, payload: string) => Promise<boolean>,
): WeatherTransport {
  return {
    name: 'in-process',
    async send(station, payload) {
      let ok: boolean
      try {
        ok = await receive(station, payload)
      } catch (err) {
        throw new WeatherTransportError(`weather observation not stored: ${(err as Error).message}`, true)
      }
      if (!ok) throw new WeatherTransportError('weather observation refused', false)
    },
    close: async () => undefined,
  }
}
