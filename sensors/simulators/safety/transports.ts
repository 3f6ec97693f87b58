import mqtt, { type MqttClient } from 'mqtt'
import { encodeBatch, gatewayTopic, type WireReading } from '../../protocols/safety'

/** How the simulated gateways reach the platform: MQTT (when MQTT_URL is set) or HTTP. */
export interface SafetyTransport {
  readonly name: string
  /** resolves once the platform took the batch (PUBACK, or a 2xx answer) */
  send(gateway: string, readings: readonly WireReading[]): Promise<void>
  close(): Promise<void>
}

/** `retry`: worth sending again later (network, broker or server away); otherwise the batch is dropped. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message)
  }
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransportError(`${what}: no answer within ${ms} ms`, true)), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

export interface MqttTransportOptions {
  url: string
  /** MQTT_TOPIC_PREFIX */
  prefix: string
  clientId?: string
  timeoutMs?: number
}

/** Publishes each gateway's batch with QoS 1 to `<prefix>/v1/gateways/<gateway>/data`. */
export function mqttTransport(o: MqttTransportOptions): SafetyTransport & { client: MqttClient } {
  const client = mqtt.connect(o.url, {
    protocolVersion: 5,
    clientId: o.clientId ?? `cpt-sim-safety-${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: 2_000,
    connectTimeout: 10_000,
  })
  client.on('error', () => undefined) // reconnects by itself; send() reports the outage
  return {
    name: 'mqtt',
    client,
    async send(gateway, readings) {
      // a gateway keeps its batches while the broker is away (the simulator buffers them), not mqtt.js
      if (!client.connected) throw new TransportError('mqtt broker not connected', true)
      const publish = client.publishAsync(gatewayTopic(o.prefix, gateway), encodeBatch(readings), { qos: 1 })
      await withTimeout(publish, o.timeoutMs ?? 10_000, 'mqtt publish')
    },
    close: () => client.endAsync(true),
  }
}

export interface HttpTransportOptions {
  /** the platform's base URL, e.g. http://127.0.0.1:8080 */
  url: string
  /** INGEST_TOKEN, or the one the server generated for its simulators */
  token: string
  timeoutMs?: number
}

/** POSTs each gateway's batch to /api/v1/ingest/readings with the bearer token. */
export function httpTransport(o: HttpTransportOptions): SafetyTransport {
  const endpoint = new URL('/api/v1/ingest/readings', o.url).toString()
  return {
    name: 'http',
    async send(_gateway, readings) {
      let res: Response
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
          body: encodeBatch(readings),
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        })
      } catch (err) {
        throw new TransportError(`POST ${endpoint}: ${(err as Error).message}`, true)
      }
      await res.arrayBuffer().catch(() => undefined)
      // 5xx and 429: the server's trouble, send again; other 4xx: this batch will never be taken
      if (!res.ok)
        throw new TransportError(`POST ${endpoint}: ${res.status}`, res.status >= 500 || res.status === 429)
    },
    close: async () => undefined,
  }
}
