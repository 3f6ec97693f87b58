// Simulated automatic weather stations (自动气象站) of the park: each reports its observation every periodMs (default
// one a minute, as an AWS logger does) through a transport, as JSON {t, wind_speed_ms, wind_from_deg, temp_c,
// cloud_cover_oktas} with the time in China Standard Time. Observations are a pure function of the station's seed
// and the clock (weather-model.ts): deterministic whatever the start. While the platform is unreachable a station
// keeps its newest `maxBuffered` observations and sends them, oldest first, when it is back.
import { systemClock, type Clock } from '../clock'
import { hashSeed } from '../prng'
import { WeatherTransportError, type WeatherTransport } from './transports'
import {
  createWeatherModel,
  type WeatherModel,
  type WeatherModelOptions,
  type WeatherSample,
} from './weather-model'

export interface SimStation {
  /** station id (letters, digits, _ and -) */
  id: string
}

/** The park's station under `npm start` (园区自动气象站 1#). */
export const defaultStations: SimStation[] = [{ id: 'WS01' }]

export interface WeatherSimulatorOptions {
  transport: WeatherTransport
  stations?: SimStation[]
  seed?: number
  clock?: Clock
  /** each station reports once per period; default 60 s */
  periodMs?: number
  /** how often the schedule is checked; default 1 s; 0: no timer (call tick()) */
  tickMs?: number
  /** the model (prevailing wind, averaging window); the seed is per station */
  model?: Omit<WeatherModelOptions, 'seed'>
  maxBuffered?: number
}

export interface WeatherObservationMessage extends WeatherSample {
  /** ISO 8601 with the +08:00 offset */
  t: string
}

export interface WeatherSimStats {
  observations: number
  sent: number
  retries: number
  dropped: number
  buffered: number
}

export interface WeatherSimulator {
  stations: SimStation[]
  /** what a station reports at tMs */
  observationAt(station: string, tMs: number): WeatherObservationMessage
  tick(): void
  idle(): Promise<void>
  stats(): WeatherSimStats
  stop(): Promise<void>
}

const HOUR = 3_600_000
const cstIso = (ms: number) => new Date(ms + 8 * HOUR).toISOString().replace('Z', '+08:00')

interface Station {
  sim: SimStation
  model: WeatherModel
  nextAt: number
  outbox: string[]
  sending: Promise<void> | null
}

/** Starts the stations; the first observation of each is taken at once. */
export function startWeatherSimulator(o: WeatherSimulatorOptions): WeatherSimulator {
  const clock = o.clock ?? systemClock
  const seed = o.seed ?? 1
  const periodMs = o.periodMs ?? 60_000
  const maxBuffered = o.maxBuffered ?? 60
  const sims = o.stations ?? defaultStations
  const counts = { observations: 0, sent: 0, retries: 0, dropped: 0 }
  let stopped = false
  const start = clock.now()
  const stations: Station[] = sims.map((s) => ({
    sim: s,
    model: createWeatherModel({ ...o.model, seed: hashSeed(seed, 'weather', s.id) }),
    nextAt: start,
    outbox: [],
    sending: null,
  }))
  const byId = new Map(stations.map((s) => [s.sim.id, s]))

  const observationAt = (id: string, tMs: number): WeatherObservationMessage => {
    const s = byId.get(id)
    if (!s) throw new Error(`unknown weather station ${id}`)
    return { t: cstIso(tMs), ...s.model.at(tMs) }
  }

  function pump(s: Station): void {
    if (s.sending || !s.outbox.length || stopped) return
    s.sending = (async () => {
      while (s.outbox.length && !stopped) {
        try {
          await o.transport.send(s.sim.id, s.outbox[0]!)
          counts.sent++
          s.outbox.shift()
        } catch (err) {
          if (err instanceof WeatherTransportError && !err.retry) {
            counts.dropped++
            s.outbox.shift()
          } else {
            counts.retries++
            return // the next tick tries again
          }
        }
      }
    })().finally(() => (s.sending = null))
  }

  function tick(): void {
    if (stopped) return
    const now = clock.now()
    for (const s of stations) {
      // after a long pause, the newest observation rather than every missed one
      if (now - s.nextAt > maxBuffered * periodMs)
        s.nextAt += Math.floor((now - s.nextAt) / periodMs) * periodMs
      while (s.nextAt <= now) {
        s.outbox.push(JSON.stringify(observationAt(s.sim.id, s.nextAt)))
        counts.observations++
        if (s.outbox.length > maxBuffered) {
          s.outbox.shift()
          counts.dropped++
        }
        s.nextAt += periodMs
      }
      pump(s)
    }
  }

  const tickMs = o.tickMs ?? 1_000
  const timer = tickMs > 0 ? setInterval(tick, tickMs) : null
  timer?.unref()
  tick()

  const idle = async () => {
    await Promise.all(stations.map((s) => s.sending))
  }
  return {
    stations: sims,
    observationAt,
    tick,
    idle,
    stats: () => ({ ...counts, buffered: stations.reduce((n, s) => n + s.outbox.length, 0) }),
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      await idle()
      await o.transport.close()
    },
  }
}
