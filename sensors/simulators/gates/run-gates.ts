// Runs the simulated gate cameras: every tick, the gate traffic's due events go to the platform as a device would
// send them (POST /api/v1/ingest/gate-events with the ingest token); a failed send is kept and sent again.
import { systemClock, type Clock } from '../clock'
import { GateTraffic, type GateEventWire, type GateTrafficOptions } from './gate-traffic'

export type GateSender = (events: readonly GateEventWire[]) => Promise<void>

/** POSTs a batch to `<url>/api/v1/ingest/gate-events` with the bearer token; throws unless it was taken. */
export function httpGateSender(o: { url: string; token: string; timeoutMs?: number }): GateSender {
  const endpoint = new URL('/api/v1/ingest/gate-events', o.url).toString()
  return async (events) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    })
    await res.arrayBuffer().catch(() => undefined)
    if (!res.ok) throw new Error(`POST ${endpoint}: ${res.status}`)
  }
}

export interface GateSimulatorOptions extends Omit<GateTrafficOptions, 'startMs'> {
  send: GateSender
  clock?: Clock
  tickMs?: number
  /** events kept while the platform is away; the oldest are dropped beyond it */
  maxBuffered?: number
  onError?: (err: unknown) => void
}

export interface GateSimulator {
  readonly traffic: GateTraffic
  /** events the platform took */
  readonly sent: () => number
  stop(): Promise<void>
}

export function startGateSimulator(o: GateSimulatorOptions): GateSimulator {
  const clock = o.clock ?? systemClock
  const traffic = new GateTraffic({ ...o, startMs: clock.now() })
  const max = o.maxBuffered ?? 2_000
  let buffer: GateEventWire[] = []
  let sent = 0
  let busy: Promise<void> | null = null
  const tick = async () => {
    buffer.push(...traffic.due(clock.now()))
    if (buffer.length > max) buffer = buffer.slice(buffer.length - max)
    if (!buffer.length) return
    const batch = buffer.slice(0, 500)
    try {
      await o.send(batch)
      buffer = buffer.slice(batch.length)
      sent += batch.length
    } catch (err) {
      o.onError?.(err)
    }
  }
  const timer = setInterval(() => {
    busy ??= tick().finally(() => (busy = null))
  }, o.tickMs ?? 1_000)
  return {
    traffic,
    sent: () => sent,
    stop: async () => {
      clearInterval(timer)
      await busy
    },
  }
}
